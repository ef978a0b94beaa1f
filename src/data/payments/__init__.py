"""Payments and the provider webhooks that settle them."""
