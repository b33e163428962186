"""SQL statements per request for every heavy query, at 10 rows and at 100.

Each figure is the exact number of statements one HTTP request sends, on
SQLite and on PostgreSQL. It is made of:

- ``FIXED``: what every signed-in request costs whatever it asks: the rate
  limiter's counter upsert and the lookup of the access token's session and
  account;
- one statement for the list (or the row) itself;
- one per relation the query selects, however many parents the page has
  (each relation is a DataLoader batch, or one ``IN (...)`` query).

A page of 100 therefore costs what a page of 10 does; an N+1 would show up as
a count that grows with the page. The same figures are in docs/performance.md.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from core.auth.roles import Role
from tests.accounts import signed_in
from tests.perf.conftest import World, post
from tests.perf.supervision_world import add_audits_and_visits
from tests.perf.world import ASSOCIATION, LARGE, PAGE_COUNTRY, SIZES, SMALL, add_members

pytestmark = pytest.mark.database

FIXED = 2
"""Rate-limit counter upsert + access-token session lookup, on every signed-in request."""

CANDIDATE_FIELDS = """
  id fullName status
  call { label criteria { version } }
  cohort { name phases { name } }
  hostCompany { name }
  history { fromStatus toStatus }
  testResults { kind score }
  screeningDecisions { id }
  latestScreeningDecision { passed outcomes { ruleId passed } criteria { version } }
  stages { stage startedOn }
  trainingResults { passed }
