"""Object types and enums of the candidate lifecycle: the candidate and every record it
links to (call and criteria, cohort and phases, host company, stages, history, test
results, screening decisions, training results), built from rows; relations resolve
through loaders.

The cohort and host company types are here, not in the training and dispatch packages:
the candidate links to them and those packages' mutations answer with candidates, so
they import this package and this package imports neither (no package cycles).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated, Any, TypeVar, Union, cast

import strawberry
from strawberry.relay import NodeID
from strawberry.scalars import JSON

from core.db import models
from core.domain import esd, next_steps, rules, states, supervision, titp
from core.domain.candidate import CandidateBase, record_values
from core.domain.families import HostCompanyBase, RecruitmentCallBase, TrainingCohortBase
from core.i18n import localized, localized_stored
from core.schema.base import Info
from core.schema.catalogue.types import Payer, RuleKind
from core.schema.connections import (
    DEFAULT_PAGE_SIZE,
    After,
    Before,
    Connection,
    First,
    Last,
    nested_connection,
)
from core.schema.country_details import CountryDetails, details_object
from core.schema.derive import object_of, record_fields, type_from
from core.schema.ids import global_id
from core.schema.nodes import GatedNode, node_type
from core.schema.permissions import (
    CASEWORK,
    COMPANY_RECORDS,
    GOVERNMENTS,
    HOST_COMPANY_STATUS,
    IM_JAPAN,
    PERSONAL,
    TEST_RESULTS,
    refusal,
)
from core.schema.reference.types import Occupation
from core.screening import facts
from core.screening.details import TEST_DETAILS, readable_details
from core.services import csv_import, plans
from core.services.dates import latest_today
from core.services.difficulties import is_overdue
from core.services.fees import amount_text
from core.services.next_steps import data_blockers

# GraphQL enums of the lifecycle, over the domain enums (see core.schema.catalogue.types).
if TYPE_CHECKING:
    from core.schema.lectures.types import LectureProgress

    CandidateStatus = states.Status
    CandidateStep = states.Step
    Sex = rules.Sex
    PriorWorkScope = rules.PriorWorkScope
    EducationLevel = rules.EducationLevel
    JapaneseLevel = rules.JapaneseLevel
    TestKind = facts.TestKind
    Stage = titp.Stage
    SkillsTest = titp.SkillsTest
    ReturnOutcome = titp.ReturnOutcome
    ImportMode = csv_import.ImportMode
    TestGrade = supervision.TestGrade
    TestPart = supervision.TestPart
    TrainingPlanStatus = supervision.PlanStatus
    Programme = esd.Programme
else:
    CandidateStatus = strawberry.enum(states.Status, name="CandidateStatus")
    CandidateStep = strawberry.enum(states.Step, name="CandidateStep")
    Sex = strawberry.enum(rules.Sex, name="Sex")
    PriorWorkScope = strawberry.enum(rules.PriorWorkScope, name="PriorWorkScope")
    EducationLevel = strawberry.enum(rules.EducationLevel, name="EducationLevel")
    JapaneseLevel = strawberry.enum(rules.JapaneseLevel, name="JapaneseLevel")
    TestKind = strawberry.enum(facts.TestKind, name="TestKind")
    Stage = strawberry.enum(titp.Stage, name="Stage")
    SkillsTest = strawberry.enum(titp.SkillsTest, name="SkillsTest")
    ReturnOutcome = strawberry.enum(titp.ReturnOutcome, name="ReturnOutcome")
    ImportMode = strawberry.enum(csv_import.ImportMode, name="ImportMode")
    TestGrade = strawberry.enum(supervision.TestGrade, name="TestGrade")
    TestPart = strawberry.enum(supervision.TestPart, name="TestPart")
    TrainingPlanStatus = strawberry.enum(
        supervision.PlanStatus,
        name="TrainingPlanStatus",
        description="A training plan's life: drafted, applied for, certified, then superseded "
        "by a certified change or ended.",
    )
    Programme = strawberry.enum(
        esd.Programme,
        name="Programme",
        description="Which programme a person is under: TITP or ESD, never both.",
    )


def _key(row_id: int | None) -> int:
    assert row_id is not None
    return row_id


@strawberry.type(description="One rule of a call's criteria, with the values in force.")
class CallCriterion:
    id: str
    kind: RuleKind
    title: str
    parameters: JSON


@strawberry.type(description="The criteria of a call as they stood; a change makes a new version.")
class CriteriaVersion(GatedNode):
    id: NodeID[int]
    version: int
    reason: str | None
    created_at: datetime
    criteria: list[CallCriterion] = strawberry.field(
        description="The rules of this version (a plain list: bounded by the call's criteria)."
    )

    GATE = ("Query", "recruitmentCall")

    @classmethod
    async def load(cls, info: Info, key: int) -> CriteriaVersion | None:
        row = await info.context.loaders.nodes.criteria_version.load(key)
        return cls.from_row(row) if row else None

    @classmethod
    def from_row(cls, row: models.CriteriaVersion) -> CriteriaVersion:
        return cls(
            id=_key(row.id),
            version=row.version,
            reason=row.reason,
            created_at=row.created_at,
            criteria=[
                CallCriterion(
                    id=item["id"],
                    kind=RuleKind(item["kind"]),
                    title=item["title"],
                    parameters=cast(JSON, item["parameters"]),
                )
                for item in row.criteria
            ],
        )


@strawberry.type
@record_fields(RecruitmentCallBase, after="id")
class RecruitmentCall(GatedNode):
    id: NodeID[int]
    row_id: strawberry.Private[int]
    codes: strawberry.Private[list[str]]

    GATE = ("Query", "recruitmentCall")

    @classmethod
    async def load(cls, info: Info, key: int) -> RecruitmentCall | None:
        row = await info.context.loaders.call.load(key)
        return cls.from_row(row) if row else None

    @strawberry.field(description="The criteria in force now.")
    async def criteria(self, info: Info) -> CriteriaVersion | None:
        row = await info.context.loaders.current_criteria.load(self.row_id)
        return CriteriaVersion.from_row(row) if row else None

    @strawberry.field(
        description=(
            "The occupations of occupationCodes, in their order (a plain list, bounded by "
            "the call): the rows of OTIT's list, closed ones too."
        )
    )
    async def occupations(self, info: Info) -> list[Occupation]:
        rows = await info.context.loaders.occupation_by_code.load_many(self.codes)
        return [Occupation.from_row(row) for row in rows if row is not None]

    @classmethod
    def from_row(cls, row: models.RecruitmentCall) -> RecruitmentCall:
        assert row.id is not None
        return cls(
            id=row.id,
            **record_values(RecruitmentCallBase, row),
            row_id=row.id,
            codes=list(row.occupation_codes),
        )


@strawberry.type
class CohortPhase(GatedNode):
    id: NodeID[int]
    position: int
    name: str
    starts_on: date
    ends_on: date
    paid_by: Payer | None

    GATE = ("Query", "trainingCohort")

    @classmethod
    async def load(cls, info: Info, key: int) -> CohortPhase | None:
        row = await info.context.loaders.nodes.cohort_phase.load(key)
        return cls.from_row(row) if row else None

    @classmethod
    def from_row(cls, row: models.CohortPhase) -> CohortPhase:
        return cls(
            id=_key(row.id),
            position=row.position,
            name=row.name,
            starts_on=row.starts_on,
            ends_on=row.ends_on,
            paid_by=Payer(row.paid_by) if row.paid_by else None,
        )


@strawberry.type(description="A pre-entry training cohort.")
@record_fields(TrainingCohortBase, after="id")
class TrainingCohort(GatedNode):
    id: NodeID[int]
    row_id: strawberry.Private[int]

    GATE = ("Query", "trainingCohort")

    @classmethod
    async def load(cls, info: Info, key: int) -> TrainingCohort | None:
        row = await info.context.loaders.cohort.load(key)
        return cls.from_row(row) if row else None

    @strawberry.field(
        description="The cohort's phases in order (a plain list: set with the cohort, a few)."
    )
    async def phases(self, info: Info) -> list[CohortPhase]:
        return [
            CohortPhase.from_row(p) for p in await info.context.loaders.phases.load(self.row_id)
        ]

    @classmethod
    def from_row(cls, row: models.TrainingCohort) -> TrainingCohort:
        assert row.id is not None
        return cls(
            id=row.id,
            **record_values(TrainingCohortBase, row),
            row_id=row.id,
        )


@strawberry.type(
    description=(
        "One sitting of a skills test by an intern, kept whatever the result: a failed "
        "attempt stays, and a later sitting never replaces it."
    )
)
class SkillsTestSitting(GatedNode):
    id: NodeID[int]
    candidate_id: strawberry.ID
    stage: Stage = strawberry.field(description="The stage during which it was sat.")
    grade: TestGrade
    part: TestPart
    sat_on: date
    passed: bool
    score: int | None

    GATE = ("Query", "skillsTestSittings")

    @classmethod
    async def load(cls, info: Info, key: int) -> SkillsTestSitting | None:
        row = await info.context.loaders.nodes.skills_test_sitting.load(key)
        return cls.from_row(row) if row else None

    @classmethod
    def from_row(cls, row: models.SkillsTestSitting) -> SkillsTestSitting:
        return cls(
            id=_key(row.id),
            candidate_id=global_id("Candidate", row.candidate_id),
            stage=Stage(row.stage),
            grade=TestGrade(row.grade),
            part=TestPart(row.part),
            sat_on=row.sat_on,
            passed=row.passed,
            score=row.score,
        )


@strawberry.type(description="An intern's time at home between stages (ii) and (iii).")
class HomeStay:
    left_japan_on: date
    returned_on: date

    @classmethod
    def from_row(cls, row: models.HomeStay) -> HomeStay:
        return cls(left_japan_on=row.left_japan_on, returned_on=row.returned_on)


@strawberry.type(
    description="A period in which a host company is excellent (優良), a condition of stage (iii)."
)
class HostCompanyExcellence:
    valid_from: date
    valid_to: date
    score: int | None = strawberry.field(description="Points out of 150; null when unknown.")

    @classmethod
    def from_row(cls, row: models.HostCompanyExcellence) -> HostCompanyExcellence:
        return cls(valid_from=row.valid_from, valid_to=row.valid_to, score=row.score)


CompanyAudit = Annotated[
    "HostCompanyAudit",  # type: ignore[name-defined]  # noqa: F821
    strawberry.lazy("core.schema.company_audits.types"),
]
"""``HostCompany.audits``' nodes, a type of the package that imports this one."""
CompanyVisit = Annotated[
    "GuidanceVisit",  # type: ignore[name-defined]  # noqa: F821
    strawberry.lazy("core.schema.company_audits.types"),
]


