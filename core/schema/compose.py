"""Composing core's schema with the plugins' GraphQL contributions.

Strawberry's ``merge_types`` only warns on a duplicate field and lets the first
type win, and a duplicate type name fails without saying whose it is. Before
merging, each plugin's contribution is built into a schema of its own, and
every root field and type name it defines is compared with core's and with the
other plugins'. Any collision stops the start-up with a message naming both
owners. The schema is built once; a plugin change needs a restart.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pluggy
import strawberry
from graphql import GraphQLError, GraphQLObjectType
from strawberry.extensions import SchemaExtension
from strawberry.schema.config import StrawberryConfig
from strawberry.tools import merge_types
from strawberry.types import ExecutionContext
from strawberry.types.base import has_object_definition

from core.db.errors import find_outage
from core.domain.contracts import GraphQLContribution
from core.errors import DomainValidationError, PluginConfigurationError
from core.observation import Outcome, describe_operation, note_graphql_outcome
from core.plugins.registry import call_per_plugin
from core.schema.accounts.mutations import AccountsMutation
from core.schema.accounts.queries import AccountsQuery
from core.schema.associations.mutations import AssociationsMutation
from core.schema.associations.queries import AssociationsQuery
from core.schema.audit.queries import AuditQuery
from core.schema.catalogue.queries import CatalogueQuery
from core.schema.changes.queries import ChangesQuery
from core.schema.changes.subscriptions import ChangesSubscription
from core.schema.company_audits.mutations import CompanyAuditsMutation
from core.schema.company_audits.queries import CompanyAuditsQuery
from core.schema.country_details import CountryDetailsSchema, country_details_schema
from core.schema.difficulties.mutations import DifficultiesMutation
from core.schema.difficulties.queries import DifficultiesQuery
from core.schema.dispatch.mutations import DispatchMutation
from core.schema.entry.mutations import EntryMutation
from core.schema.enum_descriptions import describe_enum_values
from core.schema.esd_fields.mutations import EsdFieldsMutation
from core.schema.esd_fields.queries import EsdFieldsQuery
from core.schema.esd_plans.mutations import EsdPlansMutation
from core.schema.esd_plans.queries import EsdPlansQuery
from core.schema.events.mutations import EventsMutation
from core.schema.events.queries import EventsQuery
from core.schema.fees.mutations import FeesMutation
from core.schema.fees.queries import FeesQuery
from core.schema.field_permissions import decide_once_per_request
from core.schema.interviews.mutations import InterviewsMutation
from core.schema.interviews.queries import InterviewsQuery
from core.schema.language.mutations import LanguageMutation
from core.schema.language.queries import LanguageQuery
from core.schema.lectures.mutations import LecturesMutation
from core.schema.lectures.queries import LecturesQuery
from core.schema.lifecycle.mutations import (
    LifecycleMutation,
    call_mutation,
    candidate_data_mutation,
)
from core.schema.lifecycle.queries import LifecycleQuery
from core.schema.localized_introspection import LocalizedIntrospection
from core.schema.plans.mutations import PlansMutation
from core.schema.plans.queries import PlansQuery
from core.schema.reference.mutations import ReferenceMutation
from core.schema.reference.queries import ReferenceQuery
from core.schema.relay.queries import RelayQuery
from core.schema.reports.queries import ReportsQuery
from core.schema.scalars import SCALARS
from core.schema.security import TIME_LIMIT_EXCEEDED
from core.schema.ssw.mutations import SswMutation
from core.schema.ssw.queries import SswQuery
from core.schema.stages.mutations import StagesMutation
from core.schema.stages.queries import StagesQuery
from core.schema.statistics.queries import StatisticsQuery
from core.schema.training.mutations import TrainingMutation
from core.schema.transfers.mutations import TransfersMutation
from core.schema.transfers.queries import TransfersQuery
from core.schema.transition.queries import TransitionQuery
from core.services.parameters import CustomRule
from core.settings import Settings

CORE_QUERIES: tuple[type, ...] = (
    CatalogueQuery,
    LifecycleQuery,
    AccountsQuery,
    AuditQuery,
    EventsQuery,
    AssociationsQuery,
    StatisticsQuery,
    InterviewsQuery,
    LecturesQuery,
    ChangesQuery,
    ReferenceQuery,
    StagesQuery,
    CompanyAuditsQuery,
    DifficultiesQuery,
    FeesQuery,
    ReportsQuery,
    PlansQuery,
    TransitionQuery,
    EsdFieldsQuery,
    EsdPlansQuery,
    LanguageQuery,
    SswQuery,
    TransfersQuery,
    RelayQuery,
)
CORE_MUTATIONS: tuple[type, ...] = (
    AccountsMutation,
    LifecycleMutation,
    TrainingMutation,
    PlansMutation,
    EntryMutation,
    DispatchMutation,
    EventsMutation,
    AssociationsMutation,
    InterviewsMutation,
    ReferenceMutation,
    StagesMutation,
    CompanyAuditsMutation,
    DifficultiesMutation,
    FeesMutation,
    LecturesMutation,
    EsdFieldsMutation,
    EsdPlansMutation,
    LanguageMutation,
    SswMutation,
    TransfersMutation,
)
CORE_SUBSCRIPTIONS: tuple[type, ...] = (ChangesSubscription,)


def core_mutations(
    details: CountryDetailsSchema, rules: tuple[CustomRule, ...] = ()
) -> tuple[type, ...]:
    """Core's mutation classes, with those typed by the plugins: the call's criteria
    (their adjustable custom rules, ``rules``) before the lifecycle's, and the
    candidates' country details (:mod:`core.schema.country_details`) after them."""
    at = CORE_MUTATIONS.index(LifecycleMutation)
    return (
        *CORE_MUTATIONS[:at],
        call_mutation(rules),
        LifecycleMutation,
        candidate_data_mutation(details),
        *CORE_MUTATIONS[at + 1 :],
    )


