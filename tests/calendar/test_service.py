"""The fare calendar service against the seeded demo network (real Postgres and Redis)."""

from __future__ import annotations

import dataclasses
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from data.cache import Cache
from data.calendar.errors import CalendarError, CalendarErrorCode
from data.calendar.memo import MEMO_TTL, CalendarMemo
from data.calendar.month import calendar_request
from data.calendar.service import (
    CALENDAR_TTL,
    CalendarDay,
    DayPrice,
    FareCalendar,
    fare_calendar,
    search_pricer,
)
from data.clock import FrozenClock
from data.db import Database
from data.enums import CabinClass
from data.inventory.watch import InventoryWatch
from data.reference.directory import ReferenceDirectory
from data.search.deps import SearchDeps
from data.search.routes import RouteCache
from data.search.service import cheapest_offer
from tests.conftest import SEED_DAYS
from tests.seatmap.statements import statements

LONDON = ZoneInfo("Europe/London")


def morning_of(day: date) -> FrozenClock:
    """A clock at 00:05 in London on `day`, so every flight of the day is still ahead."""
    return FrozenClock(datetime.combine(day, time(0, 5), tzinfo=LONDON).astimezone(UTC))


def isolated(cache: Cache) -> Cache:
    """The run's Redis under a namespace of this test's own (a cold cache)."""
    return Cache(cache.redis, f"{cache.namespace}:{secrets.token_hex(3)}")


async def calendar(
    origin: str,
    destination: str,
    month: date,
    *,
    clock: FrozenClock,
    db: Database,
    cache: Cache,
    routes: RouteCache,
    directory: ReferenceDirectory,
    cabin: CabinClass = CabinClass.ECONOMY,
) -> FareCalendar:
    return await fare_calendar(
        origin=origin,
        destination=destination,
        month=f"{month:%Y-%m}",
        cabin=cabin,
        deps=SearchDeps(db, cache, clock, routes, directory, "EUR"),
    )


@pytest.mark.parametrize(("origin", "destination"), [("LHR", "JFK"), ("LHR", "SYD")])
async def test_flown_days_are_priced_and_other_days_are_empty(
    origin: str,
    destination: str,
    db: Database,
    cache: Cache,
    routes: RouteCache,
    directory: ReferenceDirectory,
    seeded: date,
) -> None:
    # given the network seeded for a few days from today, a clock early on the first day
    last = seeded + timedelta(days=SEED_DAYS - 1)
    clock = morning_of(seeded)
    # when the calendar of each month the seed touches is read (LHR-SYD only flies with a stop)
    months = sorted({seeded.replace(day=1), last.replace(day=1)})
    days: list[CalendarDay] = []
    for month in months:
        found = await calendar(
            origin,
            destination,
            month,
            clock=clock,
            db=db,
            cache=cache,
            routes=routes,
            directory=directory,
        )
        days += found.days
    # then each seeded day has a price and every other day of those months has none
    for day in days:
        if seeded <= day.day <= last:
            assert (day.lowest_minor or 0) > 0, day
        else:
            assert day.lowest_minor is None, day
    assert next(d.day.day for d in days if d.day.month == months[0].month) == 1


async def test_a_day_costs_what_the_cheapest_one_adult_offer_costs(
    db: Database,
    cache: Cache,
    routes: RouteCache,
    directory: ReferenceDirectory,
    seeded: date,
) -> None:
    # given a clock early on the first seeded day
    clock = morning_of(seeded)
    day = seeded + timedelta(days=1)
    for cabin in (CabinClass.ECONOMY, CabinClass.BUSINESS):
        # when the calendar is read and the day is searched for one adult
        found = await calendar(
            "LHR",
            "JFK",
            day.replace(day=1),
            clock=clock,
            db=db,
            cache=cache,
            routes=routes,
            directory=directory,
            cabin=cabin,
        )
        offer = await cheapest_offer(
            origin="LHR",
            destination="JFK",
            day=day,
            cabin=cabin,
            deps=SearchDeps(db, cache, clock, routes, directory, "EUR"),
        )
        # then the calendar shows that offer's total
        assert offer is not None
        assert found.days[day.day - 1].lowest_minor == offer.total_minor


