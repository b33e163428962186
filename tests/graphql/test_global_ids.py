"""Global ids: every object with an id is a Relay ``Node`` whose id names its type, so
ids never collide, ``node``/``nodes`` find any object, and an id of the wrong type (or
no id at all) is refused naming the argument or the input field."""

from __future__ import annotations

from typing import Any

import pytest
from graphql import GraphQLNonNull, GraphQLObjectType, GraphQLScalarType
from starlette.testclient import TestClient

from core.schema.nodes import GatedNode
from core.settings import Settings
from tests import factories
from tests.associations.test_associations import BUSINESS, regional
from tests.client import global_id, key_of, mutation, post
from tests.conftest import gql
from tests.esd.language_helpers import esd_worker
from tests.interviews.test_interviews import add_company, create_session, outcome, register
from tests.lifecycle.helpers import ok
from tests.lifecycle.test_pipeline import drive_through_pipeline


def object_types(client: TestClient) -> dict[str, GraphQLObjectType]:
    schema = client.app.state.schema._schema  # type: ignore[attr-defined]
    return {
        name: found
        for name, found in schema.type_map.items()
        if isinstance(found, GraphQLObjectType) and not name.startswith("__")
    }


def test_every_object_type_with_an_id_implements_node(client: TestClient) -> None:
    """An ``ID`` field named ``id`` is a global id: its type implements ``Node``, read by id
    behind the permission of a field that exists."""
    schema = client.app.state.schema  # type: ignore[attr-defined]
    with_ids = set()
    for name, found in object_types(client).items():
        field = found.fields.get("id")
        if field is None:
            continue
        id_type = field.type.of_type if isinstance(field.type, GraphQLNonNull) else field.type
        if not (isinstance(id_type, GraphQLScalarType) and id_type.name == "ID"):
            continue  # a catalogue's code ("ikapeksi", "age"), not a row
        with_ids.add(name)
        assert [interface.name for interface in found.interfaces] == ["Node"], name
        origin = schema.get_type_by_name(name).origin
        assert issubclass(origin, GatedNode), name
        gate_type, gate_field = origin.GATE
        assert gate_field in object_types(client)[gate_type].fields, (name, origin.GATE)
    assert len(with_ids) == 32, sorted(with_ids)


def done(api: TestClient, name: str, selection: str, data: dict[str, Any]) -> dict[str, Any]:
    """Run a mutation that must succeed; its payload."""
    payload = mutation(api, name, f"{selection} errors {{ field message }}", data)
    assert payload["errors"] == [], (name, payload["errors"])
    return payload


def _difficulty(api: TestClient, candidate: int) -> str:
    """A difficulty of the (returned) candidate, as a row: reportDifficulty takes only an
    intern in Japan, and the candidate of :func:`build_everything` has gone home."""
    from datetime import date

    from core.db.models import Difficulty
    from tests.factories import build

    def make(session: Any) -> int:
        row = Difficulty(
            candidate_id=candidate,
            kind="illness_or_injury",
            occurred_on=date(2026, 2, 1),
            company_reported_on=date(2026, 2, 2),
            due_on=date(2026, 2, 15),
        )
        session.add(row)
        session.flush()
        return row.id or 0

    return global_id("Difficulty", build(api.app.state.settings, make))  # type: ignore[attr-defined]


def _esd_plan(api: TestClient, candidate: str, company: str) -> str:
    """An ESD plan of ``candidate`` with ``company``, written as a row: the pipeline's
    candidate is under TITP, whom the mutations refuse an ESD plan (tests/esd make
    them through the API)."""
    from datetime import date

    from sqlalchemy.orm import Session

    from core.db.models import EsdPlan
    from tests.factories import build

    def add(session: Session) -> int:
        row = EsdPlan(
            candidate_id=key_of(candidate, "Candidate"),
            host_company_id=key_of(company, "HostCompany"),
            field_code="care",
            work_category_code="C-1",
            goals="g",
            planned_start=date(2027, 4, 1),
            planned_end=date(2030, 3, 31),
            core_duties_percent=50,
            instructor="i",
            life_counsellor="l",
            monthly_wage=200000,
            weekly_hours=40,
            housing="h",
            status="drafted",
        )
        session.add(row)
        session.flush()
        return row.id or 0

    return global_id("EsdPlan", build(api.app.state.settings, add))  # type: ignore[attr-defined]


