"""Deny by default: every root field and mutation carries an explicit decision,
and nothing but the catalogue is reachable from the public ones."""

from __future__ import annotations

from collections.abc import Iterator

from graphql import GraphQLNamedType, GraphQLObjectType, get_named_type
from starlette.applications import Starlette
from strawberry.types.base import StrawberryObjectDefinition

from core.schema.permissions import CASEWORK, PERSONAL, PUBLIC, Public

PUBLIC_MUTATIONS = {"login", "refreshToken"}
PERSONAL_CANDIDATE_FIELDS = {
    "applicantNumber",
    "dateOfBirth",
    "sex",
    "educationLevel",
    "educationTrack",
    "heightCm",
    "weightKg",
    "japaneseLevel",
    "priorInternshipInJapan",
    "priorWorkInJapan",
    "militaryServiceCompleted",
    "criminalRecord",
    "countryDetails",
    "returnReason",
    "history",
    "testResults",
    "screeningDecisions",
    "latestScreeningDecision",
    "trainingResults",
}
CASEWORK_CANDIDATE_FIELDS = {"call", "cohort"}
"""Recruitment and training, which embassies and host companies do not see at all."""
OPEN_CANDIDATE_FIELDS = {
    "id",
    "countryCode",
    "fullName",
    "jobField",
    "status",
    "trainingCompletedOn",
    "enteredJapanOn",
    "returnedOn",
    "returnOutcome",
    "hostCompany",
    "stages",
    # Plans and the entry chain: every role that sees the intern, plans scoped in SQL
    # (a host company sees those naming it).
    "trainingPlans",
    "entry",
    # The post-entry lectures' progress (hours per subject, what is missing): read by
    # whoever sees the intern, as the stages are.
    "lectures",
    # The steps and why they are blocked: a role's own refusals, and for a candidate
    # in training (whom only casework roles see) the training facts.
    "nextSteps",
    # TITP or ESD: read by whoever sees the person, as the status is.
    "programme",
}
"""What embassies and host companies read of the candidates they see."""


def _root_fields(app: Starlette, root: str) -> Iterator[tuple[str, list[type]]]:
    schema = app.state.schema
    definition = schema.get_type_by_name(root)
    assert isinstance(definition, StrawberryObjectDefinition)
    for field in definition.fields:
        name = schema.config.name_converter.get_graphql_name(field)
        yield name, list(field.permission_classes)


def _reachable(app: Starlette, names: set[str]) -> set[str]:
    """Named output types reachable from the given Query fields."""
    graphql = app.state.schema._schema
    seen: set[str] = set()
    pending: list[GraphQLNamedType] = [
        get_named_type(graphql.query_type.fields[name].type) for name in names
    ]
    while pending:
        named = pending.pop()
        if named.name in seen:
            continue
        seen.add(named.name)
        if isinstance(named, GraphQLObjectType):
            pending += [get_named_type(field.type) for field in named.fields.values()]
    return seen


def test_every_query_field_has_an_explicit_decision(app: Starlette) -> None:
    undecided = [name for name, permissions in _root_fields(app, "Query") if not permissions]
    assert undecided == []


def test_every_mutation_has_an_explicit_decision(app: Starlette) -> None:
    decisions = dict(_root_fields(app, "Mutation"))
    assert [name for name, permissions in decisions.items() if not permissions] == []
    public = {name for name, permissions in decisions.items() if Public in permissions}
    assert public == PUBLIC_MUTATIONS


LIFECYCLE = {
    "Candidate",
    "RecruitmentCall",
    "TrainingCohort",
    "HostCompany",
    "ScreeningDecision",
    "TestResult",
    "Account",
    "AuditEntry",
    "StatusChange",
    "InterviewSession",
    "AssociationMember",
    "FoundedBusiness",
    "CountryStatistics",
}
"""Types for accounts only: no public field leads to them."""


def test_public_query_fields_reach_only_the_catalogue(app: Starlette) -> None:
    public = {name for name, permissions in _root_fields(app, "Query") if permissions == PUBLIC}
    assert {"countries", "country", "plugins", "indonesiaIkapeksi"} <= public
    reachable = _reachable(app, public)
    assert reachable & LIFECYCLE == set()


def test_who_registered_for_an_event_is_guarded(app: Starlette) -> None:
    """Events are public; their registrations (names of people) are not."""
    schema = app.state.schema
    definition = schema.get_type_by_name("Event")
    assert isinstance(definition, StrawberryObjectDefinition)
    guarded = {
        schema.config.name_converter.get_graphql_name(field): field.permission_classes
        for field in definition.fields
    }
    assert guarded["registrations"]
    assert all(not permissions for name, permissions in guarded.items() if name != "registrations")


def test_personal_candidate_fields_are_guarded(app: Starlette) -> None:
    schema = app.state.schema
    definition = schema.get_type_by_name("Candidate")
    assert isinstance(definition, StrawberryObjectDefinition)
    guarded = {
        schema.config.name_converter.get_graphql_name(field)
        for field in definition.fields
        if field.permission_classes == PERSONAL
    }
    # Personal data and casework have one audience (PERSONAL is CASEWORK).
    assert guarded == PERSONAL_CANDIDATE_FIELDS | CASEWORK_CANDIDATE_FIELDS


def test_calls_and_cohorts_are_casework_wherever_they_are_reached(app: Starlette) -> None:
    """Root fields and Candidate's edges alike: a role that may not see calls and
    cohorts is refused at the field, so no path leads an embassy or a host company
    to a call, its criteria or a cohort."""
    roots = dict(_root_fields(app, "Query"))
    for name in ("recruitmentCall", "recruitmentCalls", "trainingCohorts"):
        assert roots[name] == CASEWORK, name
    schema = app.state.schema
    definition = schema.get_type_by_name("Candidate")
    assert isinstance(definition, StrawberryObjectDefinition)
    served = schema._schema.type_map["Candidate"].fields
    open_fields = {
        name
        for field in definition.fields
        if not field.permission_classes
        and (name := schema.config.name_converter.get_graphql_name(field)) in served
    }
    assert open_fields == OPEN_CANDIDATE_FIELDS


def test_every_subscription_has_an_explicit_decision(app: Starlette) -> None:
    decisions = dict(_root_fields(app, "Subscription"))
    assert decisions
    assert [name for name, permissions in decisions.items() if not permissions] == []
    assert [name for name, permissions in decisions.items() if Public in permissions] == []


def test_node_reads_each_type_behind_its_gates_permission(app: Starlette) -> None:
    """``node`` and ``nodes`` are public (an event is) and answer the ``Node`` interface, so
    each type is guarded where it is read: by the permission of its gate field, a field
    that is not public for every type of the lifecycle."""
    schema = app.state.schema
    roots = dict(_root_fields(app, "Query"))
    assert roots["node"] == roots["nodes"] == PUBLIC
    implementers = {
        name
        for name, found in schema._schema.type_map.items()
        if isinstance(found, GraphQLObjectType) and "Node" in {i.name for i in found.interfaces}
    }
    assert LIFECYCLE - {"TestResult", "StatusChange", "CountryStatistics"} <= implementers
    for name in implementers:
        gate_type, gate_field = schema.get_type_by_name(name).origin.GATE
        permissions = dict(_root_fields(app, gate_type))[gate_field]
        assert permissions, name
        if name in LIFECYCLE:
            assert Public not in permissions, name