CORE = "core"
_PROBE_NAME = "ImjapanContributionProbe"


@strawberry.type(name=_PROBE_NAME)
class _Probe:
    """Stands in for the Query of a contribution that only adds mutations."""

    ok: bool = True


@dataclass(frozen=True)
class PluginContribution:
    plugin: str
    contribution: GraphQLContribution


def collect_contributions(pm: pluggy.PluginManager, settings: Settings) -> list[PluginContribution]:
    """Call ``country_graphql`` plugin by plugin, in plugin-name order."""
    contributions = []
    for name, plugin in sorted(pm.list_name_plugin()):
        if plugin is None:
            continue
        try:
            results = call_per_plugin(pm, "country_graphql", plugin, settings=settings)
        except Exception as exc:
            raise PluginConfigurationError(
                name, f"country_graphql raised {type(exc).__name__}: {exc}"
            ) from exc
        if not results:
            continue
        contribution = results[0]
        if not isinstance(contribution, GraphQLContribution):
            raise PluginConfigurationError(
                name,
                f"country_graphql returned {type(contribution).__name__}, "
                "expected GraphQLContribution",
            )
        for root in ("query", "mutation"):
            cls = getattr(contribution, root)
            if cls is not None and not has_object_definition(cls):
                raise PluginConfigurationError(
                    name, f"country_graphql {root} must be a Strawberry type, got {cls!r}"
                )
        contributions.append(PluginContribution(name, contribution))
    return contributions


graphql_logger = logging.getLogger("imjapan.graphql")


def is_bug(error: GraphQLError) -> bool:
    """Whether ``error`` comes from an exception nobody raised on purpose.

    Syntax, validation and limit errors have no original error; refusals
    (permissions, a resolver's ``GraphQLError`` with a code) and
    :class:`~core.errors.DomainValidationError` are raised on purpose.
    """
    original = error.original_error
    if find_outage(original) is not None:  # a busy or unavailable database: logged in one line
        return False
    return original is not None and not isinstance(original, (GraphQLError, DomainValidationError))


def error_outcome(error: GraphQLError) -> Outcome:
    """``server_error`` for a bug, an operation stopped at the time limit or by a busy
    or unavailable database; ``client_error`` for everything else."""
    if (
        is_bug(error)
        or (error.extensions or {}).get("code") == TIME_LIMIT_EXCEEDED
        or find_outage(error.original_error) is not None
    ):
        return "server_error"
    return "client_error"


class ObservedSchema(strawberry.Schema):
    """A schema that logs a client's mistakes as such.

    Strawberry's ``process_errors`` logs every error at ERROR with a
    traceback, so a typo in a query looks like an outage. Here a client's
    error (syntax, validation, limits, permission refusals, refused input) is
    one INFO line with its message and code, an operation stopped at the time
    limit one WARNING line, and only an unexpected exception (a bug) an ERROR
    with its traceback. Strawberry calls this before ``MaskErrors`` rewrites
    the errors, so the log keeps what production hides from the client. Each
    error's outcome also goes to the request's metrics.
    """

    def process_errors(
        self,
        errors: list[GraphQLError],
        execution_context: ExecutionContext | None = None,
    ) -> None:
        operation = describe_operation(execution_context)[0] if execution_context else None
        for error in errors:
            outcome = error_outcome(error)
            note_graphql_outcome(outcome)
            fields = {
                "code": (error.extensions or {}).get("code"),
                "path": ".".join(str(part) for part in error.path) if error.path else None,
                "operation": operation,
            }
            extra = {key: value for key, value in fields.items() if value is not None}
            if is_bug(error):
                graphql_logger.error(
                    "unexpected error in a GraphQL operation: %s",
                    error.message,
                    exc_info=error.original_error,
                    extra=extra,
                )
            elif outcome == "server_error":
                graphql_logger.warning("GraphQL operation stopped: %s", error.message, extra=extra)
            else:
                graphql_logger.info("GraphQL request refused: %s", error.message, extra=extra)