"""
CANDIDATE_RELATIONS = (
    "call",
    "call.criteria",
    "cohort",
    "cohort.phases",
    "hostCompany",
    "history",
    "testResults",
    "screeningDecisions + latestScreeningDecision (one loader)",
    "decision.outcomes",
    "decision.criteria",
    "stages",
    "trainingResults",
)

CANDIDATES_PAGE = f"""query($first: Int!) {{
  candidates(first: $first) {{
    totalCount
    edges {{ cursor node {{ {CANDIDATE_FIELDS} }} }}
    pageInfo {{ hasNextPage endCursor }}
  }}
}}"""

CANDIDATE = f"query($id: ID!) {{ candidate(id: $id) {{ {CANDIDATE_FIELDS} }} }}"


@dataclass(frozen=True)
class Case:
    """A list query, the variables that give it 10 or 100 rows, and its relations."""

    name: str
    query: str
    variables: Callable[[int], dict[str, Any]]
    rows: Callable[[dict[str, Any]], list[Any]]
    relations: tuple[str, ...]

    @property
    def expected(self) -> int:
        return FIXED + 1 + len(self.relations)


CASES = [
    Case(
        "candidates page",
        CANDIDATES_PAGE,
        lambda size: {"first": size},
        lambda data: data["candidates"]["edges"],
        ("totalCount (one COUNT)", *CANDIDATE_RELATIONS),
    ),
    Case(
        "candidates page sorted by name, with next steps",
        """query($first: Int!) { candidates(first: $first, orderBy: { field: NAME }) {
            edges { node { id nextSteps { step allowed reason } hostCompany { name } } } } }""",
        lambda size: {"first": size},
        lambda data: data["candidates"]["edges"],
        # Interns in stage (i): no step of theirs waits on a fact, and the roles are
        # checked in memory, so nextSteps costs no statement here.
        ("hostCompany",),
    ),
    Case(
        "candidates page with training plans and entry",
        """query($first: Int!) { candidates(first: $first) { edges { node { id
            trainingPlans { id version status dueBy applicationLate hostCompany { name } }
            entry { coeIssuedOn enteredOn } } } } }""",
        lambda size: {"first": size},
        lambda data: data["candidates"]["edges"],
        (
            "trainingPlans (one loader)",
            "trainingPlans' lead rules (with the loader)",
            "trainingPlans.hostCompany",
            "entry",
        ),
    ),
    Case(
        "training plans page",
        """query($first: Int!) { trainingPlans(first: $first) { totalCount edges { cursor node {
            id stage version status dueBy applicationLate candidate { fullName }
            hostCompany { name } versions { version } supersedes { id } } }
            pageInfo { hasNextPage endCursor } } }""",
        lambda size: {"first": size},
        lambda data: data["trainingPlans"]["edges"],
        (
            "dueBy (the lead rules, served with every page)",
            "totalCount (one COUNT)",
            "candidate",
            "hostCompany",
            "versions + supersedes (one loader of the candidates' plans)",
            "the versions' lead rules (with that loader)",
        ),
    ),
    Case(
        "change log page",
        """query($first: Int!) { changes(first: $first) {
            edges { cursor node { candidateId fromStatus toStatus changedAt actor } }
            pageInfo { hasNextPage endCursor } } }""",
        lambda size: {"first": size},
        lambda data: data["changes"]["edges"],
        (),
    ),
    Case(
        "recruitment calls of a country",
        """query($c: String!) { recruitmentCalls(countryCode: $c, first: 100) { edges { node {
            id label places criteria { version criteria { id kind title } } } } } }""",
        lambda size: {"c": SIZES.country[size]},
        lambda data: data["recruitmentCalls"]["edges"],
        ("criteria",),
    ),
    Case(
        "training cohorts of a country",
        """query($c: String!) { trainingCohorts(countryCode: $c, first: 100) { edges { node {
            id name startsOn phases { position name startsOn endsOn } } } } }""",
        lambda size: {"c": SIZES.country[size]},
        lambda data: data["trainingCohorts"]["edges"],
        ("phases",),
    ),
    Case(
        "host companies",
        """query($n: String!) { hostCompanies(name: $n, first: 100) {
            edges { node { id name prefecture jobCategory } } } }""",
        lambda size: {"n": SIZES.company_name[size]},
        lambda data: data["hostCompanies"]["edges"],
        (),
    ),
    Case(
        "host companies with totalCount",
        """query($n: String!) { hostCompanies(name: $n, first: 100) { totalCount
            edges { cursor node { id name } } pageInfo { hasNextPage endCursor } } }""",
        lambda size: {"n": SIZES.company_name[size]},
        lambda data: data["hostCompanies"]["edges"],
        ("totalCount (one COUNT)",),
    ),
    Case(
        "audit log page",
        """query($first: Int!) { auditLog(first: $first) { totalCount edges { node {
            id actor operation fields variables succeeded at } } } }""",
        lambda size: {"first": size},
        lambda data: data["auditLog"]["edges"],
        ("totalCount (one COUNT)",),
    ),
    Case(
        "events with registrations",
        """query($from: Date!) { events(fromDate: $from, first: 100) { edges { node {
            id title confirmedCount waitlistCount
            registrations { edges { node { name status } } } } } } }""",
        lambda size: {"from": SIZES.events_from[size]},
        lambda data: data["events"]["edges"],
        ("confirmedCount + waitlistCount (one grouped count)", "registrations (one window)"),
    ),
    Case(
        "events with registrations and both totalCounts",
        """query($from: Date!) { events(fromDate: $from, first: 100) { totalCount edges { node {
            id registrations(first: 5) { totalCount edges { node { name } } } } } } }""",
        lambda size: {"from": SIZES.events_from[size]},
        lambda data: data["events"]["edges"],
        (
            "confirmedCount + waitlistCount (one grouped count, served with every page)",
            "totalCount (one COUNT)",
            "registrations (one window)",
            "registrations.totalCount (one grouped COUNT)",
        ),
    ),
    Case(
        "occupations with totalCount",
        """query($first: Int!) { occupations(search: "9-", first: $first) { totalCount
            edges { cursor node { id code occupationJa stageIIIAllowed validTo partial tag } }
            pageInfo { hasNextPage endCursor } } }""",
        lambda size: {"first": size},
        lambda data: data["occupations"]["edges"],
        ("totalCount (one COUNT)",),
    ),
    Case(
        "interview sessions of a country",
        """query($c: String!) { interviewSessions(countryCode: $c, first: 100) { edges { node {
            id city heldOn companies { edges { node { name origin } } }
            registrations { edges { node { candidateName outcomes { result companyId } } } }
            placement { registered hired rate } } } } }""",
        lambda size: {"c": SIZES.country[size]},
        lambda data: data["interviewSessions"]["edges"],
        (
            "placement (served with every page)",
            "companies (one window)",
            "registrations (one window, with the candidate's name)",
            "outcomes (of the registrations' pages)",
        ),
    ),
    Case(
        "skills test sittings",
        """query($first: Int!) { skillsTestSittings(first: $first) { totalCount
            edges { cursor node { id candidateId stage grade part satOn passed score } }
            pageInfo { hasNextPage endCursor } } }""",
        lambda size: {"first": size},
        lambda data: data["skillsTestSittings"]["edges"],
        ("totalCount (one COUNT)",),
    ),
    Case(
        "candidates page with skills test sittings, home stays and excellence",
        """query($first: Int!) { candidates(first: $first) { edges { node { id
            skillsTestSittings { id grade part satOn passed }
            homeStays { leftJapanOn returnedOn }
            hostCompany { name excellence { validFrom validTo score } } } } } }""",
        lambda size: {"first": size},
        lambda data: data["candidates"]["edges"],
        ("skillsTestSittings", "homeStays", "hostCompany", "hostCompany.excellence"),
    ),
    Case(
        "difficulties with their interns",
        """query($first: Int!) { difficulties(first: $first) { totalCount edges { node {
            id kind dueOn filedOn overdue filedLate candidate { fullName } } }
            pageInfo { hasNextPage endCursor } } }""",
        lambda size: {"first": size},
        lambda data: data["difficulties"]["edges"],
        ("totalCount (one COUNT)", "candidate"),
    ),
    Case(
        "fee payments with their interns",
        """query($first: Int!) { feePayments(first: $first) { totalCount edges { node {
            id payee kind amount currency paidOn candidate { fullName } } } } }""",
        lambda size: {"first": size},
        lambda data: data["feePayments"]["edges"],
        ("totalCount (one COUNT)", "candidate"),
    ),
    Case(
        "candidates page with difficulties and fee payments",
        """query($first: Int!) { candidates(first: $first) { edges { node {
            id difficulties { kind } openDifficulty { kind } feePayments { amount } } } } }""",
        lambda size: {"first": size},
        lambda data: data["candidates"]["edges"],
        ("difficulties + openDifficulty (one loader)", "feePayments"),
    ),
    Case(
        "lecture courses with enrolments, progress and attendance",
        """query($first: Int!) { lectureCourses(first: $first) { totalCount edges { node {
            id name startsOn enrolments(first: 5) { totalCount edges { node {
            candidateName completedOn progress { requiredHours totalHours complete missing
            subjects { subject hours } } attendances { subject hours } } } } } } } }""",
        lambda size: {"first": size},
        lambda data: data["lectureCourses"]["edges"],
        (
            "totalCount (one COUNT)",
            "enrolments (one window)",
            "enrolments.totalCount (one grouped COUNT)",
            "candidateName (the candidates' loader)",
            "progress: the enrolments of the candidates",
            "progress: their courses",
            "progress: their attendance",
            "progress: the stage (i) plans",
            "progress: every version of the lecture rules",
            "attendances",
        ),
    ),
    Case(
        "candidates page with their lectures",
        """query($first: Int!) { candidates(first: $first) { edges { node {
            id lectures { requiredHours totalHours legalHours complete missing } } } } }""",
        lambda size: {"first": size},
        lambda data: data["candidates"]["edges"],
        (
            "lectures: the enrolments",
            "lectures: their courses",
            "lectures: their attendance",
            "lectures: the stage (i) plans",
            "lectures: every version of the lecture rules",
        ),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_statements_do_not_grow_with_the_page(world: World, case: Case) -> None:
    counts = {}
    for size in (SMALL, LARGE):
        counts[size], data = post(world, case.query, case.variables(size))
        assert len(case.rows(data)) == size
    assert counts == {SMALL: case.expected, LARGE: case.expected}


def test_a_page_shows_every_relation(world: World) -> None:
    """The page is not cheap because it is empty: every relation has rows."""
    _count, data = post(world, CANDIDATES_PAGE, {"first": LARGE})
    page = data["candidates"]
    assert page["totalCount"] > LARGE
    for edge in page["edges"]:
        node = edge["node"]
        assert node["call"]["criteria"]["version"] >= 1
        assert node["cohort"]["phases"]
        assert node["hostCompany"]["name"]
        assert node["history"] and node["testResults"] and node["stages"]
        assert node["trainingResults"] and node["screeningDecisions"]
        decision = node["latestScreeningDecision"]
        assert decision["outcomes"] and decision["criteria"]["version"] >= 1


def test_one_candidate_costs_the_same_with_a_long_history(world: World) -> None:
    counts = {}
    histories = {}
    for key in (world.full_history_id, world.short_history_id):
        counts[key], data = post(world, CANDIDATE, {"id": key})
        histories[key] = len(data["candidate"]["history"])
    # Registered, screened, trained, completed, dispatched, (ii), (iii), returned.
    assert histories == {world.full_history_id: 8, world.short_history_id: 4}
    expected = FIXED + 1 + len(CANDIDATE_RELATIONS)
    assert counts == {world.full_history_id: expected, world.short_history_id: expected}


def test_nodes_cost_what_the_same_lookups_by_id_cost(world: World) -> None:
    """``nodes`` of N candidates sends the statements of N ``candidate(id:)`` lookups in
    one request (the loaders batch both the same way), and no more for 100 than for 10;
    ``node`` of one, those of one lookup. (Ten aliased lookups are as many as the
    document limits allow.)"""
    _count, data = post(world, CANDIDATES_PAGE, {"first": LARGE})
    ids = [edge["node"]["id"] for edge in data["candidates"]["edges"]]
    fields = "id fullName call { label } hostCompany { name } history { toStatus }"
    expected = FIXED + 1 + 3
    aliased = " ".join(
        f"c{index}: candidate(id: {json.dumps(key)}) {{ {fields} }}"
        for index, key in enumerate(ids[:SMALL])
    )
    lookups, by_field = post(world, f"{{ {aliased} }}")
    nodes = f"query($ids: [ID!]!) {{ nodes(ids: $ids) {{ ... on Candidate {{ {fields} }} }} }}"
    counts = {}
    for size in (SMALL, LARGE):
        counts[size], by_node = post(world, nodes, {"ids": ids[:size]})
        assert [node["id"] for node in by_node["nodes"]] == ids[:size]
        if size == SMALL:
            assert by_node["nodes"] == [by_field[f"c{index}"] for index in range(SMALL)]
    assert counts == {SMALL: lookups, LARGE: lookups} and lookups == expected
    node = f"query($id: ID!) {{ node(id: $id) {{ ... on Candidate {{ {CANDIDATE_FIELDS} }} }} }}"
    one = post(world, CANDIDATE, {"id": world.full_history_id})[0]
    assert post(world, node, {"id": world.full_history_id})[0] == one == FIXED + 13


def test_scoping_adds_no_statement(world: World) -> None:
    """A ministry officer's page carries the scope in the same queries."""
    officer = signed_in(world.client, Role.MINISTRY_OFFICER, country_code=PAGE_COUNTRY)
    count, data = post(world, CANDIDATES_PAGE, {"first": LARGE}, headers=officer)
    assert len(data["candidates"]["edges"]) == LARGE
    assert count == CASES[0].expected


