"""Minor units and their decimal form, in currencies with 0, 2 and 3 decimals."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from data.money import EXPONENTS, decimal_amount, exponent
from jobs.emails.render import money

CURRENCIES = st.sampled_from(["EUR", "USD", "GBP", "JPY", "KWD", "ISK", "eur", "jpy"])


@given(minor=st.integers(min_value=-(10**12), max_value=10**12), currency=CURRENCIES)
def test_the_decimal_form_is_the_same_amount_with_the_currency_s_decimals(
    minor: int, currency: str
) -> None:
    text = decimal_amount(minor, currency)
    places = exponent(currency)
    # it reads back to exactly the minor units, with exactly the currency's decimals
    assert Decimal(text).scaleb(places) == minor
    assert len(text.partition(".")[2]) == places
    assert "." in text or places == 0


def test_known_currencies() -> None:
    assert decimal_amount(12990, "EUR") == "129.90"
    assert decimal_amount(-5, "EUR") == "-0.05"
    assert decimal_amount(12990, "JPY") == "12990"
    assert decimal_amount(12990, "KWD") == "12.990"
    assert EXPONENTS["JPY"] == 0
    # emails group thousands, with the same decimals
    assert money(123456789, "EUR") == "EUR 1,234,567.89"
    assert money(123456789, "JPY") == "JPY 123,456,789"
