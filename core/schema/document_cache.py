"""The parser and validation caches, bounded in entries and in bytes.

Strawberry's ``ParserCache`` and ``ValidationCache`` are ``functools.lru_cache``
bounded by a count, but entries differ a thousandfold in size: a parsed
document keeps every token (with its location, for error messages), about
500 bytes per token, so a 2,000-token document costs a megabyte and 1,000
distinct ones a gigabyte. Here each entry is charged an estimate of its
memory and the least recently used entries go once the total passes
``max_bytes``.

The validation cache is keyed on the query text (with the rules), not on the
parsed document as Strawberry's is: a key that is a document keeps the whole
document alive after the parser cache let it go. Only documents that validate
are kept, in either cache: refusing a document again is cheap (the limits are
checked first), while keeping every distinct hostile document would fill the
caches with them, pin their tokens through the errors' nodes, and make every
full garbage collection walk them (a few hundred milliseconds per collection
with the caches full, measured).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Hashable, Iterator, Mapping
from typing import Any

from graphql import DocumentNode, GraphQLError, Node, Token, parse
from strawberry.extensions import SchemaExtension

from core.lru import LRU
from core.schema.source import LocatedSource

BYTES_PER_TOKEN = 600
"""A parsed token's share of the document's memory: 150-560 bytes measured with
tracemalloc (graphql-core 3.3, CPython 3.11) for fields, arguments, strings and
comments alike; the text of names and strings is charged separately."""

ENTRY_OVERHEAD_BYTES = 400
"""Charged per entry for the key tuple, the ordered dict's node and the list of errors."""


def token_count(document: DocumentNode) -> int | None:
    """The tokens a parsed document keeps (its linked list), or None without locations."""
    if document.loc is None:
        return None
    count = 0
    token: Token | None = document.loc.start_token
    while token is not None:
        count += 1
        token = token.next
    return count


def forget_tokens(document: DocumentNode) -> None:
    """Drop the parser's tokens from ``document``'s locations, keeping their offsets.

    Each location keeps its first and last token, and the tokens are a doubly
    linked list: a cached document would keep every token of its text alive,
    about as many objects again as its nodes, in reference cycles that every
    full garbage collection walks. Errors need only the offsets and the source
    (``GraphQLError`` reads ``loc.start`` and ``loc.source``); nothing after
    parsing reads the tokens.
    """
    stack: list[Node] = [document]
    while stack:
        node = stack.pop()
        location = node.loc
        if location is not None:
            location.start_token = location.end_token = None  # type: ignore[assignment]
        for key in node.keys:
            value = getattr(node, key, None)
            if isinstance(value, Node):
                stack.append(value)
            elif isinstance(value, tuple | list):
                stack.extend(item for item in value if isinstance(item, Node))


def document_cost(query: str, document: DocumentNode | None) -> int:
    """Estimated bytes that ``document`` (parsed from ``query``) and its text keep alive."""
    text = sys.getsizeof(query)
    tokens = token_count(document) if document is not None else None
    if tokens is None:  # no locations: charge by characters, one token per character at worst
        tokens = len(query)
    return ENTRY_OVERHEAD_BYTES + text + tokens * BYTES_PER_TOKEN


class DocumentCaches:
    """One application's parser and validation caches (shared by every request)."""

    def __init__(self, *, max_entries: int, max_bytes: int) -> None:
        self.parsed: LRU[Hashable, DocumentNode] = LRU(max_entries, max_bytes=max_bytes)
        self.validated: LRU[Hashable, list[GraphQLError]] = LRU(max_entries, max_bytes=max_bytes)

    def parse(self, query: str, options: Mapping[str, Any]) -> DocumentNode:
        """``query`` parsed with ``options``, from the cache when it was parsed before.

        Syntax errors (the token limit's included) are raised and not kept.
        """
        key = (query, tuple(sorted(options.items())))
        found = self.parsed.get(key)
        if found is not None:
            return found
        document = parse(LocatedSource(query), **options)
        cost = document_cost(query, document)
        forget_tokens(document)
        self.parsed.put(key, document, cost)
        return document

    def validate(
        self,
        query: str,
        options: Mapping[str, Any],
        rules: Hashable,
        validate: Callable[[], list[GraphQLError]],
    ) -> list[GraphQLError]:
        """The errors of ``query``'s document under ``rules``; no errors are kept.

        A document with errors is also dropped from the parser cache.
        """
        key = (query, rules)
        kept = self.validated.get(key)
        if kept is not None:
            return kept
        errors = validate()
        if errors:
            self.parsed.discard((query, tuple(sorted(options.items()))))
        else:
            self.validated.put(key, errors, ENTRY_OVERHEAD_BYTES + sys.getsizeof(query))
        return errors


class CachedParsing(SchemaExtension):
    """Parses through :class:`DocumentCaches` (in place of Strawberry's ``ParserCache``)."""

    def __init__(self, caches: DocumentCaches) -> None:
        self.caches = caches

    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        if context.query is not None and context.graphql_document is None:
            context.graphql_document = self.caches.parse(context.query, context.parse_options)
        yield
