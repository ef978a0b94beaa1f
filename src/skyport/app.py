"""The app factory: one Starlette app serving the storefront, GraphQL, health and metrics."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from pathlib import Path
from typing import Any

from jinja2_fragments.starlette import Jinja2Blocks
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.routing import BaseRoute, Mount, Route
from starlette.types import ASGIApp, Receive, Scope, Send

from data.cache import Cache
from data.clock import Clock, SystemClock
from data.db import Database, asyncpg_dsn
from data.inventory.watch import InventoryWatch
from data.money import exponent
from data.reference.directory import ReferenceDirectory
from graphql_api.context import ApiConfig, Services
from graphql_api.http import SkyportGraphQL, method_not_allowed
from graphql_api.schema import schema
from skyport import health
from skyport.assets import VersionedStaticFiles, asset_url
from skyport.body_limit import BodyLimit
from skyport.dev_emails import dev_email_routes
from skyport.files import file_routes
from skyport.logs import configure_logging
from skyport.runtime import check_secret_key
from skyport.settings import Settings
from skyport.tuning import settle_garbage_collector
from skyport.worker import start_worker_in_process
from storefront.api import ApiClient, ApiResult, InProcessApi, RemoteApi
from storefront.pages import Storefront
from storefront.search import Currency

PROJECT_ROOT = Path(__file__).resolve().parents[2]
TEMPLATES_DIR = PROJECT_ROOT / "templates"
STATIC_DIR = PROJECT_ROOT / "static"


class _Deferred:
    """An ASGI app filled in by the lifespan, once the services it needs exist."""

    def __init__(self) -> None:
        self.app: SkyportGraphQL | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        assert self.app is not None, "the app is not started (lifespan did not run)"
        await self.app(scope, receive, send)


class _DeferredApi:
    """The storefront's API client, chosen by the lifespan (in-process or remote)."""

    def __init__(self) -> None:
        self.target: ApiClient | None = None

    async def execute(
        self,
        name: str,
        variables: dict[str, Any] | None = None,
        *,
        headers: dict[str, str] | None = None,
    ) -> ApiResult:
        assert self.target is not None, "the app is not started (lifespan did not run)"
        return await self.target.execute(name, variables, headers=headers)


