"""The edge limits the public API per client address: `deploy/nginx.conf`, served by Debian's
nginx in front of a stub upstream (the point is nginx's behaviour, not the app's)."""

from __future__ import annotations

import re
import time

import httpx
import pytest

from tests.deploy.conftest import CONF, edge_client


def _number(pattern: str) -> int:
    """The number `pattern` captures in deploy/nginx.conf."""
    found = re.search(pattern, CONF.read_text())
    assert found, f"deploy/nginx.conf has nothing like `{pattern}`"
    return int(found[1])


# The numbers under test are the config's own, so changing them there needs no change here.
RATE = _number(r"limit_req_zone \S+ zone=skyport_api:\S+ rate=(\d+)r/s;")
BURST = _number(r"limit_req zone=skyport_api burst=(\d+)")
PAGES_BURST = _number(r"limit_req zone=skyport_pages burst=(\d+)")

QUERY = {"query": "{ __typename }"}


def _until_refused(http: httpx.Client) -> httpx.Response:
    """POST to /graphql as fast as one connection goes until the edge refuses one."""
    for _ in range(10 * (BURST + 1)):
        response = http.post("/graphql", json=QUERY)
        if response.status_code != 200:
            return response
    pytest.fail(f"{10 * (BURST + 1)} requests in a row were all let through")


def test_requests_within_the_burst_reach_the_api(edge: str) -> None:
    # given a client that has sent nothing yet
    with edge_client(edge) as http:
        # when it sends a whole burst at once
        responses = [http.post("/graphql", json=QUERY) for _ in range(BURST + 1)]
    # then every request reached the API, which learnt the client's address
    assert [response.status_code for response in responses] == [200] * (BURST + 1)
    assert responses[-1].json() == {"data": {"path": "/graphql", "forwardedFor": "127.0.0.1"}}


def test_past_the_burst_the_api_answers_429_in_its_error_shape(edge: str) -> None:
    with edge_client(edge) as http:
        # given a client sending past its burst
        refused = _until_refused(http)
        # then it is told, as a GraphQL error with a code, to retry in a second
        assert refused.status_code == 429
        assert refused.headers["content-type"] == "application/json"
        assert refused.headers["retry-after"] == "1"
        [error] = refused.json()["errors"]
        assert error["extensions"] == {"code": "RATE_LIMITED"}
        assert "slow down" in error["message"]
        # and a browser app on another origin may read that answer
        assert refused.headers["access-control-allow-origin"] == "*"
        assert "retry-after" in refused.headers["access-control-expose-headers"].lower()
        # when it waits as long as it was told
        time.sleep(int(refused.headers["retry-after"]))
        # then it is served again, a second's worth of requests at once
        again = [http.post("/graphql", json=QUERY) for _ in range(RATE)]
        assert {response.status_code for response in again} == {200}


@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", "/graphql?query=%7B__typename%7D"), ("POST", "/%67raphql"), ("POST", "//graphql")],
)
def test_other_ways_of_asking_the_api_count_too(edge: str, method: str, path: str) -> None:
    with edge_client(edge) as http:
        # given a client past its burst on POST /graphql
        _until_refused(http)
        # when it asks with another method or another spelling of the path, as fast as it can
        let_through = 0
        while (response := http.request(method, f"{edge}{path}", json=QUERY)).status_code == 200:
            let_through += 1
            assert let_through <= BURST, "another bucket: a whole burst let through again"
    # then it is refused all the same, from the same bucket: at most the few requests the bucket
    # refilled meanwhile (20 a second) get through, never a burst's worth
    assert response.status_code == 429


def test_each_address_has_its_own_limit(edge: str) -> None:
    # given one address past its burst
    with edge_client(edge, address="127.0.0.1") as http:
        _until_refused(http)
    # when another address asks
    with edge_client(edge, address="127.0.0.2") as other:
        responses = [other.post("/graphql", json=QUERY) for _ in range(BURST + 1)]
    # then it has its whole burst
    assert {response.status_code for response in responses} == {200}


def test_pages_have_a_limit_of_their_own_and_static_files_none(edge: str) -> None:
    with edge_client(edge) as http:
        # given a client refused by the API
        _until_refused(http)
        # when it loads pages, a whole burst of them, then more static files than any burst
        pages = [http.get("/search").status_code for _ in range(PAGES_BURST + 1)]
        statics = {http.get("/static/app.css").status_code for _ in range(2 * PAGES_BURST)}
        # then the pages are served (their bucket is not the API's), and so is every file
        assert pages == [200] * (PAGES_BURST + 1)
        assert statics == {200}
        # but pages past their own burst are refused, saying to wait
        for _ in range(10 * PAGES_BURST):
            refused = http.get("/")
            if refused.status_code != 200:
                break
        assert refused.status_code == 429
        assert "Wait a moment" in refused.text
        assert refused.headers["retry-after"] == "2"


def test_metrics_are_not_served_to_the_public(edge: str) -> None:
    with edge_client(edge) as http:
        assert http.get("/metrics").status_code == 404
        assert http.get("/livez").status_code == 200


def test_cors_preflights_are_not_counted(edge: str) -> None:
    with edge_client(edge) as http:
        # given a client past its burst
        _until_refused(http)
        # when its browser asks whether it may call the API from another origin
        preflight = http.options(
            "/graphql",
            headers={"origin": "https://app.example", "access-control-request-method": "POST"},
        )
    # then the question reaches the API (it runs nothing, and a refusal would be unreadable)
    assert preflight.status_code == 200


def test_preflights_have_a_limit_of_their_own(edge: str) -> None:
    # a client sending nothing but preflights is held to a bucket as loose as the API's
    headers = {"origin": "https://app.example", "access-control-request-method": "POST"}
    with edge_client(edge) as http:
        statuses = [http.options("/graphql", headers=headers).status_code for _ in range(200)]
    assert statuses[: BURST + 1] == [200] * (BURST + 1)
    assert 429 in statuses
