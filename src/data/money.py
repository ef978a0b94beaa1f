"""Money as integer minor units of an ISO 4217 currency, and its decimal form.

Most currencies have two decimals; these differ (the yen has none, the Kuwaiti dinar three), so
`12990` is `129.90` euros but `12990` yen.
"""

from __future__ import annotations

from decimal import Decimal

EXPONENTS = {"BHD": 3, "CLP": 0, "IQD": 3, "ISK": 0, "JOD": 3, "JPY": 0, "KRW": 0, "KWD": 3,
             "OMR": 3, "TND": 3, "UGX": 0, "VND": 0, "XAF": 0, "XOF": 0}  # fmt: skip
"""ISO 4217 minor-unit exponents other than the usual two."""


def exponent(currency: str) -> int:
    """Decimals of the currency's major unit (2 unless `EXPONENTS` says otherwise)."""
    return EXPONENTS.get(currency.upper(), 2)


def decimal_amount(minor: int, currency: str) -> str:
    """`12345, "EUR"` -> `"123.45"`; `12345, "JPY"` -> `"12345"`; `-5, "EUR"` -> `"-0.05"`."""
    places = EXPONENTS.get(currency, 2) if currency.isupper() else exponent(currency)
    if places == 2:  # (the common case, on every price a search shows: integers only)
        whole, cents = divmod(abs(minor), 100)
        return f"{'-' if minor < 0 else ''}{whole}.{cents:02d}"
    return f"{Decimal(minor).scaleb(-places):.{places}f}"
