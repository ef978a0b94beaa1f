"""Search benchmark: Skyport's GraphQL search against a bare Starlette+asyncpg+orjson endpoint
running the same search SQL, on the `large` seed, in the same run. Prints ratios, not timings
to compare across machines.

    .venv/bin/python bench/search.py            # or: make bench
    BENCH_SECONDS=15 BENCH_CONCURRENCY=32 .venv/bin/python bench/search.py
    BENCH_RUNS=5 .venv/bin/python bench/search.py   # five runs, then each ratio of every run

Servers: BENCH_DATABASE_URL / BENCH_REDIS_URL, else TEST_*, else DATABASE_URL / REDIS_URL, else
embedded ones under var/bench. The database `skyport_bench` is created, migrated and seeded at
the `large` scale on first use (about 15 s) and re-seeded when its schedule no longer starts today.
"""

from __future__ import annotations

import asyncio
import os
import random
import secrets
import sys
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import asyncpg

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import HEADER, load, server

from data.db import Database, asyncpg_dsn
from data.enums import CabinClass
from data.reference.directory import ReferenceDirectory
from data.search.plan import plan_search
from data.search.query import OfferSort, SliceSpec, build_search_query
from data.search.routes import RouteMap
from data.seed import seed_database
from skyport import migrate
from skyport.embedded import start_postgres, start_redis
from skyport.testing import with_database

SECONDS = float(os.environ.get("BENCH_SECONDS", "8"))
CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", "16"))
RUNS = int(os.environ.get("BENCH_RUNS", "1"))
"""Whole runs back to back (fresh servers and Redis namespace each); the ratios of every run are
summarised at the end, since one run on a shared machine is one sample."""
BENCH_DB = "skyport_bench"
SEARCH = """
query Search($input: FlightSearchInput!) {
  searchFlights(input: $input, first: 20) {
    totalCount
    edges { node { id expiresAt seatsRemaining
      totalAmount { amount currency } fareBrand { code name }
      slices { departureAt arrivalAt durationMinutes stops
        origin { iataCode } destination { iataCode }
        segments { cabin flight { flightNumber departureAt arrivalAt airline { name } } } } } }
  }
}
"""
ONE_STOP_PAIRS = [("LHR", "SYD"), ("JFK", "SIN"), ("CDG", "AKL")]
ONE_STOP_PAIRS_WANTED = 160
# Request counts per cold scenario: more than a run can send, so none is sent twice.
COLD_MIX = 12000
ONE_STOP = 12000
ONE_STOP_ALONE = 6000


def server_urls() -> tuple[str, str]:
    """Where Postgres and Redis are for this run."""
    env = os.environ
    db = env.get("BENCH_DATABASE_URL") or env.get("TEST_DATABASE_URL") or env.get("DATABASE_URL")
    redis = env.get("BENCH_REDIS_URL") or env.get("TEST_REDIS_URL") or env.get("REDIS_URL")
    data_dir = Path("var/bench")
    return db or start_postgres(data_dir), redis or start_redis(data_dir)


async def ensure_large_seed(server_url: str, today: date) -> str:
    """The benchmark database, seeded at `large` scale from today."""
    conn = await asyncpg.connect(asyncpg_dsn(server_url))
    try:
        if not await conn.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", BENCH_DB):
            await conn.execute(f'CREATE DATABASE "{BENCH_DB}"')
    finally:
        await conn.close()
    url = with_database(server_url, BENCH_DB)
    await asyncio.to_thread(migrate.upgrade, url)
    db = await Database.connect(url, pool_size=2)
    try:
        first = await db.pool.fetchval("SELECT min(departure_at) FROM flight")
        if first is None or (first.date() - today).days not in (-1, 0):
            print("seeding the large network (once; about 15 s)...", file=sys.stderr)
            report = await seed_database(db, scale="large", start=today, reset=first is not None)
            print(f"seeded {report.flights:,} flights in {report.seconds:.1f} s", file=sys.stderr)
    finally:
        await db.close()
    return url


