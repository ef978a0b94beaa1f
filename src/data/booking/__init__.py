"""Bookings: holds, passengers, tickets and seats."""
