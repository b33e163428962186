"""Each role against each kind of object: by id, in lists, through nested edges
and through mutations, on SQLite and PostgreSQL. Zero access where there
should be none."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.orm import Session
from starlette.testclient import TestClient

from core.auth.roles import Role
from core.db.models import Candidate, StatusChange
from core.settings import Settings
from tests.accounts import add_account, sign_in, signed_in
from tests.changes.helpers import PROTOCOL, bearer, connect, poll, receive, subscribe
from tests.client import global_id, gql, key_of, post
from tests.factories import build, call, candidate, cohort, host_company, ids, stage
from tests.lifecycle.helpers import snapshot

World = dict[str, int]

KINDS = {"call": "RecruitmentCall", "cohort": "TrainingCohort", "company": "HostCompany"}


def gid(world: World, key: str) -> str:
    """The global id of the world's row ``key`` (a candidate unless its prefix says)."""
    return global_id(KINDS.get(key.split("_")[0], "Candidate"), world[key])


def build_world(session: Session) -> World:
    calls = {code: call(session, code, criteria=[]) for code in ("VN", "ID", "TH")}
    cohorts = {code: cohort(session, code) for code in ("VN", "ID", "TH")}
    companies = {key: host_company(session, f"Company {key}") for key in ("A", "B")}

    def person(code: str, status: str, company: str | None = None) -> Candidate:
        return candidate(
            session,
            calls[code],
            status,
            date_of_birth=date(2001, 1, 1),
            host_company_id=companies[company].id if company else None,
            cohort_id=cohorts[code].id if company else None,
        )

    people = {
        "vn_registered": person("VN", "registered"),
        "id_registered": person("ID", "registered"),
        "th_registered": person("TH", "registered"),
        "vn_in_japan": person("VN", "in_japan_i", "A"),
        "th_in_japan": person("TH", "in_japan_ii", "B"),
    }
    for key in ("vn_in_japan", "th_in_japan"):
        stage(session, people[key])
    return (
        ids(people)
        | {f"call_{code}": row.id or 0 for code, row in calls.items()}
        | {f"cohort_{code}": row.id or 0 for code, row in cohorts.items()}
        | {f"company_{key}": row.id or 0 for key, row in companies.items()}
    )


PEOPLE = ["vn_registered", "id_registered", "th_registered", "vn_in_japan", "th_in_japan"]
VISIBLE = {
    "staff": set(PEOPLE),
    "vn_ministry": {"vn_registered", "vn_in_japan"},
    "id_ministry": {"id_registered"},
    "th_embassy": {"th_in_japan"},
    "company_a": {"vn_in_japan"},
}
CASEWORK_SCOPE = {"staff": {"VN", "ID", "TH"}, "vn_ministry": {"VN"}, "id_ministry": {"ID"}}
"""The countries whose calls and cohorts each role sees; the other roles see none at all."""
READ_ONLY = ("th_embassy", "company_a")
FULL_NAME = {
    "vn_registered": "VN registered",
    "id_registered": "ID registered",
    "th_registered": "TH registered",
    "vn_in_japan": "VN in_japan_i",
    "th_in_japan": "TH in_japan_ii",
}
COHORT_OF = {"vn_in_japan": "VN cohort", "th_in_japan": "TH cohort"}


@pytest.fixture
def roles(api: TestClient, db_settings: Settings) -> tuple[World, dict[str, dict[str, str]]]:
    world = build(db_settings, build_world)
    headers = {
        "staff": signed_in(api, Role.STAFF),
        "vn_ministry": signed_in(api, Role.MINISTRY_OFFICER, country_code="VN"),
        "id_ministry": signed_in(api, Role.MINISTRY_OFFICER, country_code="ID"),
        "th_embassy": signed_in(api, Role.EMBASSY_OFFICER, country_code="TH"),
        "company_a": signed_in(api, Role.HOST_COMPANY, host_company_id=world["company_A"]),
    }
    return world, headers


