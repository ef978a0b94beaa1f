"""Time zones by IANA name, one `ZoneInfo` per name for the life of the process.

`ZoneInfo(name)` keeps only a few zones strongly cached; with hundreds of airports a search
would otherwise read zone files from disk again and again.
"""

from __future__ import annotations

from functools import cache
from zoneinfo import ZoneInfo

zone = cache(ZoneInfo)
"""The zone called `name` (e.g. "Europe/London")."""