async def test_a_seat_change_shows_at_once_and_only_that_day_is_repriced(
    db: Database,
    cache: Cache,
    routes: RouteCache,
    directory: ReferenceDirectory,
    seeded: date,
) -> None:
    # given a warm calendar (a cache of its own) and the cheapest offer of one of its days
    clock = morning_of(seeded)
    cold = isolated(cache)
    day = seeded + timedelta(days=2)
    deps = SearchDeps(db, cold, clock, routes, directory, "EUR")
    first = await fare_calendar(origin="LHR", destination="JFK", month=f"{day:%Y-%m}", deps=deps)
    offer = await cheapest_offer(origin="LHR", destination="JFK", day=day, deps=deps)
    assert offer is not None
    assert first.days[day.day - 1].lowest_minor == offer.total_minor
    await cold.settle()  # the month is written to Redis in the background
    pricer = search_pricer(first.request, deps=deps)
    priced: list[date] = []

    async def spy(asked: date) -> DayPrice | None:
        priced.append(asked)
        return await pricer(asked)

    async def again() -> FareCalendar:
        return await fare_calendar(
            origin="LHR",
            destination="JFK",
            month=f"{day:%Y-%m}",
            pricer=spy,
            deps=deps,
        )

    # when nothing changes, then nothing is re-priced
    unchanged = await again()
    assert priced == []
    assert unchanged.days == first.days
    # when the cheapest flight of that day sells its last seats (one inventory row)
    full = offer.slices[0][0].id
    sold = await db.pool.fetchval(
        "SELECT sold FROM flight_inventory WHERE flight_id = $1 AND cabin = 'ECONOMY'", full
    )
    await db.pool.execute(
        "UPDATE flight_inventory SET sold = capacity - held"
        " WHERE flight_id = $1 AND cabin = 'ECONOMY'",
        full,
    )
    try:
        changed = await again()
        fresh = await cheapest_offer(origin="LHR", destination="JFK", day=day, deps=deps)
    finally:
        await db.pool.execute(
            "UPDATE flight_inventory SET sold = $2 WHERE flight_id = $1 AND cabin = 'ECONOMY'",
            full,
            sold,
        )
    # then that day alone is re-priced, to the new cheapest offer, which avoids the full flight
    assert priced == [day]
    assert fresh is not None
    assert full not in {leg.id for leg in fresh.slices[0]}
    assert changed.days[day.day - 1].lowest_minor == fresh.total_minor
    assert [d for d in changed.days if d.day != day] == [d for d in first.days if d.day != day]


@pytest.mark.parametrize(
    ("origin", "destination", "month", "code"),
    [
        ("LHR", "XXX", "now", CalendarErrorCode.UNKNOWN_AIRPORT),
        ("lhr", "LHR", "now", CalendarErrorCode.SAME_ORIGIN_DESTINATION),
        ("LHR", "JFK", "2026-13", CalendarErrorCode.INVALID_MONTH),
        ("LHR", "JFK", "March", CalendarErrorCode.INVALID_MONTH),
        ("LHR", "JFK", "last", CalendarErrorCode.MONTH_OUT_OF_RANGE),
        ("LHR", "JFK", "far", CalendarErrorCode.MONTH_OUT_OF_RANGE),
    ],
)
async def test_bad_requests_are_refused_with_a_code(
    origin: str,
    destination: str,
    month: str,
    code: CalendarErrorCode,
    db: Database,
    cache: Cache,
    routes: RouteCache,
    directory: ReferenceDirectory,
    seeded: date,
) -> None:
    # given a clock on the first seeded day, and months relative to it
    clock = morning_of(seeded)
    relative = {
        "now": seeded.replace(day=1),
        "last": (seeded.replace(day=1) - timedelta(days=1)).replace(day=1),
        "far": (seeded + timedelta(days=400)).replace(day=1),
    }
    asked = f"{relative[month]:%Y-%m}" if month in relative else month
    # when the calendar is asked, then it is refused with the code
    with pytest.raises(CalendarError) as refused:
        await fare_calendar(
            origin=origin,
            destination=destination,
            month=asked,
            deps=SearchDeps(db, cache, clock, routes, directory, "EUR"),
        )
    assert refused.value.code == code
    assert refused.value.message


