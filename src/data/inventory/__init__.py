"""Seat inventory reads: flights with their cabins, and the versions that date cached searches."""