def _transfer(api: TestClient, candidate: int, company: int) -> str:
    """A transfer of the candidate, as a row: transferWorker takes only a worker in Japan
    under ESD, and the candidate of :func:`build_everything` has gone home."""
    from datetime import date

    from core.db.models import Transfer
    from tests.factories import build

    def make(session: Any) -> int:
        row = Transfer(
            candidate_id=candidate,
            from_host_company_id=company,
            to_host_company_id=company,
            reason="unavoidable",
            unavoidable_reason="The company moved its site.",
            arranged_by="hello_work",
            transfers_on=date(2026, 2, 1),
            served_from=date(2025, 9, 1),
        )
        session.add(row)
        session.flush()
        return row.id or 0

    return global_id("Transfer", build(api.app.state.settings, make))  # type: ignore[attr-defined]


def build_everything(api: TestClient) -> dict[str, str]:
    """One object of every Node type, made through the API; their global ids by type."""
    candidate = drive_through_pipeline(api, "ID")  # returned home
    record = gql(
        api,
        """query($id: ID!) { candidate(id: $id) { id
            call { id criteria { id } } cohort { id phases { id } } hostCompany { id }
            screeningDecisions { id } skillsTestSittings { id } trainingPlans { id }
            lectures { enrolment { id course { id } attendances { id } } } } }""",
        {"id": candidate},
    )["candidate"]
    session = create_session(api, "ID")["id"]
    company = add_company(api, session, "Hired KK")
    registration = register(api, session, candidate)
    decided = outcome(api, registration, company, "HIRED")["id"]
    member = done(
        api,
        "joinAssociation",
        "member { id }",
        regional(0) | {"candidateId": candidate, "joinedOn": "2026-11-20"},
    )
    member = member["member"]["id"]
    business = done(
        api,
        "recordFoundedBusiness",
        "business { id }",
        {"membershipId": member, **BUSINESS, "foundedYear": 2026},
    )
    event = ok(
        api,
        "createEvent",
        {
            "typeCode": "lecture_meeting",
            "title": "Lecture",
            "heldOn": "2027-05-01",
            "venue": "Nagoya",
            "capacity": 5,
        },
    )["event"]["id"]
    paid = done(
        api,
        "recordFeePayment",
        "feePayment { id }",
        {
            "candidateId": candidate,
            "payee": "SENDING_ORGANISATION",
            "kind": "FEE",
            "amount": "100",
            "currency": "USD",
            "paidOn": "2026-01-10",
        },
    )["feePayment"]["id"]
    spoken = done(
        api,
        "recordLanguageResult",
        "languageResult { id }",
        {
            "candidateId": candidate,
            "kind": "TEST",
            "test": "jlpt",
            "level": "N5",
            "passed": True,
            "takenOn": "2026-01-10",
        },
    )["languageResult"]["id"]
    settings: Settings = api.app.state.settings  # type: ignore[attr-defined]
    worker = factories.build(settings, lambda session: esd_worker(session, "ID"))["candidate"]
    esd_sat = done(
        api,
        "recordEsdSkillsSitting",
        "sitting { id }",
        {
            "candidateId": global_id("Candidate", worker),
            "grade": "BASIC",
            "satOn": "2026-11-01",
            "passed": False,
        },
    )["sitting"]["id"]
    signed_up = done(
        api,
        "registerForEvent",
        "registration { id }",
        {"eventId": event, "participantRole": "INTERN", "name": "A", "countryCode": "ID"},
    )["registration"]["id"]
    company_audit = done(
        api,
        "recordHostCompanyAudit",
        "audit { id }",
        {
            "hostCompanyId": record["hostCompany"]["id"],
            "kind": "EXTRA",
            "heldOn": "2026-11-20",
            "auditor": "Sato Hanako",
            "internsTotal": 0,
            "interviewedCandidateIds": [],
            "siteChecked": True,
            "recordsChecked": True,
            "housingChecked": True,
            "managersHeard": True,
        },
    )["audit"]["id"]
    visit = done(
        api,
        "recordGuidanceVisit",
        "visit { id }",
        {
            "hostCompanyId": record["hostCompany"]["id"],
            "visitedOn": "2026-11-20",
            "visitor": "Tanaka Jiro",
            "guidance": "Monthly guidance.",
        },
    )["visit"]["id"]
    return {
        "Candidate": record["id"],
        "RecruitmentCall": record["call"]["id"],
        "CriteriaVersion": record["call"]["criteria"]["id"],
        "TrainingCohort": record["cohort"]["id"],
        "CohortPhase": record["cohort"]["phases"][0]["id"],
        "HostCompany": record["hostCompany"]["id"],
        "ScreeningDecision": record["screeningDecisions"][0]["id"],
        "SkillsTestSitting": record["skillsTestSittings"][0]["id"],
        "TrainingPlan": record["trainingPlans"][0]["id"],
        "EsdPlan": _esd_plan(api, record["id"], record["hostCompany"]["id"]),
        "InterviewSession": session,
        "InterviewCompany": company,
        "InterviewRegistration": registration,
        "InterviewOutcome": decided,
        "AssociationMember": member,
        "FoundedBusiness": business["business"]["id"],
        "Event": event,
        "EventRegistration": signed_up,
        "HostCompanyAudit": company_audit,
        "GuidanceVisit": visit,
        "FeePayment": paid,
        "LanguageResult": spoken,
        "EsdSkillsSitting": esd_sat,
        "Difficulty": _difficulty(api, key_of(candidate, "Candidate")),
        "Transfer": _transfer(
            api,
            key_of(candidate, "Candidate"),
            key_of(record["hostCompany"]["id"], "HostCompany"),
        ),
        "LectureCourse": record["lectures"]["enrolment"]["course"]["id"],
        "LectureEnrolment": record["lectures"]["enrolment"]["id"],
        "LectureAttendance": record["lectures"]["enrolment"]["attendances"][0]["id"],
        "Account": gql(api, "{ me { id } }")["me"]["id"],
        "AuditEntry": gql(api, "{ auditLog(first: 1) { edges { node { id } } } }")["auditLog"][
            "edges"
        ][0]["node"]["id"],
        "RuleValue": gql(api, '{ ruleValues(key: "titp.gate.ii") { id } }')["ruleValues"][0]["id"],
        "Occupation": gql(api, '{ occupation(code: "1-1-1") { id } }')["occupation"]["id"],
    }


