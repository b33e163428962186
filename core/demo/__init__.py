"""The demo data set of ``imjapan seed-demo``: see :mod:`core.demo.builder`."""

from core.demo.builder import (
    WAVE_MONTHS_AGO,
    WEIGHTS,
    DemoRefused,
    DemoReport,
    Stop,
    allocate,
    census,
    remove_demo_data,
    seed_demo,
)

__all__ = [
    "WAVE_MONTHS_AGO",
    "WEIGHTS",
    "DemoRefused",
    "DemoReport",
    "Stop",
    "allocate",
    "census",
    "remove_demo_data",
    "seed_demo",
]
