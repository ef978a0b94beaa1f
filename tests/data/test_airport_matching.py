"""Airport autocomplete ranks what people type: codes, cities, names, metros, accents, typos."""

from __future__ import annotations

import airportsdata
import pytest
from hypothesis import given
from hypothesis import strategies as st

from data.reference import matching
from data.reference.airports import load_airports
from data.reference.directory import AirportRecord
from data.reference.matching import AirportMatcher, normalise, within_edits


def airport(id: int, code: str, city: str, name: str, *, hub: bool = False) -> AirportRecord:
    return AirportRecord(id, code, name, city, "XX", "UTC", 0.0, 0.0, hub, 45, 60)


AIRPORTS = [
    airport(1, "LHR", "London", "London Heathrow Airport", hub=True),
    airport(2, "LGW", "London", "London Gatwick Airport"),
    airport(3, "LCY", "London", "London City Airport"),
    airport(4, "YXU", "London", "London International Airport"),
    airport(5, "ZRH", "Zürich", "Zürich Airport"),
    airport(6, "SAO", "São Paulo", "Congonhas Airport"),
    airport(7, "LON", "Longyearbyen", "Svalbard Airport"),
    airport(8, "CDG", "Paris", "Charles de Gaulle Airport", hub=True),
]
matcher = AirportMatcher(AIRPORTS)


def codes(text: str, first: int = 10) -> list[str]:
    return [a.iata_code for a in matcher.search(text, first=first)]


def test_exact_code_comes_first() -> None:
    assert codes("lhr")[0] == "LHR"
    assert codes("LON")[0] == "LON"


def test_city_matches_rank_hubs_first_then_by_code() -> None:
    # given London's airports, were London not a metropolitan area of several airports
    plain = AirportMatcher(AIRPORTS, metros=())
    assert [a.iata_code for a in plain.search("london")][:4] == ["LHR", "LCY", "LGW", "YXU"]


def test_accents_and_case_do_not_matter() -> None:
    assert codes("zurich") == ["ZRH"]
    assert codes("SAO PAULO") == ["SAO"]
    assert codes("São") == ["SAO"]


def test_small_typos_still_find_the_city() -> None:
    assert codes("lodnon")[:1] == ["LHR"]
    assert "CDG" in codes("pariss")


def test_name_words_match() -> None:
    assert codes("gatwick") == ["LGW"]
    assert codes("gaulle") == ["CDG"]


def test_the_initials_of_a_city_of_several_words_find_it() -> None:
    # given New York's airports, an airport whose code starts "NY", and one whose name merely
    # holds the letters (Jomo Kenyatta)
    several = AirportMatcher(
        [
            airport(9, "NYA", "Nyagan", "Nyagan Airport"),
            airport(10, "JFK", "New York", "John F Kennedy International Airport", hub=True),
            airport(11, "LGA", "New York", "LaGuardia Airport"),
            airport(12, "NBO", "Nairobi", "Jomo Kenyatta International Airport", hub=True),
        ]
    )
    # then "ny" finds New York (its hub first), then the city and code that start with it, and
    # not the name that only holds the letters
    assert [a.iata_code for a in several.search("ny")] == ["JFK", "LGA", "NYA"]
    # and "sp" finds São Paulo, written with dots or spaces too
    assert codes("sp") == ["SAO"]
    assert codes("s.p.") == ["SAO"]
    assert codes("S P") == ["SAO"]


def test_blank_or_unknown_gives_nothing() -> None:
    assert codes("   ") == []
    assert codes("qqqqqq") == []


def test_first_limits_results() -> None:
    assert len(codes("london", first=2)) == 2


