"""Process tuning for serving: the cyclic garbage collector, settled once start-up is done.

A web process starts with a few hundred thousand long-lived objects (the schema, the reference
directory, the route map, imported modules) and then allocates many short-lived ones per request,
nearly all freed by reference counting. With CPython's defaults a young collection runs every 700
allocations and each full collection walks every long-lived object again: under the search
benchmark that was about a sixth of the process's time. Freezing what start-up built moves it out
of the collector's reach for good, and a larger young generation means fewer, equally cheap
collections; cycles are still collected.
"""

from __future__ import annotations

import gc

YOUNG_THRESHOLD = 20_000
"""Allocations between young-generation collections (CPython's default is 700)."""


def settle_garbage_collector() -> None:
    """Collect once, freeze every object alive now, and collect the young generation less often."""
    gc.collect()
    gc.freeze()
    _, older, oldest = gc.get_threshold()
    gc.set_threshold(YOUNG_THRESHOLD, older, oldest)
