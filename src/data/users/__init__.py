"""Customer and staff accounts."""
