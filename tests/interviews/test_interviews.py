"""Group job interviews for returnees: sessions, companies, registrations,
outcomes, placement figures, scoping and field-level errors."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy.orm import Session
from starlette.testclient import TestClient

from core.auth.roles import Role
from core.settings import Settings
from tests.accounts import signed_in
from tests.client import global_id, gql, mutation
from tests.factories import build, call, candidate
from tests.lifecycle.helpers import snapshot

pytestmark = pytest.mark.database

ERRORS = "errors { field message code }"
SESSION_FIELDS = (
    "id countryCode programmeId organiserAgencyId heldOn city"
    " companies { edges { node { id name origin openPositions } } }"
    " registrations { edges { node { id candidateId candidateName"
    " outcomes { companyId result decidedOn followUp } } } }"
    " placement { registered hired rate }"
)
OPERATIONS = {
    "createInterviewSession": f"session {{ {SESSION_FIELDS} }}",
    "addInterviewCompany": "company { id name origin openPositions }",
    "registerForInterview": "registration { id candidateId candidateName outcomes { result } }",
    "recordInterviewOutcome": "outcome { id registrationId companyId result decidedOn followUp }",
}
COUNTRIES = ("ID", "TH", "VN", "BD", "LK")
ORGANISERS = {"TH": "mol", "VN": "moha", "BD": "moewoe", "LK": "foreign-affairs-ministry"}


def mutate(
    api: TestClient, name: str, data: dict[str, Any], headers: dict[str, str] | None = None
) -> dict[str, Any]:
    return mutation(api, name, f"{OPERATIONS[name]} {ERRORS}", data, headers)


def ok(
    api: TestClient, name: str, data: dict[str, Any], headers: dict[str, str] | None = None
) -> dict[str, Any]:
    payload = mutate(api, name, data, headers)
    assert payload["errors"] == [], payload["errors"]
    return payload


SESSIONS = (
    "query($c: String!) { interviewSessions(countryCode: $c) "
    f"{{ edges {{ node {{ {SESSION_FIELDS} }} }} }} }}"
)


def sessions_of(
    api: TestClient, country: str, headers: dict[str, str] | None = None
) -> list[dict[str, Any]]:
    """The country's sessions, with their companies and registrations as plain lists."""
    found = gql(api, SESSIONS, {"c": country}, headers)["interviewSessions"]["edges"]
    return [
        {
            **edge["node"],
            "companies": [e["node"] for e in edge["node"]["companies"]["edges"]],
            "registrations": [e["node"] for e in edge["node"]["registrations"]["edges"]],
        }
        for edge in found
    ]


PLACEMENT = (
    "query($c: String) { interviewPlacement(countryCode: $c) "
    "{ countryCode registered hired rate } }"
)


def add_candidates(settings: Settings, people: list[tuple[str, str]]) -> list[str]:
    """Candidates straight in the database: (country, status) each; their global ids."""

    def make(session: Session) -> list[str]:
        calls = {
            code: call(
                session,
                code,
                label=f"{code}-interviews-{len(people)}",
                opens_on=date(2020, 1, 1),
                closes_on=date(2020, 2, 1),
            )
            for code in sorted({code for code, _ in people})
        }
        rows = [
            candidate(
                session,
                calls[code],
                status,
                full_name=f"Returnee {code} {index}",
                date_of_birth=date(1998, 1, 1),
                returned_on=date(2026, 1, 15) if status == "returned" else None,
            )
            for index, (code, status) in enumerate(people)
        ]
        return [global_id("Candidate", row.id) for row in rows]

    return build(settings, make)


def create_session(
    api: TestClient, country: str, headers: dict[str, str] | None = None
) -> dict[str, Any]:
    data = {"countryCode": country, "heldOn": "2026-03-10", "city": f"Capital of {country}"}
    session: dict[str, Any] = ok(api, "createInterviewSession", data, headers)["session"]
    return session


def add_company(api: TestClient, session_id: str, name: str, origin: str = "JAPANESE") -> str:
    company = ok(
        api,
        "addInterviewCompany",
        {"sessionId": session_id, "name": name, "origin": origin, "openPositions": 3},
    )["company"]
    return str(company["id"])


