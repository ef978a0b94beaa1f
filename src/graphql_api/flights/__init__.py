"""Flights as GraphQL nodes, filled by DataLoaders and the in-memory reference directory."""
