"""The seeded fleet: aircraft types with their cabins, and the fictional airlines that fly them."""

from __future__ import annotations

from dataclasses import dataclass

from data.enums import CabinClass

F, J, W, Y = (
    CabinClass.FIRST,
    CabinClass.BUSINESS,
    CabinClass.PREMIUM_ECONOMY,
    CabinClass.ECONOMY,
)


@dataclass(frozen=True, slots=True)
class CabinSpec:
    """One cabin of an aircraft type (a `cabin_layout` row); `-` in `seat_letters` is an aisle."""

    cabin: CabinClass
    first_row: int
    last_row: int
    seat_letters: str
    exit_rows: tuple[int, ...] = ()
    extra_legroom_rows: tuple[int, ...] = ()
    pitch_inches: int = 30

    @property
    def capacity(self) -> int:
        """Seats in this cabin."""
        return (self.last_row - self.first_row + 1) * len(self.seat_letters.replace("-", ""))


@dataclass(frozen=True, slots=True)
class AircraftSpec:
    """An aircraft type (an `aircraft_type` row) and its cabins, front to back."""

    code: str
    name: str
    range_km: int
    cruise_kmh: int
    cabins: tuple[CabinSpec, ...]


# Ranges are planning ranges with a full cabin, below brochure figures: no type reaches
# 14,000 km, so LHR-SYD, JFK-SIN and CDG-AKL need a stop, as they do for most airlines.
AIRCRAFT_TYPES: tuple[AircraftSpec, ...] = (
    AircraftSpec(
        "E190",
        "Embraer E190",
        3_700,
        780,
        (
            CabinSpec(J, 1, 3, "AC-DF", pitch_inches=36),
            CabinSpec(Y, 4, 25, "AC-DF", (12,), (4, 12), 31),
        ),
    ),
    AircraftSpec(
        "A20N",
        "Airbus A320neo",
        5_500,
        830,
        (
            CabinSpec(J, 1, 4, "AC-DF", pitch_inches=34),
            CabinSpec(Y, 5, 30, "ABC-DEF", (11, 12), (5, 11, 12), 30),
        ),
    ),
    AircraftSpec(
        "A21N",
        "Airbus A321neo LR",
        7_000,
        830,
        (
            CabinSpec(J, 1, 5, "AC-DF", pitch_inches=42),
            CabinSpec(W, 6, 8, "AC-DF", (), (6,), 36),
            CabinSpec(Y, 10, 33, "ABC-DEF", (12, 26), (10, 12, 26), 30),
        ),
    ),
    AircraftSpec(
        "B789",
        "Boeing 787-9",
        12_500,
        900,
        (
            CabinSpec(J, 1, 8, "A-DG-K", pitch_inches=78),
            CabinSpec(W, 10, 14, "AC-DEF-HK", (10,), (10,), 38),
            CabinSpec(Y, 20, 47, "ABC-DEF-HJK", (20, 33), (20, 33), 31),
        ),
    ),
    AircraftSpec(
        "A359",
        "Airbus A350-900",
        13_900,
        900,
        (
            CabinSpec(J, 1, 10, "A-DG-K", pitch_inches=78),
            CabinSpec(W, 11, 14, "AC-DEF-HK", (11,), (11,), 38),
            CabinSpec(Y, 20, 50, "ABC-DEF-HJK", (20, 34), (20, 34), 31),
        ),
    ),
    AircraftSpec(
        "B77W",
        "Boeing 777-300ER",
        13_500,
        905,
        (
            CabinSpec(F, 1, 2, "A-E-K", pitch_inches=82),
            CabinSpec(J, 5, 14, "A-DG-K", pitch_inches=78),
            CabinSpec(W, 20, 24, "AC-DEFG-HK", (20,), (20,), 38),
            CabinSpec(Y, 30, 60, "ABC-DEFG-HJK", (30, 45), (30, 45), 31),
        ),
    ),
    AircraftSpec(
        "A388",
        "Airbus A380-800",
        13_900,
        900,
        (
            CabinSpec(F, 1, 3, "A-EF-K", pitch_inches=83),
            CabinSpec(J, 5, 19, "A-DG-K", pitch_inches=80),
            CabinSpec(W, 20, 26, "AC-DEFG-HK", (20,), (20,), 38),
            CabinSpec(Y, 30, 79, "ABC-DEFG-HJK", (30, 46, 63), (30, 46, 63), 31),
        ),
    ),
)
AIRCRAFT_BY_CODE: dict[str, AircraftSpec] = {a.code: a for a in AIRCRAFT_TYPES}
MAX_RANGE_KM = max(a.range_km for a in AIRCRAFT_TYPES)


def choose_aircraft(distance_km: int, *, trunk: bool, regional: bool, pick: int) -> AircraftSpec:
    """The type flying a route: the smallest suitable one; `trunk` (hub to hub) flies bigger.

    `pick` (any int, e.g. from the seeded generator) chooses among equally suitable types.
    """
    options: tuple[str, ...]
    if distance_km <= 1_800 and regional and not trunk:
        options = ("E190",)
    elif distance_km <= 4_500:
        options = ("A20N",) if not trunk or distance_km <= 2_500 else ("A21N", "B789")
    elif distance_km <= 6_500 and not trunk:
        options = ("A21N",)
    elif distance_km <= 12_500:
        options = ("B789", "A359", "B77W", "A388") if trunk else ("B789", "A359")
    else:
        options = ("A359", "A388") if trunk else ("A359",)
    fitting = [AIRCRAFT_BY_CODE[c] for c in options if AIRCRAFT_BY_CODE[c].range_km >= distance_km]
    if not fitting:
        raise ValueError(f"no aircraft flies {distance_km} km")
    return fitting[pick % len(fitting)]