def register(api: TestClient, session_id: str, candidate_id: str) -> str:
    registration = ok(
        api, "registerForInterview", {"sessionId": session_id, "candidateId": candidate_id}
    )["registration"]
    return str(registration["id"])


def outcome(api: TestClient, registration: str, company: str, result: str) -> dict[str, Any]:
    recorded: dict[str, Any] = ok(
        api,
        "recordInterviewOutcome",
        {
            "registrationId": registration,
            "companyId": company,
            "result": result,
            "decidedOn": "2026-03-12",
        },
    )["outcome"]
    return recorded


def test_a_returnee_of_each_country_is_hired_at_its_own_interview(
    api: TestClient, db_settings: Settings
) -> None:
    ids = add_candidates(db_settings, [(code, "returned") for code in COUNTRIES])
    returnees = dict(zip(COUNTRIES, ids, strict=True))
    for index, country in enumerate(COUNTRIES):
        session = create_session(api, country)
        assert session["countryCode"] == country
        assert session["programmeId"] == "group-job-interviews"
        if country in ORGANISERS:
            assert session["organiserAgencyId"] == ORGANISERS[country]
        assert session["placement"] == {"registered": 0, "hired": 0, "rate": None}
        company = add_company(api, session["id"], f"Local works {country}", "LOCAL")

        # A returnee of another country is refused, naming both countries.
        other = COUNTRIES[(index + 1) % len(COUNTRIES)]
        refused = mutate(
            api,
            "registerForInterview",
            {"sessionId": session["id"], "candidateId": returnees[other]},
        )
        assert refused["registration"] is None
        [error] = refused["errors"]
        assert error["field"] == "candidateId"
        assert error["code"] == "INVALID"
        assert other in error["message"] and country in error["message"]

        registration = register(api, session["id"], returnees[country])
        recorded = outcome(api, registration, company, "HIRED")
        assert recorded["result"] == "HIRED"

        [listed] = sessions_of(api, country)
        assert listed["placement"] == {"registered": 1, "hired": 1, "rate": 1.0}
        assert listed["registrations"] == [
            {
                "id": registration,
                "candidateId": str(returnees[country]),
                "candidateName": f"Returnee {country} {index}",
                "outcomes": [
                    {
                        "companyId": company,
                        "result": "HIRED",
                        "decidedOn": "2026-03-12",
                        "followUp": None,
                    }
                ],
            }
        ]

    figures = gql(api, PLACEMENT, {})["interviewPlacement"]
    by_country = {row["countryCode"]: row for row in figures}
    for country in COUNTRIES:
        assert by_country[country] == {
            "countryCode": country,
            "registered": 1,
            "hired": 1,
            "rate": 1.0,
        }


