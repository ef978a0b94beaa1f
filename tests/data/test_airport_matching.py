"""Airport autocomplete ranks what people type: codes, cities, names, accents, typos."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

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
    assert codes("london")[:4] == ["LHR", "LCY", "LGW", "YXU"]


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
    # then "ny" finds New York right after the code that starts with it (its hub first), and
    # before the name that only holds the letters
    assert [a.iata_code for a in several.search("ny")] == ["NYA", "JFK", "LGA", "NBO"]
    # and "sp" finds São Paulo, written with dots or spaces too
    assert codes("sp") == ["SAO"]
    assert codes("s.p.") == ["SAO"]
    assert codes("S P") == ["SAO"]


def test_blank_or_unknown_gives_nothing() -> None:
    assert codes("   ") == []
    assert codes("qqqqqq") == []


def test_first_limits_results() -> None:
    assert len(codes("london", first=2)) == 2


@given(st.text(max_size=30))
def test_any_input_is_safe_and_bounded(text: str) -> None:
    assert len(matcher.search(text, first=5)) <= 5
    assert normalise(text) == normalise(normalise(text))


@given(st.text(alphabet="abcdef", max_size=8), st.text(alphabet="abcdef", max_size=8))
def test_edit_distance_is_symmetric(a: str, b: str) -> None:
    assert within_edits(a, b, 2) == within_edits(b, a, 2)
    assert within_edits(a, a, 0)
