"""Airport autocomplete: ranked, accent- and case-insensitive, tolerant of small typos.

Ranking, best first: the IATA code exactly, then a code prefix, then the initials of a city of
several words ("ny" for New York, "sf" for San Francisco), then the city (exact, then prefix),
then the name (prefix, then a word of it), then any substring. Only when nothing matches as
typed do near misses count (one or two edits, a swap of neighbours counting as one, on the city
or a name word). Ties go to hubs, then to the code.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, NamedTuple

from rapidfuzz.distance import OSA
from unidecode import unidecode

if TYPE_CHECKING:
    from data.reference.directory import AirportRecord

_WORD = re.compile(r"[a-z0-9]+")
MIN_TYPO_LENGTH = 4
RANKING = "m3"
"""Part of the key of answers shared through Redis: bumped when the ranking changes (m3: city
initials, with dots or spaces too), so a deploy never serves answers of the old rules."""


def normalise(text: str) -> str:
    """Lower-case ASCII with accents removed and whitespace collapsed."""
    return " ".join(_WORD.findall(unidecode(text).lower()))


def within_edits(a: str, b: str, limit: int) -> bool:
    """True when `a` and `b` are at most `limit` edits apart.

    Edits are insertions, deletions, substitutions and swaps of neighbours (optimal string
    alignment), the slips people make when typing fast.
    """
    return OSA.distance(a, b, score_cutoff=limit) <= limit


class _Entry(NamedTuple):
    airport: AirportRecord
    code: str
    city: str
    name: str
    words: tuple[str, ...]
    initials: str
    """Of a city of several words ("ny" for New York); empty for a city of one."""


def _initials(city: str) -> str:
    words = city.split()
    return "".join(word[0] for word in words) if len(words) > 1 else ""


class AirportMatcher:
    """Ranks airports against what a person types into an autocomplete box."""

    def __init__(self, airports: Iterable[AirportRecord]) -> None:
        self._entries = [
            _Entry(
                airport=a,
                code=a.iata_code.lower(),
                city=normalise(a.city),
                name=normalise(a.name),
                words=tuple(normalise(f"{a.city} {a.name}").split()),
                initials=_initials(normalise(a.city)),
            )
            for a in airports
        ]

    def _rank(self, entry: _Entry, query: str) -> int | None:
        if entry.code == query:
            return 0
        if entry.code.startswith(query):
            return 1
        if entry.initials and entry.initials == query.replace(" ", ""):  # ("s f", "s.f.")
            return 2
        if entry.city == query:
            return 3
        if entry.city.startswith(query):
            return 4
        if entry.name.startswith(query):
            return 5
        if any(word.startswith(query) for word in entry.words):
            return 6
        if query in entry.city or query in entry.name:
            return 7
        return None

    def _near_miss(self, entry: _Entry, query: str) -> int | None:
        limit = 1 if len(query) < 7 else 2
        if within_edits(query, entry.city, limit):
            return 8
        if any(within_edits(query, word[: len(query) + limit], limit) for word in entry.words):
            return 9
        return None

    def search(self, text: str, *, first: int = 10) -> list[AirportRecord]:
        """The best `first` airports for `text`; empty for blank input."""
        query = normalise(text)
        if not query or first <= 0:
            return []
        ranked: list[tuple[int, bool, str, AirportRecord]] = []
        for entry in self._entries:
            rank = self._rank(entry, query)
            if rank is not None:
                ranked.append((rank, not entry.airport.is_hub, entry.code, entry.airport))
        if not ranked and len(query) >= MIN_TYPO_LENGTH:
            # Typos are forgiven only when nothing matches as typed: a real match beats a guess.
            for entry in self._entries:
                rank = self._near_miss(entry, query)
                if rank is not None:
                    ranked.append((rank, not entry.airport.is_hub, entry.code, entry.airport))
        ranked.sort(key=lambda item: item[:3])
        return [item[3] for item in ranked[:first]]
