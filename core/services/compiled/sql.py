"""One SQL statement per root field of a compiled plan, whose single value is the
field's JSON text, built by the database (:mod:`.encoding`).

A connection's statement: a CTE reads the page's rows by an index (the filters
and the caller's scope in its WHERE, the cursor as ``id > :after``, one row more
than the page to know whether another follows) and a second keeps the page's
own; each kept row's object is built from that CTE, with its relations to one
row by their key LEFT JOINed and the latest screening decision as a correlated
subquery (as the screening loader orders them: the highest id). The rows are
read once: reading them again by their keys cost PostgreSQL a scan of a small
table per page (``docs/performance.md``). ``totalCount`` is the sum of the kept
tallies (:mod:`core.services.tallies`) when the scope and the filters are about
countries and statuses only, as ``count_candidates`` reads it, else a count of
the same conditions. A by-id lookup reads its row within the scope. Nothing is
read that the plan does not ask for, but for the columns of the page's rows.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    BindParameter,
    Integer,
    Select,
    String,
    Text,
    and_,
    bindparam,
    case,
    cast,
    func,
    literal,
    null,
    outerjoin,
    select,
)
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.orm import aliased
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import col

from core.auth.scope import Scope
from core.db.models import (
    Account,
    AuthSession,
    Candidate,
    HostCompany,
    RecruitmentCall,
    ScreeningDecision,
    Tally,
    TrainingCohort,
)
from core.db.session import Database
from core.lru import LRU
from core.services import accounts, pages, tallies
from core.services.compiled import encoding
from core.services.compiled.encoding import concat, constant, or_null
from core.services.compiled.plan import (
    ById,
    Connection,
    Constant,
    Cursor,
    Edges,
    Node,
    ObjectField,
    PageField,
    PageInfo,
    Related,
    Scalar,
    TotalCount,
)
from core.services.pages import column_order

TABLES: dict[str, Any] = {
    "Candidate": Candidate,
    "RecruitmentCall": RecruitmentCall,
    "TrainingCohort": TrainingCohort,
    "HostCompany": HostCompany,
    "ScreeningDecision": ScreeningDecision,
}
"""The table of each compiled type (core.schema.compiled.mapping declares its fields)."""


@dataclass(frozen=True)
class PageArguments:
    """A page's values for one request: its size, the key after which it starts (the
    cursor's), and the list's filters by name (values as stored)."""

    first: int
    after: int | None
    filters: tuple[tuple[str, Any], ...] = ()


@dataclass(frozen=True)
class ListSpec:
    """A list the compiler pages: its table, the name and order its cursors carry
    (as its resolver's :class:`core.services.pages.Order`), and its conditions."""

    model: Any
    name: str
    order_name: str
    descending: bool
    conditions: Callable[[Scope, frozenset[str]], list[ColumnElement[bool]]]
    total: Callable[[Scope, frozenset[str]], ColumnElement[Any] | None] = lambda scope, f: None
    """``totalCount`` from the kept tallies when they answer it (else None: count rows)."""


def parameter(name: str, kind: Any = String) -> BindParameter[Any]:
    """A value bound per request (the statement is prepared once per shape)."""
    return bindparam(f"compiled_{name}", None, type_=kind, required=False)


def _candidate_conditions(scope: Scope, filters: frozenset[str]) -> list[ColumnElement[bool]]:
    """As ``core.services.queries.CandidateFilter.conditions`` for the filters compiled."""
    conditions = list(scope.candidates())
    if "country_code" in filters:
        conditions.append(col(Candidate.country_code) == parameter("country_code"))
    if "status" in filters:
        conditions.append(col(Candidate.status) == parameter("status"))
    return conditions


def _candidate_total(scope: Scope, filters: frozenset[str]) -> ColumnElement[Any] | None:
    """As ``core.services.queries.count_candidates``: the tallies' sum when the scope and
    the filters are about countries and statuses only (a host company's scope counts rows)."""
    if scope.host_company_id is not None:
        return None
    if scope.nothing:
        return literal(0)
    question = tallies.StatusQuestion(countries=scope.countries, statuses=scope.statuses)
    conditions = tallies.status_conditions(question)
    if "country_code" in filters:
        conditions.append(col(Tally.country_code) == parameter("country_code"))
    if "status" in filters:
        conditions.append(col(Tally.figure) == literal(tallies.STATUS) + parameter("status"))
    total = select(func.coalesce(func.sum(col(Tally.count)), 0)).where(*conditions)
    return total.correlate(None).scalar_subquery()


def _call_conditions(scope: Scope, filters: frozenset[str]) -> list[ColumnElement[bool]]:
    """As ``core.services.listings.recruitment_calls``."""
    return [col(RecruitmentCall.country_code) == parameter("country_code"), *scope.calls()]


LISTS: dict[str, ListSpec] = {
    "candidates": ListSpec(
        Candidate, "candidate", "id:asc", False, _candidate_conditions, _candidate_total
    ),
    "recruitment_calls": ListSpec(
        RecruitmentCall, "recruitment_call", "newest", True, _call_conditions
    ),
}


ToOne = Callable[[Scope, Any], ColumnElement[bool]]
"""The ON condition of a relation to at most one row by its key, within the scope,
from the candidate's row (the table, or the page's rows as :class:`Candidate`)."""


def _call(scope: Scope, candidate: Any) -> ColumnElement[bool]:
    """As the ``call`` loader: by the candidate's key, within the scope's calls."""
    return and_(col(RecruitmentCall.id) == candidate.call_id, *scope.calls())


def _cohort(scope: Scope, candidate: Any) -> ColumnElement[bool]:
    return and_(col(TrainingCohort.id) == candidate.cohort_id, *scope.cohorts())


def _host_company(scope: Scope, candidate: Any) -> ColumnElement[bool]:
    """As the ``host_company`` loader: unscoped (the candidate is in scope already)."""
    return and_(col(HostCompany.id) == candidate.host_company_id)


JOINED: dict[str, tuple[Any, ToOne]] = {
    "candidate.call": (RecruitmentCall, _call),
    "candidate.cohort": (TrainingCohort, _cohort),
    "candidate.host_company": (HostCompany, _host_company),
}
"""Relations read by a LEFT JOIN of the candidate's row (its table and ON condition).

A correlated subquery per relation costs a lookup per row that the planner
cannot share: on the bench data PostgreSQL scanned the 220 calls once per
candidate, a third of the 100-candidate page's statement. Joined, it can
memoize the lookups of rows that share a call or a cohort (2.8 to 2.4 ms,
``docs/performance.md``)."""

Correlated = Callable[[Scope, Select[Any], Any], Select[Any]]


def _latest_screening_decision(scope: Scope, statement: Select[Any], candidate: Any) -> Select[Any]:
    """As ``Candidate.latestScreeningDecision``: the last of the decisions loader's
    rows, which it orders by id."""
    return (
        statement.where(col(ScreeningDecision.candidate_id) == candidate.id)
        .order_by(col(ScreeningDecision.id).desc())
        .limit(1)
    )


CORRELATED: dict[str, Correlated] = {
    "candidate.latest_screening_decision": _latest_screening_decision,
}
"""Relations read by a correlated subquery (one row of several, by their order)."""

Joins = dict[str, tuple[Any, ColumnElement[bool]]]
"""The LEFT JOINs a row's object needs, by relation: the table and its ON condition."""


def joined(model: Any, joins: Joins) -> Any:
    """``model``'s table with the relations ``joins`` names LEFT JOINed to it."""
    source = model
    for target, on in joins.values():
        source = outerjoin(source, target, on)
    return source


class Builder:
    """Builds the statements of one request: a dialect and the caller's scope."""

    def __init__(self, dialect: str, scope: Scope) -> None:
        self.dialect = dialect
        self.scope = scope

    # Objects ----------------------------------------------------------------

    def object(
        self, type_name: str, fields: Sequence[ObjectField], joins: Joins, row: Any = None
    ) -> ColumnElement[str]:
        """The JSON object of a row of ``type_name``: ``row`` (its table unless given) in
        the enclosing FROM, with the relations this adds to ``joins`` LEFT JOINed to it."""
        model = TABLES[type_name] if row is None else row
        members: list[tuple[str, ColumnElement[str]]] = []
        for field in fields:
            if isinstance(field, Constant):
                members.append((field.key, constant(_string(field.value))))
            elif isinstance(field, Scalar):
                value = getattr(model, field.column)
                members.append(
                    (
                        field.key,
                        encoding.scalar(
                            field.kind,
                            value,
                            self.dialect,
                            type_name=field.type_name,
                            enum=field.enum,
                        ),
                    )
                )
            else:
                members.append((field.key, self.related(field, joins, model)))
        return encoding.json_object(members)

    def related(self, field: Related, joins: Joins, row: Any) -> ColumnElement[str]:
        """A relation's object from ``row``, or ``null``: from a joined row, or a
        correlated subquery."""
        target = TABLES[field.type_name]
        if field.relation in JOINED:
            table, on = JOINED[field.relation]
            joins.setdefault(field.relation, (table, on(self.scope, row)))
            found = self.object(field.type_name, field.fields, joins)
            return case((col(target.id).is_(None), constant("null")), else_=found)
        inner: Joins = {}
        statement = select(self.object(field.type_name, field.fields, inner))
        statement = CORRELATED[field.relation](self.scope, statement, row)
        source = joined(target, inner)
        return or_null(statement.select_from(source).correlate(row).scalar_subquery())

    # Root fields --------------------------------------------------------------

    def by_id(self, root: ById) -> Select[Any]:
        model = TABLES[root.type_name]
        if model is not Candidate:  # pragma: no cover (the walk knows candidate(id:) only)
            raise LookupError(root.type_name)
        joins: Joins = {}
        found = (
            select(self.object(root.type_name, root.fields, joins))
            .select_from(joined(model, joins))
            .where(col(model.id) == parameter("key", Integer), *self.scope.candidates())
            .correlate(None)
            .scalar_subquery()
        )
        return select(or_null(found))

    def connection(self, root: Connection, shape: Shape) -> Select[Any]:
        spec = LISTS[root.list_name]
        model = spec.model
        key = col(model.id)
        conditions = spec.conditions(self.scope, shape.filters)
        ordered = key.desc() if spec.descending else key.asc()
        keyset = list(conditions)
        if shape.after:
            after = parameter("after", Integer)
            keyset.append(key < after if spec.descending else key > after)
        page = (
            select(model.__table__)
            .where(*keyset)
            .order_by(ordered)
            .limit(parameter("more", Integer))
            .correlate(None)
            .cte("compiled_page")
        )
        kept_order = page.c.id.desc() if spec.descending else page.c.id.asc()
        kept = (
            select(page)
            .order_by(kept_order)
            .limit(parameter("first", Integer))
            .cte("compiled_kept")
        )
        members: list[tuple[str, ColumnElement[str]]] = []
        for field in root.fields:
            if isinstance(field, Constant):
                members.append((field.key, constant(_string(field.value))))
            elif isinstance(field, TotalCount):
                total = spec.total(self.scope, shape.filters)
                if total is None:
                    counted = select(func.count()).select_from(model).where(*conditions)
                    total = counted.correlate(None).scalar_subquery()
                members.append((field.key, cast(total, Text)))
            elif isinstance(field, Edges):
                members.append((field.key, self.edges(root, spec, field, kept)))
            else:
                members.append((field.key, self.page_info(spec, field, page, kept)))
        return select(encoding.json_object(members))

    def edges(
        self, root: Connection, spec: ListSpec, field: Edges, kept: Any
    ) -> ColumnElement[str]:
        row = aliased(spec.model, kept)
        key = cast_column(row.id)
        members: list[tuple[str, ColumnElement[str]]] = []
        joins: Joins = {}
        for item in field.fields:
            if isinstance(item, Constant):
                members.append((item.key, constant(_string(item.value))))
            elif isinstance(item, Cursor):
                members.append(
                    (item.key, encoding.cursor(spec.name, spec.order_name, key, self.dialect))
                )
            else:
                assert isinstance(item, Node)
                members.append((item.key, self.object(root.type_name, item.fields, joins, row)))
        rows: Select[Any] = (
            select(encoding.json_object(members).label("e"), key.label("k"))
            .select_from(joined(row, joins))
            .correlate(None)
        )
        if self.dialect == encoding.POSTGRESQL:
            inner = rows.subquery("compiled_rows")
            order = inner.c.k.desc() if spec.descending else inner.c.k.asc()
            listed = func.string_agg(inner.c.e, aggregate_order_by(constant(","), order))
        else:
            # SQLite keeps the subquery's order for an aggregate over it (it never
            # flattens an ordered subquery into an aggregate).
            inner = rows.order_by(key.desc() if spec.descending else key.asc()).subquery(
                "compiled_rows"
            )
            listed = func.group_concat(inner.c.e, constant(","))
        text = select(func.coalesce(listed, constant(""), type_=String)).correlate(None)
        return concat(constant("["), text.scalar_subquery(), constant("]"))

    def page_info(
        self, spec: ListSpec, field: PageInfo, page: Any, kept: Any
    ) -> ColumnElement[str]:
        members: list[tuple[str, ColumnElement[str]]] = []
        first_key = func.max(kept.c.id) if spec.descending else func.min(kept.c.id)
        last_key = func.min(kept.c.id) if spec.descending else func.max(kept.c.id)
        for item in field.fields:
            if isinstance(item, Constant):
                members.append((item.key, constant(_string(item.value))))
                continue
            assert isinstance(item, PageField)
            if item.name == "hasNextPage":
                counted = select(func.count()).select_from(page).scalar_subquery()
                more = counted > parameter("first", Integer)
                value = encoding.boolean(more)
            elif item.name == "hasPreviousPage":
                value = constant("false")
            else:
                chosen = first_key if item.name == "startCursor" else last_key
                picked = select(chosen).select_from(kept).scalar_subquery()
                value = encoding.cursor(spec.name, spec.order_name, picked, self.dialect)
            members.append((item.key, value))
        return encoding.json_object(members)


def cast_column(column: Any) -> ColumnElement[Any]:
    """A model's column as a column expression (for the type checker)."""
    found: ColumnElement[Any] = column
    return found


def _string(value: str) -> str:
    """A constant string as JSON text."""
    return json.dumps(value, ensure_ascii=False)


def after_key(list_name: str, cursor: str) -> int:
    """The key a cursor of the list ``list_name`` (plan's name) carries.

    Raises:
        PageInputError: not a cursor of this list in its order (the resolver path
            refuses it, with its message).
    """
    spec = LISTS[list_name]
    order = column_order(spec.order_name, col(spec.model.id), descending=spec.descending)
    (key,) = pages.decode(cursor, spec.name, order, "after")
    return int(key)


Request = tuple[ById, int] | tuple[Connection, PageArguments]
"""A root field of the plan with its values for this request."""


@dataclass(frozen=True)
class Shape:
    """What a connection's statement depends on besides the plan and the scope."""

    after: bool
    filters: frozenset[str]


@dataclass(frozen=True)
class Prepared:
    """A statement compiled for one dialect: its SQL, and its parameters in order
    (the scope's values already in ``values``; the request's added by name)."""

    sql: str
    names: tuple[str, ...]
    values: dict[str, Any]

    def parameters(self, given: dict[str, Any]) -> tuple[Any, ...]:
        values = self.values | given
        return tuple(values[name] for name in self.names)


MAX_PREPARED = 1000
_prepared: LRU[tuple[Any, ...], Prepared] = LRU(MAX_PREPARED)
"""Statements by (root field, scope, shape, dialect), least recently used dropped:
building a page's statement and its cache key costs milliseconds; this costs a lookup."""


def _prepare(statement: Select[Any], dialect: Dialect) -> Prepared:
    compiled = statement.compile(dialect=dialect, compile_kwargs={"render_postcompile": True})
    names = tuple(compiled.positiontup or ())
    return Prepared(sql=compiled.string, names=names, values=dict(compiled.params))


def prepared(
    root: ById | Connection,
    shape: Shape | None,
    scope: Scope,
    dialect: Dialect,
    *,
    checked: bool = False,
) -> Prepared:
    key = (root, shape, scope, dialect.name, checked)
    found = _prepared.get(key)
    if found is not None:
        return found
    builder = Builder(dialect.name, scope)
    if isinstance(root, ById):
        statement = builder.by_id(root)
    else:
        assert shape is not None
        statement = builder.connection(root, shape)
    if checked:
        statement = _after_sign_in_check(statement)
    found = _prepare(statement, dialect)
    _prepared.put(key, found)
    return found


def _after_sign_in_check(statement: Select[Any]) -> Select[Any]:
    """The sign-in check's row with ``statement``'s value beside it, read only when the
    session is live: one statement, one round trip, one snapshot."""
    live = and_(col(AuthSession.revoked_at).is_(None), col(Account.active).is_(True))
    check = accounts.session_check(parameter("session"), parameter("account", Integer))
    return check.add_columns(case((live, statement.scalar_subquery()), else_=null()))


def _bound(
    request: Request, scope: Scope, dialect: Dialect, checked: bool
) -> tuple[Prepared, dict[str, Any]]:
    """The statement of one root field and this request's values for it."""
    root, values = request
    if isinstance(root, ById):
        assert isinstance(values, int)
        return prepared(root, None, scope, dialect, checked=checked), {"compiled_key": values}
    assert isinstance(values, PageArguments)
    filters = dict(values.filters)
    shape = Shape(after=values.after is not None, filters=frozenset(filters))
    given = {
        "compiled_first": values.first,
        "compiled_more": values.first + 1,
        "compiled_after": values.after,
        **{f"compiled_{name}": value for name, value in filters.items()},
    }
    return prepared(root, shape, scope, dialect, checked=checked), given


async def read(connection: AsyncConnection, requests: Sequence[Request], scope: Scope) -> list[str]:
    """The JSON text of each root field: one statement each."""
    texts: list[str] = []
    for request in requests:
        statement, given = _bound(request, scope, connection.dialect, checked=False)
        result = await connection.exec_driver_sql(statement.sql, statement.parameters(given))
        texts.append(str(result.scalar_one()))
    return texts


async def read_signed_in(
    db: Database,
    request: Request,
    scope: Scope,
    account_id: int,
    session_id: str,
) -> tuple[Sequence[Any] | None, str | None]:
    """The sign-in check of ``session_id`` and, in the same statement, the JSON text of
    ``request`` read within ``scope``: the check's row (:data:`accounts.SESSION_COLUMNS`,
    None when the account has no such session) and the text (None unless the session
    is live).

    The scope is the caller's guess of the actor (the one this token had a moment
    ago); it must compare the actor of the row with that guess before using the text.
    """
    statement, given = _bound(request, scope, db.engine.dialect, checked=True)
    given |= {"compiled_session": session_id, "compiled_account": account_id}
    row = await db.first_row(statement.sql, statement.parameters(given))
    if row is None:
        return None, None
    *check, text = row
    return check, None if text is None else str(text)