def test_placement_figures_equal_counts_made_by_hand(
    api: TestClient, db_settings: Settings
) -> None:
    people = add_candidates(db_settings, [("VN", "returned")] * 4 + [("TH", "returned")] * 2)
    vn_a = create_session(api, "VN")["id"]
    vn_b = create_session(api, "VN")["id"]
    th = create_session(api, "TH")["id"]
    vn_a_companies = [add_company(api, vn_a, "Toyota VN"), add_company(api, vn_a, "Viet Steel")]
    vn_b_company = add_company(api, vn_b, "Hanoi Garments", "LOCAL")
    th_company = add_company(api, th, "Bangkok Foods", "LOCAL")

    # Session VN a: four returnees; one hired twice, one offered then hired,
    # one offered only, one declined.
    regs = [register(api, vn_a, candidate) for candidate in people[:4]]
    outcome(api, regs[0], vn_a_companies[0], "HIRED")
    outcome(api, regs[0], vn_a_companies[1], "HIRED")
    outcome(api, regs[1], vn_a_companies[0], "OFFER")
    outcome(api, regs[1], vn_a_companies[0], "HIRED")  # the offer became a hire
    outcome(api, regs[2], vn_a_companies[1], "OFFER")
    outcome(api, regs[3], vn_a_companies[0], "DECLINED")
    # Session VN b: two of the same returnees; one hired, one nothing yet.
    b_regs = [register(api, vn_b, candidate) for candidate in people[2:4]]
    outcome(api, b_regs[0], vn_b_company, "HIRED")
    # Session TH: two registered, none hired.
    th_regs = [register(api, th, candidate) for candidate in people[4:]]
    outcome(api, th_regs[0], th_company, "DECLINED")

    sessions = {s["id"]: s for s in sessions_of(api, "VN")}
    assert sessions[vn_a]["placement"] == {"registered": 4, "hired": 2, "rate": 0.5}
    assert sessions[vn_b]["placement"] == {"registered": 2, "hired": 1, "rate": 0.5}
    assert [len(r["outcomes"]) for r in sessions[vn_a]["registrations"]] == [2, 1, 1, 1]
    [th_session] = sessions_of(api, "TH")
    assert th_session["placement"] == {"registered": 2, "hired": 0, "rate": 0.0}

    figures = {r["countryCode"]: r for r in gql(api, PLACEMENT, {})["interviewPlacement"]}
    # Registrations are counted: VN has 4 + 2 registered and 2 + 1 hired.
    assert figures["VN"] == {"countryCode": "VN", "registered": 6, "hired": 3, "rate": 0.5}
    assert figures["TH"] == {"countryCode": "TH", "registered": 2, "hired": 0, "rate": 0.0}
    assert figures["ID"] == {"countryCode": "ID", "registered": 0, "hired": 0, "rate": None}
    assert gql(api, PLACEMENT, {"c": "th"})["interviewPlacement"] == [figures["TH"]]


def test_a_vn_ministry_officer_cannot_see_or_change_an_id_session(
    api: TestClient, db_settings: Settings
) -> None:
    id_returnee, vn_returnee = add_candidates(db_settings, [("ID", "returned"), ("VN", "returned")])
    id_session = create_session(api, "ID")["id"]
    id_company = add_company(api, id_session, "Jakarta Motor")
    id_registration = register(api, id_session, id_returnee)
    outcome(api, id_registration, id_company, "HIRED")
    vn = signed_in(api, Role.MINISTRY_OFFICER, country_code="VN")

    assert sessions_of(api, "ID", vn) == []
    assert gql(api, PLACEMENT, {"c": "ID"}, vn)["interviewPlacement"] == []
    assert [r["countryCode"] for r in gql(api, PLACEMENT, {}, vn)["interviewPlacement"]] == ["VN"]

    before = snapshot(db_settings)
    attempts = [
        (
            "createInterviewSession",
            {"countryCode": "ID", "heldOn": "2026-03-10", "city": "Jakarta"},
            "countryCode",
            "FORBIDDEN",
        ),
        (
            "addInterviewCompany",
            {"sessionId": id_session, "name": "X", "origin": "LOCAL", "openPositions": 1},
            "sessionId",
            "NOT_FOUND",
        ),
        (
            "registerForInterview",
            {"sessionId": id_session, "candidateId": id_returnee},
            "sessionId",
            "NOT_FOUND",
        ),
        (
            "recordInterviewOutcome",
            {
                "registrationId": id_registration,
                "companyId": id_company,
                "result": "DECLINED",
                "decidedOn": "2026-03-20",
            },
            "registrationId",
            "NOT_FOUND",
        ),
    ]
    for name, data, field, code in attempts:
        payload = mutate(api, name, data, vn)
        assert [(e["field"], e["code"]) for e in payload["errors"]] == [(field, code)], name
    assert snapshot(db_settings) == before

    # Within its own country the officer works as usual.
    vn_session = create_session(api, "VN", vn)["id"]
    registered = mutate(
        api, "registerForInterview", {"sessionId": vn_session, "candidateId": vn_returnee}, vn
    )
    assert registered["errors"] == []
    # An ID returnee is outside the officer's scope: not found.
    refused = mutate(
        api, "registerForInterview", {"sessionId": vn_session, "candidateId": id_returnee}, vn
    )
    assert [(e["field"], e["code"]) for e in refused["errors"]] == [("candidateId", "NOT_FOUND")]


