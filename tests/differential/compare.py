"""Sending one request to both paths and saying how their answers differ.

An answer is its status, content type and body bytes. The two answers agree
when all three are the same; where the resolver path answers with errors, the
bodies may also agree as parsed JSON (the same ``data`` and the same
``errors``), since the compiled path hands such documents to the resolvers and
only the envelope's spelling could differ. A request answered without errors is
sent to the compiled app a second time, when the endpoint's fast lane answers
it, and must get the same bytes again (:func:`answered_again`).

One thing the resolver path does not answer the same way twice: when a field
that may not be null fails and its null reaches the root (``"data": null``),
graphql-core stops waiting for the other root fields, so which of their errors
make it into the list depends on timing (seen with ``events(first: 0)`` beside
fields a host company may not read). So before calling two answers different,
both paths are asked again (:data:`REASKS` times at most; the compiled app
runs the same resolvers for a document it does not know): if any of their
answers agree, they agree; if its own answers vary, the
compiled answer must have the same status, type and data, and errors that the
resolver path gave in one of its runs (:func:`within`). Such documents are
counted as unstable. An answer 503 (the database unavailable or busy, which a
loaded machine can cause) is not compared: both are asked again after a pause.
Anything else is a difference, reported with the
document, the variables, the role and all the answers.
"""

from __future__ import annotations

import asyncio
import difflib
import json
from dataclasses import dataclass
from typing import Any

import httpx2

from tests.differential.corpus import Request
from tests.differential.paths import Paths

REASKS = 8
"""Times the resolver path is asked again before two answers are called different."""


@dataclass(frozen=True)
class Answer:
    status: int
    content_type: str
    body: bytes

    def parsed(self) -> Any:
        try:
            return json.loads(self.body)
        except ValueError:
            return None

    def shown(self) -> str:
        """The answer as a reader compares it: status, type, the body indented."""
        parsed = self.parsed()
        body = (
            json.dumps(parsed, indent=2, ensure_ascii=False, sort_keys=False)
            if parsed is not None
            else self.body.decode("utf-8", "replace")
        )
        return f"HTTP {self.status} {self.content_type}\n{body}"


async def ask(client: httpx2.AsyncClient, request: Request, headers: dict[str, str]) -> Answer:
    response = await client.post("/graphql", json=request.body(), headers=headers)
    return Answer(
        status=response.status_code,
        content_type=response.headers.get("content-type", ""),
        body=response.content,
    )


def agree(compiled: Answer, resolved: Answer) -> bool:
    """Whether the compiled path's answer is the resolver path's."""
    if (compiled.status, compiled.content_type) != (resolved.status, resolved.content_type):
        return False
    if compiled.body == resolved.body:
        return True
    expected = resolved.parsed()
    if not isinstance(expected, dict) or not expected.get("errors"):
        return False
    found = compiled.parsed()
    return isinstance(found, dict) and (
        (found.get("data"), found.get("errors")) == (expected.get("data"), expected.get("errors"))
    )


def _errors(answer: Answer) -> list[str]:
    parsed = answer.parsed()
    errors = parsed.get("errors") if isinstance(parsed, dict) else None
    return [json.dumps(error, sort_keys=True) for error in errors or ()]


def within(compiled: Answer, resolved: list[Answer]) -> bool:
    """Whether ``compiled`` is an answer the (unstable) resolver path could give: the
    status, type and data of one of its answers, and only errors it gave."""
    parsed = compiled.parsed()
    if not isinstance(parsed, dict) or not parsed.get("errors"):
        return False
    given = {error for answer in resolved for error in _errors(answer)}
    same_data = any(
        (answer.status, answer.content_type) == (compiled.status, compiled.content_type)
        and isinstance(answer.parsed(), dict)
        and answer.parsed().get("data") == parsed.get("data")
        for answer in resolved
    )
    return same_data and set(_errors(compiled)) <= given


@dataclass(frozen=True)
class Verdict:
    """How the two paths answered one request."""

    difference: Difference | None = None
    unstable: bool = False
    """The resolver path's own answers varied from one run to the next."""


OUTAGE_RETRIES = 5
OUTAGE_PAUSE_SECONDS = 2.5
"""Longer than the pause after which an app tries the database again (2 s)."""


async def judge(both: Paths, role: str, request: Request, headers: dict[str, str]) -> Verdict:
    """Ask both paths (again, when they disagree) and compare.

    An answer 503 (the database unavailable or busy: a pooled connection waited past
    its bound on a loaded machine, the server refused a connection) says nothing of
    the path: both are asked again after a pause, :data:`OUTAGE_RETRIES` times at most.
    """
    for _ in range(OUTAGE_RETRIES):
        compiled = await ask(both.compiled, request, headers)
        resolved = [await ask(both.resolved, request, headers)]
        if 503 not in (compiled.status, resolved[0].status):
            break
        await asyncio.sleep(OUTAGE_PAUSE_SECONDS)
    if agree(compiled, resolved[0]):
        return await answered_again(both, role, request, headers, compiled, resolved[0])
    asked = [compiled]
    for _ in range(REASKS):
        resolved.append(await ask(both.resolved, request, headers))
        # The compiled app answers an unknown document with the same resolvers, as
        # unsteadily: asked again too, any pair that agrees settles it. A compiled
        # answer is the same every time, so a real difference still shows.
        asked.append(await ask(both.compiled, request, headers))
        if any(agree(mine, theirs) for mine in asked for theirs in resolved):
            return Verdict(unstable=True)
    unstable = len({answer.body for answer in resolved}) > 1
    if unstable and within(compiled, resolved):
        return Verdict(unstable=True)
    return Verdict(Difference(role, request, compiled, resolved[0], unstable=unstable))


async def answered_again(
    both: Paths,
    role: str,
    request: Request,
    headers: dict[str, str],
    compiled: Answer,
    resolved: Answer,
) -> Verdict:
    """The compiled app asked a second time must answer the same bytes.

    A document the compiled path answered once is answered from then on by the
    endpoint's fast lane (:mod:`core.http.fast_reads`), without Strawberry's
    pipeline: the second answer is the lane's. An answer with errors came from the
    resolvers, whose errors may vary with timing (see the module): not asked again.
    """
    parsed = compiled.parsed()
    if compiled.status != 200 or not isinstance(parsed, dict) or "errors" in parsed:
        return Verdict()
    for _ in range(OUTAGE_RETRIES):
        again = await ask(both.compiled, request, headers)
        if again.status != 503:
            break
        await asyncio.sleep(OUTAGE_PAUSE_SECONDS)
    if again == compiled:
        return Verdict()
    return Verdict(Difference(role, request, again, resolved))


@dataclass(frozen=True)
class Difference:
    role: str
    request: Request
    compiled: Answer
    resolved: Answer
    unstable: bool = False

    def __str__(self) -> str:
        """The query, the role, both answers and their line diff."""
        compiled, resolved = self.compiled.shown(), self.resolved.shown()
        diff = difflib.unified_diff(
            resolved.splitlines(),
            compiled.splitlines(),
            "resolver path",
            "compiled path",
            lineterm="",
        )
        variables = json.dumps(self.request.variables, ensure_ascii=False)
        return "\n".join(
            [
                f"=== {self.request.source}, role {self.role}"
                + (" (the resolver path's own answers varied)" if self.unstable else ""),
                f"--- query (operation {self.request.operation_name}, variables {variables}):",
                self.request.query.strip(),
                "--- resolver path answered:",
                resolved,
                "--- compiled path answered:",
                compiled,
                "--- diff:",
                *diff,
            ]
        )
