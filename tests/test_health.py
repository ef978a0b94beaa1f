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