def schema_config() -> StrawberryConfig:
    return StrawberryConfig(disable_field_suggestions=True, scalar_map=SCALARS)


def build_schema(
    contributions: Sequence[PluginContribution],
    *,
    details: CountryDetailsSchema | None = None,
    rules: tuple[CustomRule, ...] = (),
    extensions: Sequence[Callable[[], SchemaExtension]] = (),
) -> strawberry.Schema:
    """Merge core's root types with every contribution into one schema.

    ``details`` are the types generated from the plugins' country details models
    (:func:`core.schema.country_details.country_details_schema`); they belong to core's
    part, and a contribution's type of the same name collides with them. ``rules`` are
    the plugins' adjustable custom rules (:func:`core.services.parameters.custom_rules`),
    each a member of ``RuleParametersInput``.

    Raises:
        PluginConfigurationError: a contribution is not a valid schema by itself,
            or one of its root fields or type names is already taken.
    """
    details = details or country_details_schema(())
    mutations_of_core = core_mutations(details, rules)
    core = strawberry.Schema(
        query=merge_types("Query", CORE_QUERIES),
        mutation=merge_types("Mutation", mutations_of_core),
        subscription=merge_types("Subscription", CORE_SUBSCRIPTIONS),
        types=details.types,
        config=schema_config(),
    )
    field_owners = {
        f"{root}.{name}": CORE for root, names in root_fields(core).items() for name in names
    }
    type_owners = {name: (CORE, origin) for name, origin in named_types(core).items()}
    for item in contributions:
        schema = isolated_schema(item)
        for root, names in root_fields(schema).items():
            for name in names:
                key = f"{root}.{name}"
                if key in field_owners:
                    raise PluginConfigurationError(
                        item.plugin,
                        f"GraphQL field {key} collides with the one of {_owner(field_owners[key])}",
                    )
                field_owners[key] = item.plugin
        for name, origin in named_types(schema).items():
            owner = type_owners.get(name)
            if owner is None:
                type_owners[name] = (item.plugin, origin)
            elif owner[1] is not origin:
                raise PluginConfigurationError(
                    item.plugin,
                    f"GraphQL type {name} collides with the one of {_owner(owner[0])}",
                )

    queries = [c.contribution.query for c in contributions if c.contribution.query]
    mutations = [c.contribution.mutation for c in contributions if c.contribution.mutation]
    extra_types = [*details.types, *(t for c in contributions for t in c.contribution.types)]
    schema = ObservedSchema(
        query=merge_types("Query", (*CORE_QUERIES, *queries)),
        mutation=merge_types("Mutation", (*mutations_of_core, *mutations)),
        subscription=merge_types("Subscription", CORE_SUBSCRIPTIONS),
        types=extra_types,
        extensions=[*extensions, LocalizedIntrospection],
        config=schema_config(),
    )
    describe_enum_values(schema._schema)
    decide_once_per_request(schema)
    return schema


def isolated_schema(item: PluginContribution) -> strawberry.Schema:
    contribution = item.contribution
    try:
        return strawberry.Schema(
            query=contribution.query or _Probe,
            mutation=contribution.mutation,
            types=list(contribution.types),
            config=schema_config(),
        )
    except Exception as exc:
        raise PluginConfigurationError(
            item.plugin, f"country_graphql types do not form a valid schema: {exc}"
        ) from exc


def root_fields(schema: strawberry.Schema) -> dict[str, list[str]]:
    gql = schema._schema
    roots: dict[str, list[str]] = {}
    for label, root in (("Query", gql.query_type), ("Mutation", gql.mutation_type)):
        if isinstance(root, GraphQLObjectType) and root.name != _PROBE_NAME:
            roots[label] = list(root.fields)
    return roots


def named_types(schema: strawberry.Schema) -> dict[str, object]:
    """Each named type defined by Strawberry code, with the Python object behind it."""
    gql = schema._schema
    roots = {
        root.name for root in (gql.query_type, gql.mutation_type, gql.subscription_type) if root
    }
    named: dict[str, object] = {}
    for name, concrete in schema.schema_converter.type_map.items():
        if name in roots:
            continue
        definition = concrete.definition
        named[name] = (
            getattr(definition, "origin", None)
            or getattr(definition, "wrapped_cls", None)
            or definition
        )
    return named


def _owner(owner: str) -> str:
    return "core" if owner == CORE else f"plugin '{owner}'"