def test_association_members_cost_the_same_at_10_and_100(world: World) -> None:
    """Members and their businesses: the list, one query for all businesses, one COUNT
    for totalCount; boards are
    read from the country catalogue, not the database. The world has 10 members; 90
    more join between the two counts (no other test reads the association)."""
    query = """query($c: String!, $a: String!) { associationMembers(countryCode: $c,
        associationId: $a, first: 100) { totalCount edges { node {
        fullName boardId board { name } region businesses { name } } } } }"""
    variables = {"c": PAGE_COUNTRY, "a": ASSOCIATION}
    counts = {}
    for size in (SMALL, LARGE):
        if size == LARGE:
            add_members(world.settings, LARGE - SMALL)
        counts[size], data = post(world, query, variables)
        members = [edge["node"] for edge in data["associationMembers"]["edges"]]
        assert len(members) == size
        assert data["associationMembers"]["totalCount"] == size
        assert all(member["businesses"] for member in members)
        assert any(member["board"] for member in members)
    assert counts == {SMALL: FIXED + 3, LARGE: FIXED + 3}


@pytest.mark.parametrize(
    ("query", "statements"),
    [
        # One read of the tallies (migration 0018; by status and ever passed: it was 2).
        ("pipeline(countryCode: $c) { countryCode applied inJapanI passedScreening }", 1),
        # The tallies' months, hired within six months, businesses founded (it was 7).
        ("statistics(year: 2026, countryCode: $c) { countryCode applicants screened }", 3),
        (
            "statistics(fiscalYear: 2026, countryCode: $c) { countryCode applicants screened }",
            4,  # the 3 of a calendar year, and the rule of the fiscal year's start month
        ),
        ("interviewPlacement(countryCode: $c) { countryCode registered hired rate }", 1),
    ],
    ids=["pipeline", "statistics", "statistics of a fiscal year", "interview placement"],
)
def test_figures_cost_the_same_for_one_country_and_all(
    world: World, query: str, statements: int
) -> None:
    """Read from the tallies or counted by grouped queries in the database: one
    country or all five, same cost."""
    counts = {}
    for code in (PAGE_COUNTRY, None):
        counts[code], data = post(world, f"query($c: String) {{ {query} }}", {"c": code})
        rows = next(iter(data.values()))
        assert len(rows) == (1 if code else 5)
    assert counts == {PAGE_COUNTRY: FIXED + statements, None: FIXED + statements}


