"""A closed-loop HTTP load generator (aiohttp), run in its own process so it never shares a core
with the server under test. Reads a JSON job on stdin, prints JSON stats on stdout.

Job: {"url": ..., "requests": [{"method": "POST", "path": "/graphql", "json": {...}}, ...],
      "concurrency": 16, "seconds": 8, "warmup_seconds": 1}
Workers take the requests in turn from one shared counter, so no two send the same request
until the whole list has been sent. `repeats` counts the requests sent after the list ran out:
for a cold scenario it must be 0, or some answers may have come from a cache.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import sys
import time
from typing import Any

import aiohttp


async def _worker(
    session: aiohttp.ClientSession,
    url: str,
    requests: list[dict[str, Any]],
    counter: list[int],
    stop_at: float,
    record_after: float,
    latencies: list[float],
    errors: list[str],
) -> None:
    while (now := time.perf_counter()) < stop_at:
        spec = requests[counter[0] % len(requests)]
        counter[0] += 1
        started = time.perf_counter()
        try:
            async with session.request(
                spec["method"], url + spec["path"], json=spec.get("json")
            ) as response:
                body = await response.read()
                ok = response.status == 200 and b'"errors"' not in body
        except aiohttp.ClientError as exc:
            ok, body = False, str(exc).encode()
        if now >= record_after:
            latencies.append(time.perf_counter() - started)
            if not ok:
                errors.append(body[:200].decode(errors="replace"))


async def run(job: dict[str, Any]) -> dict[str, Any]:
    """Drive the load and summarise it."""
    latencies: list[float] = []
    errors: list[str] = []
    connector = aiohttp.TCPConnector(limit=job["concurrency"])
    begin = time.perf_counter()
    record_after = begin + job.get("warmup_seconds", 1.0)
    stop_at = record_after + job["seconds"]
    counter = [0]
    async with aiohttp.ClientSession(connector=connector) as session:
        await asyncio.gather(
            *(
                _worker(
                    session,
                    job["url"],
                    job["requests"],
                    counter,
                    stop_at,
                    record_after,
                    latencies,
                    errors,
                )
                for i in range(job["concurrency"])
            )
        )
    measured = time.perf_counter() - record_after
    ordered = sorted(latencies)
    return {
        "requests": len(ordered),
        "rps": len(ordered) / measured if measured > 0 else 0.0,
        "p50_ms": 1000 * statistics.median(ordered) if ordered else None,
        "p95_ms": 1000 * ordered[int(0.95 * (len(ordered) - 1))] if ordered else None,
        "errors": len(errors),
        "repeats": max(0, counter[0] - len(job["requests"])),
        "first_error": errors[0] if errors else None,
    }


if __name__ == "__main__":
    print(json.dumps(asyncio.run(run(json.load(sys.stdin)))))
