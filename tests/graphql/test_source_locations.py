"""Error locations from core.schema.source are those graphql-core computes."""

from __future__ import annotations

import pytest
from graphql import Source
from starlette.testclient import TestClient

from core.schema.document_cache import DocumentCaches
from core.schema.source import LocatedSource

BODIES = [
    "{ a }",
    "{\n  a\n  b(x: 1)\n}\n",
    "{\r\n  a\r\n}\r\n",
    "{\r  a\r\r  b }",
    "\n\n\r\n\r{ a }\n",
    "",
]


@pytest.mark.parametrize("body", BODIES)
def test_every_position_has_the_location_graphql_core_gives(body: str) -> None:
    ours, theirs = LocatedSource(body), Source(body)
    for position in range(len(body) + 1):
        assert ours.get_location(position) == theirs.get_location(position), position


def test_a_syntax_error_in_a_long_one_line_document_is_located_as_before() -> None:
    from graphql import GraphQLSyntaxError, parse

    body = "{ " + "a " * 3000 + "}"
    errors = []
    for source in (Source(body), LocatedSource(body)):
        with pytest.raises(GraphQLSyntaxError) as raised:
            parse(source, max_tokens=2000)
        errors.append((raised.value.message, raised.value.locations))
    assert errors[0] == errors[1]


def test_a_cached_document_keeps_no_tokens_and_its_errors_keep_their_locations(
    client: TestClient,
) -> None:
    """core.schema.document_cache.forget_tokens: the offsets stay, the token list goes."""
    document = DocumentCaches(max_entries=4, max_bytes=1 << 20).parse(
        "{\n  countries { code }\n}", {}
    )
    nodes = [document, *document.definitions]
    assert all(node.loc is not None and node.loc.start_token is None for node in nodes)
    assert [node.loc.start for node in nodes if node.loc] == [0, 0]
    # A valid document is cached; the field error it meets is located from the
    # cached nodes' offsets as it was from the fresh ones (line 2, column 3).
    query = "{\n  me { email }\n}"
    for _ in range(2):  # parsed, then from the cache
        body = client.post("/graphql", json={"query": query}).json()
        assert body["errors"][0]["locations"] == [{"line": 2, "column": 3}], body
