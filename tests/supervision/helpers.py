"""Taking an intern to the door of a host company over HTTP, through the real mutations:
the certified stage (i) plan with that company, then the Certificate of Eligibility,
the visa and the entry, then the post-entry lectures (what ``dispatchCandidate`` needs).

:func:`prepare_for_dispatch` is the one place a test learns what dispatch needs:
a requirement added to dispatch is added here once (one more entry of
:data:`STEPS`), and every test that dispatches follows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from dateutil.relativedelta import relativedelta
from starlette.testclient import TestClient

from tests.client import mutation
from tests.supervision.lectures_helpers import CENTRE, attendance_plan

ERRORS = "errors { field message code }"
PLAN_FIELDS = (
    "id stage version status occupationCode plannedStart plannedEnd appliedOn certifiedOn "
    "certificateNumber endedOn dueBy applicationLate supersedes { id } hostCompany { id }"
)
ENTRY_FIELDS = "coeAppliedOn coeIssuedOn coeNumber visaIssuedOn enteredOn"
OCCUPATION = "1-1-1"
"""An occupation of the shipped (partial) list: stages (i) and (ii) allowed."""


def plan_values(candidate_id: str, host_company_id: str, **changes: Any) -> dict[str, Any]:
    """A ``DraftTrainingPlanInput`` for stage (i) starting 2026-08-01, updated by ``changes``."""
    return {
        "candidateId": candidate_id,
        "hostCompanyId": host_company_id,
        "stage": "I",
        "occupationCode": OCCUPATION,
        "goals": "Greenhouse horticulture: basic-grade skills test level",
        "plannedStart": "2026-08-01",
        "plannedEnd": "2027-07-31",
        "plannedHours": 1920,
        "monthlyWage": 180000,
        "weeklyHours": 40,
        "housing": "Company dormitory, single room",
        "internCosts": "Utilities",
        "internCostsMonthly": 15000,
        **changes,
    }


def run(client: TestClient, name: str, selection: str, data: dict[str, Any]) -> dict[str, Any]:
    """A mutation that must succeed; its payload."""
    payload = mutation(client, name, f"{selection} {ERRORS}", data)
    assert payload["errors"] == [], (name, payload["errors"])
    return payload


def plan_mutation(
    client: TestClient, name: str, data: dict[str, Any], headers: dict[str, str] | None = None
) -> dict[str, Any]:
    """A plan mutation's payload (plan, warnings, errors), whatever its outcome."""
    selection = f"plan {{ {PLAN_FIELDS} }} warnings {{ rule months dueBy sourceUrl message }}"
    return mutation(client, name, f"{selection} {ERRORS}", data, headers)


def entry_mutation(
    client: TestClient, name: str, data: dict[str, Any], headers: dict[str, str] | None = None
) -> dict[str, Any]:
    """An entry mutation's payload (candidate, entry, errors), whatever its outcome."""
    selection = f"candidate {{ id status enteredJapanOn }} entry {{ {ENTRY_FIELDS} }}"
    return mutation(client, name, f"{selection} {ERRORS}", data, headers)


Mutate = Callable[[str, dict[str, Any]], dict[str, Any]]
"""Runs a mutation (by name, with its input) that must succeed; returns its payload."""

SELECTIONS = {
    "draftTrainingPlan": f"plan {{ {PLAN_FIELDS} }} warnings {{ rule }}",
    "applyForTrainingPlan": f"plan {{ {PLAN_FIELDS} }} warnings {{ rule }}",
    "certifyTrainingPlan": f"plan {{ {PLAN_FIELDS} }} warnings {{ rule }}",
    "recordCoeApplication": f"entry {{ {ENTRY_FIELDS} }}",
    "recordCoeIssued": f"entry {{ {ENTRY_FIELDS} }}",
    "recordVisaIssued": f"entry {{ {ENTRY_FIELDS} }}",
    "recordEntry": f"candidate {{ id enteredJapanOn }} entry {{ {ENTRY_FIELDS} }}",
    "createLectureCourse": "course { id }",
    "enrolInLectures": "progress { requiredHours legalHoursRequired enrolment { id } }",
    "recordLectureAttendance": "attendance { id }",
    "completeLectures": "progress { complete completedOn }",
}


def over_http(client: TestClient) -> Mutate:
    """:data:`Mutate` through ``client`` (signed in), asking each payload for
    :data:`SELECTIONS`."""

    def mutate(name: str, data: dict[str, Any]) -> dict[str, Any]:
        return run(client, name, SELECTIONS[name], data)

    return mutate


@dataclass(frozen=True)
class Dates:
    """When each step happens, counted back from the entry into Japan: the plan applied
    for 5 months before (the seeded rules: from 6 months, due by 4) and certified 4
    months before, the Certificate applied for 3 and issued 2 months before, the visa 1."""

    entered: date

    @property
    def applied(self) -> date:
        return self.entered - relativedelta(months=5)

    @property
    def certified(self) -> date:
        return self.entered - relativedelta(months=4)

    @property
    def coe_applied(self) -> date:
        return self.entered - relativedelta(months=3)

    @property
    def coe_issued(self) -> date:
        return self.entered - relativedelta(months=2)

    @property
    def visa_issued(self) -> date:
        return self.entered - relativedelta(months=1)