@pytest.mark.database
def test_lists_by_id_and_nested_edges_show_only_what_the_role_may_see(
    api: TestClient, roles
) -> None:
    world, headers = roles
    names = {world[key]: key for key in PEOPLE}
    listing = "{ candidates(first: 100) { totalCount edges { node { id status %s "
    listing += "hostCompany { name } } } } }"
    for role, allowed in VISIBLE.items():
        nested = "call { countryCode } cohort { name }" if role in CASEWORK_SCOPE else ""
        body = post(api, listing % nested, headers=headers[role])
        assert "errors" not in body, (role, body)
        page = body["data"]["candidates"]
        assert {
            names[key_of(edge["node"]["id"], "Candidate")] for edge in page["edges"]
        } == allowed, role
        assert page["totalCount"] == len(allowed), role
        for key in PEOPLE:
            one = post(
                api,
                "query($id: ID!) { candidate(id: $id) { id fullName } }",
                {"id": gid(world, key)},
                headers=headers[role],
            )
            assert (one["data"]["candidate"] is not None) == (key in allowed), (role, key)


@pytest.mark.database
def test_calls_cohorts_companies_and_pipeline_are_scoped(api: TestClient, roles) -> None:
    _world, headers = roles
    calls = "query($c: String!) { recruitmentCalls(countryCode: $c) { edges { node { label } } } }"
    assert post(api, calls, {"c": "ID"}, headers=headers["vn_ministry"])["data"][
        "recruitmentCalls"
    ] == {"edges": []}
    assert post(api, calls, {"c": "VN"}, headers=headers["vn_ministry"])["data"][
        "recruitmentCalls"
    ] == {"edges": [{"node": {"label": "VN-1"}}]}
    cohorts = "query($c: String!) { trainingCohorts(countryCode: $c) { edges { node { name } } } }"
    assert post(api, cohorts, {"c": "ID"}, headers=headers["vn_ministry"])["data"][
        "trainingCohorts"
    ] == {"edges": []}
    pipeline = post(api, "{ pipeline { countryCode applied } }", headers=headers["vn_ministry"])[
        "data"
    ]["pipeline"]
    assert pipeline == [{"countryCode": "VN", "applied": 2}]
    for role in ("company_a", "th_embassy"):
        for query in (
            "{ hostCompanies { edges { node { name } } } }",
            "{ pipeline { applied } }",
            "{ auditLog { edges { node { id } } } }",
        ):
            assert (
                post(api, query, headers=headers[role])["errors"][0]["extensions"]["code"]
                == "FORBIDDEN"
            )


@pytest.mark.database
def test_personal_fields_are_for_those_who_screen(api: TestClient, roles) -> None:
    world, headers = roles
    query = "query($id: ID!) { candidate(id: $id) { fullName dateOfBirth } }"
    ministry = post(api, query, {"id": gid(world, "vn_in_japan")}, headers=headers["vn_ministry"])
    assert ministry["data"]["candidate"]["dateOfBirth"] == "2001-01-01"
    for role, key in (("company_a", "vn_in_japan"), ("th_embassy", "th_in_japan")):
        body = post(api, query, {"id": gid(world, key)}, headers=headers[role])
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN", role
        assert body["errors"][0]["path"] == ["candidate", "dateOfBirth"]
        allowed = post(
            api,
            "query($id: ID!) { candidate(id: $id) "
            "{ fullName status stages { stage } hostCompany { name } } }",
            {"id": gid(world, key)},
            headers=headers[role],
        )
        assert "errors" not in allowed and allowed["data"]["candidate"]["fullName"], role


