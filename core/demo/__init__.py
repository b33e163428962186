"""A clearly fake demo data set, so that GraphiQL has something to show.

``imjapan seed-demo`` calls :func:`seed_demo`. Every row is made by the same
service functions the mutations use (``core.services``, ``core.auth``), so
every validation rule applies and the data is consistent: candidates are
registered to a call, tested, screened against its criteria, trained in a
cohort, dispatched, moved between stages and returned, each step on a date the
services accept.

Names come from Faker (seeded, so a seed gives the same data set on the same
day; dates are counted back from ``today``). Nothing here is a real person,
company, phone number or address, and every record is recognisable as demo.

The parts:

- :mod:`~core.demo.markers`: how a demo row is recognised (``DEMO-`` labels,
  ``(demo)`` names, ``@example.invalid`` accounts), the census of demo and
  other rows, and the check that refuses a database holding real data;
- :mod:`~core.demo.planning`: what to make (the stops of the pipeline and their
  shares, the dates of each wave, the Faker and random choices);
- :mod:`~core.demo.builder`: the writing, through the services, in the
  caller's one transaction, with :mod:`~core.demo.career` (training to
  return) and :mod:`~core.demo.activities` (interviews, associations, events,
  accounts);
- :mod:`~core.demo.removal`: deleting the demo rows and nothing else.
"""

from core.demo.builder import seed_demo
from core.demo.markers import Census, DemoRefused, census
from core.demo.planning import WAVE_MONTHS_AGO, WEIGHTS, Stop, allocate
from core.demo.removal import remove_demo_data
from core.demo.run import DemoAccount, DemoReport

__all__ = [
    "WAVE_MONTHS_AGO",
    "WEIGHTS",
    "Census",
    "DemoAccount",
    "DemoRefused",
    "DemoReport",
    "Stop",
    "allocate",
    "census",
    "remove_demo_data",
    "seed_demo",
]