@dataclass
class Workload:
    """The request bodies of each scenario."""

    graphql_cold: list[dict[str, Any]]
    bare_cold: list[dict[str, Any]]
    graphql_cached: list[dict[str, Any]]
    graphql_one_stop: list[dict[str, Any]]
    graphql_one_stop_alone: list[dict[str, Any]]
    fetch100: list[dict[str, Any]]


async def build_workload(url: str, today: date, rng: random.Random) -> Workload:
    """A mix of searches on real routes: direct and one-stop, many dates, cabins and parties."""
    db = await Database.connect(url, pool_size=2)
    try:
        directory = await ReferenceDirectory.load(db.pool)
        routes = await RouteMap.load(db.pool)
    finally:
        await db.close()
    code = {a.id: a.iata_code for a in directory.airports.values()}
    direct = [(code[o], code[d]) for o, ds in routes.routes.items() for d in ds]
    hubs = [a.iata_code for a in directory.airports.values() if a.is_hub]
    one_stop = list(ONE_STOP_PAIRS)
    while len(one_stop) < ONE_STOP_PAIRS_WANTED:
        a, b = rng.sample(hubs, 2)
        served = routes.route(directory.airports_by_code[a].id, directory.airports_by_code[b].id)
        if served is None and (a, b) not in one_stop:
            one_stop.append((a, b))
    now = datetime.now(UTC)

    def request(
        pair: tuple[str, str], day: date, cabin: str, adults: int, sort: str
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        variables = {
            "input": {
                "slices": [
                    {"origin": pair[0], "destination": pair[1], "departureDate": day.isoformat()}
                ],
                "passengers": {"adults": adults},
                "cabin": cabin,
                "sort": sort,
                "maxConnections": 1,
            }
        }
        query = build_search_query(
            slices=[SliceSpec(pair[0], pair[1], day)],
            adults=adults,
            cabin=CabinClass(cabin),
            max_connections=1,
            sort=OfferSort(sort),
            directory=directory,
            now=now,
        )
        probes = plan_search(query, routes=routes, directory=directory).probes
        bare = {
            "probes": [
                [
                    p.slice_index,
                    p.origin_id,
                    p.destination_id,
                    p.earliest.isoformat(),
                    p.latest.isoformat(),
                ]
                for p in probes
            ],
            "cabin": cabin,
        }
        return {
            "method": "POST",
            "path": "/graphql",
            "json": {"query": SEARCH, "variables": variables},
        }, {
            "method": "POST",
            "path": "/legs",
            "json": bare,
        }

    seen: set[tuple[Any, ...]] = set()

    def sample(pairs: list[tuple[str, str]], n: int) -> list[tuple[dict[str, Any], dict[str, Any]]]:
        """`n` searches no other scenario sends (every cold request is a first-time search)."""
        out = []
        while len(out) < n:
            key = (
                rng.choice(pairs),
                today + timedelta(days=rng.randint(1, 12)),
                rng.choice(["ECONOMY", "ECONOMY", "ECONOMY", "BUSINESS"]),
                rng.randint(1, 4),
                rng.choice(["PRICE", "DURATION", "DEPARTURE"]),
            )
            if key not in seen:
                seen.add(key)
                out.append(request(*key))
        return out

    mixed = sample(direct, COLD_MIX * 3 // 4) + sample(one_stop, COLD_MIX // 4)
    rng.shuffle(mixed)
    hot = [g for g, _ in sample(direct, 15) + sample(one_stop, 5)]
    fetch = [
        {
            "method": "POST",
            "path": "/fetch100",
            "json": {
                "origin_id": a.id,
                "after": (now + timedelta(hours=rng.randint(1, 200))).isoformat(),
            },
        }
        for a in rng.choices(list(directory.airports.values()), k=500)
    ]
    return Workload(
        graphql_cold=[g for g, _ in mixed],
        bare_cold=[b for _, b in mixed],
        graphql_cached=hot,
        graphql_one_stop=[g for g, _ in sample(one_stop, ONE_STOP)],
        graphql_one_stop_alone=[g for g, _ in sample(one_stop, ONE_STOP_ALONE)],
        fetch100=fetch,
    )


def main() -> None:
    """Run every scenario and print the table and the targets."""
    today = date.today()
    server_url, redis_url = server_urls()
    url = asyncio.run(ensure_large_seed(server_url, today))
    work = asyncio.run(build_workload(url, today, random.Random(7)))
    print(f"large seed, {CONCURRENCY} clients, {SECONDS:.0f} s per scenario, one server process")
    results = []
    for run in range(1, RUNS + 1):
        print(f"\nrun {run} of {RUNS}" if RUNS > 1 else "")
        results.append(run_once(work, url, redis_url))
    if RUNS > 1:
        print(f"\nall {RUNS} runs:")
        for index, (name, _) in enumerate(results[0]):
            values = ", ".join(f"{targets[index][1]:.2f}" for targets in results)
            print(f"  {name}: {values}")


def run_once(work: Workload, url: str, redis_url: str) -> list[tuple[str, float]]:
    """Every scenario once, against fresh servers and a fresh Redis namespace (so nothing of an
    earlier run is a cache hit); prints the table and returns (target, ratio) pairs."""
    env = {
        "DATABASE_URL": url,
        "REDIS_URL": redis_url,
        "SKYPORT_RUN_WORKER_IN_PROCESS": "false",
        "SKYPORT_REDIS_NAMESPACE": f"skyport-bench-{secrets.token_hex(3)}",
        "SKYPORT_LOG_FORMAT": "json",
    }
    with server(
        "bare_app:create_bare_app", env={**env, "PYTHONPATH": str(Path(__file__).parent)}
    ) as bare:
        # the bare endpoint caches nothing: sending its lists again measures the same work
        bare_cold = load(bare, work.bare_cold, concurrency=CONCURRENCY, seconds=SECONDS, cold=False)
        fetch100 = load(bare, work.fetch100, concurrency=CONCURRENCY, seconds=SECONDS, cold=False)
        fetch100_alone = load(bare, work.fetch100, concurrency=1, seconds=SECONDS / 2, cold=False)
    with server("skyport.app:create_app_from_env", env=env) as api:
        cold = load(api, work.graphql_cold, concurrency=CONCURRENCY, seconds=SECONDS)
        one_stop = load(api, work.graphql_one_stop, concurrency=CONCURRENCY, seconds=SECONDS)
        one_stop_alone = load(api, work.graphql_one_stop_alone, concurrency=1, seconds=SECONDS / 2)
        load(api, work.graphql_cached, concurrency=2, seconds=2, cold=False)  # warm the caches
        cached = load(
            api, work.graphql_cached, concurrency=CONCURRENCY, seconds=SECONDS, cold=False
        )
    print(HEADER)
    print(bare_cold.row("bare: search SQL + orjson", bare_cold))
    print(cold.row("GraphQL searchFlights, cold mix", bare_cold))
    print(cached.row("GraphQL searchFlights, cached", bare_cold))
    print(fetch100.row("bare: indexed 100-row fetch", bare_cold))
    print(one_stop.row("GraphQL one-stop searches, cold", bare_cold))
    print(fetch100_alone.row("bare: 100-row fetch, one client", bare_cold))
    print(one_stop_alone.row("GraphQL one-stop cold, one client", bare_cold))
    targets = [
        ("cold GraphQL rps / bare rps >= 0.5", cold.rps / bare_cold.rps, 0.5),
        ("cached GraphQL rps / bare rps >= 3", cached.rps / bare_cold.rps, 3.0),
        (
            "one-stop p95 / 100-row fetch p95 <= 3 (one client)",
            one_stop_alone.p95_ms / fetch100_alone.p95_ms,
            None,
        ),
        (
            "one-stop p95 / 100-row fetch p95 <= 3 (16 clients)",
            one_stop.p95_ms / fetch100.p95_ms,
            None,
        ),
    ]
    print()
    for name, value, floor in targets:
        met = value >= floor if floor is not None else value <= 3.0
        print(f"{'MET    ' if met else 'NOT MET'}  {name}: {value:.2f}")
    return [(name, value) for name, value, _ in targets]


if __name__ == "__main__":
    main()