@pytest.mark.database
def test_mutations_outside_the_scope_change_nothing(
    api: TestClient, roles, db_settings: Settings
) -> None:
    world, headers = roles
    ministry = headers["vn_ministry"]
    before = snapshot(db_settings)
    attempts = [
        (
            "withdrawCandidate",
            {"candidateId": gid(world, "id_registered"), "reason": "x"},
            "candidateId",
            "NOT_FOUND",
        ),
        (
            "recordTestResult",
            {"candidateId": gid(world, "id_registered"), "kind": "INTERVIEW", "passed": True},
            "candidateId",
            "NOT_FOUND",
        ),
        ("screenCandidate", {"candidateId": gid(world, "th_in_japan")}, "candidateId", "NOT_FOUND"),
        (
            "enrolCandidate",
            {"candidateId": gid(world, "id_registered"), "cohortId": gid(world, "cohort_ID")},
            "candidateId",
            "NOT_FOUND",
        ),
        (
            "registerCandidate",
            {
                "callId": gid(world, "call_ID"),
                "fullName": "X",
                "dateOfBirth": "2000-01-01",
                "sex": "MALE",
                "educationLevel": "UPPER_SECONDARY",
            },
            "callId",
            "NOT_FOUND",
        ),
        (
            "updateCallCriteria",
            {"callId": gid(world, "call_ID"), "omitRules": ["sex"]},
            "callId",
            "NOT_FOUND",
        ),
        (
            "createRecruitmentCall",
            {
                "countryCode": "ID",
                "label": "x",
                "jobFields": ["a"],
                "places": 1,
                "opensOn": "2026-01-01",
                "closesOn": "2026-01-02",
            },
            "countryCode",
            "FORBIDDEN",
        ),
        (
            "createTrainingCohort",
            {"countryCode": "ID", "name": "x", "startsOn": "2026-01-01", "endsOn": "2026-06-01"},
            "countryCode",
            "FORBIDDEN",
        ),
    ]
    for name, data, field, code in attempts:
        body = post(
            api,
            f"mutation($i: {name[0].upper()}{name[1:]}Input!) "
            f"{{ {name}(input: $i) {{ errors {{ field code }} }} }}",
            {"i": data},
            headers=ministry,
        )
        assert body["data"][name]["errors"] == [{"field": field, "code": code}], name
    for role in ("company_a", "th_embassy"):
        body = post(
            api,
            "mutation($i: WithdrawCandidateInput!) "
            "{ withdrawCandidate(input: $i) { errors { code } } }",
            {"i": {"candidateId": gid(world, "vn_in_japan"), "reason": "x"}},
            headers=headers[role],
        )
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
        body = post(
            api,
            "mutation($i: DispatchCandidateInput!) "
            "{ dispatchCandidate(input: $i) { errors { code } } }",
            {"i": {"candidateId": gid(world, "vn_registered")}},
            headers=ministry,
        )
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert snapshot(db_settings) == before


