"""Offers: priced itineraries behind signed, expiring ids, re-priced on every read."""