@pytest.mark.database
def test_node_and_nodes_round_trip_every_type(api: TestClient) -> None:
    made = build_everything(api)
    nodes = {
        name
        for name, found in object_types(api).items()
        if "Node" in {interface.name for interface in found.interfaces}
    }
    assert set(made) == nodes, "an object of every Node type"
    for type_name, value in made.items():
        assert key_of(value, type_name) >= 1  # the id names its type
        found = gql(api, "query($id: ID!) { node(id: $id) { __typename id } }", {"id": value})
        assert found == {"node": {"__typename": type_name, "id": value}}, type_name
    listed = gql(
        api,
        "query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }",
        {"ids": list(made.values())},
    )["nodes"]
    assert listed == [{"__typename": name, "id": value} for name, value in made.items()]
    # The fields that name another object give its global id too.
    company = gql(
        api,
        """query($id: ID!) { node(id: $id) { ... on InterviewSession { registrations {
            edges { node { candidateId outcomes { registrationId companyId } } } } } } }""",
        {"id": made["InterviewSession"]},
    )["node"]["registrations"]["edges"][0]["node"]
    assert company == {
        "candidateId": made["Candidate"],
        "outcomes": [
            {
                "registrationId": made["InterviewRegistration"],
                "companyId": made["InterviewCompany"],
            }
        ],
    }


