"""Both read paths give the same answer to every query of the corpus.

Two apps over one seeded database: one with ``compiled_reads`` on (the
compiled read path, falling back to the resolvers for what it does not know),
one with it off (the resolver path). Every role signs in with its own account
and sends every document of the corpus (the docs' queries, the frontend's, and
the generated ones) to both; each pair of answers must agree
(:func:`tests.differential.compare.agree`). A failure shows, for the first
differences, the query, the role and both answers.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from dataclasses import dataclass, field

import pytest
from graphql import OperationDefinitionNode, OperationType, parse
from starlette.applications import Starlette

from core.settings import Settings
from tests.differential import corpus, data, generated, paths
from tests.differential.compare import Difference, judge
from tests.differential.conftest import SUMMARY

SHOWN = 5
"""Differences shown in full when the test fails (all are counted)."""


def test_the_generated_corpus_is_large_enough(generated_documents: list[str]) -> None:
    assert len(set(generated_documents)) == len(generated_documents)
    assert len(generated_documents) >= generated.MINIMUM
    roots: Counter[str] = Counter()
    for document in generated_documents:
        [operation] = parse(document).definitions
        assert isinstance(operation, OperationDefinitionNode)
        assert operation.operation is OperationType.QUERY, document
        roots.update({selection.name.value for selection in operation.selection_set.selections})  # type: ignore[attr-defined]
    # Each root the compiled path targets has (nearly) its share to itself; more come
    # from the share over every root field.
    for root in ("candidates", "candidate", "recruitmentCalls"):
        wanted = sum(n for (name, _), n in generated.SHARES.items() if name == root)
        assert roots[root] >= wanted * 9 // 10, (root, roots[root])


def test_the_corpus_has_the_docs_and_the_frontend() -> None:
    sources = {request.source.split(" ")[0] for request in corpus.requests()}
    assert {"README.md", "docs/frontend.md", "docs/cli.md"} <= sources
    assert any(source.startswith("clients/typescript/") for source in sources)


@dataclass
class Tally:
    """What one role's run found."""

    sent: int = 0
    unstable: int = 0
    differences: list[Difference] = field(default_factory=list)


async def run_role(
    both: paths.Paths, role: str, headers: dict[str, str], requests: list[corpus.Request]
) -> Tally:
    """Send every request as ``role`` to both paths, one after the other."""
    tally = Tally()
    for request in requests:
        verdict = await judge(both, role, request, headers)
        tally.sent += 1
        tally.unstable += verdict.unstable
        if verdict.difference:
            tally.differences.append(verdict.difference)
    return tally


def compiled_answers(app: Starlette) -> tuple[int, int] | None:
    """How many requests the compiled path answered itself (not handing them to the
    resolvers), and how many of those its fast lane answered; None for an app without
    one."""
    plans = getattr(app.state, "compiled_plans", None)
    return None if plans is None else (int(plans.answered), int(plans.answered_fast))


@pytest.mark.database
def test_both_paths_answer_alike(db_settings: Settings, generated_documents: list[str]) -> None:
    compiled_app, resolver_app = paths.apps(db_settings)
    data.seed(resolver_app, resolver_app.state.settings)
    hand_written = corpus.requests()
    requests = hand_written + [
        corpus.Request(source=f"generated #{number}", query=document)
        for number, document in enumerate(generated_documents, start=1)
    ]

    async def run() -> list[Tally]:
        """The roles side by side (each one's requests in order): a role's reads
        overlap another's waits for the database."""
        async with paths.started(compiled_app, resolver_app) as both:
            headers: dict[str, dict[str, str]] = {data.ANONYMOUS: {}}
            for role, email in data.ACCOUNTS.items():  # one at a time: each sign-in writes
                headers[role] = await paths.sign_in(both.resolved, email, data.PASSWORD)
            runs = (run_role(both, role, headers[role], requests) for role in data.ROLES)
            return list(await asyncio.gather(*runs))

    tallies = dict(zip(data.ROLES, asyncio.run(run()), strict=True))
    differences = [found for tally in tallies.values() for found in tally.differences]
    database = db_settings.database_url.partition(":")[0]
    answered = compiled_answers(compiled_app)
    SUMMARY.append(
        f"{database}: {len(generated_documents)} generated + {len(hand_written)} docs/frontend "
        f"documents per role on both paths; sent per role: "
        + ", ".join(f"{role} {tally.sent}" for role, tally in tallies.items())
        + "; answered by the compiled path: "
        + ("-" if answered is None else f"{answered[0]} ({answered[1]} by its fast lane)")
        + f"; {sum(t.unstable for t in tallies.values())} unstable on the resolver path itself; "
        f"{len(differences)} differences"
    )
    # Once the app has a compiled path, the corpus must reach it (else the test proves nothing).
    assert answered is None or min(answered) > 0
    assert all(t.sent == len(requests) for t in tallies.values()), tallies
    assert len(requests) - len(hand_written) >= generated.MINIMUM
    assert not differences, f"{len(differences)} answers differ between the paths:\n\n" + (
        "\n\n".join(str(difference) for difference in differences[:SHOWN])
    )
