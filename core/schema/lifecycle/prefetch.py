"""A page of candidates loads its relations in one pass, before GraphQL walks it.

Resolved field by field, each of ``call``, ``cohort``, ``hostCompany`` and
``latestScreeningDecision`` is an awaitable per candidate: 400 on a page of
100, each awaiting a DataLoader future that graphql-core gathers object by
object (three quarters of the page's GraphQL time, ``bench.breakdown``). The
statements are the same either way (one batch per relation); what this saves
is the machinery. The ``candidates`` resolver calls :func:`prefetch` with its
page: for each relation the query selects on the node (fragments included)
and the caller may read (the field's own permission classes decide, once), it
loads the page's keys with the same loader, in one gather, and hands each
candidate its values, which the fields then return as they are.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Sequence
from typing import Any

from strawberry.types.nodes import FragmentSpread, InlineFragment, SelectedField, Selection

from core.schema.base import Info
from core.schema.lifecycle.types import (
    Candidate,
    HostCompany,
    Prefetched,
    RecruitmentCall,
    ScreeningDecision,
    TrainingCohort,
)
from core.schema.permissions import refusing

RELATIONS = {
    "call": "call",
    "cohort": "cohort",
    "hostCompany": "host_company",
    "latestScreeningDecision": "latest_screening_decision",
}
"""GraphQL name of each relation loaded in one pass, and the Python name it is kept under."""


def _fields(selections: Iterable[Selection]) -> Iterable[SelectedField]:
    """The fields of ``selections``, fragments flattened."""
    for selection in selections:
        if isinstance(selection, SelectedField):
            yield selection
        elif isinstance(selection, FragmentSpread | InlineFragment):
            yield from _fields(selection.selections)


def node_fields(info: Info) -> set[str]:
    """Names of the fields selected on ``edges { node { ... } }`` of this connection."""
    names: set[str] = set()
    for connection in _fields(info.selected_fields):
        for edges in _fields(connection.selections):
            if edges.name != "edges":
                continue
            for node in _fields(edges.selections):
                if node.name == "node":
                    names.update(field.name for field in _fields(node.selections))
    return names


async def _readable(info: Info, names: Iterable[str]) -> list[str]:
    """The relations among ``names`` the caller may read (refused ones are not loaded)."""
    return [name for name in names if await refusing(info, "Candidate", name) is None]


async def prefetch(info: Info, candidates: Sequence[Candidate]) -> None:
    """Load the selected relations of ``candidates`` and give each its own."""
    if not candidates:
        return
    wanted = await _readable(info, [name for name in RELATIONS if name in node_fields(info)])
    if not wanted:
        return
    loaders = info.context.loaders
    rows = [candidate.row for candidate in candidates]
    calls = {row.call_id for row in rows} if "call" in wanted else set()
    cohorts = {row.cohort_id for row in rows if row.cohort_id is not None}
    companies = {row.host_company_id for row in rows if row.host_company_id is not None}
    keys = [candidate._key for candidate in candidates]
    found_calls, found_cohorts, found_companies, histories = await asyncio.gather(
        loaders.call.load_many(sorted(calls)) if "call" in wanted else _none(),
        loaders.cohort.load_many(sorted(cohorts)) if "cohort" in wanted else _none(),
        loaders.host_company.load_many(sorted(companies)) if "hostCompany" in wanted else _none(),
        loaders.decisions.load_many(keys) if "latestScreeningDecision" in wanted else _none(),
    )
    call_of = {r.id: RecruitmentCall.from_row(r) for r in found_calls if r is not None}
    cohort_of = {r.id: TrainingCohort.from_row(r) for r in found_cohorts if r is not None}
    company_of = {r.id: HostCompany.from_row(r) for r in found_companies if r is not None}
    for index, candidate in enumerate(candidates):
        row = candidate.row
        values: Prefetched = {}
        if row.call_id in call_of:  # a call not found is left to the field, which fails
            values["call"] = call_of[row.call_id]
        if "cohort" in wanted:
            values["cohort"] = cohort_of.get(row.cohort_id) if row.cohort_id else None
        if "hostCompany" in wanted:
            values["host_company"] = (
                company_of.get(row.host_company_id) if row.host_company_id else None
            )
        if "latestScreeningDecision" in wanted:
            history = histories[index]
            values["latest_screening_decision"] = (
                ScreeningDecision.from_row(history[-1]) if history else None
            )
        candidate.prefetched = values


async def _none() -> list[Any]:
    """Nothing to load for a relation that is not wanted."""
    return []