# Cities and names as airportsdata files them: Newark's EWR under Newark, EZE under its suburb
# Ezeiza, Ciampino under "Roma", Haneda as "Tokyo International Airport".
METRO_AIRPORTS = [
    airport(20, "JFK", "New York", "John F Kennedy International Airport", hub=True),
    airport(21, "LGA", "New York", "Laguardia Airport"),
    airport(22, "EWR", "Newark", "Newark Liberty International Airport"),
    airport(23, "LHR", "London", "London Heathrow Airport", hub=True),
    airport(24, "LGW", "London", "London Gatwick Airport"),
    airport(25, "LCY", "London", "London City Airport"),
    airport(26, "SEN", "Southend", "Southend Airport"),
    airport(27, "YXU", "London", "London International Airport"),
    airport(28, "HND", "Tokyo", "Tokyo International Airport", hub=True),
    airport(29, "NRT", "Tokyo", "Narita International Airport"),
    airport(30, "FCO", "Rome", "Leonardo Da Vinci (Fiumicino) International Airport", hub=True),
    airport(31, "CIA", "Roma", "Ciampino Airport"),
    airport(32, "CDG", "Paris", "Charles de Gaulle International Airport", hub=True),
    airport(33, "ORY", "Paris", "Paris-Orly Airport"),
    airport(34, "SYD", "Sydney", "Sydney Kingsford Smith International Airport", hub=True),
    airport(35, "BWU", "Sydney", "Sydney Bankstown Airport"),
    airport(36, "EZE", "Ezeiza", "Ministro Pistarini International Airport", hub=True),
    airport(37, "AEP", "Buenos Aires", "Jorge Newbery Airpark"),
    airport(38, "GRU", "Sao Paulo", "Guarulhos International Airport", hub=True),
    airport(39, "CGH", "Sao Paulo", "Congonhas Airport"),
    airport(40, "VCP", "Campinas", "Viracopos International Airport"),
    airport(41, "PVG", "Shanghai", "Shanghai Pudong International Airport", hub=True),
    airport(42, "SHA", "Shanghai", "Shanghai Hongqiao International Airport"),
    airport(43, "SHJ", "Sharjah", "Sharjah International Airport"),
]
metros = AirportMatcher(METRO_AIRPORTS)


def metro_codes(text: str) -> list[str]:
    return [a.iata_code for a in metros.search(text)]


@pytest.mark.parametrize(
    ("typed", "seen"),
    [
        ("tokyo haneda", ["HND"]),
        ("rome fiumicino", ["FCO"]),
        ("london heathrow", ["LHR"]),
        ("heathrow london", ["LHR"]),
        ("sydney airport", ["SYD", "BWU"]),
        ("paris orly", ["ORY"]),
        ("new york jfk", ["JFK"]),
        ("jfk new york", ["JFK"]),
    ],
)
def test_city_and_airport_words_in_any_order_find_the_airport(typed: str, seen: list[str]) -> None:
    assert metro_codes(typed) == seen


def test_a_typo_in_one_of_several_words_is_forgiven() -> None:
    assert metro_codes("tokyo hanedaa") == ["HND"]
    assert metro_codes("londn heathrow") == ["LHR"]
    # but words of two different airports find neither
    assert metro_codes("heathrow gatwick") == []


def test_a_metro_code_finds_its_airports_main_one_first() -> None:
    # Newark, filed under its own city, and Southend come with the city they serve
    assert metro_codes("nyc") == ["JFK", "EWR", "LGA"]
    assert metro_codes("NYC") == ["JFK", "EWR", "LGA"]
    # (then London, Ontario, whose city starts with the letters)
    assert metro_codes("lon") == ["LHR", "LGW", "LCY", "SEN", "YXU"]
    assert metro_codes("tyo") == ["HND", "NRT"]
    assert metro_codes("rom") == ["FCO", "CIA"]


def test_an_airport_code_that_is_also_a_metro_code_comes_first() -> None:
    # then the metro's other airports, then the codes that start with it
    assert metro_codes("sha") == ["SHA", "PVG", "SHJ"]


def test_a_metro_name_finds_airports_filed_under_another_place() -> None:
    assert metro_codes("buenos aires") == ["EZE", "AEP"]
    assert metro_codes("São Paulo") == ["GRU", "CGH", "VCP"]
    assert metro_codes("sao paulo") == ["GRU", "CGH", "VCP"]
    assert metro_codes("new york") == ["JFK", "EWR", "LGA"]
    assert metro_codes("rome") == ["FCO", "CIA"]
    # a metro first, then another city of that name
    assert metro_codes("london") == ["LHR", "LGW", "LCY", "SEN", "YXU"]
    # and as a prefix, or its initials
    assert metro_codes("buenos") == ["EZE", "AEP"]
    assert metro_codes("ba")[:2] == ["EZE", "AEP"]


def test_an_airport_is_still_found_by_its_own_city() -> None:
    assert metro_codes("newark")[:1] == ["EWR"]
    assert metro_codes("ezeiza") == ["EZE"]


def test_a_metro_airport_missing_from_the_directory_is_skipped() -> None:
    # given a directory with only one of New York's airports (as the demo seed has)
    small = AirportMatcher([METRO_AIRPORTS[0], METRO_AIRPORTS[3]])
    assert [a.iata_code for a in small.search("nyc")] == ["JFK"]
    assert [a.iata_code for a in small.search("new york")] == ["JFK"]


@pytest.fixture(scope="module")
def world() -> AirportMatcher:
    """Every airport airportsdata knows, as filed there, none a hub: ties go by code."""
    rows = airportsdata.load("IATA")
    return AirportMatcher(
        airport(n, code, row["city"], row["name"]) for n, (code, row) in enumerate(rows.items())
    )


