"""searchFlights: offers for a trip, sorted, filtered and paginated."""