def _from_row(info: Info, type_name: str) -> Callable[[Any], Any]:
    """The ``from_row`` of a Node type this package cannot import (it imports this one)."""
    found = node_type(info, type_name)
    assert found is not None
    made: Callable[[Any], Any] = getattr(found, "from_row")  # noqa: B009
    return made


@strawberry.type(description="A company in Japan that hosts technical interns.")
@record_fields(HostCompanyBase, after="id")
class HostCompany(GatedNode):
    id: NodeID[int]

    GATE = ("Query", "hostCompany")

    @classmethod
    async def load(cls, info: Info, key: int) -> HostCompany | None:
        row = await info.context.loaders.nodes.host_company.load(key)
        return cls.from_row(row) if row else None

    @strawberry.field(
        description=(
            "The periods in which the company is excellent (優良), oldest first (a plain "
            "list: a few per company); for IM Japan and the company itself."
        ),
        permission_classes=HOST_COMPANY_STATUS,
    )
    async def excellence(self, info: Info) -> list[HostCompanyExcellence] | None:
        rows = await info.context.loaders.excellence.load(self.id)
        return [HostCompanyExcellence.from_row(row) for row in rows]

    @classmethod
    def from_row(cls, row: models.HostCompany) -> HostCompany:
        return cls(id=_key(row.id), **record_values(HostCompanyBase, row))

    @strawberry.field(
        description=(
            "IM Japan's audits of this company, newest first, a page at a time: for IM "
            "Japan and the company itself."
        ),
        permission_classes=COMPANY_RECORDS,
    )
    async def audits(
        self,
        info: Info,
        first: First = DEFAULT_PAGE_SIZE,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[CompanyAudit] | None:
        loaders = info.context.loaders
        return await nested_connection(
            loaders.company_audits,
            loaders.company_audit_count,
            self.id,
            _from_row(info, "HostCompanyAudit"),
            first=first,
            after=after,
            last=last,
            before=before,
        )

    @strawberry.field(
        description=(
            "IM Japan's guidance visits to this company, newest first, a page at a time: for "
            "IM Japan and the company itself."
        ),
        permission_classes=COMPANY_RECORDS,
    )
    async def visits(
        self,
        info: Info,
        first: First = DEFAULT_PAGE_SIZE,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[CompanyVisit] | None:
        loaders = info.context.loaders
        return await nested_connection(
            loaders.company_visits,
            loaders.company_visit_count,
            self.id,
            _from_row(info, "GuidanceVisit"),
            first=first,
            after=after,
            last=last,
            before=before,
        )


@strawberry.type(description="A step of a candidate's history.")
class StatusChange:
    from_status: CandidateStatus | None
    to_status: CandidateStatus
    reason: str | None
    actor: str | None
    changed_at: datetime

    @classmethod
    def from_row(cls, row: models.StatusChange, actor: str | None) -> StatusChange:
        """``actor`` as the reader may see it (``Scope.history_actor``), not the stored text."""
        return cls(
            from_status=CandidateStatus(row.from_status) if row.from_status else None,
            to_status=CandidateStatus(row.to_status),
            reason=row.reason,
            actor=actor,
            changed_at=row.changed_at,
        )


TEST_DETAIL_TYPES: dict[facts.TestKind, type] = {
    kind: type_from(model, name=model.__name__)
    for kind, model in TEST_DETAILS.items()
    if model.model_fields
}
"""The object type of each test kind that records details, from its model."""

if TYPE_CHECKING:
    TestDetails = Any
else:
    TestDetails = Annotated[
        Union[tuple(TEST_DETAIL_TYPES.values())],  # noqa: UP007 (a union built at run time)
        strawberry.union("TestDetails", description="A test's details, by the test's kind."),
    ]


@strawberry.type
class TestResult:
    __test__ = False
    kind: TestKind
    passed: bool | None
    score: float | None
    details: TestDetails | None = strawberry.field(
        description="What the test recorded; null for a test that records nothing, or none yet."
    )
    taken_on: date | None

    @classmethod
    def from_row(cls, row: models.TestResult) -> TestResult:
        kind = facts.TestKind(row.kind)
        output = TEST_DETAIL_TYPES.get(kind)
        details = (
            object_of(output, readable_details(TEST_DETAILS[kind], row.details))
            if output is not None and row.details
            else None
        )
        return cls(
            kind=TestKind(row.kind),
            passed=row.passed,
            score=row.score,
            details=details,
            taken_on=row.taken_on,
        )


@strawberry.type(description="One rule's result: the values compared and a reason to read.")
class ScreeningOutcome:
    rule_id: str
    kind: RuleKind
    passed: bool
    expected: str
    actual: str
    reason: str

    @classmethod
    def from_row(cls, row: models.ScreeningOutcome) -> ScreeningOutcome:
        return cls(
            rule_id=row.rule_id,
            kind=RuleKind(row.kind),
            passed=row.passed,
            expected=row.expected,
            actual=row.actual,
            reason=localized_stored(row.reason, row.reason_message),
        )


@strawberry.type
class ScreeningDecision(GatedNode):
    id: NodeID[int]
    passed: bool
    screened_on: date
    decided_at: datetime
    row_id: strawberry.Private[int]
    version_id: strawberry.Private[int]

    @strawberry.field
    async def outcomes(self, info: Info) -> list[ScreeningOutcome]:
        rows = await info.context.loaders.outcomes.load(self.row_id)
        return [ScreeningOutcome.from_row(row) for row in rows]

    @strawberry.field(description="The criteria version the decision applied.")
    async def criteria(self, info: Info) -> CriteriaVersion:
        row = await info.context.loaders.criteria_version.load(self.version_id)
        assert row is not None
        return CriteriaVersion.from_row(row)

    GATE = ("Candidate", "screeningDecisions")

    @classmethod
    async def load(cls, info: Info, key: int) -> ScreeningDecision | None:
        row = await info.context.loaders.nodes.screening_decision.load(key)
        return cls.from_row(row) if row else None

    @classmethod
    def from_row(cls, row: models.ScreeningDecision) -> ScreeningDecision:
        assert row.id is not None
        return cls(
            id=row.id,
            passed=row.passed,
            screened_on=row.screened_on,
            decided_at=row.decided_at,
            row_id=row.id,
            version_id=row.criteria_version_id,
        )


@strawberry.type
class StageRecord:
    stage: Stage
    started_on: date
    skills_test: SkillsTest | None
    skills_test_passed_on: date | None

    @classmethod
    def from_row(cls, row: models.StageRecord) -> StageRecord:
        return cls(
            stage=Stage(row.stage),
            started_on=row.started_on,
            skills_test=SkillsTest(row.skills_test) if row.skills_test else None,
            skills_test_passed_on=row.skills_test_passed_on,
        )


@strawberry.type
class TrainingResult:
    phase_id: strawberry.ID
    attendance_percent: float
    assessment_score: float | None
    passed: bool

    @classmethod
    def from_row(cls, row: models.TrainingResult) -> TrainingResult:
        return cls(
            phase_id=global_id("CohortPhase", row.phase_id),
            attendance_percent=row.attendance_percent,
            assessment_score=row.assessment_score,
            passed=row.passed,
        )


@strawberry.type(
    description=(
        "An application for a training plan later than the rule's lead time before the "
        "planned start: accepted, with the rule, its months, the date it was due and its source."
    )
)
class PlanWarning:
    rule: str
    months: int
    due_by: date
    source_url: str | None
    message: str

    @classmethod
    def of(cls, warning: plans.PlanWarning) -> PlanWarning:
        return cls(
            rule=warning.rule,
            months=warning.months,
            due_by=warning.due_by,
            source_url=warning.source_url,
            message=localized(warning.message),
        )


@strawberry.type(
    description=(
        "A version of an intern's training plan for a stage (reference B2). A change of a "
        "certified plan is a new version that supersedes it once certified; every version "
        "is kept. IM Japan sees every plan, a host company those naming it, a ministry or "
        "an embassy those of the candidates it sees."
    )
)
@record_fields(supervision.TrainingPlanBase, after="status", exclude=frozenset({"stage"}))
class TrainingPlan(GatedNode):
    id: NodeID[int]
    stage: Stage
    version: int
    status: TrainingPlanStatus
    applied_on: date | None
    certified_on: date | None
    certificate_number: str | None
    ended_on: date | None
    end_reason: str | None
    created_at: datetime
    due_by: date | None = strawberry.field(
        description=(
            "When the application was due: plannedStart less the months of the rule "
            "titp.plan.lead_months.<stage> in force on plannedStart (null: no rule in force)."
        )
    )
    application_late: bool | None = strawberry.field(
        description=(
            "Whether the application came after dueBy; null until it is applied for, and "
            "for a change (not bound by the lead time)."
        )
    )
    row: strawberry.Private[models.TrainingPlan]

    GATE = ("Query", "trainingPlan")

    @classmethod
    async def load(cls, info: Info, key: int) -> TrainingPlan | None:
        listing = await info.context.loaders.nodes.training_plan.load(key)
        return cls.of(listing) if listing else None

    @strawberry.field(description="The intern; null for a reader who does not see the candidate.")
    async def candidate(self, info: Info) -> Candidate | None:
        row = await info.context.loaders.candidate.load(self.row.candidate_id)
        return Candidate.from_row(row) if row else None

    @strawberry.field(description="The host company the plan is made with.")
    async def host_company(self, info: Info) -> HostCompany | None:
        row = await info.context.loaders.host_company.load(self.row.host_company_id)
        return HostCompany.from_row(row) if row else None

    @strawberry.field(description="The version this one changes (null for a first version).")
    async def supersedes(self, info: Info) -> TrainingPlan | None:
        if self.row.supersedes_id is None:
            return None
        found = [
            item for item in await self._same_stage(info) if item.plan.id == self.row.supersedes_id
        ]
        return TrainingPlan.of(found[0]) if found else None

    @strawberry.field(description="The change of this version, pending or certified, if any.")
    async def superseded_by(self, info: Info) -> TrainingPlan | None:
        found = [
            item for item in await self._same_stage(info) if item.plan.supersedes_id == self.row.id
        ]
        return TrainingPlan.of(found[-1]) if found else None

    @strawberry.field(
        description=(
            "Every plan of this intern for this stage, oldest version first (a plain list: "
            "bounded by the intern's plans)."
        )
    )
    async def versions(self, info: Info) -> list[TrainingPlan]:
        return [TrainingPlan.of(item) for item in await self._same_stage(info)]

    async def _same_stage(self, info: Info) -> list[plans.PlanListing]:
        listed = await info.context.loaders.training_plans.load(self.row.candidate_id)
        return [item for item in listed if item.plan.stage == self.row.stage]

    @classmethod
    def of(cls, listing: plans.PlanListing) -> TrainingPlan:
        row = listing.plan
        return cls(
            id=_key(row.id),
            stage=Stage(row.stage),
            version=row.version,
            status=TrainingPlanStatus(row.status),
            **{
                name: getattr(row, name)
                for name in supervision.TrainingPlanBase.model_fields
                if name != "stage"
            },
            applied_on=row.applied_on,
            certified_on=row.certified_on,
            certificate_number=row.certificate_number,
            ended_on=row.ended_on,
            end_reason=row.end_reason,
            created_at=row.created_at,
            due_by=listing.due_by,
            application_late=listing.application_late,
            row=row,
        )


@strawberry.type(
    description=(
        "An intern's way into Japan (reference B3): the Certificate of Eligibility applied "
        "for and issued, the visa, the entry; each step after the one before."
    )
)
class EntryRecord:
    coe_applied_on: date | None
    coe_issued_on: date | None
    coe_number: str | None
    visa_issued_on: date | None
    entered_on: date | None

    @classmethod
    def from_row(cls, row: models.EntryRecord) -> EntryRecord:
        return cls(
            coe_applied_on=row.coe_applied_on,
            coe_issued_on=row.coe_issued_on,
            coe_number=row.coe_number,
            visa_issued_on=row.visa_issued_on,
            entered_on=row.entered_on,
        )


@strawberry.type(
    description=(
        "A step the state machine allows from a candidate's status, with the mutation "
        "that takes it; reason says why it cannot be taken now (null: it can)."
    )
)
class NextStep:
    step: CandidateStep
    mutation: str
    leads_to: list[CandidateStatus]
    allowed: bool
    reason: str | None

    @classmethod
    def of(cls, found: next_steps.NextStep) -> NextStep:
        return cls(
            step=CandidateStep(found.step),
            mutation=found.mutation,
            leads_to=[CandidateStatus(status) for status in found.leads_to],
            allowed=found.allowed,
            reason=None if found.blocked_by is None else localized(found.blocked_by),
        )


T = TypeVar("T")
Resolved = Union[T, None, Awaitable[T | None]]  # noqa: UP007 (a generic alias)
"""A relation field's value: at hand when its page prefetched it, else awaited."""


Prefetched = dict[str, Any]
"""A candidate's relations as its page loaded them, by field (Python) name; a relation
not loaded is absent and its field loads it itself."""
NOT_PREFETCHED = object()


@strawberry.type(
    description=(
        "An applicant, followed from recruitment to Japan and back. Personal fields "
        "(birth date, body, declarations, tests, history) are for IM Japan and the "
        "sending ministry; embassies and host companies see name, status and stay, "
        "and get null with a FORBIDDEN error at the path of any other field they ask for."
    )
)
@record_fields(
    CandidateBase, after="country_code", personal=PERSONAL, exclude=frozenset({"country_details"})
)
class Candidate(GatedNode):
    id: NodeID[int]
    country_code: str
    status: CandidateStatus
    training_completed_on: date | None
    entered_japan_on: date | None
    returned_on: date | None
    return_outcome: ReturnOutcome | None
    return_reason: str | None = strawberry.field(permission_classes=PERSONAL)
    programme: Programme | None = strawberry.field(
        description=(
            "The programme the person is under, fixed by the first plan applied for; null "
            "before any plan."
        )
    )
    row: strawberry.Private[models.Candidate]
    prefetched: strawberry.Private[Prefetched | None] = None
    """The relations its page loaded in one pass (``core.schema.lifecycle.prefetch``):
    set, the relation fields return them as plain values, no awaitable per field."""

    GATE = ("Query", "candidate")

    @classmethod
    async def load(cls, info: Info, key: int) -> Candidate | None:
        row = await info.context.loaders.candidate.load(key)
        return cls.from_row(row) if row else None

    @strawberry.field(
        description=(
            "What the candidate's country records beyond these fields, typed by its plugin; "
            "null for a country that records nothing."
        ),
        permission_classes=PERSONAL,
    )
    def country_details(self, info: Info) -> CountryDetails | None:
        return details_object(info.context.registry, self.country_code, self.row.country_details)

    def _at_hand(self, name: str) -> Any:
        """The relation ``name`` as the page prefetched it, or :data:`NOT_PREFETCHED`."""
        return self.prefetched.get(name, NOT_PREFETCHED) if self.prefetched else NOT_PREFETCHED

    @strawberry.field(permission_classes=CASEWORK, graphql_type=RecruitmentCall | None)
    def call(self, info: Info) -> Resolved[RecruitmentCall]:
        found = self._at_hand("call")
        return self._load_call(info) if found is NOT_PREFETCHED else found

    async def _load_call(self, info: Info) -> RecruitmentCall | None:
        row = await info.context.loaders.call.load(self.row.call_id)
        assert row is not None
        return RecruitmentCall.from_row(row)

    @strawberry.field(permission_classes=CASEWORK, graphql_type=TrainingCohort | None)
    def cohort(self, info: Info) -> Resolved[TrainingCohort]:
        found = self._at_hand("cohort")
        return self._load_cohort(info) if found is NOT_PREFETCHED else found

    async def _load_cohort(self, info: Info) -> TrainingCohort | None:
        if self.row.cohort_id is None:
            return None
        row = await info.context.loaders.cohort.load(self.row.cohort_id)
        return TrainingCohort.from_row(row) if row else None

    @strawberry.field(graphql_type=HostCompany | None)
    def host_company(self, info: Info) -> Resolved[HostCompany]:
        found = self._at_hand("host_company")
        return self._load_host_company(info) if found is NOT_PREFETCHED else found

    async def _load_host_company(self, info: Info) -> HostCompany | None:
        if self.row.host_company_id is None:
            return None
        row = await info.context.loaders.host_company.load(self.row.host_company_id)
        return HostCompany.from_row(row) if row else None

    @strawberry.field(
        description="Every status change, oldest first.",
        permission_classes=PERSONAL,
    )
    async def history(self, info: Info) -> list[StatusChange] | None:
        entries = await info.context.loaders.history.load(self._key)
        return [StatusChange.from_row(row, actor) for row, actor in entries]

    @strawberry.field(
        description="Test results, one per test (the latest).", permission_classes=PERSONAL
    )
    async def test_results(self, info: Info) -> list[TestResult] | None:
        return [
            TestResult.from_row(row) for row in await info.context.loaders.tests.load(self._key)
        ]

    @strawberry.field(
        description=(
            "Every screening decision, oldest first (a plain list, as history, tests and "
            "stages: bounded for each candidate)."
        ),
        permission_classes=PERSONAL,
    )
    async def screening_decisions(self, info: Info) -> list[ScreeningDecision] | None:
        rows = await info.context.loaders.decisions.load(self._key)
        return [ScreeningDecision.from_row(row) for row in rows]

    @strawberry.field(permission_classes=PERSONAL, graphql_type=ScreeningDecision | None)
    def latest_screening_decision(self, info: Info) -> Resolved[ScreeningDecision]:
        found = self._at_hand("latest_screening_decision")
        return self._load_latest_screening_decision(info) if found is NOT_PREFETCHED else found

    async def _load_latest_screening_decision(self, info: Info) -> ScreeningDecision | None:
        rows = await info.context.loaders.decisions.load(self._key)
        return ScreeningDecision.from_row(rows[-1]) if rows else None

    @strawberry.field(
        description=(
            "The post-entry lectures in Japan and their progress against the rules; null "
            "until the intern is enrolled in a course."
        )
    )
    async def lectures(
        self, info: Info
    ) -> Annotated[LectureProgress, strawberry.lazy("core.schema.lectures.types")] | None:
        from core.schema.lectures.types import LectureProgress

        found = await info.context.loaders.lecture_progress.load(self._key)
        return LectureProgress.of(found) if found else None

    @strawberry.field
    async def stages(self, info: Info) -> list[StageRecord]:
        return [
            StageRecord.from_row(row) for row in await info.context.loaders.stages.load(self._key)
        ]

    @strawberry.field(
        description=(
            "Every skills test sitting, passed or failed, by day sat (a plain list: bounded "
            "for each candidate); for IM Japan, the ministry and embassy of the intern's "
            "country and the intern's host company."
        ),
        permission_classes=TEST_RESULTS,
    )
    async def skills_test_sittings(self, info: Info) -> list[SkillsTestSitting] | None:
        rows = await info.context.loaders.skills_test_sittings.load(self._key)
        return [SkillsTestSitting.from_row(row) for row in rows]

    @strawberry.field(
        description=(
            "The intern's time at home between stages (ii) and (iii), oldest first; for "
            "those who may read the sittings."
        ),
        permission_classes=TEST_RESULTS,
    )
    async def home_stays(self, info: Info) -> list[HomeStay] | None:
        rows = await info.context.loaders.home_stays.load(self._key)
        return [HomeStay.from_row(row) for row in rows]

    @strawberry.field(permission_classes=PERSONAL)
    async def training_results(self, info: Info) -> list[TrainingResult] | None:
        rows = await info.context.loaders.training_results.load(self._key)
        return [TrainingResult.from_row(row) for row in rows]

    @strawberry.field(
        description=(
            "Every difficulty reported for the intern (form 18), earliest first (a plain "
            "list: bounded for each intern). Not for host companies."
        ),
        permission_classes=GOVERNMENTS,
    )
    async def difficulties(self, info: Info) -> list[Difficulty] | None:
        rows = await info.context.loaders.difficulties.load(self._key)
        return [Difficulty.from_row(row) for row in rows]

    @strawberry.field(
        description=(
            "The earliest difficulty not resolved yet, or null. It is the intern's state "
            "while it lasts (no status of its own): a stage move waits for its resolution."
        ),
        permission_classes=GOVERNMENTS,
    )
    async def open_difficulty(self, info: Info) -> Difficulty | None:
        rows = await info.context.loaders.difficulties.load(self._key)
        found = next((row for row in rows if row.resolved_on is None), None)
        return Difficulty.from_row(found) if found else None

    @strawberry.field(
        description=(
            "What the intern paid to whom, earliest first (a plain list: bounded for each "
            "intern). Not for host companies."
        ),
        permission_classes=GOVERNMENTS,
    )
    async def fee_payments(self, info: Info) -> list[FeePayment] | None:
        rows = await info.context.loaders.fee_payments.load(self._key)
        return [FeePayment.from_row(row) for row in rows]

    @strawberry.field(
        description=(
            "The intern's training plans, every version, by stage and version (a plain "
            "list: bounded for each candidate); a host company sees those naming it."
        )
    )
    async def training_plans(self, info: Info) -> list[TrainingPlan]:
        listed = await info.context.loaders.training_plans.load(self._key)
        return [TrainingPlan.of(item) for item in listed]

    @strawberry.field(
        description=(
            "The Certificate of Eligibility, the visa and the entry into Japan as recorded; "
            "null before the first step."
        )
    )
    async def entry(self, info: Info) -> EntryRecord | None:
        row = await info.context.loaders.entry.load(self._key)
        return EntryRecord.from_row(row) if row else None

    @strawberry.field(
        description=(
            "Each step allowed from the current status: allowed for this caller now, or "
            "blocked with the reason (the caller's role, or a missing fact such as a "
            "training phase not yet passed), by the checks that would refuse it."
        )
    )
    async def next_steps(self, info: Info) -> list[NextStep]:
        status = states.Status(self.row.status)
        blockers = await data_blockers(info.context.loaders, self.row, today=latest_today())
        for step in states.ALLOWED[status]:
            if (role := await refusal(info, "Mutation", next_steps.MUTATIONS[step])) is not None:
                blockers[step] = role
        return [NextStep.of(found) for found in next_steps.next_steps(status, blockers)]

    @property
    def _key(self) -> int:
        assert self.row.id is not None
        return self.row.id

    @classmethod
    def from_row(cls, row: models.Candidate) -> Candidate:
        return cls(
            id=_key(row.id),
            country_code=row.country_code,
            **_without_details(record_values(CandidateBase, row)),
            status=CandidateStatus(row.status),
            training_completed_on=row.training_completed_on,
            entered_japan_on=row.entered_japan_on,
            returned_on=row.returned_on,
            return_outcome=ReturnOutcome(row.return_outcome) if row.return_outcome else None,
            return_reason=row.return_reason,
            programme=Programme(row.programme) if row.programme else None,
            row=row,
        )


def _without_details(values: dict[str, Any]) -> dict[str, Any]:
    values.pop("country_details", None)
    return values


@strawberry.type(description="How many candidates of a country are at each step.")
class PipelineCounts:
    country_code: str
    applied: int
    passed_screening: int
    failed_screening: int
    in_training: int
    training_completed: int
    in_japan_i: int = strawberry.field(name="inJapanI", description="In stage (i).")
    in_japan_ii: int = strawberry.field(name="inJapanII", description="In stage (ii).")
    in_japan_iii: int = strawberry.field(name="inJapanIII", description="In stage (iii).")
    returned: int
    withdrawn: int
    in_japan_esd: int = strawberry.field(
        default=0, description="In Japan under ESD (育成就労), beside the TITP stages."
    )
    moved_to_ssw: int = strawberry.field(
        default=0, description="Moved from ESD to Specified Skilled Worker (i)."
    )


# The supervising organisation's records of an intern (issue 13): here, beside the
# candidate they link to both ways, as the cohort and host company types are; the
# difficulties and fees packages re-export them.
DifficultyKind = strawberry.enum(
    supervision.DifficultyKind,
    name="DifficultyKind",
    description=(
        "Why an intern cannot continue, as form 18 (技能実習実施困難時届出書) asks; "
        "missing is the 失踪 of the business report and the official statistics."
    ),
)
FeePayee = strawberry.enum(
    supervision.FeePayee, name="FeePayee", description="To whom an intern paid."
)
FeeKind = strawberry.enum(
    supervision.FeeKind,
    name="FeeKind",
    description=(
        "What a payment was for. deposit and penalty_contract are refused when recorded: "
        "no deposits or penalties may be taken from interns (saitogyosei.jp/fp48.html)."
    ),
)


@strawberry.type(
    description=(
        "An intern who cannot continue (form 18 to OTIT): when it occurred, when the host "
        "company reported it, when form 18 is due and was filed, and how it ended. IM Japan "
        "sees every one; the intern's ministry and embassy see their nationals' ones without "
        "the details and the outcome; host companies see none."
    )
)
class Difficulty(GatedNode):
    id: NodeID[int]
    kind: supervision.DifficultyKind
    occurred_on: date
    company_reported_on: date = strawberry.field(description="When the host company told IM Japan.")
    due_on: date = strawberry.field(
        description=(
            "When form 18 is due: occurredOn plus the days of the rule "
            "titp.difficulty.report_days in force on occurredOn."
        )
    )
    filed_on: date | None = strawberry.field(
        description="When form 18 went to OTIT; null: not yet."
    )
    resolved_on: date | None = strawberry.field(description="Null while the difficulty is open.")
    details: str | None = strawberry.field(permission_classes=IM_JAPAN)
    outcome: str | None = strawberry.field(
        permission_classes=IM_JAPAN,
        description="How it ended (found again, returned home...); null while open.",
    )
    row: strawberry.Private[models.Difficulty]

    GATE = ("Query", "difficulties")

    @classmethod
    async def load(cls, info: Info, key: int) -> Difficulty | None:
        row = await info.context.loaders.nodes.difficulty.load(key)
        return cls.from_row(row) if row else None

    @strawberry.field(name="open", description="Open: reported and not resolved.")
    def is_open(self) -> bool:
        return self.row.resolved_on is None

    @strawberry.field(
        description=(
            "Form 18 not filed and dueOn past (as of today, the latest date anywhere). "
            "Informative: nothing is refused for it."
        )
    )
    def overdue(self) -> bool:
        return is_overdue(self.row, latest_today())

    @strawberry.field(description="Form 18 was filed after dueOn.")
    def filed_late(self) -> bool:
        return self.row.filed_on is not None and self.row.filed_on > self.row.due_on

    @strawberry.field(description="The intern; null when out of the caller's scope.")
    async def candidate(self, info: Info) -> Candidate | None:
        row = await info.context.loaders.candidate.load(self.row.candidate_id)
        return Candidate.from_row(row) if row else None

    @classmethod
    def from_row(cls, row: models.Difficulty) -> Difficulty:
        assert row.id is not None
        return cls(
            id=row.id,
            kind=supervision.DifficultyKind(row.kind),
            occurred_on=row.occurred_on,
            company_reported_on=row.company_reported_on,
            due_on=row.due_on,
            filed_on=row.filed_on,
            resolved_on=row.resolved_on,
            details=row.details,
            outcome=row.outcome,
            row=row,
        )


@strawberry.type(
    description=(
        "What an intern paid to whom, in the currency paid. IM Japan sees every one; the "
        "intern's ministry and embassy their nationals' ones; host companies none."
    )
)
class FeePayment(GatedNode):
    id: NodeID[int]
    payee: supervision.FeePayee
    payee_name: str | None
    kind: supervision.FeeKind
    amount: str = strawberry.field(
        description="The amount as a decimal string with two decimals, e.g. '1250.00'."
    )
    currency: str = strawberry.field(description="ISO 4217 code of the currency paid.")
    paid_on: date
    note: str | None
    yen_equivalent: int | None = strawberry.field(
        description="The payment in yen as recorded with it (the amount for JPY); null when "
        "not given. The ESD cap on payments to the sending organisation counts it."
    )
    row: strawberry.Private[models.FeePayment]

    GATE = ("Query", "feePayments")

    @classmethod
    async def load(cls, info: Info, key: int) -> FeePayment | None:
        row = await info.context.loaders.nodes.fee_payment.load(key)
        return cls.from_row(row) if row else None

    @strawberry.field(description="The intern who paid; null when out of the caller's scope.")
    async def candidate(self, info: Info) -> Candidate | None:
        row = await info.context.loaders.candidate.load(self.row.candidate_id)
        return Candidate.from_row(row) if row else None

    @classmethod
    def from_row(cls, row: models.FeePayment) -> FeePayment:
        assert row.id is not None
        return cls(
            id=row.id,
            payee=supervision.FeePayee(row.payee),
            payee_name=row.payee_name,
            kind=supervision.FeeKind(row.kind),
            amount=amount_text(row.amount),
            currency=row.currency,
            paid_on=row.paid_on,
            note=row.note,
            yen_equivalent=row.yen_equivalent,
            row=row,
        )
