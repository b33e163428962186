"""The answer of a compiled query: each root field's JSON text as the database wrote it,
for the endpoint to splice into the response without parsing it."""

from __future__ import annotations


class RawJSON(str):
    """JSON text, written into the response as it is."""

    __slots__ = ()


class Spliced(dict[str, RawJSON]):
    """``data`` of a compiled answer: each root field's response key and JSON text, in
    the order of the operation's selection."""
