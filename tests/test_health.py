"""Health and metrics endpoints an operator relies on."""

from __future__ import annotations

import httpx


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
