"""Fare brands and the price of an itinerary."""
