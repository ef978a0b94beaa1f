"""The search planner's candidate paths over the seeded network's directory."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from data.db import Database
from data.reference.directory import ReferenceDirectory
from data.search import rules
from data.search.plan import plan_search
from data.search.query import SliceSpec, build_search_query
from data.search.routes import Route, RouteMap


async def test_a_connection_at_an_airport_the_directory_lacks_is_not_planned(
    db: Database, seeded: date
) -> None:
    # given a route map (loaded after a reseed, say) with the only LHR-SYD connection at an
    # airport this process's directory does not know
    directory = await ReferenceDirectory.load(db.pool)
    lhr = directory.airports_by_code["LHR"].id
    syd = directory.airports_by_code["SYD"].id
    sin = directory.airports_by_code["SIN"].id
    unknown = max(directory.airports) + 1
    routes = RouteMap(
        {
            lhr: {unknown: Route(700, 760, 10_800), sin: Route(770, 800, 10_880)},
            unknown: {syd: Route(450, 480, 6_300)},
            sin: {syd: Route(460, 480, 6_300)},
        }
    )
    query = build_search_query(
        slices=[SliceSpec("LHR", "SYD", seeded + timedelta(days=1))],
        directory=directory,
        now=datetime.combine(seeded, datetime.min.time(), UTC),
    )
    # when a one-stop search is planned
    plan = plan_search(query, routes=routes, directory=directory)
    # then it connects only where connection times can be worked out
    assert plan.slices[0].paths == ((lhr, sin, syd),)
    assert unknown not in {airport for probe in plan.probes for airport in probe[1:3]}


async def test_hubs_are_tried_before_airports_with_a_shorter_detour(
    db: Database, seeded: date
) -> None:
    # given London-Sydney connections at more small airports than a slice tries, each a little
    # more direct than the one at a hub (Dubai)
    directory = await ReferenceDirectory.load(db.pool)
    code = directory.airports_by_code
    lhr, syd, dxb = code["LHR"].id, code["SYD"].id, code["DXB"].id
    small = ["MNL", "TPE", "BKK", "PVG", "PEK", "DEL", "KUL", "CGK", "BOM"]
    assert not any(code[name].is_hub for name in small)
    assert code["DXB"].is_hub
    routes = RouteMap(
        {
            lhr: {
                **{code[name].id: Route(700, 760, 10_000 + i) for i, name in enumerate(small)},
                dxb: Route(410, 430, 5_500),
            },
            **{code[name].id: {syd: Route(450, 480, 7_000)} for name in small},
            dxb: {syd: Route(820, 850, 12_000)},
        }
    )
    query = build_search_query(
        slices=[SliceSpec("LHR", "SYD", seeded + timedelta(days=1))],
        directory=directory,
        now=datetime.combine(seeded, datetime.min.time(), UTC),
    )
    # when a one-stop search is planned
    paths = plan_search(query, routes=routes, directory=directory).slices[0].paths
    # then the hub is tried first, and the small airports by detour fill the other places
    assert len(paths) == rules.MAX_VIAS
    assert paths[0] == (lhr, dxb, syd)
    assert [path[1] for path in paths[1:]] == [code[name].id for name in small[: len(paths) - 1]]


async def test_a_hub_far_off_the_way_waits_its_turn(db: Database, seeded: date) -> None:
    # given London-Sydney connections at small airports and one at a hub with a long detour
    directory = await ReferenceDirectory.load(db.pool)
    code = directory.airports_by_code
    lhr, syd, dxb = code["LHR"].id, code["SYD"].id, code["DXB"].id
    small = ["MNL", "TPE", "BKK", "PVG", "PEK", "DEL", "KUL"]
    routes = RouteMap(
        {
            lhr: {
                **{code[name].id: Route(700, 760, 10_000 + i) for i, name in enumerate(small)},
                dxb: Route(410, 430, 5_500),
            },
            **{code[name].id: {syd: Route(450, 480, 7_000)} for name in small},
            dxb: {syd: Route(1_000, 1_050, 14_300)},  # 19,800 km against 17,000
        }
    )
    query = build_search_query(
        slices=[SliceSpec("LHR", "SYD", seeded + timedelta(days=1))],
        directory=directory,
        now=datetime.combine(seeded, datetime.min.time(), UTC),
    )
    # when a one-stop search is planned, then the more direct small airports come first
    paths = plan_search(query, routes=routes, directory=directory).slices[0].paths
    assert [path[1] for path in paths] == [code[name].id for name in small[: rules.MAX_VIAS]]