def create_app(settings: Settings, *, clock: Clock | None = None) -> Starlette:
    """Build the portal for servers at `settings.database_url` / `settings.redis_url`."""
    if settings.database_url is None or settings.redis_url is None:
        raise ValueError("create_app needs resolved DATABASE_URL and REDIS_URL")
    database_url, redis_url = settings.database_url, settings.redis_url
    graphql = _Deferred()
    templates = Jinja2Blocks(directory=str(TEMPLATES_DIR))
    templates.env.globals["asset"] = asset_url(STATIC_DIR, settings.static_url.rstrip("/"))
    api = _DeferredApi()
    clock = clock or SystemClock()
    storefront = Storefront(
        api=api,
        templates=templates,
        now=clock.now,
        currency=Currency(settings.currency, 10 ** exponent(settings.currency)),
    )

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        async with AsyncExitStack() as stack:
            db = await Database.connect(database_url, pool_size=settings.db_pool_size)
            stack.push_async_callback(db.close)
            cache = Cache.from_url(
                settings.cache_redis_url or redis_url, namespace=settings.redis_namespace
            )
            stack.push_async_callback(cache.close)
            watch = InventoryWatch(asyncpg_dsn(database_url))
            await watch.start()
            stack.push_async_callback(watch.close)
            services = Services(
                db=db,
                cache=cache,
                clock=clock,
                directory=await ReferenceDirectory.load(db.pool),
                inventory_watch=watch,
                config=ApiConfig(
                    secret_key=settings.secret_key.get_secret_value().encode(),
                    offer_ttl_seconds=settings.offer_ttl_seconds,
                    currency=settings.currency,
                    public_url=settings.base_url,
                ),
            )
            stack.push_async_callback(services.routes.close)  # (before the pool closes)
            graphql.app = SkyportGraphQL(
                schema,
                services,
                graphql_ide="graphiql",
                ide_html=templates.get_template("graphiql.html").render(),
            )
            if settings.api_url:
                remote = RemoteApi(settings.api_url)
                stack.push_async_callback(remote.close)
                api.target = remote
            else:
                api.target = InProcessApi(schema, services)
            app.state.services = services
            if settings.worker_in_process:
                worker = await start_worker_in_process(
                    settings, database_url=database_url, redis_url=redis_url
                )
                stack.push_async_callback(worker.stop)
            if settings.gc_freeze:
                stack.callback(settle_garbage_collector())
            yield

    readyz = health.readyz_endpoint(
        {
            "postgres": lambda: app.state.services.db.ping(),
            "redis": lambda: app.state.services.cache.ping(),
        }
    )
    routes: list[BaseRoute] = [
        Route("/livez", health.livez),
        Route("/readyz", readyz),
        Route("/metrics", health.metrics),
        Route("/graphql", graphql, methods=["GET", "POST"]),
        Mount(
            "/static",
            VersionedStaticFiles(directory=str(STATIC_DIR), check_dir=False),
            name="static",
        ),
        *_optional_mounts(settings),
        *storefront.routes(),
    ]
    app = Starlette(
        routes=routes,
        lifespan=lifespan,
        middleware=[
            Middleware(health.MetricsMiddleware),
            *_api_cors(settings),
            Middleware(BodyLimit),
        ],
        exception_handlers={404: storefront.not_found, 405: method_not_allowed},
    )
    return app


class _ApiOnly:
    """Runs `wrapped` (the app behind a middleware) for requests to `path`, the app itself for
    every other."""

    def __init__(self, app: ASGIApp, *, path: str, wrapped: ASGIApp) -> None:
        self.app, self.path, self.wrapped = app, path, wrapped

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        target = self.wrapped if scope.get("path") == self.path else self.app
        await target(scope, receive, send)


def _api_cors(settings: Settings) -> list[Middleware]:
    """Browsers may call the API (`/graphql`, and nothing else: not the storefront, the files
    or the development mailbox) from the origins in `cors_origins`, with no credentials.
    Outside the body limit, so a 413 reaches a browser app too.

    Any request header is allowed: without credentials a header lets a page send nothing a
    server-side client could not, and browser apps add their own (`authorization`, tracing's
    `traceparent`, `sentry-trace` and `baggage`, `x-request-id`, Apollo's client name), each of
    which would otherwise fail the preflight."""
    origins = [origin.strip() for origin in settings.cors_origins.split(",") if origin.strip()]
    if not origins:
        return []

    def api_only(app: ASGIApp) -> ASGIApp:
        cors = CORSMiddleware(
            app,
            allow_origins=origins,
            allow_methods=["GET", "POST"],
            allow_headers=["*"],
            max_age=3600,
        )
        return _ApiOnly(app, path="/graphql", wrapped=cors)

    return [Middleware(api_only)]


def _optional_mounts(settings: Settings) -> list[BaseRoute]:
    """The development mailbox (file email backend, not deployed) and signed local files (local
    storage)."""
    mounts: list[BaseRoute] = []
    if settings.serves_dev_mailbox:
        mounts.append(Mount("/dev/emails", routes=dev_email_routes(settings)))
    if settings.storage_backend == "local":
        mounts.append(Mount("/files", routes=file_routes(settings)))
    return mounts


def create_app_from_env() -> Starlette:
    """Factory for `uvicorn --factory` worker processes: settings from the environment (and
    the log format they name: each such process sets up its own logging)."""
    settings = Settings()
    configure_logging(fmt=settings.log_format, debug=settings.debug)
    check_secret_key(settings)
    return create_app(settings)
