"""Amounts as travellers read them."""

from __future__ import annotations

import pytest

from storefront.formatting import money


@pytest.mark.parametrize(
    ("amount", "shown", "on_a_seat"),
    [
        ("12480.15", "EUR 12,480.15", "€12,480.15"),
        ("1234567", "EUR 1,234,567", "€1,234,567"),
        ("990.00", "EUR 990.00", "€990"),
        ("12.50", "EUR 12.50", "€12.50"),
        ("0.05", "EUR 0.05", "€0.05"),
        ("abc", "EUR abc", "EUR abc"),  # (what is no amount is shown as it came)
    ],
)
def test_an_amount_reads_in_thousands_with_its_currency(
    amount: str, shown: str, on_a_seat: str
) -> None:
    assert money({"amount": amount, "currency": "EUR"}) == shown
    assert money({"amount": amount, "currency": "EUR"}, short=True) == on_a_seat


def test_a_currency_without_a_sign_keeps_its_code_on_a_seat() -> None:
    assert money({"amount": "1500.00", "currency": "CHF"}, short=True) == "CHF 1,500"
