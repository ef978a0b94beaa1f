"""Offers: signed, expiring, re-priced on every read."""
