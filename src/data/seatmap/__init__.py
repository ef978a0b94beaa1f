"""Seat maps: the seats of a cabin layout, their features, prices and availability."""
