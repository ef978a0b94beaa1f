"""Settling the garbage collector for serving, and undoing it."""

from __future__ import annotations

import gc

from skyport.tuning import YOUNG_THRESHOLD, settle_garbage_collector


def test_settling_freezes_start_up_and_stopping_undoes_it() -> None:
    # given CPython's collector as the process has it
    before = gc.get_threshold()
    # when it is settled, then start-up's objects are frozen and young collections are rarer
    restore = settle_garbage_collector()
    try:
        assert gc.get_freeze_count() > 0
        assert gc.get_threshold()[0] == YOUNG_THRESHOLD
        assert gc.get_threshold()[1:] == before[1:]
    finally:
        # and when the app stops, both are undone
        restore()
    assert gc.get_freeze_count() == 0
    assert gc.get_threshold() == before
