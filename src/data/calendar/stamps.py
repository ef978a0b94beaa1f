"""Inventory stamps per day: what makes a cached calendar day current or stale.

A day's stamp is the (sum of versions, row count) of the cabin inventory of every flight its
search reads: the probes of `data.search.plan.plan_search` for that day. Every seat change bumps
a version and versions only grow, so an unchanged stamp means no seat of those flights moved.
One statement stamps the whole month, and names the flights it read (for `data.calendar.memo`);
a day without rows has no flight to sell.
"""

from __future__ import annotations

from array import array
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import NamedTuple

import asyncpg

from data.enums import CabinClass
from data.inventory.reads import Probe
from data.reference.directory import ReferenceDirectory
from data.search.plan import plan_search
from data.search.query import OfferSort, SliceSpec, build_search_query
from data.search.routes import RouteMap

Stamp = tuple[int, int]
"""(sum of inventory versions, inventory rows) of the flights a day's search reads."""

DAY_STAMPS_SQL = """
SELECT p.day_index, coalesce(sum(i.version), 0)::bigint, count(*)::int, array_agg(f.id)
FROM unnest($1::int[], $2::int[], $3::int[], $4::timestamptz[], $5::timestamptz[])
    AS p(day_index, origin_id, destination_id, earliest, latest)
JOIN flight f ON f.origin_id = p.origin_id AND f.destination_id = p.destination_id
    AND f.departure_at >= p.earliest AND f.departure_at < p.latest
JOIN flight_inventory i ON i.flight_id = f.id AND i.cabin = $6
GROUP BY p.day_index
"""


def day_probes(
    *,
    origin: str,
    destination: str,
    day: date,
    cabin: CabinClass,
    connections: int,
    routes: RouteMap,
    directory: ReferenceDirectory,
    now: datetime,
) -> tuple[Probe, ...]:
    """The route windows a one-adult search of this day reads (the search's own plan)."""
    query = build_search_query(
        slices=[SliceSpec(origin, destination, day)],
        cabin=cabin,
        max_connections=connections,
        sort=OfferSort.PRICE,
        directory=directory,
        now=now,
    )
    return plan_search(query, routes=routes, directory=directory).probes


class MonthStamps(NamedTuple):
    """Each day's stamp, and every flight read for them."""

    days: dict[date, Stamp]
    flight_ids: array[int]
    """Each flight once, 8 bytes each: a busy route's month reads over a thousand, and a
    `CalendarMemo` keeps them."""


async def day_stamps(
    conn: asyncpg.Pool | asyncpg.Connection, probes: Mapping[date, Sequence[Probe]], cabin: str
) -> MonthStamps:
    """Each day's stamp, in one statement; days whose probes match no flight get (0, 0)."""
    days = list(probes)
    rows = [
        (index, probe.origin_id, probe.destination_id, probe.earliest, probe.latest)
        for index, day in enumerate(days)
        for probe in probes[day]
    ]
    stamps: dict[date, Stamp] = dict.fromkeys(days, (0, 0))
    if not rows:
        return MonthStamps(stamps, array("q"))
    flight_ids: set[int] = set()
    for index, version_sum, count, ids in await conn.fetch(
        DAY_STAMPS_SQL, *map(list, zip(*rows, strict=True)), cabin
    ):
        stamps[days[index]] = (int(version_sum), int(count))
        flight_ids.update(ids)
    return MonthStamps(stamps, array("q", sorted(flight_ids)))
