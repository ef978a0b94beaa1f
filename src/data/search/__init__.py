"""Flight search: direct and connecting itineraries from the schedule, priced into offers."""
