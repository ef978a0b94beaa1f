"""Every table, imported once so `metadata` is complete (Alembic and tests use this)."""

from __future__ import annotations

from data.base import metadata
from data.booking.models import Booking, BookingSegment, Passenger, SeatAssignment, Ticket
from data.idempotency.models import IdempotencyKey
from data.outbox.models import JobFailure, OutboxMessage, SentEmail
from data.payments.models import Payment, WebhookEvent
from data.pricing.models import FareBrand
from data.reference.models import AircraftType, Airline, Airport, CabinLayout
from data.schedule.models import Flight, FlightInventory
from data.users.models import User

__all__ = [
    "AircraftType",
    "Airline",
    "Airport",
    "Booking",
    "BookingSegment",
    "CabinLayout",
    "FareBrand",
    "Flight",
    "FlightInventory",
    "IdempotencyKey",
    "JobFailure",
    "OutboxMessage",
    "Passenger",
    "Payment",
    "SeatAssignment",
    "SentEmail",
    "Ticket",
    "User",
    "WebhookEvent",
    "metadata",
]