def test_bad_input_gets_field_level_errors_and_changes_nothing(
    api: TestClient, db_settings: Settings
) -> None:
    returned, in_japan = add_candidates(db_settings, [("TH", "returned"), ("TH", "in_japan_i")])
    session = create_session(api, "TH")["id"]
    company = add_company(api, session, "Siam Parts")
    registration = register(api, session, returned)
    before = snapshot(db_settings)

    cases: list[tuple[str, dict[str, Any], list[tuple[str, str]]]] = [
        (
            "createInterviewSession",
            {},
            [("countryCode", "REQUIRED"), ("heldOn", "REQUIRED"), ("city", "REQUIRED")],
        ),
        (
            "createInterviewSession",
            {"countryCode": "ZZ", "heldOn": "2026-03-10", "city": "X"},
            [("countryCode", "UNKNOWN_COUNTRY")],
        ),
        (
            "createInterviewSession",
            {"countryCode": "TH", "programmeId": "nope", "heldOn": "2026-03-10", "city": "X"},
            [("programmeId", "NOT_FOUND")],
        ),
        (
            "createInterviewSession",
            {"countryCode": "TH", "organiserAgencyId": "moha", "heldOn": "2026-03-10", "city": "X"},
            [("organiserAgencyId", "NOT_FOUND")],
        ),
        (
            "addInterviewCompany",
            {"sessionId": session, "name": "Y", "origin": "LOCAL", "openPositions": 0},
            [("openPositions", "INVALID")],
        ),
        (
            "addInterviewCompany",
            {"sessionId": session, "name": "siam parts", "origin": "LOCAL", "openPositions": 2},
            [("name", "DUPLICATE")],
        ),
        (
            "addInterviewCompany",
            {
                "sessionId": global_id("InterviewSession", 999999),
                "name": "Y",
                "origin": "LOCAL",
                "openPositions": 2,
            },
            [("sessionId", "NOT_FOUND")],
        ),
        (
            "registerForInterview",
            {"sessionId": session, "candidateId": returned},
            [("candidateId", "DUPLICATE")],
        ),
        (
            "registerForInterview",
            {"sessionId": session, "candidateId": in_japan},
            [("candidateId", "NOT_ALLOWED_STATE")],
        ),
        (
            "registerForInterview",
            {"sessionId": session, "candidateId": global_id("Candidate", 999999)},
            [("candidateId", "NOT_FOUND")],
        ),
        (
            "recordInterviewOutcome",
            {
                "registrationId": registration,
                "companyId": company,
                "result": "HIRED",
                "decidedOn": "2026-03-09",
            },
            [("decidedOn", "INVALID")],
        ),
        (
            "recordInterviewOutcome",
            {
                "registrationId": registration,
                "companyId": global_id("InterviewCompany", 999999),
                "result": "HIRED",
                "decidedOn": "2026-03-11",
            },
            [("companyId", "NOT_FOUND")],
        ),
        (
            "recordInterviewOutcome",
            {"registrationId": registration, "companyId": company, "decidedOn": "2026-03-11"},
            [("result", "REQUIRED")],
        ),
    ]
    for name, data, expected in cases:
        payload = mutate(api, name, data)
        assert [(e["field"], e["code"]) for e in payload["errors"]] == expected, (name, data)
        assert all(e["message"] for e in payload["errors"])
    # Not a date: the Date scalar refuses it before anything runs, naming the field.
    bad_day = {"countryCode": "TH", "heldOn": "10/03/2026", "city": "X"}
    response = api.post(
        "/graphql",
        json={
            "query": "mutation($input: CreateInterviewSessionInput!) "
            "{ createInterviewSession(input: $input) { __typename } }",
            "variables": {"input": bad_day},
        },
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["message"].startswith(
        'Variable $input.heldOn: "10/03/2026" is not a date'
    )
    assert snapshot(db_settings) == before


def test_interviews_need_a_casework_role(api: TestClient) -> None:
    embassy = signed_in(api, Role.EMBASSY_OFFICER, country_code="TH")
    response = api.post(
        "/graphql",
        json={"query": '{ interviewSessions(countryCode: "TH") { totalCount } }'},
        headers=embassy,
    )
    body = response.json()
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
