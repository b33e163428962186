"""The garbage collector of a served process, tuned once the app is built.

A page of 100 candidates allocates tens of thousands of short-lived objects
(GraphQL results, rows, ``Info`` objects). With Python's default threshold
(700 allocations) that starts dozens of young collections per request, and
each tenth escalates; the older generations also hold everything start-up
built (schema, plugins, the catalogue, cached documents), which every full
collection walks again. Freezing start-up's objects takes them out of every
later collection, and a higher young threshold makes collections rarer while
each still finds the same garbage (cycles are rare on the request path; most
objects are freed by reference counting).

Only the process entry points call :func:`tune` (``imjapan serve`` and its
workers, the benchmark's server): a test process builds many apps and must
not keep their objects frozen.
"""

from __future__ import annotations

import gc

from core.settings import Settings

OLDER_THRESHOLDS = (10, 10)
"""Python's own thresholds of the two older generations, kept."""


def tune(settings: Settings) -> None:
    """Collect and freeze what exists now, then set the young-generation threshold."""
    if settings.gc_freeze:
        gc.collect()
        gc.freeze()
    if settings.gc_threshold:
        gc.set_threshold(settings.gc_threshold, *OLDER_THRESHOLDS)
