"""Real airports for the seeded network, picked from `airportsdata` by scale."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from typing import Literal

import airportsdata

Scale = Literal["demo", "large"]

REQUIRED_AIRPORTS: tuple[str, ...] = (
    *("LHR", "JFK", "CDG", "FRA", "AMS", "MAD", "IST", "DXB", "DOH", "SIN", "HKG", "HND"),
    *("ICN", "SYD", "AKL", "LAX", "SFO", "ORD", "ATL", "YYZ", "GRU", "JNB", "DEL", "BKK"),
)
"""Always seeded, at every scale: the airports the demo and the tests talk about."""

DEMO_AIRPORTS: tuple[str, ...] = (
    *REQUIRED_AIRPORTS,
    *("MUC", "FCO", "BCN", "ZRH", "CPH", "DUB", "LIS", "VIE", "ARN", "ATH"),
    *("PVG", "PEK", "KUL", "CGK", "MNL", "BOM", "TPE", "MEL", "BNE", "PER"),
    *("MIA", "DFW", "SEA", "YVR", "MEX", "BOS", "DEN", "EZE", "BOG", "SCL"),
    *("LIM", "CAI", "NBO", "CPT", "ADD", "CMN"),
)
"""Sixty big airports spread over every continent."""

_LARGE_EXTRA: tuple[str, ...] = (
    *("LGW", "STN", "MAN", "EDI", "ORY", "NCE", "LYS", "MRS", "TLS", "DUS", "HAM", "BER"),
    *("STR", "CGN", "BRU", "GVA", "MXP", "LIN", "VCE", "NAP", "PMI", "AGP", "ALC", "VLC"),
    *("OPO", "OSL", "HEL", "WAW", "PRG", "BUD", "OTP", "SOF", "BEG", "ZAG", "KEF", "SAW"),
    *("AYT", "ESB", "TLV", "AMM", "RUH", "JED", "AUH", "KWI", "BAH", "MCT", "NRT", "KIX"),
    *("CTS", "FUK", "GMP", "PUS", "CAN", "SZX", "CTU", "XIY", "KMG", "CKG", "HGH", "XMN"),
    *("MFM", "SGN", "HAN", "DPS", "SUB", "CEB", "PEN", "BKI", "RGN", "DAC", "CMB", "MLE"),
    *("KTM", "BLR", "MAA", "HYD", "CCU", "COK", "KHI", "LHE", "ISB", "TAS", "ALA", "ADL"),
    *("CNS", "OOL", "CHC", "WLG", "NAN", "PPT", "EWR", "LGA", "IAD", "DCA", "PHL", "CLT"),
    *("MCO", "TPA", "FLL", "IAH", "PHX", "LAS", "SAN", "PDX", "MSP", "DTW", "SLC", "HNL"),
    *("ANC", "YUL", "YYC", "YOW", "CUN", "GDL", "MTY", "PTY", "SJO", "HAV", "SJU", "MBJ"),
    *("NAS", "SDQ", "GIG", "BSB", "CNF", "REC", "SSA", "FOR", "POA", "CWB", "UIO", "GYE"),
    *("CCS", "MVD", "ASU", "VVI", "LOS", "ABV", "ACC", "DKR", "ABJ", "DAR", "JRO", "EBB"),
    *("KGL", "LAD", "LUN", "HRE", "MRU", "SEZ", "TUN", "ALG", "RAK", "HRG", "SSH", "DUR"),
    "WDH",
)
"""Further big airports for the `large` scale, before the automatic fill."""

LARGE_AIRPORT_COUNT = 420

# Still listed by airportsdata but closed to airlines, or replaced by an airport we already seed.
_NOT_SERVED = frozenset({"TXL", "DIA", "CQM"})

# airportsdata names the municipality of the field; travellers search for the city they fly to.
_CITY_NAMES: dict[str, str] = {
    "IST": "Istanbul",
    "YYZ": "Toronto",
    "YVR": "Vancouver",
    "YUL": "Montreal",
    "DFW": "Dallas",
    "TLS": "Toulouse",
    "BEG": "Belgrade",
    "VCE": "Venice",
    "NAP": "Naples",
    "CTS": "Sapporo",
    "XIY": "Xi'an",
    "MFM": "Macau",
    "DPS": "Denpasar",
    "CEB": "Cebu",
    "PTY": "Panama City",
    "SEZ": "Mahe",
    "GIG": "Rio de Janeiro",
}


@dataclass(frozen=True, slots=True)
class AirportSeed:
    """One airport row to seed; `tier` 3 = airline hub, 2 = big airport, 1 = regional."""

    iata_code: str
    icao_code: str | None
    name: str
    city: str
    country_code: str
    time_zone: str
    latitude: float
    longitude: float
    tier: int
    min_connection_minutes: int
    min_connection_intl_minutes: int

    @property
    def is_hub(self) -> bool:
        """Whether an airline is based here."""
        return self.tier == 3


# Hubs need longer connections (walks, transfer security); small fields are quick.
_MCT_BY_TIER: dict[int, tuple[int, int]] = {3: (60, 90), 2: (45, 70), 1: (35, 50)}


@cache
def _airportsdata() -> dict[str, airportsdata.Airport]:
    return airportsdata.load("IATA")


def _auto_fill(chosen: set[str], count: int) -> list[str]:
    """Round-robin over countries through international airports with ICAO codes, by IATA code."""
    by_country: dict[str, list[str]] = defaultdict(list)
    for code, row in sorted(_airportsdata().items()):
        usable = row["icao"] and row["tz"] and row["city"] and code not in _NOT_SERVED
        if usable and code not in chosen and "International" in row["name"]:
            by_country[row["country"]].append(code)
    picked: list[str] = []
    depth = 0
    while len(picked) < count and any(len(codes) > depth for codes in by_country.values()):
        for country in sorted(by_country):
            codes = by_country[country]
            if depth < len(codes) and len(picked) < count:
                picked.append(codes[depth])
        depth += 1
    return picked


def airport_codes(scale: Scale) -> tuple[str, ...]:
    """The IATA codes seeded at `scale`, in a stable order (the order of their ids)."""
    if scale == "demo":
        return DEMO_AIRPORTS
    curated = (*DEMO_AIRPORTS, *_LARGE_EXTRA)
    return (*curated, *_auto_fill(set(curated), LARGE_AIRPORT_COUNT - len(curated)))


def load_airports(scale: Scale, *, hubs: frozenset[str]) -> tuple[AirportSeed, ...]:
    """Airport rows for `scale`; `hubs` (airline bases) get tier 3 and the longest MCT."""
    curated = set(DEMO_AIRPORTS) | set(_LARGE_EXTRA)
    rows = []
    for code in airport_codes(scale):
        raw = _airportsdata()[code]
        tier = 3 if code in hubs else 2 if code in curated else 1
        mct, mct_intl = _MCT_BY_TIER[tier]
        rows.append(
            AirportSeed(
                iata_code=code,
                icao_code=raw["icao"] or None,
                name=raw["name"],
                city=_CITY_NAMES.get(code, raw["city"]),
                country_code=raw["country"],
                time_zone=raw["tz"],
                latitude=float(raw["lat"]),
                longitude=float(raw["lon"]),
                tier=tier,
                min_connection_minutes=mct,
                min_connection_intl_minutes=mct_intl,
            )
        )
    return tuple(rows)


EARTH_RADIUS_KM = 6371.0


def great_circle_km(a: AirportSeed, b: AirportSeed) -> int:
    """Great-circle (haversine) distance between two airports, in whole kilometres."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a.latitude, a.longitude, b.latitude, b.longitude))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return round(2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h)))