@pytest.mark.parametrize(
    ("typed", "seen"),
    [
        ("nyc", ["JFK", "EWR", "LGA"]),
        ("lon", ["LHR", "LGW", "STN", "LTN", "LCY", "SEN"]),
        ("par", ["CDG", "ORY"]),
        ("tyo", ["HND", "NRT"]),
        ("chi", ["ORD", "MDW"]),
        ("was", ["IAD", "DCA", "BWI"]),
        ("mil", ["MXP", "LIN", "BGY"]),
        ("rom", ["FCO", "CIA"]),
        ("mow", ["SVO", "DME", "VKO"]),
        ("bue", ["EZE", "AEP"]),
        ("buenos aires", ["EZE", "AEP"]),
        ("sao", ["GRU", "CGH", "VCP"]),
        ("são paulo", ["GRU", "CGH", "VCP"]),
        ("rio", ["GIG", "SDU"]),
        ("sel", ["ICN", "GMP"]),
        ("bjs", ["PEK", "PKX"]),
        ("sha", ["SHA", "PVG"]),
        ("osa", ["KIX", "ITM"]),
        ("sto", ["ARN", "BMA"]),
        ("yto", ["YYZ", "YTZ"]),
        ("toronto", ["YYZ", "YTZ"]),
        ("ymq", ["YUL"]),
        ("montreal", ["YUL"]),
        ("buh", ["OTP", "BBU"]),
        ("jkt", ["CGK", "HLP"]),
        ("spk", ["CTS", "OKD"]),
        ("rek", ["KEF", "RKV"]),
        ("bhz", ["CNF", "PLU"]),
        ("ist", ["IST", "SAW"]),
        ("amman", ["AMM", "ADJ"]),  # Queen Alia, not Marka first (their codes' order)
        ("lad", ["LAD", "NBJ"]),
        ("panama city", ["PTY", "BLB"]),
    ],
)
def test_every_metro_finds_its_airports_among_all_the_worlds(
    world: AirportMatcher, typed: str, seen: list[str]
) -> None:
    assert [a.iata_code for a in world.search(typed, first=len(seen))] == seen


def edits_counted(monkeypatch: pytest.MonkeyPatch, matcher: AirportMatcher, text: str) -> int:
    """How many edit distances a search of `text` works out."""
    calls = 0

    def counted(a: str, b: str, limit: int) -> bool:
        nonlocal calls
        calls += 1
        return within_edits(a, b, limit)

    monkeypatch.setattr(matching, "within_edits", counted)
    matcher.search(text)
    return calls


def test_a_word_typed_twice_costs_no_more_typo_checks(
    monkeypatch: pytest.MonkeyPatch, world: AirportMatcher
) -> None:
    # given a query of two words, one a typo and the other a word of many airports' names
    two = edits_counted(monkeypatch, world, "airporx airport")
    # when the same words are typed again, then typos are looked for in each word once
    assert edits_counted(monkeypatch, world, "airporx airport airporx airport") == two


def test_typos_are_looked_for_in_a_few_words_at_most(
    monkeypatch: pytest.MonkeyPatch, world: AirportMatcher
) -> None:
    # given a word of many airports' names and three near misses of it
    four = edits_counted(monkeypatch, world, "airport airporx airporz airpory")
    # when two more near misses follow, then no more typos are looked for than in four words
    assert four > 0
    assert (
        edits_counted(monkeypatch, world, "airport airporx airporz airpory airpotx airpotz") <= four
    )


@given(st.text(max_size=30))
def test_any_input_is_safe_and_bounded(text: str) -> None:
    assert len(matcher.search(text, first=5)) <= 5
    assert normalise(text) == normalise(normalise(text))


@given(st.text(alphabet="abcdef", max_size=8), st.text(alphabet="abcdef", max_size=8))
def test_edit_distance_is_symmetric(a: str, b: str) -> None:
    assert within_edits(a, b, 2) == within_edits(b, a, 2)
    assert within_edits(a, a, 0)


@pytest.fixture(scope="module")
def demo() -> AirportMatcher:
    """The demo network's airports, with their cities as seeded."""
    seeds = load_airports("demo", hubs=frozenset())
    return AirportMatcher(airport(n, a.iata_code, a.city, a.name) for n, a in enumerate(seeds))


