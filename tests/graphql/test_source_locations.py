"""Error locations from core.schema.source are those graphql-core computes."""

from __future__ import annotations

import pytest
from graphql import Source

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
