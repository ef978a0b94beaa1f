"""Seat-map rows as the page lays them out."""

from __future__ import annotations

from storefront.seats import AISLE, with_aisles


def test_a_one_two_one_row_has_two_aisles_not_three() -> None:
    # given a business row A | D G | K, as the API gives it (D and G are both AISLE seats)
    seats = [
        {"designator": "1A", "features": ["WINDOW", "AISLE"], "aisleAfter": True},
        {"designator": "1D", "features": ["AISLE"], "aisleAfter": False},
        {"designator": "1G", "features": ["AISLE"], "aisleAfter": True},
        {"designator": "1K", "features": ["WINDOW", "AISLE"], "aisleAfter": False},
    ]
    # when it is laid out, then the aisles run only where the API says, the pair stays together
    laid_out = with_aisles(seats)
    assert [s["designator"] if s is not AISLE else "|" for s in laid_out] == [
        "1A",
        "|",
        "1D",
        "1G",
        "|",
        "1K",
    ]
