"""Airport autocomplete: ranked, accent- and case-insensitive, tolerant of small typos.

Ranking, best first: the IATA code exactly (spelt out too: "l.h.r."); a metropolitan area's
code exactly ("nyc", "lon": see `data.reference.metros`); the initials of a hub's or a metro's city
of several words ("ny" for New York, "ba" for Buenos Aires); a metro's name exactly ("new york":
JFK, Newark, LaGuardia), then the city; a metro's name as a prefix, then the city; the name as a
prefix, and with it a code's first letters and other places' initials ("lo": London before
Lagos; "ch": Chicago before Cap-Haitien); then from the start of a word of the name, the city or
the name people call the airport by ("haneda"; "ohare" and "fort worth" too, as typed run
together or not); any substring (three letters at least); then, for several words, every word
starting a word of the city, metro, name or code, in any order ("tokyo haneda", "jfk new york",
"nyc newark"; an added "city" names nothing). Only when nothing matches as typed do near misses
count (one or two edits, a swap of neighbours counting as one, on the city or metro name, on a
name word, or on each of several words, one of them typed right). Among matches as good, a
metro's airports come first, in the order of its table; other ties go to hubs, then to the code.

A match is *plain* when what was typed names the airport outright, so a form may take it without
asking: its code or its metro's, its city or metro's name in full, or the start of words of its
city, metro, name or everyday name (three letters at least; words in any order). Typed as a
code (in capitals or spelt out), "MAN" names no other airport outright, though Manama starts so,
and a code no airport here has names none. Initials, a code's first letters, letters inside a
word, letters one by one (a code spelt out excepted) and typos are guesses.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from hashlib import blake2b
from typing import TYPE_CHECKING, NamedTuple

from rapidfuzz.distance import OSA
from unidecode import unidecode

from data.reference.metros import KNOWN_AS, METROS, Metro

if TYPE_CHECKING:
    from data.reference.directory import AirportRecord

_WORD = re.compile(r"[a-z0-9]+")
MIN_TYPO_LENGTH = 4
MAX_TYPO_TERMS = 4
"""Words of a query a typo is looked for in, at most (no airport is named by more): past that,
only exact words match, so a long query costs no more edit distances than a short one."""
RULES = "m10"
"""Bumped when the ranking's rules or the answers' form change (m4: metro areas, everyday names,
words in any order; m5: each match says whether it is plain; m6: two letters find cities before
codes and no letters inside words, a metro's code is a word, "city" may be added, a typo in a
metro's name keeps its order; m7: initials and single letters are never plain, "l.h.r." is a
code, a code's first letters come after the cities; m8: a code names its airports alone only
when typed in capitals, a metro's code spelt out; m9: a code in capitals that no airport here
has names none outright; m10: a place and its country after a comma)."""
NO_METRO = 99
FILLERS = frozenset({" city"})
"""Words a traveller adds that name nothing of an airport ("new york city")."""
_TABLES = repr((METROS, sorted(KNOWN_AS.items()))).encode()
RANKING = f"{RULES}-{blake2b(_TABLES, digest_size=4).hexdigest()}"
"""Part of the key of answers shared through Redis: the rules, and the tables they read (an
edited metro changes it by itself), so a deploy never serves answers of the old ones."""


def normalise(text: str) -> str:
    """Lower-case ASCII with accents removed and whitespace collapsed."""
    return " ".join(_WORD.findall(unidecode(text).lower()))


def typed_as_code(text: str) -> bool:
    """Whether `text` is written as a code is, in capitals ("MAN", "L.H.R."), which the
    ranking tells apart from the same letters as a word ("man")."""
    return text.strip().isupper()


def within_edits(a: str, b: str, limit: int) -> bool:
    """True when `a` and `b` are at most `limit` edits apart.

    Edits are insertions, deletions, substitutions and swaps of neighbours (optimal string
    alignment), the slips people make when typing fast.
    """
    return OSA.distance(a, b, score_cutoff=limit) <= limit


def _edit_limit(text: str) -> int:
    return 1 if len(text) < 7 else 2


class _Entry(NamedTuple):
    airport: AirportRecord
    code: str
    city: str
    name: str
    words: tuple[str, ...]
    """Of the city, the name, `other_places` and the everyday name (`KNOWN_AS`)."""
    word_starts: str
    """The `words`, the code and the metros' codes, each after a space: `" " + prefix in` finds
    a word's start."""
    places: str
    """The city, the name and `other_places`, a line each: `text in` finds a substring of one."""
    joined_starts: str
    """Of the city, the name, `other_places` and the everyday name: from each word on, the rest
    without spaces, a line each, so `"\n" + compact in` finds words typed run together or as
    they stand ("ohare" for O'Hare, "fort worth" in Dallas-Fort Worth)."""
    initials: tuple[str, ...]
    """Of the city and `other_places` of several words ("ny" for New York)."""
    metro_codes: dict[str, int]
    """The codes of this airport's metros, each with its place among the metro's airports."""
    metro_names: dict[str, int]
    """The names of this airport's metros, each with its place among the metro's airports."""
    other_places: tuple[str, ...]
    """The `metro_names` other than the airport's own city ("new york" for Newark's EWR)."""
    metro_place: int
    """Its first place among a metro's airports; `NO_METRO` for an airport of none. Where a
    match is as good for several airports, those of a metro come first, in its order."""