def certify_plan(
    mutate: Mutate, candidate_id: str, host_company_id: str, dates: Dates, **changes: Any
) -> str:
    """Draft, apply for and certify a stage (i) plan starting on the entry date; its id."""
    start = dates.entered
    values = plan_values(
        candidate_id,
        host_company_id,
        plannedStart=start.isoformat(),
        plannedEnd=(start + relativedelta(years=1, days=-1)).isoformat(),
        **changes,
    )
    plan_id: str = mutate("draftTrainingPlan", values)["plan"]["id"]
    mutate("applyForTrainingPlan", {"planId": plan_id, "appliedOn": dates.applied.isoformat()})
    mutate(
        "certifyTrainingPlan",
        {
            "planId": plan_id,
            "certifiedOn": dates.certified.isoformat(),
            "certificateNumber": "CERT-2026-0001",
        },
    )
    return plan_id


def certify_stage_plan(
    mutate: Mutate, candidate_id: str, company_id: str, stage: str, start: date, code: str
) -> None:
    """A plan for stage ``stage`` (``"ii"``/``"iii"``) from ``start`` in occupation ``code``,
    drafted, applied for a month and certified three weeks before ``start``."""
    years = 1 if stage == "ii" else 2
    values = plan_values(
        candidate_id,
        company_id,
        stage=stage.upper(),
        occupationCode=code,
        plannedStart=start.isoformat(),
        plannedEnd=(start + relativedelta(years=years, days=-1)).isoformat(),
    )
    plan = mutate("draftTrainingPlan", values)["plan"]["id"]
    applied = start - relativedelta(months=1)
    mutate("applyForTrainingPlan", {"planId": plan, "appliedOn": applied.isoformat()})
    mutate(
        "certifyTrainingPlan",
        {
            "planId": plan,
            "certifiedOn": (applied + timedelta(days=7)).isoformat(),
            "certificateNumber": f"CERT-{stage}",
        },
    )


def record_entry(mutate: Mutate, candidate_id: str, dates: Dates) -> None:
    """The Certificate of Eligibility applied for and issued, the visa, the entry."""
    steps: list[tuple[str, dict[str, Any]]] = [
        ("recordCoeApplication", {"appliedOn": dates.coe_applied}),
        ("recordCoeIssued", {"issuedOn": dates.coe_issued, "coeNumber": "E-2026-0001"}),
        ("recordVisaIssued", {"issuedOn": dates.visa_issued}),
        ("recordEntry", {"enteredOn": dates.entered}),
    ]
    for name, values in steps:
        data = {k: v.isoformat() if isinstance(v, date) else v for k, v in values.items()}
        mutate(name, {"candidateId": candidate_id, **data})


LECTURE_DAYS = 30
"""The test course runs from the entry for this many days; completed on its last."""
PLANNED_HOURS = 240
"""The stage (i) plan's hours in these steps: a sixth (40 h) is lectured in 7 records."""


def attend_lectures(mutate: Mutate, candidate_id: str, dates: Dates) -> None:
    """A course from the entry day, the enrolment, attendance covering the hours the
    enrolment says are required (the legal part by an outside expert), completion."""
    first = dates.entered
    last = first + timedelta(days=LECTURE_DAYS - 1)
    course = mutate(
        "createLectureCourse",
        {
            "name": f"Post-entry lectures from {first}",
            "centre": CENTRE,
            "startsOn": first.isoformat(),
            "endsOn": last.isoformat(),
        },
    )["course"]["id"]
    enrolled = mutate("enrolInLectures", {"courseId": course, "candidateId": candidate_id})
    progress = enrolled["progress"]
    enrolment = progress["enrolment"]["id"]
    plan = attendance_plan(progress["requiredHours"], progress["legalHoursRequired"])
    for index, (subject, hours, expert) in enumerate(plan):
        mutate(
            "recordLectureAttendance",
            {
                "enrolmentId": enrolment,
                "subject": subject,
                "hours": hours,
                "heldOn": (first + timedelta(days=index % LECTURE_DAYS)).isoformat(),
                "taughtBy": "Outside expert (test)" if expert else "IM Japan lecturer (test)",
                "outsideExpert": expert,
            },
        )
    done = mutate("completeLectures", {"enrolmentId": enrolment, "completedOn": last.isoformat()})
    assert done["progress"]["complete"], done


Step = Callable[[Mutate, str, str, Dates], object]

STEPS: list[Step] = [
    lambda mutate, candidate, company, dates: certify_plan(
        mutate, candidate, company, dates, plannedHours=PLANNED_HOURS
    ),
    lambda mutate, candidate, company, dates: record_entry(mutate, candidate, dates),
    lambda mutate, candidate, company, dates: attend_lectures(mutate, candidate, dates),
]
"""What dispatch needs, in order; a new requirement of dispatch is one more step here."""


def prepare_for_dispatch(
    client: TestClient | Mutate,
    candidate_id: str,
    host_company_id: str,
    entered_on: str | date,
) -> None:
    """Everything ``dispatchCandidate`` needs of a trained candidate (or one in training)
    to be placed with ``host_company_id``: the steps of :data:`STEPS`, the entry into
    Japan on ``entered_on`` and every earlier step before it (:class:`Dates`).

    ``client`` is a signed-in TestClient, or a :data:`Mutate` (a frontend running its
    own operations)."""
    mutate = over_http(client) if isinstance(client, TestClient) else client
    entered = entered_on if isinstance(entered_on, date) else date.fromisoformat(entered_on)
    for step in STEPS:
        step(mutate, candidate_id, host_company_id, Dates(entered))
