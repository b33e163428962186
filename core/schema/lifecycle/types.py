"""Object types and enums of the candidate lifecycle: the candidate and every record it
links to (call and criteria, cohort and phases, host company, stages, history, test
results, screening decisions, training results), built from rows; relations resolve
through loaders.

The cohort and host company types are here, not in the training and dispatch packages:
the candidate links to them and those packages' mutations answer with candidates, so
they import this package and this package imports neither (no package cycles).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated, Any, Union, cast

import strawberry
from strawberry.relay import NodeID
from strawberry.scalars import JSON

from core.db import models
from core.domain import next_steps, rules, states, titp
from core.domain.candidate import CandidateBase, record_values
from core.domain.families import HostCompanyBase, RecruitmentCallBase, TrainingCohortBase
from core.i18n import localized, localized_stored
from core.schema.base import Info
from core.schema.catalogue.types import Payer, RuleKind
from core.schema.country_details import CountryDetails, details_object
from core.schema.derive import object_of, record_fields, type_from
from core.schema.ids import global_id
from core.schema.nodes import GatedNode
from core.schema.permissions import CASEWORK, PERSONAL, refusal
from core.screening import facts
from core.screening.details import TEST_DETAILS, readable_details
from core.services import csv_import
from core.services.dates import latest_today
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

    GATE = ("Query", "recruitmentCall")

    @classmethod
    async def load(cls, info: Info, key: int) -> RecruitmentCall | None:
        row = await info.context.loaders.call.load(key)
        return cls.from_row(row) if row else None

    @strawberry.field(description="The criteria in force now.")
    async def criteria(self, info: Info) -> CriteriaVersion | None:
        row = await info.context.loaders.current_criteria.load(self.row_id)
        return CriteriaVersion.from_row(row) if row else None

    @classmethod
    def from_row(cls, row: models.RecruitmentCall) -> RecruitmentCall:
        assert row.id is not None
        return cls(
            id=row.id,
            **record_values(RecruitmentCallBase, row),
            row_id=row.id,
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


@strawberry.type(description="A company in Japan that hosts technical interns.")
@record_fields(HostCompanyBase, after="id")
class HostCompany(GatedNode):
    id: NodeID[int]

    GATE = ("Query", "hostCompany")

    @classmethod
    async def load(cls, info: Info, key: int) -> HostCompany | None:
        row = await info.context.loaders.nodes.host_company.load(key)
        return cls.from_row(row) if row else None

    @classmethod
    def from_row(cls, row: models.HostCompany) -> HostCompany:
        return cls(id=_key(row.id), **record_values(HostCompanyBase, row))


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
    row: strawberry.Private[models.Candidate]

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

    @strawberry.field(permission_classes=CASEWORK)
    async def call(self, info: Info) -> RecruitmentCall | None:
        row = await info.context.loaders.call.load(self.row.call_id)
        assert row is not None
        return RecruitmentCall.from_row(row)

    @strawberry.field(permission_classes=CASEWORK)
    async def cohort(self, info: Info) -> TrainingCohort | None:
        if self.row.cohort_id is None:
            return None
        row = await info.context.loaders.cohort.load(self.row.cohort_id)
        return TrainingCohort.from_row(row) if row else None

    @strawberry.field
    async def host_company(self, info: Info) -> HostCompany | None:
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

    @strawberry.field(permission_classes=PERSONAL)
    async def latest_screening_decision(self, info: Info) -> ScreeningDecision | None:
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

    @strawberry.field(permission_classes=PERSONAL)
    async def training_results(self, info: Info) -> list[TrainingResult] | None:
        rows = await info.context.loaders.training_results.load(self._key)
        return [TrainingResult.from_row(row) for row in rows]

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
