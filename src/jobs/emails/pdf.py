"""The itinerary and e-ticket receipt attached to the confirmation email (reportlab)."""

from __future__ import annotations

from io import BytesIO
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from data.itinerary.service import Itinerary
from jobs.emails.render import duration, local_time, money

_GRID = TableStyle(
    [
        ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
        ("FONTSIZE", (0, 0), (-1, -1), 8.5),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef7")),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#9aa8bd")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
)


def itinerary_pdf(itinerary: Itinerary) -> bytes:
    """A one-page PDF: record locator, passengers with e-ticket numbers, flights in local times."""
    styles = getSampleStyleSheet()
    buffer = BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=f"Skyport itinerary {itinerary.reference}",
        author="Skyport",
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
    )
    passengers = [["Passenger", "Type", "E-ticket number", "Seats"]] + [
        [
            t.full_name,
            t.type.title(),
            t.ticket_number or "not issued",
            ", ".join(f"{flight} {seat}" for flight, seat in t.seats) or "-",
        ]
        for t in itinerary.travellers
    ]
    flights = [["Flight", "From", "Departs (local)", "To", "Arrives (local)", "Duration"]] + [
        [
            f"{f.designator}\n{f.cabin.replace('_', ' ').title()}",
            f"{f.origin.city} ({f.origin.iata_code})",
            local_time(f.departs_at),
            f"{f.destination.city} ({f.destination.iata_code})",
            local_time(f.arrives_at),
            duration(f.duration_minutes),
        ]
        for f in itinerary.flights
    ]
    story = [
        Paragraph("Skyport e-ticket itinerary receipt", styles["Title"]),
        Paragraph(
            f"Booking reference (record locator): <b>{itinerary.reference}</b>", styles["Heading2"]
        ),
        Paragraph(
            f"Status: {itinerary.status.title()} &nbsp;·&nbsp; Fare: {escape(itinerary.fare_brand)}"
            f" &nbsp;·&nbsp; Total: {money(itinerary.total_minor, itinerary.currency)}",
            styles["Normal"],
        ),
        Spacer(1, 6 * mm),
        Paragraph("Passengers", styles["Heading3"]),
        Table(passengers, style=_GRID, repeatRows=1),
        Spacer(1, 6 * mm),
        Paragraph("Flights", styles["Heading3"]),
        Table(flights, style=_GRID, repeatRows=1),
        Spacer(1, 6 * mm),
        Paragraph(
            "Times are local to each airport, with their offset from UTC. "
            "Present this receipt and a valid travel document at check-in.",
            styles["Italic"],
        ),
    ]
    document.build(story)
    return buffer.getvalue()