AUDITS_PAGE = """query($first: Int!) { hostCompanyAudits(first: $first) { edges { node {
    heldOn findings hostCompany { name } interviewedInterns { fullName } } } } }"""
VISITS_PAGE = """query($first: Int!) { guidanceVisits(first: $first) { edges { node {
    visitedOn hostCompany { name } internsMet { fullName } } } } }"""
COMPANY_RECORDS = """query($n: String!) { hostCompanies(name: $n, first: 100) { edges { node {
    name audits { totalCount edges { node { heldOn } } }
    visits { edges { node { visitedOn } } } } } } }"""
DUE = """query($c: ID) { auditsDue(before: "2026-11-30", hostCompanyId: $c) {
    hostCompany { name } auditsCountedFrom items { kind dueOn overdue lastDoneOn } } }"""
DUE_STATEMENTS = 8
"""The interns, their lecture starts, their stages, their lecture completions, the
regular audits, the visits, the rules' versions and the companies: whatever the
number of companies."""


def test_audits_and_visits_cost_the_same_at_10_and_100(world: World) -> None:
    """Audits and visits of host companies (issue 13): the root connections with their
    company and interns (one loader each), ``HostCompany.audits``/``visits`` (one window
    each, one grouped COUNT), and ``auditsDue`` for one company or for all of them."""
    add_audits_and_visits(world.settings)
    for query, root, relations in (
        (AUDITS_PAGE, "hostCompanyAudits", 3),
        (VISITS_PAGE, "guidanceVisits", 3),
    ):
        counts = {}
        for size in (SMALL, LARGE):
            counts[size], data = post(world, query, {"first": size})
            nodes = [edge["node"] for edge in data[root]["edges"]]
            assert len(nodes) == size
            assert all(node["hostCompany"]["name"] for node in nodes)
        assert counts == {SMALL: FIXED + 1 + relations, LARGE: FIXED + 1 + relations}, root
    counts = {}
    for size in (SMALL, LARGE):
        counts[size], data = post(world, COMPANY_RECORDS, {"n": SIZES.company_name[size]})
        companies = [edge["node"] for edge in data["hostCompanies"]["edges"]]
        assert len(companies) == size
        assert all(company["audits"]["totalCount"] == 1 for company in companies)
        assert all(company["visits"]["edges"] for company in companies)
    assert counts == {SMALL: FIXED + 1 + 3, LARGE: FIXED + 1 + 3}
    _count, found = post(
        world, '{ hostCompanies(name: "Large", first: 1) { edges { node { id } } } }'
    )
    company = found["hostCompanies"]["edges"][0]["node"]["id"]
    one_count, one = post(world, DUE, {"c": company})
    all_count, every = post(world, DUE, {})
    assert len(one["auditsDue"]) == 1 and len(every["auditsDue"]) == LARGE
    assert one_count == all_count == FIXED + DUE_STATEMENTS