@pytest.mark.database
def test_ids_of_different_types_never_collide(api: TestClient, db_settings: Settings) -> None:
    made = build_everything(api)
    company = made["HostCompany"]
    assert key_of(company) == key_of(made["Candidate"]) == 1  # the same row key...
    assert company != made["Candidate"]  # ...but not the same id
    body = post(api, "query($id: ID!) { candidate(id: $id) { id } }", {"id": company})
    assert body["data"] == {"candidate": None}
    assert [(e["message"], e["extensions"]["code"]) for e in body["errors"]] == [
        ("id: not the id of a Candidate", "INVALID")
    ]
    japanese = post(
        api,
        "query($id: ID!) { candidate(id: $id) { id } }",
        {"id": company},
        headers={"Accept-Language": "ja"},
    )
    assert japanese["errors"][0]["message"] == "id: Candidate の ID ではありません。"
    for value in ("1", "abc", "", global_id("Candidate", 1)[:-2], "Q2FuZGlkYXRlOng="):
        body = post(api, "query($id: ID!) { candidate(id: $id) { id } }", {"id": value})
        assert [(e["message"], e["extensions"]["code"]) for e in body["errors"]] == [
            ("id: not an id", "INVALID")
        ], value
    # A filter condition, a by-id field of another type, node with a type that is no Node.
    refusals = [
        (
            "query($f: CandidateFilterInput) { candidates(filter: $f) { totalCount } }",
            {"f": {"callId": made["Candidate"]}},
            "filter.callId: not the id of a RecruitmentCall",
        ),
        (
            "query($id: ID!) { hostCompany(id: $id) { id } }",
            {"id": made["Candidate"]},
            "id: not the id of a HostCompany",
        ),
        (
            "query($id: ID!) { node(id: $id) { id } }",
            {"id": global_id("PageInfo", 1)},
            "id: not an id",
        ),
        (
            "query($ids: [ID!]!) { nodes(ids: $ids) { id } }",
            {"ids": [made["Candidate"], "nonsense"]},
            "ids[1]: not an id",
        ),
    ]
    for query, variables, message in refusals:
        body = post(api, query, variables)
        assert [(e["message"], e["extensions"]["code"]) for e in body["errors"]] == [
            (message, "INVALID")
        ], message
    # A key no row can have is no row: null, as for any id with no row.
    for query in ("candidate(id: $id) { id }", "node(id: $id) { id }"):
        body = post(api, f"query($id: ID!) {{ {query} }}", {"id": global_id("Candidate", 2**40)})
        assert body == {"data": {query.split("(")[0]: None}}


@pytest.mark.database
def test_a_mutation_refuses_an_id_of_another_type_on_its_field(api: TestClient) -> None:
    made = build_everything(api)
    cases: list[tuple[str, dict[str, Any], str, str, str]] = [
        (
            "withdrawCandidate",
            {"candidateId": made["HostCompany"], "reason": "x"},
            "candidateId",
            "not the id of a Candidate",
            "INVALID",
        ),
        (
            "dispatchCandidate",
            {"candidateId": made["Candidate"], "hostCompanyId": "7", "entryDate": "2026-01-01"},
            "hostCompanyId",
            "not an id",
            "INVALID",
        ),
        (
            "cancelEventRegistration",
            {"registrationId": made["InterviewRegistration"]},
            "registrationId",
            "not the id of a EventRegistration",
            "INVALID",
        ),
        (
            "withdrawCandidate",
            {"candidateId": global_id("Candidate", 99999), "reason": "x"},
            "candidateId",
            "no candidate with id 99999",
            "NOT_FOUND",
        ),
    ]
    for name, data, field, message, code in cases:
        payload = mutation(api, name, "errors { field message code }", data)
        assert payload["errors"] == [{"field": field, "message": message, "code": code}], name
    japanese = mutation(
        api,
        "withdrawCandidate",
        "errors { message }",
        {"candidateId": made["Event"], "reason": "x"},
        headers={"Accept-Language": "ja"},
    )
    assert japanese["errors"] == [{"message": "Candidate の ID ではありません。"}]


@pytest.mark.database
def test_accounts_by_id_are_for_administrators_and_their_owner(api: TestClient) -> None:
    from core.auth.roles import Role
    from tests.accounts import signed_in

    staff = signed_in(api, Role.STAFF)
    own = gql(api, "{ me { id email } }", headers=staff)["me"]
    admin = gql(api, "{ me { id } }")["me"]["id"]
    query = "query($id: ID!) { node(id: $id) { ... on Account { email } } }"
    assert gql(api, query, {"id": own["id"]}, headers=staff) == {"node": {"email": own["email"]}}
    assert gql(api, query, {"id": own["id"]})["node"]["email"] == own["email"]
    refused = post(api, query, {"id": admin}, headers=staff)
    assert refused["data"] == {"node": None}
    assert [(e["extensions"]["code"], e["path"]) for e in refused["errors"]] == [
        ("FORBIDDEN", ["node"])
    ]
    by_id = post(api, "query($id: ID!) { account(id: $id) { email } }", {"id": own["id"]}, staff)
    assert by_id["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert gql(api, "query($id: ID!) { account(id: $id) { id } }", {"id": own["id"]}) == {
        "account": {"id": own["id"]}
    }


