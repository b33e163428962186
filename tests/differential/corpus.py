"""The hand-written part of the corpus: the queries the docs show and the ones the
frontend sends.

- every GraphQL block of README.md and docs/*.md (as tests/test_docs.py finds
  them) that holds a query;
- the TypeScript client's operations (clients/typescript/src/operations/*.graphql,
  each file sent whole with the operation's name, as the client sends it).

Mutations and subscriptions are left out: a mutation writes, so its second run
would not meet the database its first run met (and the compiled path serves
reads only). An operation's variables come from :data:`VARIABLES`, by variable
name; each operation runs once per set of values, and a required variable
without values fails the test, so that a new operation in the docs cannot slip
out of the corpus.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graphql import OperationDefinitionNode, OperationType, parse

from core.services.queries import encode_cursor
from tests.client import global_id

ROOT = Path(__file__).resolve().parents[2]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
CLIENT_OPERATIONS = sorted(
    (ROOT / "clients" / "typescript" / "src" / "operations").glob("*.graphql")
)

VARIABLES: dict[str, list[Any]] = {
    "id": [
        global_id("Candidate", 1),
        global_id("Candidate", 40),
        global_id("HostCompany", 1),
        global_id("Candidate", 99_999),
    ],
    "first": [20, 3, 100],
    "last": [2, 5],
    "after": [None, encode_cursor(3)],
    "before": [None, encode_cursor(30)],
    "filter": [
        {"countryCode": "TH", "status": "REGISTERED"},
        {"countryCode": "VN"},
        {"status": "IN_JAPAN_II"},
        {"name": "ng"},
        None,
    ],
    "name": ["ng", "Nguyễn", "ি"],
}
"""Values of the docs' and the client's variables, by name (the first of each list is
the guide's own; ids and cursors name rows of the seeded data set)."""


@dataclass(frozen=True)
class Request:
    """One operation to send to both paths."""

    source: str
    query: str
    operation_name: str | None = None
    variables: dict[str, Any] | None = None

    def body(self) -> dict[str, Any]:
        found: dict[str, Any] = {"query": self.query}
        if self.operation_name:
            found["operationName"] = self.operation_name
        if self.variables is not None:
            found["variables"] = self.variables
        return found


def graphql_blocks(text: str) -> list[str]:
    return re.findall(r"```graphql\n(.*?)```", text, re.DOTALL)


def variable_sets(operation: OperationDefinitionNode, where: str) -> list[dict[str, Any] | None]:
    """The sets of values ``operation`` runs with: the i-th set takes each variable's
    i-th value (cycling), as many sets as the longest list has values."""
    definitions = operation.variable_definitions or ()
    if not definitions:
        return [None]
    names = [definition.variable.name.value for definition in definitions]
    required = [
        definition.variable.name.value
        for definition in definitions
        if definition.type.kind == "non_null_type" and definition.default_value is None
    ]
    missing = [name for name in required if name not in VARIABLES]
    assert not missing, f"{where}: give values for {missing} in tests/differential/corpus.py"
    known = [name for name in names if name in VARIABLES]
    count = max((len(VARIABLES[name]) for name in known), default=1)
    return [
        {name: VARIABLES[name][i % len(VARIABLES[name])] for name in known} for i in range(count)
    ]


def requests_of(document: str, where: str, *, whole: bool) -> list[Request]:
    """The requests of ``document``'s queries: each query sent alone (a docs block holds
    one), or, ``whole``, the document with the operation's name (a client file)."""
    found: list[Request] = []
    for definition in parse(document).definitions:
        if not isinstance(definition, OperationDefinitionNode):
            continue
        if definition.operation is not OperationType.QUERY:
            continue
        name = definition.name.value if definition.name else None
        label = f"{where} {name or '(anonymous query)'}"
        for number, variables in enumerate(variable_sets(definition, label), start=1):
            found.append(
                Request(
                    source=f"{label} #{number}",
                    query=document,
                    operation_name=name if whole else None,
                    variables=variables,
                )
            )
    return found


def documented() -> list[Request]:
    """The queries of the docs' GraphQL blocks."""
    found: list[Request] = []
    for page in PAGES:
        for number, block in enumerate(graphql_blocks(page.read_text(encoding="utf-8")), start=1):
            where = f"{page.relative_to(ROOT)} block {number}"
            found += requests_of(block, where, whole=False)
    return found


def frontend() -> list[Request]:
    """The queries the TypeScript client sends."""
    found: list[Request] = []
    for path in CLIENT_OPERATIONS:
        found += requests_of(
            path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)), whole=True
        )
    return found


def requests() -> list[Request]:
    """The hand-written corpus, in a fixed order."""
    return [*documented(), *frontend()]
