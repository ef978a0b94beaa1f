"""Health and metrics endpoints an operator relies on."""

from __future__ import annotations

from datetime import date

import httpx
import pytest
from asgi_lifespan import LifespanManager
from prometheus_client.parser import text_string_to_metric_families

from skyport.app import create_app
from skyport.body_limit import MAX_BODY_BYTES
from skyport.settings import Settings
from tests.conftest import in_process_client


async def test_livez(client: httpx.AsyncClient) -> None:
    response = await client.get("/livez")
    assert response.status_code == 200


async def test_readyz_checks_postgres_and_redis(client: httpx.AsyncClient) -> None:
    response = await client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ready", "checks": {"postgres": "ok", "redis": "ok"}}


async def test_metrics_count_requests_by_route(client: httpx.AsyncClient) -> None:
    await client.get("/livez")
    response = await client.get("/metrics")
    assert response.status_code == 200
    assert 'skyport_http_requests_total{method="GET",route="/livez",status="200"}' in response.text


async def test_paths_no_route_matches_share_one_series(client: httpx.AsyncClient) -> None:
    # given scanners asking for made-up paths
    for path in ("/wp-admin/setup.php", "/xyz-123", "/.env"):
        assert (await client.get(path)).status_code == 404
    # then they count under one label, not a series each
    text = (await client.get("/metrics")).text
    assert 'route="<unmatched>",status="404"' in text
    assert "wp-admin" not in text
    assert "xyz-123" not in text


async def requests_counted(
    client: httpx.AsyncClient, method: str, route: str, status: str
) -> float:
    """What `/metrics` says of the requests of one method, route and status."""
    text = (await client.get("/metrics")).text
    labels = {"method": method, "route": route, "status": status}
    return sum(
        sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
        if sample.name == "skyport_http_requests_total" and sample.labels == labels
    )


@pytest.mark.parametrize(
    ("method", "status"), [("POST", "413"), ("OPTIONS", "200")], ids=["too-large", "preflight"]
)
async def test_api_requests_answered_before_routing_count_under_the_api(
    client: httpx.AsyncClient, method: str, status: str
) -> None:
    # given the API's counts so far
    before = await requests_counted(client, method, "/graphql", status)
    unmatched = await requests_counted(client, method, "<unmatched>", status)
    # when the API refuses a body over the limit, or answers a browser's CORS preflight
    if method == "POST":
        response = await client.post("/graphql", content=b"x" * (MAX_BODY_BYTES + 1))
    else:
        preflight = {"origin": "https://app.example", "access-control-request-method": "POST"}
        response = await client.options("/graphql", headers=preflight)
    assert response.status_code == int(status)
    # then the metrics count it as the API's, not as a path no route matched
    assert await requests_counted(client, method, "/graphql", status) == before + 1
    assert await requests_counted(client, method, "<unmatched>", status) == unmatched


async def test_mounted_files_count_under_their_mount(client: httpx.AsyncClient) -> None:
    assert (await client.get("/static/skyport.css")).status_code == 200
    text = (await client.get("/metrics")).text
    assert 'route="/static",status="200"' in text


async def test_routes_inside_a_mount_count_under_their_full_template(
    client: httpx.AsyncClient,
) -> None:
    # when the dev mailbox (routes mounted under /dev/emails) is read
    assert (await client.get("/dev/emails/")).status_code == 200
    text = (await client.get("/metrics")).text
    # then it counts as itself, not as the home page's "/"
    assert 'route="/dev/emails/",status="200"' in text


@pytest.mark.parametrize(
    ("update", "served"),
    [
        ({"public_url": "https://book.example.com"}, False),
        ({"public_url": "https://book.example.com", "dev_mailbox": True}, True),
        ({"email_backend": "smtp"}, False),
    ],
    ids=["deployed", "deployed-asked-for", "smtp"],
)
async def test_the_dev_mailbox_is_not_served_by_a_deployment(
    settings: Settings, seeded: date, update: dict[str, object], served: bool
) -> None:
    # given a portal deployed at a public address (or sending real email)
    application = create_app(settings.model_copy(update=update))
    async with LifespanManager(application), in_process_client(application) as http:
        # when the machine itself asks for the development mailbox
        response = await http.get("/dev/emails/")
    # then it is not there, unless asked for by name
    assert response.status_code == (200 if served else 404)
