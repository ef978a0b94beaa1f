"""Reference data: airports, airlines, aircraft types and their cabin layouts."""