@dataclass(frozen=True, slots=True)
class AirlineSpec:
    """A fictional airline (an `airline` row) and the hub it flies from."""

    iata_code: str
    name: str
    hub: str


# Invented airlines. Nearly every two-letter code is assigned by IATA to someone, so the codes
# come from the rarely seen X/Z/Q ranges and never collide with RESERVED_CARRIER_CODES.
DEMO_AIRLINES: tuple[AirlineSpec, ...] = (
    AirlineSpec("XA", "Albion Skyways", "LHR"),
    AirlineSpec("XF", "Rheinstern Air", "FRA"),
    AirlineSpec("XI", "Bosphorus Wings", "IST"),
    AirlineSpec("XD", "Dune Crest Airways", "DXB"),
    AirlineSpec("XQ", "Pearl Gulf Air", "DOH"),
    AirlineSpec("XS", "Merlion Skies", "SIN"),
    AirlineSpec("XH", "Harbour Dragon Airways", "HKG"),
    AirlineSpec("XT", "Sakura Cloud Air", "HND"),
    AirlineSpec("XN", "Empire Atlantic", "JFK"),
    AirlineSpec("XL", "Pacific Sunset Airlines", "LAX"),
    AirlineSpec("XB", "Cruzeiro Azul", "GRU"),
    AirlineSpec("XU", "Southern Cross Air", "SYD"),
)

LARGE_AIRLINES: tuple[AirlineSpec, ...] = (
    *DEMO_AIRLINES,
    *(
        AirlineSpec(code, name, hub)
        for code, name, hub in (
            ("ZP", "Lutece Air", "CDG"),
            ("ZA", "Polder Air", "AMS"),
            ("ZM", "Meseta Airways", "MAD"),
            ("ZB", "Alpenblick Air", "MUC"),
            ("ZG", "Gotthard Air", "ZRH"),
            ("ZR", "Tiber Airways", "FCO"),
            ("ZK", "Nordlys Air", "CPH"),
            ("ZD", "Donau Air", "VIE"),
            ("ZX", "Anahuac Air", "MEX"),
            ("ZY", "Isthmus Air", "PTY"),
            ("ZO", "Andes Norte", "BOG"),
            ("ZU", "Rimac Air", "LIM"),
            ("ZC", "Cordillera Air", "SCL"),
            ("ZF", "Pampa Air", "EZE"),
            ("ZJ", "Highveld Air", "JNB"),
            ("ZT", "Rift Valley Air", "ADD"),
            ("ZN", "Savanna Air", "NBO"),
            ("ZQ", "Nile Delta Air", "CAI"),
            ("ZW", "Atlas Breeze", "CMN"),
            ("ZS", "Lagoon Air", "LOS"),
            ("ZV", "Kiwi Fern Air", "AKL"),
            ("ZI", "Yarra Air", "MEL"),
            ("QA", "Peachtree Air", "ATL"),
            ("QO", "Lakeshore Airlines", "ORD"),
            ("QD", "Lone Prairie Air", "DFW"),
            ("QE", "Front Range Airways", "DEN"),
            ("QG", "Golden Fog Air", "SFO"),
            ("QW", "Evergreen Sound Air", "SEA"),
            ("QM", "Biscayne Air", "MIA"),
            ("QT", "Maple Lakes Air", "YYZ"),
            ("QV", "Cascadia Air", "YVR"),
            ("QI", "Yamuna Air", "DEL"),
            ("QJ", "Konkan Air", "BOM"),
            ("QK", "Chao Phraya Air", "BKK"),
            ("QL", "Petaling Air", "KUL"),
            ("QN", "Han River Air", "ICN"),
            ("QP", "Huangpu Air", "PVG"),
            ("QU", "Jingshan Air", "PEK"),
            ("QY", "Pearl River Air", "CAN"),
            ("QB", "Formosa Cloud Air", "TPE"),
            ("QC", "Pasig Air", "MNL"),
            ("QQ", "Java Sea Air", "CGK"),
        )
    ),
)

_WELL_KNOWN_CODES = """
AA AC AD AF AH AI AK AM AR AS AT AV AY AZ B6 BA BG BI BR BX CA CI CM CX CZ D7 DE DL DY EI EK EN
ET EW EY F9 FD FI FJ FR FZ G3 G9 GA GF HA HO HU HV HY IB J9 JJ JL JQ JU KC KE KL KM KQ KU LA LH
LJ LO LX LY ME MF MH MI MS MU NH NK NZ OA OD OK OS OU OZ PC PG PK PR QF QH QR QS QX QZ RJ RO S7
SA SC SK SN SQ SU SV SX TG TK TO TP TR TU TW U2 UA UL UX VA VJ VN VS VY W6 WN WS WY XY ZE ZH ZL
3K 3U 4U 5J 6E 7C 9W
"""
RESERVED_CARRIER_CODES: frozenset[str] = frozenset(_WELL_KNOWN_CODES.split())
"""Codes of well-known real carriers; our invented airlines must never use one."""
