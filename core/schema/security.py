"""The schema extensions that keep ``/graphql`` standing under hostile queries.

Everything here is decided by :class:`~core.settings.Settings` and built once
by :func:`security_extensions`. Extensions are handed to Strawberry as
factories, never instances, so each request gets fresh ones.

Strawberry's own ``QueryDepthLimiter`` and ``MaxAliasesLimiter`` (0.341) walk
every path through the fragments: a chain of fragments that each spread the
next one twice costs 2^n steps, so a document well under the token limit
never finishes validating. :class:`QueryShape` measures each fragment once
instead, and :class:`GuardedValidationCache` runs it before graphql-core's
rules, which then never see a document over the limits.

graphql-core's ``OverlappingFieldsCanBeMergedRule`` compares every pair of
fields that answer under the same name at the same place, so its cost grows
with the square of the repeats: 480 copies of ``agencies { name }`` cost it a
second of event-loop time (a varying argument elsewhere defeats the
validation cache). :class:`QueryShape` therefore also merges the selections
as that rule does (fragments included, each once per place) and refuses a
document that repeats one response name more than ``max_field_repeats``
times at one place, or whose merged selections pass ``max_selections``;
either check stops as soon as the limit is passed, so refusing costs little.

None of these extensions overrides ``resolve``, which would slow every field.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass, field

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
)
from strawberry.extensions import (
    DisableIntrospection,
    MaskErrors,
    MaxTokensLimiter,
    SchemaExtension,
)
from strawberry.schema.schema import validate_document

from core.db.errors import find_outage
from core.i18n import Joined, Message, current_locale, render
from core.observation import current_observation
from core.schema.coercion import NamedLiteralErrors, variable_error_message
from core.schema.document_cache import CachedParsing, DocumentCaches
from core.settings import Settings

ExtensionFactory = Callable[[], SchemaExtension]

UNEXPECTED_ERROR = "Unexpected error."
LIMIT_EXCEEDED = "LIMIT_EXCEEDED"
TIME_LIMIT_EXCEEDED = "TIME_LIMIT_EXCEEDED"

INTROSPECTION_MAX_DEPTH = 15
"""Nesting allowed below ``__schema``/``__type``, which the depth limit skips.