CASEWORK_TYPES = {
    "RecruitmentCall",
    "CriteriaVersion",
    "TrainingCohort",
    "CohortPhase",
    "ScreeningDecision",
    "InterviewSession",
    "InterviewCompany",
    "InterviewRegistration",
    "InterviewOutcome",
    "AssociationMember",
    "FoundedBusiness",
}
"""Types read by id only by IM Japan and the ministries (casework or personal data)."""
IM_JAPAN_TYPES = {
    "EventRegistration",
    "Account",
    "AuditEntry",
    "LectureCourse",
    "LectureEnrolment",
    "LectureAttendance",
}
"""Types read by id only by IM Japan (an account: its owner too; the admin's here)."""
COMPANY_RECORD_TYPES = {"HostCompanyAudit", "GuidanceVisit"}
"""IM Japan's audits and visits of a host company: IM Japan and that company only."""
GOVERNMENT_TYPES = {"Difficulty", "FeePayment"}
"""Types refused to host companies only (IM Japan, ministries and embassies read them)."""


@pytest.mark.database
def test_node_refuses_or_hides_every_type_as_its_own_paths_do(api: TestClient) -> None:
    """Every type through node, for a ministry of the objects' country and of another, an
    embassy and the host company: FORBIDDEN where the type's field refuses the role, null
    where the role's scope does not hold the row, the object otherwise."""
    from core.auth.roles import Role
    from tests.accounts import signed_in

    made = build_everything(api)
    company = key_of(made["HostCompany"], "HostCompany")
    readers = {
        "id_ministry": signed_in(api, Role.MINISTRY_OFFICER, country_code="ID"),
        "vn_ministry": signed_in(api, Role.MINISTRY_OFFICER, country_code="VN"),
        "id_embassy": signed_in(api, Role.EMBASSY_OFFICER, country_code="ID"),
        "company": signed_in(api, Role.HOST_COMPANY, host_company_id=company),
    }
    # The candidate has returned home: no embassy sees it any more; its host company does.
    reference = {"RuleValue", "Occupation"}  # for every signed-in role
    seen = {
        "id_ministry": set(made) - IM_JAPAN_TYPES - COMPANY_RECORD_TYPES,
        "vn_ministry": {"Event", *reference},
        # The ESD worker (of the same country) is in Japan: its embassy sees its sittings.
        "id_embassy": {"Event", "EsdSkillsSitting", *reference},
        "company": {
            "Event",
            "HostCompany",
            "Candidate",
            "SkillsTestSitting",
            "LanguageResult",
            "TrainingPlan",
            "EsdPlan",
            "Transfer",
            *reference,
            *COMPANY_RECORD_TYPES,
        },
    }
    for reader, headers in readers.items():
        refused = IM_JAPAN_TYPES | (CASEWORK_TYPES if "ministry" not in reader else set())
        refused |= COMPANY_RECORD_TYPES if reader != "company" else set()
        refused |= GOVERNMENT_TYPES if reader == "company" else set()
        for type_name, value in made.items():
            body = post(api, "query($id: ID!) { node(id: $id) { id } }", {"id": value}, headers)
            shown = {"id": value} if type_name in seen[reader] else None
            assert body["data"] == {"node": shown}, (reader, type_name, body)
            codes = [error["extensions"]["code"] for error in body.get("errors", [])]
            assert codes == (["FORBIDDEN"] if type_name in refused else []), (reader, type_name)
    # Anonymous: the events, which are public, and nothing else.
    authorization = api.headers.pop("Authorization")
    try:
        anonymous = post(
            api,
            "query($ids: [ID!]!) { nodes(ids: $ids) { id } }",
            {"ids": [made["Event"], made["Candidate"]]},
        )
    finally:
        api.headers["Authorization"] = authorization
    assert anonymous["data"] == {"nodes": [{"id": made["Event"]}, None]}
    assert [(e["extensions"]["code"], e["path"]) for e in anonymous["errors"]] == [
        ("UNAUTHENTICATED", ["nodes", 1])
    ]
    too_many = post(api, "query($ids: [ID!]!) { nodes(ids: $ids) { id } }", {"ids": ["x"] * 101})
    assert [(e["message"], e["extensions"]["code"]) for e in too_many["errors"]] == [
        ("ids: at most 100 at once", "INVALID")
    ]
