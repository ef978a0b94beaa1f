"""Process tuning for serving: the cyclic garbage collector, settled once start-up is done.

A web process starts with a few hundred thousand long-lived objects (the schema, the reference
directory, the route map, imported modules) and then allocates many short-lived ones per request,
nearly all freed by reference counting. With CPython's defaults a young collection runs every 700
allocations and each full collection walks every long-lived object again: under the search
benchmark that was about a sixth of the process's time. Freezing what start-up built moves it out
of the collector's reach (a cycle among those objects is never freed: start-up builds none that
it later drops), and a larger young generation means fewer collections; cycles among objects
made later are collected as ever. The price is a longer pause per young collection (3–12 ms; an
answered request leaves no reference cycles, so they are rare: a few per thousand searches, see
docs/operations.md). Stopping the app undoes both.
"""

from __future__ import annotations

import gc
from collections.abc import Callable

YOUNG_THRESHOLD = 20_000
"""Allocations between young-generation collections (CPython's default is 700)."""


def settle_garbage_collector() -> Callable[[], None]:
    """Collect once, freeze every object alive now and collect the young generation less often;
    returns what undoes it."""
    thresholds = gc.get_threshold()
    gc.collect()
    gc.freeze()
    gc.set_threshold(YOUNG_THRESHOLD, *thresholds[1:])

    def restore() -> None:
        gc.unfreeze()
        gc.set_threshold(*thresholds)

    return restore
