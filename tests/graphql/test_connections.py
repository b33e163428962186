"""Every list that grows with the data is a connection (issue 12, item 3).

The walk looks at every field of every object type: a field that returns a plain
list of an object type with an ``id`` (rows of a table) must be a connection,
unless it is below with the reason it stays a plain list. A new list of rows
fails here until it is made a connection or its reason is written down.
"""

from __future__ import annotations

from graphql import (
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLSchema,
)
from starlette.applications import Starlette

BOUNDED = {
    # Bounded per candidate: the programme has a handful of decisions, one per
    # screening of the candidate (a re-opened screening adds one).
    "Candidate.screeningDecisions": "a candidate's screening decisions, a few at most",
    # Bounded per returnee: one membership's businesses.
    "AssociationMember.businesses": "the businesses one returnee founded",
    # Bounded per registration: at most a few outcomes per company of one session.
    "InterviewRegistration.outcomes": "one returnee's outcomes at one session",
    # Bounded by the call: the rules of one criteria version.
    "CriteriaVersion.criteria": "the rules of one criteria version",
    # Bounded by the cohort: its phases are set when it is created.
    "TrainingCohort.phases": "a cohort's training phases, set with it",
    # Bounded by the enrolment: one intern's hours per subject and day of one course.
    "LectureEnrolment.attendances": "one intern's attendance, by day, of one course",
    # The objects the request names, by id: as many as it gives (at most MAX_NODES).
    "Query.nodes": "the objects of the ids given, at most 100",
    # The answers of one mutation: bounded by what the request itself did.
    "ImportCandidatesPayload.candidates": "the rows of one CSV file (at most MAX_ROWS)",
    "UpdateEventPayload.movedUp": "the registrations one capacity change confirmed",
    # Bounded by the call: the codes it names (at most 100, RecruitmentCallBase).
    "RecruitmentCall.occupations": "the occupations one call names, at most 100",
    # The rules' versions: a few dozen rules, a version per administrator's change.
    "Query.ruleValues": "the rules' dated versions, added only by setRuleValue",
    # Bounded by the company's interns on the day of one audit or visit.
    "HostCompanyAudit.interviewedInterns": "the interns one audit interviewed",
    "GuidanceVisit.internsMet": "the interns one visit met",
    # Bounded per intern: the records of one intern's few years in Japan.
    "Candidate.difficulties": "the difficulties reported for one intern",
    "Candidate.feePayments": "what one intern paid before leaving home",
    "Candidate.skillsTestSittings": "one intern's sittings: a few tests per stage",
    # Bounded per candidate: a plan per stage (three), and its changes.
    "Candidate.trainingPlans": "an intern's plans for its three stages and their versions",
    "TrainingPlan.versions": "the versions of one intern's plan for one stage",
}
"""Lists of rows that stay plain lists: bounded per parent or per request."""

CATALOGUE = {
    "Country.screeningRules": "a country plugin's catalogue",
    "Country.returneeAssociations": "a country plugin's catalogue",
    "Country.employmentProgrammes": "a country plugin's catalogue",
    "Country.agencies": "a country plugin's catalogue",
    "CountryEsd.notes": "a country plugin's catalogue",
    "IndonesiaIkapeksi.regionalBoards": "the Indonesian plugin's catalogue",
    "ReturneeAssociation.boards": "a country plugin's catalogue",
    "PreEntryTraining.phases": "a country plugin's catalogue",
    "PreEntryTraining.centres": "a country plugin's catalogue",
    "PreEntryTraining.modules": "a country plugin's catalogue",
    "TrainingPhase.modules": "a country plugin's catalogue",
}
"""Fixed catalogue lists: they change with a plugin's release, not with the data."""

ROOT_CONNECTIONS = {
    "candidates",
    "recruitmentCalls",
    "trainingCohorts",
    "hostCompanies",
    "accounts",
    "auditLog",
    "events",
    "interviewSessions",
    "associationMembers",
    "hostCompanyAudits",
    "guidanceVisits",
}
NESTED_CONNECTIONS = {
    ("Event", "registrations"),
    ("InterviewSession", "companies"),
    ("InterviewSession", "registrations"),
    ("HostCompany", "audits"),
    ("HostCompany", "visits"),
}


def _bare(kind: GraphQLOutputType) -> GraphQLOutputType:
    while isinstance(kind, GraphQLNonNull):
        kind = kind.of_type
    return kind


def _lists_of_rows(schema: GraphQLSchema) -> dict[str, str]:
    """``Type.field`` of every field returning a list of a type with an ``id``."""
    found = {}
    for name, kind in schema.type_map.items():
        if name.startswith("__") or not isinstance(kind, GraphQLObjectType):
            continue
        for field_name, field in kind.fields.items():
            returned = _bare(field.type)
            if not isinstance(returned, GraphQLList):
                continue
            item = _bare(returned.of_type)
            if isinstance(item, GraphQLObjectType | GraphQLInterfaceType) and "id" in item.fields:
                found[f"{name}.{field_name}"] = item.name
    return found


def test_every_list_of_rows_is_a_connection_or_bounded(app: Starlette) -> None:
    schema: GraphQLSchema = app.state.schema._schema
    plain = set(_lists_of_rows(schema))
    allowed = set(BOUNDED) | set(CATALOGUE)
    assert plain - allowed == set(), (
        "a list of rows must be a connection, or be allowed here with its reason"
    )
    # An allowance for a field that is gone (or became a connection) is dropped.
    assert allowed - plain == set()


def _is_connection(kind: GraphQLOutputType) -> bool:
    bare = _bare(kind)
    if not isinstance(bare, GraphQLObjectType) or not bare.name.endswith("Connection"):
        return False
    return {"edges", "pageInfo", "totalCount"} <= set(bare.fields)


def test_the_lists_that_grow_are_connections_with_relay_arguments(app: Starlette) -> None:
    schema: GraphQLSchema = app.state.schema._schema
    query = schema.query_type
    assert query is not None
    fields = [(query, name) for name in ROOT_CONNECTIONS]
    for type_name, name in NESTED_CONNECTIONS:
        parent = schema.type_map[type_name]
        assert isinstance(parent, GraphQLObjectType)
        fields.append((parent, name))
    for parent, name in fields:
        field = parent.fields[name]
        assert _is_connection(field.type), name
        assert {"first", "after", "last", "before"} <= set(field.args), name
    page_info = schema.type_map["PageInfo"]
    assert isinstance(page_info, GraphQLObjectType)
    assert set(page_info.fields) == {
        "hasNextPage",
        "hasPreviousPage",
        "startCursor",
        "endCursor",
    }