async def test_a_day_gone_while_its_month_is_priced_has_no_price(
    db: Database, cache: Cache, routes: RouteCache, directory: ReferenceDirectory, seeded: date
) -> None:
    # given a month read a minute before midnight in London, on its first seeded day
    clock = FrozenClock(datetime.combine(seeded, time(23, 59), tzinfo=LONDON).astimezone(UTC))
    deps = SearchDeps(db, isolated(cache), clock, routes, directory, "EUR")
    first = await calendar(
        "LHR", "JFK", seeded, clock=clock, db=db, cache=cache, routes=routes, directory=directory
    )
    # when local midnight passes before that day is priced (the clock is read again)
    clock.advance(timedelta(minutes=2))
    price = search_pricer(first.request, deps=deps)
    # then the day has no price, rather than failing the whole calendar (DATE_IN_PAST)
    assert await price(seeded) is None


async def test_a_days_price_goes_stale_when_its_flight_leaves(
    db: Database, cache: Cache, routes: RouteCache, directory: ReferenceDirectory, seeded: date
) -> None:
    # given a month whose days' cheapest flights all leave a minute from now
    day = seeded + timedelta(days=1)
    clock = morning_of(day)
    deps = SearchDeps(db, isolated(cache), clock, routes, directory, "EUR")
    asked: list[date] = []

    async def pricer(when: date) -> DayPrice:
        asked.append(when)
        return DayPrice(10_000, int(clock.now().timestamp()) + 60)

    async def month() -> FareCalendar:
        return await fare_calendar(
            origin="LHR", destination="JFK", month=f"{day:%Y-%m}", pricer=pricer, deps=deps
        )

    await month()
    await deps.cache.settle()
    assert day in asked
    # when the month is asked again 30 s later, then nothing is re-priced
    asked.clear()
    clock.advance(timedelta(seconds=30))
    await month()
    assert asked == []
    # and when those flights have left (well within the five minutes prices are kept), then
    # their days are priced again
    clock.advance(timedelta(seconds=60))
    await month()
    assert day in asked


@dataclass
class RememberingProcess:
    """A process that remembers calendars, asking LHR–JFK months of a priced-by-hand pricer
    whose flights all leave `leaves_in` seconds after pricing."""

    deps: SearchDeps
    clock: FrozenClock
    memo: CalendarMemo[FareCalendar]
    leaves_in: int
    asked: list[date] = field(default_factory=list)

    async def pricer(self, when: date) -> DayPrice:
        self.asked.append(when)
        return DayPrice(10_000 + when.day, int(self.clock.now().timestamp()) + self.leaves_in)

    async def month(self, day: date) -> FareCalendar:
        return await fare_calendar(
            origin="LHR",
            destination="JFK",
            month=f"{day:%Y-%m}",
            pricer=self.pricer,
            deps=self.deps,
            memo=self.memo,
        )


@pytest.fixture
def remembering(
    db: Database,
    cache: Cache,
    routes: RouteCache,
    directory: ReferenceDirectory,
    seeded: date,
    watch: InventoryWatch,
) -> Callable[[int], RememberingProcess]:
    def make(leaves_in: int) -> RememberingProcess:
        clock = morning_of(seeded + timedelta(days=1))
        deps = SearchDeps(db, isolated(cache), clock, routes, directory, "EUR")
        return RememberingProcess(deps, clock, CalendarMemo(watch), leaves_in)

    return make