The standard introspection query that GraphiQL sends needs at most 14 (with
nine levels of ``ofType``, graphql-core's default); a fixed bound is enough, as
introspection is off in production.
"""

_SUGGESTION = re.compile(r"\s*Did you mean .*$", re.DOTALL)


def security_extensions(settings: Settings) -> list[ExtensionFactory]:
    """The extensions for ``settings``, in the order Strawberry should run them."""
    shape = QueryShape(
        max_depth=settings.max_query_depth,
        max_aliases=settings.max_query_aliases,
        max_field_repeats=settings.max_query_field_repeats,
        max_selections=settings.max_query_selections,
    )
    extensions: list[ExtensionFactory] = [
        lambda: MaxTokensLimiter(max_token_count=settings.max_query_tokens),
        NamedLiteralErrors,
        *cache_extensions(settings.query_cache_size, settings.query_cache_bytes, shape),
        lambda: ExecutionTimeLimit(seconds=settings.request_time_limit),
    ]
    if not settings.introspection_enabled:
        extensions.append(DisableIntrospection)
    extensions.append(ProductionErrors if settings.masks_errors else DevelopmentErrors)
    return extensions


def cache_extensions(max_entries: int, max_bytes: int, shape: QueryShape) -> list[ExtensionFactory]:
    """The parser and validation caches, bounded in entries and bytes (one pair per app)."""
    caches = DocumentCaches(max_entries=max_entries, max_bytes=max_bytes)
    return [lambda: CachedParsing(caches), lambda: GuardedValidationCache(caches, shape)]


def is_unexpected(error: GraphQLError) -> bool:
    """Whether MaskErrors hides ``error``: it comes from an exception nobody meant to show.

    Syntax, validation and limit errors have no original error; a resolver that
    refuses a request on purpose raises a ``GraphQLError`` (usually with an
    ``extensions.code``), which graphql-core wraps as the original error. Any
    other exception may carry SQL, paths or class names, so it is masked. A
    busy or unavailable database is no surprise either: it is answered with its
    own code (core.http.outage), in every profile.
    """
    original = error.original_error
    if original is None or isinstance(original, GraphQLError):
        return False
    return find_outage(original) is None


@dataclass(frozen=True)
class _Measure:
    depth: int = 0
    introspection_depth: int = 0
    aliases: int = 0


_NOTHING = _Measure()


@dataclass(frozen=True)
class QueryShape:
    """Depth and alias limits, measured in time linear in the document's size.

    Depth counts nested selection sets as Strawberry's ``QueryDepthLimiter``
    does (``{ a }`` is 0, ``{ a { b } }`` is 1) and leaves out the subtrees of
    introspection fields, which have :data:`INTROSPECTION_MAX_DEPTH` instead.
    Aliases are counted in every place a fragment is spread, so spreading one
    aliased fragment many times (the CVE-2026-47707 pattern) counts each time.
    """

    max_depth: int
    max_aliases: int
    max_field_repeats: int = 20
    max_selections: int = 10_000

    def check(self, document: DocumentNode) -> list[GraphQLError]:
        """The limit errors of ``document``; empty when it is within every limit."""
        errors = self._measure(document)
        if errors:
            return errors
        overlap = _Merger(document, self.max_field_repeats, self.max_selections).check()
        return [overlap] if overlap is not None else []

    def _measure(self, document: DocumentNode) -> list[GraphQLError]:
        meter = _Meter(document, alias_cap=self.max_aliases + 1)
        errors: list[GraphQLError] = []
        aliases = 0
        try:
            for operation in document.definitions:
                if not isinstance(operation, OperationDefinitionNode):
                    continue
                measure = meter.selections(operation.selection_set)
                name = operation.name.value if operation.name else "anonymous"
                if measure.depth > self.max_depth:
                    errors.append(
                        _limit_error(
                            f"'{name}' exceeds maximum operation depth of {self.max_depth}",
                            operation,
                        )
                    )
                if measure.introspection_depth > INTROSPECTION_MAX_DEPTH:
                    errors.append(
                        _limit_error(
                            f"'{name}' exceeds maximum introspection depth of "
                            f"{INTROSPECTION_MAX_DEPTH}",
                            operation,
                        )
                    )
                aliases += measure.aliases
        except RecursionError:
            return [_limit_error("The document is nested too deeply.", None)]
        if aliases > self.max_aliases:
            errors.append(
                _limit_error(f"Too many aliases: at most {self.max_aliases} are allowed.", None)
            )
        return errors


@dataclass
class _Meter:
    """Measures selection sets, each fragment once however often it is spread."""

    document: DocumentNode
    alias_cap: int
    fragments: dict[str, FragmentDefinitionNode] = field(init=False)
    measured: dict[str, _Measure] = field(default_factory=dict)
    measuring: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.fragments = {
            definition.name.value: definition
            for definition in self.document.definitions
            if isinstance(definition, FragmentDefinitionNode)
        }

    def selections(self, selection_set: SelectionSetNode | None) -> _Measure:
        if selection_set is None:
            return _NOTHING
        depth = introspection_depth = aliases = 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                inner = self.selections(selection.selection_set)
                aliases += inner.aliases + int(selection.alias is not None)
                if selection.selection_set is None:
                    continue
                if selection.name.value.startswith("__"):
                    introspection_depth = max(introspection_depth, 1 + inner.depth)
                else:
                    depth = max(depth, 1 + inner.depth)
                    introspection_depth = max(introspection_depth, inner.introspection_depth)
                continue
            if isinstance(selection, InlineFragmentNode):
                inner = self.selections(selection.selection_set)
            elif isinstance(selection, FragmentSpreadNode):
                inner = self.fragment(selection.name.value)
            else:  # pragma: no cover - the parser makes no other selection
                continue
            depth = max(depth, inner.depth)
            introspection_depth = max(introspection_depth, inner.introspection_depth)
            aliases += inner.aliases
        return _Measure(depth, introspection_depth, min(aliases, self.alias_cap))

    def fragment(self, name: str) -> _Measure:
        known = self.measured.get(name)
        if known is not None:
            return known
        definition = self.fragments.get(name)
        if definition is None or name in self.measuring:
            # Unknown fragments and cycles are validation errors, reported later.
            return _NOTHING
        self.measuring.add(name)
        measure = self.selections(definition.selection_set)
        self.measuring.discard(name)
        self.measured[name] = measure
        return measure


class _Merger:
    """The selections of each operation merged by place, as the overlap rule compares them.

    A place is a path of response names from the operation's root; the fields
    answering there are those of every selection set merged into it, inline
    fragments and spread fragments included (a fragment once per place,
    however often it is spread there, as the rule does). Work is bounded by
    ``max_selections`` visits, so fragments spread at many places cannot make
    the walk itself expensive.
    """

    def __init__(self, document: DocumentNode, max_repeats: int, max_selections: int) -> None:
        self.operations = [
            definition
            for definition in document.definitions
            if isinstance(definition, OperationDefinitionNode)
        ]
        self.fragments = {
            definition.name.value: definition.selection_set
            for definition in document.definitions
            if isinstance(definition, FragmentDefinitionNode)
        }
        self.max_repeats = max_repeats
        self.max_selections = max_selections

    def check(self) -> GraphQLError | None:
        visits = 0
        # Each selection set is walked with the fragments whose definitions hold
        # it (its chain): a fragment spread inside its own definition is a cycle,
        # which the standard rules refuse (NoFragmentCyclesRule), and is not
        # walked again, so a cyclic document costs a few visits instead of
        # max_selections of them. A fragment spread again at a deeper place, from
        # outside itself, is walked there as usual.
        places: list[tuple[str, list[tuple[SelectionSetNode, frozenset[str]]]]] = [
            ("", [(operation.selection_set, frozenset())]) for operation in self.operations
        ]
        while places:
            path, selection_sets = places.pop()
            fields: dict[str, list[tuple[FieldNode, frozenset[str]]]] = {}
            spread: set[str] = set()
            while selection_sets:
                selection_set, chain = selection_sets.pop()
                for selection in selection_set.selections:
                    visits += 1
                    if visits > self.max_selections:
                        return _limit_error(
                            f"The document selects more than {self.max_selections} fields "
                            "once its fragments are expanded.",
                            None,
                        )
                    if isinstance(selection, FieldNode):
                        name = (selection.alias or selection.name).value
                        fields.setdefault(name, []).append((selection, chain))
                    elif isinstance(selection, InlineFragmentNode):
                        selection_sets.append((selection.selection_set, chain))
                    elif isinstance(selection, FragmentSpreadNode):
                        fragment = selection.name.value
                        if (
                            fragment not in spread
                            and fragment not in chain
                            and fragment in self.fragments
                        ):
                            spread.add(fragment)
                            selection_sets.append((self.fragments[fragment], chain | {fragment}))
            for name, nodes in fields.items():
                place = f"{path}.{name}" if path else name
                if len(nodes) > self.max_repeats:
                    return _limit_error(
                        f"'{place}' is selected {len(nodes)} times at one place; at most "
                        f"{self.max_repeats} selections may share a response name.",
                        None,
                    )
                inner = [
                    (node.selection_set, chain)
                    for node, chain in nodes
                    if node.selection_set is not None
                ]
                if inner:
                    places.append((place, inner))
        return None


def _limit_error(message: str, node: OperationDefinitionNode | None) -> GraphQLError:
    return GraphQLError(message, node, extensions={"code": LIMIT_EXCEEDED})


class GuardedValidationCache(SchemaExtension):
    """The bounded validation cache, behind the :class:`QueryShape` limits.

    A separate extension cannot do this: Strawberry validates on entering the
    validation step unless an extension set the errors already. Here a document
    over the limits is answered with the limit errors and never reaches
    graphql-core's rules. Only documents without errors are kept.
    """

    def __init__(self, caches: DocumentCaches, shape: QueryShape) -> None:
        self.caches = caches
        self.shape = shape

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        if document is None or context.query is None:
            yield
            return
        rules = tuple(context.validation_rules)

        def validate() -> list[GraphQLError]:
            return self.shape.check(document) or validate_document(
                context.schema._schema, document, rules
            )

        errors = self.caches.validate(context.query, context.parse_options, rules, validate)
        context.pre_execution_errors = errors
        yield


class ExecutionTimeLimit(SchemaExtension):
    """Cancels an execution that runs longer than ``seconds``.

    The cancellation reaches every awaiting resolver, whose ``async with``
    blocks (sessions, transactions) unwind and give their connections back;
    the client gets a ``TIME_LIMIT_EXCEEDED`` error. A resolver that blocks the
    event loop cannot be interrupted, which is why resolvers must not.
    """

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds

    async def on_execute(self) -> AsyncIterator[None]:
        deadline = asyncio.timeout(self.seconds)
        try:
            async with deadline:
                yield
        except TimeoutError:
            if not deadline.expired():
                raise
            raise GraphQLError(
                Message(
                    "The operation ran longer than the time limit of {seconds} s and was stopped.",
                    seconds=format(self.seconds, "g"),
                ),
                extensions={"code": TIME_LIMIT_EXCEEDED},
            ) from None


def localized_error(error: GraphQLError) -> str:
    """The message of ``error`` in the request's language.

    Refusals raised on purpose (permissions, argument checks) carry a
    :class:`~core.i18n.Message`, on the error or on the error a resolver raised
    (graphql-core wraps it with its text); it is rendered here, once for every
    top-level error. A variable's value that a scalar of ours refused is named
    by the variable and field (:func:`~core.schema.coercion.variable_error_message`).
    Any other message (graphql-core's validation, a masked error) stays as it is.
    """
    message = error.message
    if not isinstance(message, Message | Joined):
        named = variable_error_message(error)
        if named is not None:
            return render(named, current_locale())
        original = error.original_error
        raised = original.message if isinstance(original, GraphQLError) else None
        if not isinstance(raised, Message | Joined) or raised != message:
            return message
        message = raised
    return render(message, current_locale())


class ProductionErrors(MaskErrors):
    """MaskErrors with :func:`is_unexpected`, which also drops "Did you mean ...?" hints.

    The hints reveal the schema that introspection no longer shows:
    ``StrawberryConfig.disable_field_suggestions`` covers unknown fields only,
    while unknown arguments, enum values and type names still suggest names.
    One extension rather than two, as each hook costs every request.
    """

    def __init__(self) -> None:
        super().__init__(should_mask_error=is_unexpected, error_message=UNEXPECTED_ERROR)

    def on_operation(self) -> Iterator[None]:
        yield from super().on_operation()
        result = self.execution_context.result
        for error in getattr(result, "errors", None) or ():
            error.message = _SUGGESTION.sub("", localized_error(error))


class DevelopmentErrors(MaskErrors):
    """Unexpected errors masked in development too, naming the request instead.

    An exception's text may carry SQL (with column names), driver exception
    names and file paths, and a development service can still be reached by
    others, so no profile shows it: the message names the request id, whose
    log lines hold the exception and its traceback. Hints stay, as
    introspection does.
    """

    def __init__(self) -> None:
        super().__init__(should_mask_error=is_unexpected, error_message=UNEXPECTED_ERROR)

    def on_operation(self) -> Iterator[None]:
        yield from super().on_operation()
        result = self.execution_context.result
        for error in getattr(result, "errors", None) or ():
            error.message = localized_error(error)

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        masked = super().anonymise_error(error)
        observation = current_observation()
        if observation is not None:
            masked.message = (
                f"Unexpected error (request {observation.request_id}); "
                "the server log has the details."
            )
        return masked
