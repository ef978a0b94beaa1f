"""Names travellers use for airports that `airportsdata` does not hold.

Metropolitan areas: an IATA city code ("NYC") or the metro's name ("New York") stands for every
airport serving the city, including those filed under a suburb (Newark for EWR, Ezeiza for EZE).
Members are listed in the order the matcher shows them for the metro's code or name: the main
airport first, those farther out last; a member the directory does not hold (the demo seed has
fewer airports than the large one) is skipped.

Everyday names: words people call an airport by that its official name lacks ("Haneda" for HND,
officially "Tokyo International Airport").

The matcher ranks by these tables: the key of answers shared through Redis
(`data.reference.matching.RANKING`) holds a digest of them, so an edit here is never served
answers of the old tables.
"""

from __future__ import annotations

from typing import NamedTuple


class Metro(NamedTuple):
    """A metropolitan area: its IATA city code, its name and the IATA codes of its airports."""

    code: str
    name: str
    airports: tuple[str, ...]


METROS: tuple[Metro, ...] = (
    Metro("NYC", "New York", ("JFK", "EWR", "LGA")),
    Metro("LON", "London", ("LHR", "LGW", "STN", "LTN", "LCY", "SEN")),
    Metro("PAR", "Paris", ("CDG", "ORY")),
    Metro("TYO", "Tokyo", ("HND", "NRT")),
    Metro("CHI", "Chicago", ("ORD", "MDW")),
    Metro("WAS", "Washington", ("IAD", "DCA", "BWI")),
    Metro("MIL", "Milan", ("MXP", "LIN", "BGY")),
    Metro("ROM", "Rome", ("FCO", "CIA")),
    Metro("MOW", "Moscow", ("SVO", "DME", "VKO")),
    Metro("BUE", "Buenos Aires", ("EZE", "AEP")),
    Metro("SAO", "São Paulo", ("GRU", "CGH", "VCP")),
    Metro("RIO", "Rio de Janeiro", ("GIG", "SDU")),
    Metro("SEL", "Seoul", ("ICN", "GMP")),
    Metro("BJS", "Beijing", ("PEK", "PKX")),
    Metro("SHA", "Shanghai", ("PVG", "SHA")),  # SHA is Hongqiao's own code too
    Metro("OSA", "Osaka", ("KIX", "ITM")),
    Metro("STO", "Stockholm", ("ARN", "BMA")),
    Metro("YTO", "Toronto", ("YYZ", "YTZ")),
    Metro("YMQ", "Montreal", ("YUL",)),
    Metro("BUH", "Bucharest", ("OTP", "BBU")),
    Metro("JKT", "Jakarta", ("CGK", "HLP")),
    Metro("SPK", "Sapporo", ("CTS", "OKD")),
    Metro("REK", "Reykjavik", ("KEF", "RKV")),
    Metro("BHZ", "Belo Horizonte", ("CNF", "PLU")),
    Metro("IST", "Istanbul", ("IST", "SAW")),
    Metro("AMM", "Amman", ("AMM", "ADJ")),  # Queen Alia first; Marka is the old city airport
    Metro("LAD", "Luanda", ("LAD", "NBJ")),
    Metro("PTY", "Panama City", ("PTY", "BLB")),
)
"""Metropolitan areas with more than one airport, or whose airport is filed under a suburb."""

KNOWN_AS: dict[str, str] = {
    "HND": "Haneda",
    "ITM": "Itami",
    "DCA": "National",
    "IAH": "Intercontinental",
}
"""The name people use for an airport, by IATA code, where its official name lacks it."""


_METRO_OF = {code: metro for metro in METROS for code in metro.airports}


def metro_of(iata_code: str) -> Metro | None:
    """The metropolitan area an airport serves, if it is in the table."""
    return _METRO_OF.get(iata_code)