async def test_a_remembered_month_is_answered_without_a_statement_until_a_flight_changes(
    remembering: Callable[[int], RememberingProcess],
    db: Database,
    seeded: date,
    watch: InventoryWatch,
) -> None:
    # given a month answered once by a process that remembers calendars
    day = seeded + timedelta(days=1)
    process = remembering(3600)
    first = await process.month(day)
    await process.deps.cache.settle()
    # when it is asked again, then it comes from memory: no statement, nothing priced
    process.asked.clear()
    async with statements(db.pool) as run:
        again = await process.month(day)
    assert run == []
    assert process.asked == []
    assert again == first
    # when a seat moves on one of its flights, then the month is stamped again at the next ask
    flight_id = await db.pool.fetchval(
        "SELECT f.id FROM flight f JOIN airport o ON o.id = f.origin_id"
        " JOIN airport d ON d.id = f.destination_id"
        " WHERE o.iata_code = 'LHR' AND d.iata_code = 'JFK' AND f.departure_at > $1"
        " ORDER BY f.departure_at LIMIT 1",
        process.clock.now(),
    )
    await db.pool.execute(
        "UPDATE flight_inventory SET version = version + 1 WHERE flight_id = $1", flight_id
    )
    await watch.caught_up(db.pool)
    async with statements(db.pool) as run:
        await process.month(day)
    assert len(run) == 1, run
    # and the answer is remembered again, until it is older than MEMO_TTL
    async with statements(db.pool) as run:
        await process.month(day)
    assert run == []
    process.clock.advance(timedelta(seconds=MEMO_TTL + 1))
    async with statements(db.pool) as run:
        await process.month(day)
    assert len(run) == 1, run


async def test_a_remembered_month_is_forgotten_when_a_priced_flight_leaves(
    remembering: Callable[[int], RememberingProcess], seeded: date
) -> None:
    # given a remembered month whose days' cheapest flights leave in 20 seconds
    day = seeded + timedelta(days=1)
    process = remembering(20)
    await process.month(day)
    await process.deps.cache.settle()
    # when it is asked again after they left (well within MEMO_TTL)
    process.asked.clear()
    process.clock.advance(timedelta(seconds=21))
    await process.month(day)
    # then those days are priced again
    assert day in process.asked


async def test_a_remembered_month_is_never_older_than_a_priced_month_may_be(
    remembering: Callable[[int], RememberingProcess], seeded: date
) -> None:
    # given a month priced, then (30 s before those prices need re-pricing) answered by a
    # process that had not seen it, from the prices in Redis
    day = seeded + timedelta(days=1)
    first = remembering(3600)
    await first.month(day)
    await first.deps.cache.settle()
    clock = morning_of(day)
    clock.advance(timedelta(seconds=CALENDAR_TTL - 30))
    later = RememberingProcess(
        dataclasses.replace(first.deps, clock=clock), clock, CalendarMemo(first.memo.watch), 3600
    )
    await later.month(day)
    assert later.asked == []
    # when it is asked again once those prices are older than CALENDAR_TTL (but what it
    # remembers is younger than MEMO_TTL)
    later.clock.advance(timedelta(seconds=32))
    await later.month(day)
    # then the days are priced again, as the Redis calendar alone would have done
    assert day in later.asked


async def test_a_days_price_goes_stale_when_a_fare_class_of_its_flight_can_close(
    db: Database, cache: Cache, routes: RouteCache, directory: ReferenceDirectory, seeded: date
) -> None:
    # given a day whose flights all leave a day or more from now (so their H class, which
    # closes a day before departure, is still open by date)
    day = seeded + timedelta(days=2)
    clock = morning_of(seeded + timedelta(days=1))
    deps = SearchDeps(db, isolated(cache), clock, routes, directory, "EUR")
    request = calendar_request(
        origin="LHR",
        destination="JFK",
        month=f"{day:%Y-%m}",
        cabin=CabinClass.ECONOMY,
        directory=directory,
        now=clock.now(),
    )
    # when the calendar prices that day
    found = await search_pricer(request, deps=deps)(day)
    # then its price is the day's cheapest offer's, and it is stale from the moment a booking
    # class of that offer's flight closes, a day before the flight leaves, not only once it left
    cheapest = await cheapest_offer(origin="LHR", destination="JFK", day=day, deps=deps)
    assert found is not None
    assert cheapest is not None
    assert found.lowest_minor == cheapest.total_minor
    assert found.stale_at <= cheapest.slices[0][0].departs - 86_400
