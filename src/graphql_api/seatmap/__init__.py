"""seatMap: the seats of one cabin of a flight."""
