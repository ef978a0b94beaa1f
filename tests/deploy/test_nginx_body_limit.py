"""The edge refuses a body over the app's cap as the app does: `deploy/nginx.conf` under Debian's
nginx, compared with the answer of the app's own `BodyLimit`."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest
from starlette.types import Message, Receive, Scope, Send

from skyport.body_limit import MAX_BODY_BYTES, BodyLimit
from tests.deploy.conftest import edge_client


def app_refusal() -> tuple[int, dict[str, str], bytes]:
    """The status, headers and body the app answers a body over its cap with."""
    sent: list[Message] = []

    async def never_reached(scope: Scope, receive: Receive, send: Send) -> None:
        raise AssertionError("the app read a body over its cap")

    async def receive() -> Message:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Message) -> None:
        sent.append(message)

    declared = str(MAX_BODY_BYTES + 1).encode()
    scope = {"type": "http", "method": "POST", "path": "/graphql"}
    scope["headers"] = [(b"content-length", declared)]
    asyncio.run(BodyLimit(never_reached)(scope, receive, send))
    start, body = sent
    headers = {name.decode(): value.decode() for name, value in start["headers"]}
    return start["status"], headers, body["body"]


def chunks(size: int) -> Iterator[bytes]:
    """`size` bytes sent with no declared length (chunked)."""
    for start in range(0, size, 8192):
        yield b"x" * min(8192, size - start)


@pytest.mark.parametrize(
    "body",
    [b"x" * (MAX_BODY_BYTES + 1), b"x" * (2 * 1024 * 1024), chunks(MAX_BODY_BYTES + 8192)],
    ids=["just-over", "over-nginx-default-1-MB", "chunked"],
)
def test_a_body_over_the_cap_is_refused_as_the_app_refuses_it(
    edge: str, body: bytes | Iterator[bytes]
) -> None:
    # given a browser app posting a body larger than the API takes
    headers = {"content-type": "application/json", "origin": "https://app.example"}
    with edge_client(edge) as http:
        refused = http.post("/graphql", content=body, headers=headers)
    # then the edge answers as the app would: 413, JSON, the app's code and limit
    status, app_headers, app_body = app_refusal()
    assert refused.status_code == status == 413
    assert refused.headers["content-type"] == app_headers["content-type"] == "application/json"
    assert refused.content == app_body
    assert refused.json()["errors"][0]["extensions"] == {
        "code": "REQUEST_TOO_LARGE",
        "limit": MAX_BODY_BYTES,
    }
    # and that browser app may read it
    assert refused.headers["access-control-allow-origin"] == "*"


def test_a_body_at_the_cap_reaches_the_api(edge: str) -> None:
    with edge_client(edge) as http:
        response = http.post("/graphql", content=b"x" * MAX_BODY_BYTES)
    assert response.status_code == 200
    assert response.json()["data"]["path"] == "/graphql"