def test_the_business_report_costs_the_same_with_rows_and_without(world: World) -> None:
    """Two rules (start month, due day) and one aggregate statement per section: the
    interns by stage, entries and returns, skills tests, difficulties, audits, visits,
    fees, workers by programme, ESD transfers, moves to SSW (i), language results. A
    year full of rows costs what an empty one does."""
    query = """query($fy: Int!) { businessReport(fiscalYear: $fy) { dueOn
        interns { countryCode stage interns } movements { entries } skillsTests { sittings }
        difficulties { kind occurred filed } audits { audits } visits
        fees { currency amount } } }"""
    counts = {}
    for year in (2026, 2090):
        counts[year], data = post(world, query, {"fy": year})
        report = data["businessReport"]
        assert bool(report["difficulties"] and report["interns"]) == (year == 2026)
    assert counts == {2026: FIXED + 13, 2090: FIXED + 13}


PREFETCHED = ("call", "cohort", "host_company", "latest_screening_decision")
"""The relations the ``candidates`` resolver loads for its page in one pass."""


RELATIONS = "call { label } cohort { name } hostCompany { name } latestScreeningDecision { passed }"


@pytest.mark.parametrize(
    "shape",
    [
        f"edges {{ node {{ id {RELATIONS} }} }}",
        "edges { node { ...Relations } }",
        f"edges {{ ... on CandidateEdge {{ node {{ id ... on Candidate {{ {RELATIONS} }} }} }} }}",
    ],
    ids=["fields", "fragment", "inline fragments"],
)
def test_a_page_hands_each_candidate_its_relations(
    world: World, monkeypatch: pytest.MonkeyPatch, shape: str
) -> None:
    """No relation of a page's candidate is loaded field by field (one awaitable per
    candidate and relation), however the selection is written; the answer is the one
    each candidate's own lookup gives."""
    query = "query($first: Int!) { candidates(first: $first) { " + shape + " } }"
    if "...Relations" in shape:
        query += f" fragment Relations on Candidate {{ id {RELATIONS} }}"
    by_id = f"query($id: ID!) {{ candidate(id: $id) {{ id {RELATIONS} }} }}"
    expected = [
        post(world, by_id, {"id": edge["node"]["id"]})[1]["candidate"]
        for edge in post(world, query, {"first": SMALL})[1]["candidates"]["edges"]
    ]
    from core.schema.lifecycle.types import Candidate

    for name in PREFETCHED:
        monkeypatch.setattr(Candidate, f"_load_{name}", _loaded_field_by_field)
    count, data = post(world, query, {"first": SMALL})
    assert [edge["node"] for edge in data["candidates"]["edges"]] == expected
    assert count == FIXED + 1 + 4


