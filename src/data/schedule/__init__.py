"""The dated flight schedule and its per-cabin inventory."""
