"""fareCalendar: the lowest price per day of a month on a route."""