def test_anonymous_gets_the_catalogue_and_nothing_else(client: TestClient) -> None:
    assert len(post(client, "{ countries { code } }", headers={})["data"]["countries"]) == 5
    for query in (
        "{ candidates { totalCount } }",
        '{ candidate(id: "Q2FuZGlkYXRlOjE=") { id } }',
        "{ me { email } }",
        '{ node(id: "Q2FuZGlkYXRlOjE=") { id } }',
        '{ nodes(ids: ["Q2FuZGlkYXRlOjE="]) { id } }',
    ):
        assert (
            post(client, query, headers={})["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
        ), query
    schema = client.app.state.schema  # type: ignore[attr-defined]
    mutation_type = schema._schema.mutation_type
    for name, field in mutation_type.fields.items():
        if name in {"login", "refreshToken"}:
            continue
        arguments = "(input: {})" if "input" in field.args else ""
        body = post(client, f"mutation {{ {name}{arguments} {{ __typename }} }}", headers={})
        assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED", name


BY_ID = {"call": "recruitmentCall", "cohort": "trainingCohort", "company": "hostCompany"}
"""The by-id root field of each kind of the world's rows (a candidate's otherwise)."""
COMPANIES_SEEN = {
    "staff": {"A", "B"},
    "vn_ministry": {"A"},
    "id_ministry": set(),
    "th_embassy": {"B"},
    "company_a": {"A"},
}
"""The host companies each role sees: through the candidates it sees (a host company its own)."""
NODE_KEYS = [
    *PEOPLE,
    *(f"{kind}_{code}" for kind in ("call", "cohort") for code in ("VN", "ID", "TH")),
    "company_A",
    "company_B",
]


def seen_by_id(role: str, key: str) -> bool | None:
    """Whether ``role`` reads row ``key`` by id: True, False (null), None (refused)."""
    kind, _, rest = key.partition("_")
    if kind in ("call", "cohort"):
        return None if role in READ_ONLY else rest in CASEWORK_SCOPE[role]
    if kind == "company":
        return rest in COMPANIES_SEEN[role]
    return key in VISIBLE[role]


def refusals(body: dict) -> list[tuple[str, list[str | int]]]:
    return [(e["extensions"]["code"], e["path"]) for e in body.get("errors", [])]


@pytest.mark.database
def test_node_and_nodes_show_each_role_what_the_by_id_fields_show(api: TestClient, roles) -> None:
    world, headers = roles
    for role in VISIBLE:
        single = []
        for key in NODE_KEYS:
            field = BY_ID.get(key.split("_")[0], "candidate")
            variables = {"id": gid(world, key)}
            direct = post(
                api, f"query($id: ID!) {{ {field}(id: $id) {{ id }} }}", variables, headers[role]
            )
            through = post(
                api, "query($id: ID!) { node(id: $id) { id } }", variables, headers[role]
            )
            seen = seen_by_id(role, key)
            expected = {"id": variables["id"]} if seen else None
            assert direct["data"] == {field: expected}, (role, key, direct)
            assert through["data"] == {"node": expected}, (role, key, through)
            assert refusals(direct) == ([] if seen is not None else [("FORBIDDEN", [field])])
            assert refusals(through) == ([] if seen is not None else [("FORBIDDEN", ["node"])])
            single.append(through)
        many = post(
            api,
            "query($ids: [ID!]!) { nodes(ids: $ids) { id } }",
            {"ids": [gid(world, key) for key in NODE_KEYS]},
            headers[role],
        )
        assert many["data"]["nodes"] == [one["data"]["node"] for one in single], role
        assert refusals(many) == [
            ("FORBIDDEN", ["nodes", index])
            for index, key in enumerate(NODE_KEYS)
            if seen_by_id(role, key) is None
        ], role


@pytest.mark.database
def test_a_host_company_reads_its_own_company(api: TestClient, roles) -> None:
    world, headers = roles
    own = gql(api, "{ me { hostCompanyId hostCompany { id name } } }", headers=headers["company_a"])
    company = gid(world, "company_A")
    assert own == {
        "me": {"hostCompanyId": company, "hostCompany": {"id": company, "name": "Company A"}}
    }
    for role in ("staff", "vn_ministry", "th_embassy"):
        assert gql(api, "{ me { hostCompany { id } } }", headers=headers[role]) == {
            "me": {"hostCompany": None}
        }


def assert_refused(body: dict, *path: str | int) -> None:
    """The answer's only error is FORBIDDEN at ``path``."""
    assert [(e["extensions"]["code"], e["path"]) for e in body.get("errors", [])] == [
        ("FORBIDDEN", list(path))
    ], body


def assert_refused_at_root(body: dict, field: str) -> None:
    assert_refused(body, field)
    assert (body["data"] or {}).get(field) is None, body


@pytest.mark.database
def test_calls_and_cohorts_are_refused_to_embassy_and_host_in_lists_and_by_id(
    api: TestClient, roles
) -> None:
    world, headers = roles
    calls = (
        "query($c: String!) { recruitmentCalls(countryCode: $c) "
        "{ edges { node { label criteria { version } } } } }"
    )
    cohorts = (
        "query($c: String!) { trainingCohorts(countryCode: $c) "
        "{ edges { node { name phases { name } } } } }"
    )
    by_id = "query($id: ID!) { recruitmentCall(id: $id) { label criteria { version } } }"
    for role in VISIBLE:
        for code in ("VN", "ID", "TH"):
            answers = {
                "recruitmentCalls": post(api, calls, {"c": code}, headers=headers[role]),
                "trainingCohorts": post(api, cohorts, {"c": code}, headers=headers[role]),
                "recruitmentCall": post(
                    api, by_id, {"id": gid(world, f"call_{code}")}, headers=headers[role]
                ),
            }
            if role in READ_ONLY:
                for field, body in answers.items():
                    assert_refused_at_root(body, field)
                continue
            seen = code in CASEWORK_SCOPE[role]
            call = {"label": f"{code}-1", "criteria": {"version": 1}}
            cohort = {"name": f"{code} cohort", "phases": []}
            assert answers["recruitmentCalls"] == {
                "data": {"recruitmentCalls": {"edges": [{"node": call}] if seen else []}}
            }, (role, code)
            assert answers["trainingCohorts"] == {
                "data": {"trainingCohorts": {"edges": [{"node": cohort}] if seen else []}}
            }, (role, code)
            assert answers["recruitmentCall"] == {
                "data": {"recruitmentCall": call if seen else None}
            }, (role, code)


@pytest.mark.database
def test_calls_and_cohorts_nested_under_a_candidate_are_refused_to_embassy_and_host(
    api: TestClient, roles
) -> None:
    world, headers = roles
    served = "fullName status stages { stage }"
    with_cohort = f"query($id: ID!) {{ candidate(id: $id) {{ {served} cohort {{ name }} }} }}"
    with_call = (
        "query($id: ID!) { candidate(id: $id) { fullName call { label criteria { version } } } }"
    )
    for role, allowed in VISIBLE.items():
        for key in sorted(allowed):
            variables = {"id": gid(world, key)}
            cohort = post(api, with_cohort, variables, headers=headers[role])
            call = post(api, with_call, variables, headers=headers[role])
            in_japan = key in COHORT_OF
            basics = {
                "fullName": FULL_NAME[key],
                "status": FULL_NAME[key][3:].upper(),
                "stages": [{"stage": "I"}] if in_japan else [],
            }
            if role in READ_ONLY:
                # Each is null alone: the rest of the candidate is served.
                assert_refused(cohort, "candidate", "cohort")
                assert cohort["data"]["candidate"] == {**basics, "cohort": None}, (role, key)
                assert_refused(call, "candidate", "call")
                assert call["data"] == {
                    "candidate": {"fullName": basics["fullName"], "call": None}
                }, (role, key)
                continue
            assert cohort == {
                "data": {
                    "candidate": {
                        **basics,
                        "cohort": {"name": COHORT_OF[key]} if in_japan else None,
                    }
                }
            }, (role, key)
            code = key[:2].upper()
            assert call == {
                "data": {
                    "candidate": {
                        "fullName": basics["fullName"],
                        "call": {"label": f"{code}-1", "criteria": {"version": 1}},
                    }
                }
            }, (role, key)


@pytest.mark.database
def test_embassy_and_host_cannot_list_or_filter_by_call_or_cohort(api: TestClient, roles) -> None:
    world, headers = roles
    listing = "{ candidates(first: 100) { edges { node { fullName cohort { name } } } } }"
    for role in READ_ONLY:
        body = post(api, listing, headers=headers[role])
        (key,) = VISIBLE[role]
        assert [(e["extensions"]["code"], e["path"]) for e in body["errors"]] == [
            ("FORBIDDEN", ["candidates", "edges", 0, "node", "cohort"])
        ], role
        assert body["data"]["candidates"]["edges"] == [
            {"node": {"fullName": FULL_NAME[key], "cohort": None}}
        ], role
    count = "query($f: CandidateFilterInput) { candidates(filter: $f) { totalCount } }"
    filters = {
        "callId": {"callId": gid(world, "call_VN")},
        "cohortId": {"cohortId": gid(world, "cohort_VN")},
    }
    expected = {
        "staff": {"callId": 2, "cohortId": 1},
        "vn_ministry": {"callId": 2, "cohortId": 1},
        "id_ministry": {"callId": 0, "cohortId": 0},
    }
    for role in VISIBLE:
        for name, where in filters.items():
            body = post(api, count, {"f": where}, headers=headers[role])
            if role in READ_ONLY:
                assert_refused_at_root(body, "candidates")
                assert name in body["errors"][0]["message"], body
            else:
                assert body == {"data": {"candidates": {"totalCount": expected[role][name]}}}


@pytest.mark.database
def test_ministry_officers_read_no_im_japan_email_in_the_history(
    api: TestClient, roles, db_settings: Settings
) -> None:
    world, headers = roles
    staff_email = add_account(api, Role.STAFF, email="casework.staff@imjapan.example")
    officer_email = add_account(
        api, Role.MINISTRY_OFFICER, country_code="VN", email="officer@molisa.example"
    )
    other_email = add_account(
        api, Role.MINISTRY_OFFICER, country_code="ID", email="officer@kemnaker.example"
    )
    staff, officer = sign_in(api, staff_email), sign_in(api, officer_email)
    withdrawn = post(
        api,
        "mutation($i: WithdrawCandidateInput!) "
        "{ withdrawCandidate(input: $i) { errors { code } } }",
        {"i": {"candidateId": gid(world, "vn_registered"), "reason": "moved away"}},
        headers=staff,
    )
    assert withdrawn == {"data": {"withdrawCandidate": {"errors": []}}}
    registered = post(
        api,
        "mutation($i: RegisterCandidateInput!) "
        "{ registerCandidate(input: $i) { candidate { id } errors { field code } } }",
        {
            "i": {
                "callId": gid(world, "call_VN"),
                "fullName": "VN new",
                "dateOfBirth": "2002-02-02",
                "sex": "FEMALE",
                "educationLevel": "UPPER_SECONDARY",
            }
        },
        headers=officer,
    )["data"]["registerCandidate"]
    assert registered["errors"] == [], registered
    written = {"cli": "IM Japan", other_email: None, None: None}

    build(
        db_settings,
        lambda session: session.add_all(
            StatusChange(candidate_id=world["vn_in_japan"], to_status="in_japan_i", actor=actor)
            for actor in written
        ),
    )
    query = (
        '{ candidates(filter: {countryCode: "VN"}) '
        "{ edges { node { fullName history { toStatus actor } } } } }"
    )
    stored = {
        "VN registered": [{"toStatus": "WITHDRAWN", "actor": staff_email}],
        "VN new": [{"toStatus": "REGISTERED", "actor": officer_email}],
        "VN in_japan_i": [{"toStatus": "IN_JAPAN_I", "actor": actor} for actor in written],
    }
    shown_to_ministry = {
        "VN registered": [{"toStatus": "WITHDRAWN", "actor": "IM Japan"}],
        "VN new": [{"toStatus": "REGISTERED", "actor": officer_email}],
        "VN in_japan_i": [{"toStatus": "IN_JAPAN_I", "actor": shown} for shown in written.values()],
    }
    for reader, expected in ((staff, stored), (headers["vn_ministry"], shown_to_ministry)):
        body = post(api, query, headers=reader)
        assert "errors" not in body, body
        edges = body["data"]["candidates"]["edges"]
        assert {edge["node"]["fullName"]: edge["node"]["history"] for edge in edges} == expected
    ministry_text = str(post(api, query, headers=headers["vn_ministry"]))
    assert staff_email not in ministry_text and other_email not in ministry_text


@pytest.mark.database
def test_changes_and_the_subscription_show_only_what_the_role_may_see(
    api: TestClient, roles, db_settings: Settings
) -> None:
    world, headers = roles
    names = {world[key]: key for key in PEOPLE}

    def change(*keys: str) -> None:
        build(
            db_settings,
            lambda session: session.add_all(
                StatusChange(candidate_id=world[key], to_status="withdrawn", actor="cli")
                for key in keys
            ),
        )

    change(*PEOPLE)
    cursor = poll(api, len(PEOPLE))[1]
    for role, allowed in VISIBLE.items():
        edges, _ = poll(api, len(allowed), headers=headers[role])
        assert [names[key_of(edge["node"]["candidateId"], "Candidate")] for edge in edges] == [
            key for key in PEOPLE if key in allowed
        ], role
        reason = post(api, "{ changes { edges { node { reason } } } }", headers=headers[role])
        if role in READ_ONLY:
            assert reason["errors"][0]["extensions"]["code"] == "FORBIDDEN", role
            assert {edge["node"]["actor"] for edge in edges} == {None}, role
        else:
            assert "errors" not in reason, role
    # The subscription: every person changes, then one the role sees (a sentinel);
    # what comes before the sentinel is exactly what the role may see.
    for role, allowed in VISIBLE.items():
        sentinel = sorted(allowed)[0]
        with api.websocket_connect("/graphql", subprotocols=[PROTOCOL]) as socket:
            connect(socket, bearer(headers[role]))
            subscribe(socket, after=cursor)
            change(*PEOPLE)
            change(sentinel)
            got: list[str] = []
            while len(got) < len(allowed) + 1:
                message = receive(socket)
                assert message["type"] == "next", (role, message)
                edge = message["payload"]["data"]["candidateStatusChanged"]
                got.append(names[key_of(edge["node"]["candidateId"], "Candidate")])
                cursor_seen = edge["cursor"]
        assert got == [key for key in PEOPLE if key in allowed] + [sentinel], role
        cursor = poll(api, len(PEOPLE) + 1, cursor)[1]
        assert cursor_seen == cursor, role


EDITS = {
    "updateEvent": ("UpdateEventInput", {"admin", "staff"}),
    "cancelEvent": ("CancelEventInput", {"admin", "staff"}),
    "updateHostCompany": ("UpdateHostCompanyInput", {"admin", "staff"}),
    "reactivateAccount": ("AccountIdInput", {"admin"}),
    "changePassword": ("ChangePasswordInput", {"admin", *VISIBLE}),
}
"""The edit mutations and the roles allowed to run them (the others are refused)."""


@pytest.mark.database
def test_the_edit_mutations_are_for_their_roles_only(
    api: TestClient, roles, db_settings: Settings
) -> None:
    world, headers = roles
    headers = {**headers, "admin": dict(api.headers)}
    event = post(
        api,
        "mutation($i: CreateEventInput!) { createEvent(input: $i) { event { id } } }",
        {
            "i": {
                "typeCode": "lecture_meeting",
                "title": "Lecture",
                "heldOn": "2027-05-01",
                "venue": "Nagoya",
                "capacity": 5,
            }
        },
    )["data"]["createEvent"]["event"]["id"]
    staff_id = post(api, "{ me { id } }", headers=headers["staff"])["data"]["me"]["id"]
    # Each allowed role gets a refusal in the payload (nothing to change), the others
    # a top-level FORBIDDEN; nothing is written either way.
    inputs = {
        "updateEvent": {"eventId": event, "reason": "nothing given"},
        "cancelEvent": {"eventId": event},
        "updateHostCompany": {"hostCompanyId": gid(world, "company_A")},
        "reactivateAccount": {"accountId": staff_id},
        "changePassword": {"currentPassword": "not the password", "newPassword": "x" * 12},
    }
    before = snapshot(db_settings)
    for name, (input_type, allowed) in EDITS.items():
        for role in headers:
            query = f"mutation($i: {input_type}!) {{ {name}(input: $i) {{ errors {{ code }} }} }}"
            body = post(api, query, {"i": inputs[name]}, headers=headers[role])
            if role in allowed:
                assert "errors" not in body, (name, role, body)
                assert body["data"][name]["errors"], (name, role)
            else:
                assert_refused_at_root(body, name)
    assert snapshot(db_settings) == before