class Match(NamedTuple):
    """An airport found for a text, and whether the text names it outright (see above)."""

    airport: AirportRecord
    plain: bool


class _Query(NamedTuple):
    text: str
    compact: str
    """Without spaces, for initials typed with dots or spaces ("s.f.", "S F")."""
    terms: tuple[str, ...]
    """The words typed, each after a space (for `_Entry.word_starts`)."""
    named: tuple[str, ...]
    """The `terms` that name something: without "city" ("new york city"), unless it is all."""
    spelt: str
    """The letters of a text typed one by one ("l.h.r."), or empty."""
    words: bool
    """Whether the text is words (three letters in all, not letters one by one), which name what
    they start outright; letters one by one, and two in all, are guesses."""


def _initials(place: str) -> str:
    words = place.split()
    return "".join(word[0] for word in words) if len(words) > 1 else ""


def _joined_starts(place: str) -> str:
    words = place.split()
    return "".join("\n" + "".join(words[start:]) for start in range(len(words)))


def _entry(airport: AirportRecord, metros: Sequence[Metro]) -> _Entry:
    city = normalise(airport.city)
    name = normalise(airport.name)
    code = airport.iata_code.lower()
    metro_names = {normalise(m.name): m.airports.index(airport.iata_code) for m in metros}
    other_places = tuple(place for place in metro_names if place != city)
    known_as = normalise(KNOWN_AS.get(airport.iata_code, ""))
    words = " ".join((city, name, *other_places, known_as))
    return _Entry(
        airport=airport,
        code=code,
        city=city,
        name=name,
        words=tuple(words.split()),
        word_starts=" ".join(("", words, code, *(m.code.lower() for m in metros))),
        places="\n".join((city, name, *other_places)),
        joined_starts="".join(map(_joined_starts, (city, name, *other_places, known_as))),
        initials=tuple(filter(None, map(_initials, (city, *other_places)))),
        metro_codes={m.code.lower(): m.airports.index(airport.iata_code) for m in metros},
        metro_names=metro_names,
        other_places=other_places,
        metro_place=min(metro_names.values(), default=NO_METRO),
    )


def _nearly_starts_a_word(term: str, entry: _Entry) -> bool:
    """Whether `term` (after a space) starts a word of the entry, give or take a typo."""
    if term in entry.word_starts:
        return True
    word = term[1:]
    if len(word) < MIN_TYPO_LENGTH:
        return False
    limit = _edit_limit(word)
    return any(within_edits(word, w[: len(word) + limit], limit) for w in entry.words)