@pytest.mark.parametrize(
    ("typed", "code", "plain"),
    [
        ("ATL", "ATL", True),
        ("lond", "LHR", True),
        ("London,", "LHR", True),
        ("heathrow", "LHR", True),
        ("ohare", "ORD", True),  # O'Hare's words run together
        ("arlanda", "ARN", True),
        ("fort worth", "DFW", True),  # words inside Dallas-Fort Worth's name, from a word on
        ("são paulo", "GRU", True),
        ("buenos aires", "EZE", True),  # its metropolitan area (filed under Ezeiza)
        ("nyc", "JFK", True),
        ("tokyo haneda", "HND", True),  # city and everyday name
        ("jfk new york", "JFK", True),
        ("sydny", "SYD", False),  # a typo
        ("Atlantis", "ATL", False),
        ("sf", "SFO", False),  # initials
        ("me", "MEL", False),  # two letters
        ("o'hare", "ORD", True),
        ("l.h.r.", "LHR", True),  # a code spelt out
        ("s.f.o.", "SFO", True),
        ("fam", "FRA", False),  # initials of a place (Frankfurt am Main), a guess
    ],
)
def test_a_match_is_plain_only_when_the_text_names_the_airport_outright(
    demo: AirportMatcher, typed: str, code: str, plain: bool
) -> None:
    # when a traveller types this, then the first match is the airport, plainly named or a guess
    first = demo.matches(typed)[0]
    assert (first.airport.iata_code, first.plain) == (code, plain)


@pytest.mark.parametrize(
    ("typed", "seen"),
    [
        ("lo", ["LHR", "LGW"]),  # two letters: London before the codes that start so (LOS)
        ("ch", ["ORD", "MDW"]),  # Chicago before Cap-Haitien, whose initials they are
        ("new york city", ["JFK", "EWR", "LGA"]),  # "city" added names nothing more
        ("nyc jfk", ["JFK"]),  # a metro's code is a word like any
        ("nyc newark", ["EWR"]),
        ("milna", ["MXP", "LIN"]),  # a typo in a metro's name keeps the metro's order
    ],
)
def test_what_travellers_type_finds_the_airports_they_mean_first(
    world: AirportMatcher, typed: str, seen: list[str]
) -> None:
    assert [a.iata_code for a in world.search(typed, first=len(seen))] == seen


def test_two_letters_are_not_looked_for_inside_words(demo: AirportMatcher) -> None:
    # "sf" is in Hartsfield and Kingsford, which nobody means by it
    assert [a.iata_code for a in demo.search("sf")] == ["SFO"]


def test_a_code_typed_names_its_airport_alone() -> None:
    # given Manchester, and Manama whose city starts as Manchester's code
    two = AirportMatcher(
        [
            airport(1, "MAN", "Manchester", "Manchester Airport"),
            airport(2, "BAH", "Manama", "Bahrain International Airport"),
        ]
    )
    # when "MAN" is typed as a code, then Manchester is named outright, Manama only guessed at
    found = [(m.airport.iata_code, m.plain) for m in two.matches("MAN")]
    assert found == [("MAN", True), ("BAH", False)]
    # but "man" may mean either: both are named outright (a form asks which)
    found = [(m.airport.iata_code, m.plain) for m in two.matches("man")]
    assert found == [("MAN", True), ("BAH", True)]


def test_a_code_in_capitals_no_airport_has_names_none(demo: AirportMatcher) -> None:
    # (the demo network has no Manchester: "MAN" is not Manila, which only starts so)
    assert [(m.airport.iata_code, m.plain) for m in demo.matches("MAN")] == [("MNL", False)]


@pytest.mark.parametrize("typed", ["n.y.c.", "N Y C"])
def test_a_metros_code_spelt_out_is_the_code(world: AirportMatcher, typed: str) -> None:
    assert [a.iata_code for a in world.search(typed, first=3)] == ["JFK", "EWR", "LGA"]


@pytest.mark.parametrize(("typed", "first"), [("sy", "SYD"), ("ma", "MAD"), ("l", "LHR")])
def test_a_city_comes_before_codes_that_start_as_it_does(typed: str, first: str) -> None:
    # given the large network's airports, none a hub (ties go by code)
    seeds = load_airports("large", hubs=frozenset())
    large = AirportMatcher(airport(n, a.iata_code, a.city, a.name) for n, a in enumerate(seeds))
    # then a city whose code starts as it does is not put after the other cities that do
    assert first in [a.iata_code for a in large.search(typed, first=3)]


@pytest.mark.parametrize(
    ("typed", "seen"),
    [("London, UK", "LHR"), ("Paris, France", "CDG"), ("Los Angeles, CA", "LAX")],
)
def test_a_place_written_with_its_country_is_found(
    demo: AirportMatcher, typed: str, seen: str
) -> None:
    # (what follows the comma is for the reader: the place before it is what is looked for)
    first = demo.matches(typed)[0]
    assert (first.airport.iata_code, first.plain) == (seen, True)
