"""Data services: tables, engine and cache, and the business operations on them."""
