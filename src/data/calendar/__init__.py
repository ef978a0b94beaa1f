"""Fare calendar: the lowest price per day of a month on a route, cached and kept current."""