class AirportMatcher:
    """Ranks airports against what a person types into an autocomplete box."""

    def __init__(self, airports: Iterable[AirportRecord], metros: Iterable[Metro] = METROS) -> None:
        metros_of: dict[str, list[Metro]] = defaultdict(list)
        for metro in metros:
            for code in metro.airports:
                metros_of[code].append(metro)
        self._entries = [_entry(a, metros_of.get(a.iata_code, [])) for a in airports]

    def _rank(self, entry: _Entry, query: _Query) -> tuple[int, int, bool] | None:
        """(tier, place among a metro's airports, whether the text names the airport outright)
        for the entry, or None when it does not match."""
        text, words = query.text, query.words
        if entry.code in (text, query.spelt):  # ("l.h.r." too)
            return 0, 0, True
        for code in (text, query.spelt):
            if code in entry.metro_codes:  # ("n.y.c." too)
                return 1, entry.metro_codes[code], True
        known = entry.airport.is_hub or bool(entry.metro_codes)
        if known and query.compact in entry.initials:
            # (initials people use are of the places they know: a hub's or a metro's)
            return 3, 0, False
        if text in entry.metro_names:
            return 4, entry.metro_names[text], True
        if entry.city == text:
            return 5, 0, True
        for place, position in entry.metro_names.items():
            if place.startswith(text):
                return 6, position, words
        if entry.city.startswith(text):
            return 7, 0, words
        if entry.name.startswith(text):
            return 8, 0, words
        if entry.code.startswith(text) or query.compact in entry.initials:
            # (a code's first letters, or a small place's initials: after the cities that start
            # so, "lo": London before Lagos, "ch": Chicago before Cap-Haitien)
            return 8, 0, False
        if f"\n{query.compact}" in entry.joined_starts:
            return 9, 0, words
        if len(text) >= 3 and text in entry.places:  # ("sf" is in Hartsfield: no match)
            return 10, 0, False
        if len(query.terms) > 1 and all(term in entry.word_starts for term in query.named):
            # ("new york city": JFK, Newark, LaGuardia first)
            return 11, entry.metro_place, words
        return None

    def _near_miss(self, entry: _Entry, query: _Query) -> tuple[int, int] | None:
        text = query.text
        limit = _edit_limit(text)
        for place in (entry.city, *entry.other_places):
            if within_edits(text, place, limit):  # (a metro's airports first, in order: "milna")
                return 12, entry.metro_names.get(place, entry.metro_place)
        if any(within_edits(text, word[: len(text) + limit], limit) for word in entry.words):
            return 13, 0
        terms = query.terms
        # One word typed right at least: it rules out most airports before any edit is counted.
        if (
            1 < len(terms) <= MAX_TYPO_TERMS
            and any(term in entry.word_starts for term in terms)
            and all(_nearly_starts_a_word(term, entry) for term in terms)
        ):
            return 14, 0
        return None

    def search(self, text: str, *, first: int = 10) -> list[AirportRecord]:
        """The best `first` airports for `text`; empty for blank input."""
        return [match.airport for match in self.matches(text, first=first)]

    def matches(self, text: str, *, first: int = 10) -> list[Match]:
        """The best `first` airports for `text`, each said to be plain or a guess. A place
        written with its country or state after a comma ("London, UK", "Los Angeles, CA") is
        looked for by what comes before the comma when the whole finds nothing."""
        found = self._matches(text, first)
        place, comma, _ = text.partition(",")
        if found or not comma:
            return found
        return self._matches(place, first)

    def _matches(self, text: str, first: int) -> list[Match]:
        normal = normalise(text)
        if not normal or first <= 0:
            return []
        terms = tuple(dict.fromkeys(f" {word}" for word in normal.split()))  # (each word once)
        named = tuple(term for term in terms if term not in FILLERS) or terms
        compact = normal.replace(" ", "")
        spelt = compact if all(len(term) == 2 for term in terms) else ""  # (" l", " h", " r")
        query = _Query(
            text=normal,
            compact=compact,
            terms=terms,
            named=named,
            spelt=spelt,
            words=len(compact) >= 3 and not spelt,
        )
        ranked: list[tuple[int, int, bool, str, bool, AirportRecord]] = []
        for entry in self._entries:
            rank = self._rank(entry, query)
            if rank is not None:
                tier, place, plain = rank
                hub = entry.airport.is_hub
                ranked.append((tier, place, not hub, entry.code, plain, entry.airport))
        if not ranked and len(normal) >= MIN_TYPO_LENGTH:
            # Typos are forgiven only when nothing matches as typed: a real match beats a guess.
            for entry in self._entries:
                near = self._near_miss(entry, query)
                if near is not None:
                    tier, place = near
                    hub = entry.airport.is_hub
                    ranked.append((tier, place, not hub, entry.code, False, entry.airport))
        ranked.sort(key=lambda item: item[:4])
        # a code typed as one (in capitals: "MAN", "L.H.R.") names its airports alone, not also
        # the cities it starts (Manama), and a code no airport here has names none outright
        # (it is no city's name); "man" or "dub" may mean either, and is asked about
        code_typed = typed_as_code(text) and len(compact) == 3
        return [
            Match(airport, plain and (tier <= 1 or not code_typed))
            for tier, *_, plain, airport in ranked[:first]
        ]
