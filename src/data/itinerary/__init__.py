"""A booking read as a traveller sees it: flights in local times, passengers, tickets, payments."""
