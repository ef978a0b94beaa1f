"""Skyport composition root: settings, embedded services, app factory and CLI."""
