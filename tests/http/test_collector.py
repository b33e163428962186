"""The garbage collector's tuning for a served process (core/http/collector.py)."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from core.http.collector import OLDER_THRESHOLDS, tune
from core.settings import GC_THRESHOLD, Settings


@pytest.fixture
def restored_collector() -> Iterator[None]:
    """Whatever a test sets, the test process gets its collector back."""
    thresholds = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*thresholds)


@pytest.mark.usefixtures("restored_collector")
def test_tune_freezes_what_exists_and_sets_the_threshold() -> None:
    gc.unfreeze()
    built = [object() for _ in range(10)]
    tune(Settings())
    assert gc.get_freeze_count() > len(built)
    assert gc.get_threshold() == (GC_THRESHOLD, *OLDER_THRESHOLDS)


@pytest.mark.usefixtures("restored_collector")
def test_tune_can_be_turned_off() -> None:
    gc.unfreeze()
    gc.set_threshold(700, 10, 10)
    tune(Settings(gc_freeze=False, gc_threshold=0))
    assert gc.get_freeze_count() == 0
    assert gc.get_threshold() == (700, 10, 10)
