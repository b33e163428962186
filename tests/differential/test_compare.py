"""The differential test's judge: what it calls the same answer, and what it reports.

The two "paths" here are small Starlette apps that answer from a script, so
that each case (a byte of difference, errors spelled differently, a resolver
path whose errors vary from run to run) is made on purpose.
"""

from __future__ import annotations

import asyncio
import itertools
import json
from collections.abc import Iterator
from typing import Any

import pytest
from starlette.applications import Starlette
from starlette.requests import Request as HttpRequest
from starlette.responses import Response
from starlette.routing import Route

from tests.differential import compare, paths
from tests.differential.compare import Answer, Verdict, agree, judge, within
from tests.differential.corpus import Request

JSON = "application/graphql-response+json; charset=utf-8"
QUERY = Request(source="generated #7", query="{ candidates { totalCount } }")


def answer(body: Any, status: int = 200, content_type: str = JSON) -> Answer:
    text = body if isinstance(body, str) else json.dumps(body, separators=(",", ":"))
    return Answer(status=status, content_type=content_type, body=text.encode())


FORBIDDEN = {"message": "this needs one of the roles: admin", "extensions": {"code": "FORBIDDEN"}}
INVALID = {"message": "first: must be between 1 and 100", "extensions": {"code": "INVALID"}}


def test_the_same_bytes_agree_and_one_byte_more_does_not() -> None:
    page = {"data": {"candidates": {"totalCount": 3}}}
    assert agree(answer(page), answer(page))
    assert not agree(answer(page), answer(json.dumps(page, indent=1)))
    assert not agree(answer({"data": {"candidates": {"totalCount": 4}}}), answer(page))


def test_status_and_content_type_must_match() -> None:
    page = {"data": {"candidates": {"totalCount": 3}}}
    assert not agree(answer(page, status=400), answer(page))
    assert not agree(answer(page, content_type="application/json"), answer(page))


def test_an_error_answer_agrees_by_its_data_and_errors() -> None:
    refused = {"data": None, "errors": [FORBIDDEN, INVALID]}
    spelled_otherwise = json.dumps({"errors": [FORBIDDEN, INVALID], "data": None}, indent=2)
    assert agree(answer(spelled_otherwise), answer(refused))
    assert not agree(answer({"data": None, "errors": [INVALID, FORBIDDEN]}), answer(refused))
    assert not agree(answer({"data": None, "errors": [FORBIDDEN]}), answer(refused))


def test_within_takes_only_errors_the_resolver_path_gave() -> None:
    runs = [
        answer({"data": None, "errors": [INVALID]}),
        answer({"data": None, "errors": [INVALID, FORBIDDEN]}),
    ]
    assert within(answer({"data": None, "errors": [FORBIDDEN, INVALID]}), runs)
    other = {"message": "another", "extensions": {"code": "FORBIDDEN"}}
    assert not within(answer({"data": None, "errors": [INVALID, other]}), runs)
    assert not within(answer({"data": {"candidates": None}, "errors": [INVALID]}), runs)
    assert not within(answer({"data": None}), runs)


def scripted(bodies: list[Any], statuses: list[int] | None = None) -> Starlette:
    """An app that answers POST /graphql with ``bodies`` in turn, over and over (with
    ``statuses`` in turn, 200 without)."""
    turns: Iterator[tuple[Any, int]] = itertools.cycle(
        zip(bodies, itertools.cycle(statuses or [200]))
    )

    async def graphql(request: HttpRequest) -> Response:
        await request.body()
        body, status = next(turns)
        return Response(
            json.dumps(body, separators=(",", ":")), status_code=status, media_type=JSON
        )

    return Starlette(routes=[Route("/graphql", graphql, methods=["POST"])])


def verdict(compiled: list[Any], resolved: list[Any], statuses: list[int] | None = None) -> Verdict:
    """The judge's verdict on apps answering ``compiled`` and ``resolved`` in turn (the
    compiled one with ``statuses`` in turn)."""

    async def run() -> Verdict:
        async with paths.started(scripted(compiled, statuses), scripted(resolved)) as both:
            return await judge(both, "host_company", QUERY, {})

    return asyncio.run(run())


def test_a_resolver_path_that_varies_is_unstable_not_different() -> None:
    some = {"data": None, "errors": [INVALID]}
    more = {"data": None, "errors": [INVALID, FORBIDDEN]}
    assert verdict([some], [more, some]) == Verdict(unstable=True)
    assert verdict([more], [some, some, more]) == Verdict(unstable=True)
    assert verdict([more], [more]) == Verdict()


def test_a_difference_shows_the_query_the_role_and_both_answers() -> None:
    found = verdict(
        [{"data": {"candidates": {"totalCount": 4}}}],
        [{"data": {"candidates": {"totalCount": 3}}}],
    )
    assert found.difference is not None and not found.unstable
    shown = str(found.difference)
    assert shown.startswith("=== generated #7, role host_company\n")
    assert QUERY.query in shown
    assert '-      "totalCount": 3' in shown and '+      "totalCount": 4' in shown
    assert "--- resolver path answered:\nHTTP 200 " in shown


def test_errors_the_resolver_path_never_gives_are_a_difference() -> None:
    other = {"message": "another", "extensions": {"code": "FORBIDDEN"}}
    found = verdict(
        [{"data": None, "errors": [other]}],
        [{"data": None, "errors": [INVALID]}, {"data": None, "errors": [INVALID, FORBIDDEN]}],
    )
    assert found.difference is not None and found.difference.unstable
    assert "(the resolver path's own answers varied)" in str(found.difference)


def test_a_fallback_that_varies_on_the_compiled_app_is_unstable_not_different() -> None:
    # The compiled app gave the rarer answer first, the resolver app the common one
    # every time: asked again, the compiled app gives the common one too.
    some = {"data": None, "errors": [INVALID]}
    more = {"data": None, "errors": [INVALID, FORBIDDEN]}
    assert verdict([more, some], [some]) == Verdict(unstable=True)
    # A compiled answer that never changes and never matches stays a difference.
    steady = verdict([{"data": {"candidates": {"totalCount": 4}}}], [some])
    assert steady.difference is not None


def test_an_outage_answer_is_asked_again_not_compared(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(compare, "OUTAGE_PAUSE_SECONDS", 0)
    page = {"data": {"candidates": {"totalCount": 3}}}
    down = {"errors": [{"message": "down", "extensions": {"code": "SERVICE_UNAVAILABLE"}}]}
    assert verdict([down, page], [page], statuses=[503, 200]) == Verdict()
    # Down on every try: compared as it is, a difference.
    assert verdict([down], [page], statuses=[503]).difference is not None
