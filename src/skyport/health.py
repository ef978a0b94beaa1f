"""Liveness, readiness and Prometheus metrics endpoints."""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Awaitable, Callable

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Match, Mount
from starlette.types import ASGIApp, Message, Receive, Scope, Send

REQUESTS = Counter("skyport_http_requests_total", "HTTP requests", ["method", "route", "status"])
LATENCY = Histogram(
    "skyport_http_request_seconds",
    "HTTP request latency",
    ["method", "route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5),
)
READY_TIMEOUT_SECONDS = 2.0


async def livez(request: Request) -> Response:
    """The process is up."""
    return PlainTextResponse("ok")


def readyz_endpoint(
    checks: dict[str, Callable[[], Awaitable[None]]],
) -> Callable[[Request], Awaitable[Response]]:
    """Readiness: every dependency answers within two seconds, else 503 naming the failures."""

    async def readyz(request: Request) -> Response:
        results: dict[str, str] = {}
        for name, check in checks.items():
            try:
                await asyncio.wait_for(check(), READY_TIMEOUT_SECONDS)
                results[name] = "ok"
            except Exception as exc:  # any failure means not ready; say which
                results[name] = f"error: {type(exc).__name__}"
        ready = all(value == "ok" for value in results.values())
        return JSONResponse(
            {"status": "ready" if ready else "unavailable", "checks": results},
            status_code=200 if ready else 503,
        )

    return readyz


async def metrics(request: Request) -> Response:
    """Prometheus exposition: this process's metrics, or all workers' under `serve --workers N`."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)


class MetricsMiddleware:
    """Counts requests and times them per route template (not per raw path)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        status = 500

        async def send_wrapper(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_wrapper)
        finally:
            name = route_label(scope)
            REQUESTS.labels(scope["method"], name, str(status)).inc()
            LATENCY.labels(scope["method"], name).observe(time.perf_counter() - start)


def route_label(scope: Scope) -> str:
    """The route template a request matched, under its mount: `/search`, `/dev/emails/{name}`,
    `/static` for any static file. A path no route matched is one label: scanners' made-up paths
    must not each become a series of their own."""
    route = scope.get("route")
    root: str = scope.get("root_path", "")  # a Mount (static files, dev mailbox) sets it
    path: str | None = getattr(route, "path", None)
    if path is None:
        return root or _unrouted_label(scope)
    if isinstance(route, Mount):  # an app mounted whole (static files): the mount is the route
        return root or path
    return root + path


def _unrouted_label(scope: Scope) -> str:
    """The route of a request a middleware answered before routing (a body over the limit, a
    CORS preflight): the one its path leads to, whatever the method; else `UNMATCHED`."""
    app = scope.get("app")
    for route in getattr(app, "routes", ()):
        if route.matches(scope)[0] is not Match.NONE:
            return getattr(route, "path", None) or UNMATCHED
    return UNMATCHED


UNMATCHED = "<unmatched>"