def _loaded_field_by_field(*_: object) -> None:
    raise AssertionError("a relation of the page was loaded field by field")


PERSONAL_PAGE = """query($first: Int!) { candidates(first: $first) { edges { node {
  id fullName applicantNumber dateOfBirth sex heightCm weightKg japaneseLevel } } } }"""


def test_a_personal_field_is_decided_once_per_request(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The permission of the page's personal fields runs once per request, not once per
    candidate and field; an embassy officer is refused each of them at its own path,
    with the permission's own message and code, as before."""
    from core.schema.permissions import PERSONAL

    checked = []
    role_check = PERSONAL[-1]
    decide = role_check.has_permission

    def counted(self: object, source: object, info: object, **kwargs: object) -> bool:
        checked.append(source)
        return decide(self, source, info, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(role_check, "has_permission", counted)
    for size in (SMALL, LARGE):
        checked.clear()
        _count, data = post(world, PERSONAL_PAGE, {"first": size})
        assert all(edge["node"]["dateOfBirth"] for edge in data["candidates"]["edges"])
        assert len(checked) == 1

    embassy = signed_in(world.client, Role.EMBASSY_OFFICER, country_code=PAGE_COUNTRY)
    body = world.client.post(
        "/graphql", json={"query": PERSONAL_PAGE, "variables": {"first": SMALL}}, headers=embassy
    ).json()
    nodes = [edge["node"] for edge in body["data"]["candidates"]["edges"]]
    assert nodes and all(node["dateOfBirth"] is None and node["fullName"] for node in nodes)
    personal = ("applicantNumber", "dateOfBirth", "sex", "heightCm", "weightKg", "japaneseLevel")
    assert len(body["errors"]) == len(nodes) * len(personal)
    assert {error["extensions"]["code"] for error in body["errors"]} == {"FORBIDDEN"}
    assert {error["path"][-1] for error in body["errors"]} == set(personal)
    assert len({error["message"] for error in body["errors"]}) == 1
