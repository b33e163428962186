"""Every mutation input fits the column it is stored in, so no input reaches the database
too long for it: the input's validation refuses it first, with an error on its field.

The walk covers every :class:`~core.services.inputs.Input` model; each must be
listed in ``STORED_IN`` (the tables its fields are written to), so a new input
cannot skip the check. A text field maps to a column of the same name; an enum
field's longest value must fit as well. Id fields must be bounded ``RowId``s and
JSON fields bounded ``JsonObject``s.
"""

from __future__ import annotations

import enum
import importlib
import pkgutil
import re
import types
import typing
from typing import Any

import pytest
from pydantic.fields import FieldInfo
from sqlmodel import SQLModel

import core.auth
import core.services
from core.db import models
from core.services.inputs import Input, JsonObject, RowId

for package in (core.services, core.auth):
    for module in pkgutil.iter_modules(package.__path__):
        importlib.import_module(f"{package.__name__}.{module.name}")

STORED_IN: dict[str, tuple[type[SQLModel], ...]] = {
    "core.services.company_audits.RecordAuditInput": (models.Audit, models.AuditInterview),
    "core.services.company_audits.RecordFollowUpInput": (models.Audit,),
    "core.services.company_audits.RecordVisitInput": (models.Visit, models.VisitIntern),
    "core.services.difficulties.ReportDifficultyInput": (models.Difficulty,),
    "core.services.difficulties.FileDifficultyInput": (models.Difficulty,),
    "core.services.difficulties.ResolveDifficultyInput": (models.Difficulty,),
    "core.services.fees.RecordFeePaymentInput": (models.FeePayment,),
    "core.services.rule_values.SetRuleValueInput": (models.RuleValue,),
    "core.services.associations.JoinAssociationInput": (models.AssociationMembership,),
    "core.services.associations.RecordFoundedBusinessInput": (models.FoundedBusiness,),
    "core.services.calls.CriterionAdjustment": (models.ScreeningOutcome,),
    # A rule's new parameters, stored in the criteria's JSON (no text column).
    "core.services.inputs.OneOf": (),
    "core.services.parameters.Entry": (models.CriteriaVersion,),
    "core.services.parameters.RuleParameters": (models.CriteriaVersion,),
    **{
        f"core.services.parameters.{name}": (models.CriteriaVersion,)
        for name in (
            "AgeRangeAdjustment",
            "BodyMarksAdjustment",
            "BySexAdjustment",
            "DocumentCheckAdjustment",
            "EducationMinAdjustment",
            "FitnessStandardAdjustment",
            "InterviewAdjustment",
            "JapaneseRequirementAdjustment",
            "MathScoreAdjustment",
            "MathScorePassMarksByJobFieldEntry",
            "MedicalCheckAdjustment",
            "NoPriorWorkInJapanAdjustment",
            "PhysicalFitnessAdjustment",
            "SexAllowedAdjustment",
            "VisionAdjustment",
        )
    },
    "core.services.calls.CriteriaChange": (models.CriteriaVersion,),
    "core.services.calls.CreateCallInput": (models.RecruitmentCall,),
    "core.services.calls.UpdateCriteriaInput": (models.CriteriaVersion,),
    "core.services.candidates.CandidateData": (models.Candidate,),
    "core.services.candidates.RegisterCandidateInput": (models.Candidate,),
    "core.services.corrections.CandidateCorrection": (models.Candidate,),
    "core.services.corrections.CorrectCandidateInput": (models.Candidate, models.StatusChange),
    "core.services.corrections.ReopenScreeningInput": (models.StatusChange,),
    "core.services.csv_import.ImportRequest": (),
    "core.services.dispatch.CreateHostCompanyInput": (models.HostCompany,),
    "core.services.dispatch.HostCompanyChanges": (models.HostCompany,),
    "core.services.dispatch.UpdateHostCompanyInput": (models.HostCompany,),
    "core.services.dispatch.DispatchInput": (models.Candidate,),
    "core.services.dispatch.AdvanceStageInput": (models.StageRecord,),
    "core.services.dispatch.RecordReturnInput": (models.Candidate, models.StatusChange),
    "core.services.dispatch.WithdrawInput": (models.StatusChange,),
    "core.services.plans.DraftTrainingPlanInput": (models.TrainingPlan,),
    "core.services.plans.PlanChanges": (models.TrainingPlan,),
    "core.services.plans.ChangeTrainingPlanInput": (models.TrainingPlan,),
    "core.services.plans.ApplyForTrainingPlanInput": (models.TrainingPlan,),
    "core.services.plans.CertifyTrainingPlanInput": (models.TrainingPlan,),
    "core.services.plans.EndTrainingPlanInput": (models.TrainingPlan,),
    "core.services.esd_fields.RecordWorkCategoryInput": (models.EsdWorkCategory,),
    "core.services.esd_plans.DraftEsdPlanInput": (models.EsdPlan,),
    "core.services.esd_plans.ApplyEsdPlanInput": (models.EsdPlan,),
    "core.services.esd_plans.CertifyEsdPlanInput": (models.EsdPlan,),
    "core.services.esd_plans.ExtendEsdPlanInput": (models.EsdPlan,),
    "core.services.esd_plans.EndEsdPlanInput": (models.EsdPlan,),
    "core.services.entry.RecordCoeApplicationInput": (models.EntryRecord,),
    "core.services.entry.RecordCoeIssuedInput": (models.EntryRecord,),
    "core.services.entry.RecordVisaIssuedInput": (models.EntryRecord,),
    "core.services.entry.RecordEntryInput": (models.EntryRecord,),
    "core.services.events.CreateEventTypeInput": (models.EventType,),
    "core.services.events.CreateEventInput": (models.Event,),
    "core.services.events.EventChanges": (models.Event,),
    "core.services.events.UpdateEventInput": (models.Event,),
    "core.services.events.CancelEventInput": (models.Event,),
    "core.services.events.RegisterInput": (models.EventRegistration,),
    "core.services.events.CancelInput": (),
    "core.services.lectures.CreateLectureCourseInput": (models.LectureCourse,),
    "core.services.lectures.EnrolInLecturesInput": (models.LectureEnrolment,),
    "core.services.lectures.RecordLectureAttendanceInput": (models.LectureAttendance,),
    "core.services.lectures.CompleteLecturesInput": (models.LectureEnrolment,),
    "core.services.interviews.CreateSessionInput": (models.InterviewSession,),
    "core.services.interviews.AddCompanyInput": (models.InterviewCompany,),
    "core.services.interviews.RegisterInput": (models.InterviewRegistration,),
    "core.services.interviews.RecordOutcomeInput": (models.InterviewOutcome,),
    "core.services.screening.RecordTestResultInput": (models.TestResult,),
    "core.services.screening.TestDetails": (models.TestResult,),
    "core.services.screening.ScreenCandidateInput": (models.ScreeningDecision,),
    "core.services.training.PhaseInput": (models.CohortPhase,),
    "core.services.training.CreateCohortInput": (models.TrainingCohort,),
    "core.services.training.EnrolInput": (models.Candidate,),
    "core.services.training.RecordTrainingResultInput": (models.TrainingResult,),
    "core.services.training.CompleteTrainingInput": (models.Candidate,),
    "core.services.accounts.CreateAccountInput": (models.Account,),
    "core.services.accounts.LoginInput": (models.Account,),
    "core.services.accounts.RefreshInput": (),
    "core.services.accounts.AccountIdInput": (),
    "core.services.accounts.ChangePasswordInput": (models.Account,),
    "core.services.skills_tests.RecordSittingInput": (models.SkillsTestSitting,),
    "core.services.language.RecordTestLevelInput": (models.LanguageTestLevel,),
    "core.services.language.RecordLanguageResultInput": (models.LanguageResult,),
    "core.services.esd_sittings.RecordEsdSittingInput": (models.EsdSkillsSitting,),
    "core.services.ssw.MoveToSswInput": (models.SswChange,),
    "core.services.stage_conditions.RecordExcellenceInput": (models.HostCompanyExcellence,),
    "core.services.stage_conditions.RecordLicenceInput": (models.SupervisionLicence,),
    "core.services.stage_conditions.RecordHomeStayInput": (models.HomeStay,),
    # actualCosts is kept in the transfer's checks (JSON), as a decimal string.
    "core.services.transfers.TransferWorkerInput": (models.Transfer, models.Employment),
}
"""Each input model and the tables its fields are written to (or compared with)."""

COLUMN_OF = {
    "reason": ("return_reason", "reason", "cancelled_reason", "end_reason", "extension_reason"),
    "type_code": ("type_code", "code"),
}
"""Fields stored under another column name (besides their own)."""


def input_models() -> list[type[Input]]:
    found: list[type[Input]] = []
    pending: list[type[Input]] = [Input]
    while pending:
        model = pending.pop()
        for sub in model.__subclasses__():
            pending.append(sub)
            if sub.__module__.startswith("core."):  # not a model a test made on the fly
                found.append(sub)
    return sorted(set(found), key=_name)


def _name(model: type) -> str:
    return f"{model.__module__}.{model.__qualname__}"


def _constraint(field: FieldInfo, name: str) -> Any:
    for item in field.metadata:
        value = getattr(item, name, None)
        if value is not None:
            return value
    annotation = field.annotation
    for arg in typing.get_args(annotation) or (annotation,):
        for item in getattr(arg, "__metadata__", ()):
            value = getattr(item, name, None)
            if value is not None:
                return value
    return None


def longest_accepted(field: FieldInfo, column_length: int) -> int | None:
    """The longest text the field accepts, as far as the column's length matters."""
    max_length = _constraint(field, "max_length")
    if max_length is not None:
        return int(max_length)
    pattern = _constraint(field, "pattern")
    if pattern is not None and not re.fullmatch(pattern, "a" * (column_length + 1)):
        return column_length  # an anchored pattern bounds it
    return None


def _plain(annotation: Any) -> set[Any]:
    args = typing.get_args(annotation)
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return {a for arg in args for a in _plain(arg)}
    return {annotation}


def string_columns(tables: tuple[type[SQLModel], ...], field_name: str) -> list[tuple[str, int]]:
    names = COLUMN_OF.get(field_name, (field_name,))
    columns = []
    for table in tables:
        for name in names:
            column = table.__table__.columns.get(name)  # type: ignore[attr-defined]
            length = getattr(column.type, "length", None) if column is not None else None
            if length:  # VARCHAR(n), whether sqlmodel's AutoString or a plain String
                columns.append((f"{table.__tablename__}.{name}", length))
    return columns


def test_every_input_model_says_where_it_is_stored() -> None:
    assert {_name(model) for model in input_models()} == set(STORED_IN)
    checked = [
        column
        for model in input_models()
        for name in model.model_fields
        for column in string_columns(STORED_IN[_name(model)], name)
    ]
    assert len(checked) >= 40  # the walk finds the columns (it is not comparing nothing)


@pytest.mark.parametrize("model", input_models(), ids=_name)
def test_input_lengths_fit_their_columns(model: type[Input]) -> None:
    tables = STORED_IN[_name(model)]
    for name, field in model.model_fields.items():
        where = f"{_name(model)}.{name}"
        for column, length in string_columns(tables, name):
            kinds = _plain(field.annotation)
            enums = [
                kind for kind in kinds if isinstance(kind, type) and issubclass(kind, enum.Enum)
            ]
            if enums:
                longest = max(len(str(member.value)) for kind in enums for member in kind)
                assert longest <= length, f"{where}: values longer than {column}"
                continue
            if str not in kinds:
                continue
            accepted = longest_accepted(field, length)
            assert accepted is not None, f"{where} has no max_length; {column} has {length}"
            assert accepted <= length, f"{where} accepts {accepted}; {column} has {length}"


@pytest.mark.parametrize("model", input_models(), ids=_name)
def test_ids_and_json_are_bounded(model: type[Input]) -> None:
    for name, field in model.model_fields.items():
        hints = typing.get_type_hints(model, include_extras=True)[name]
        if name.endswith("_id") and int in _plain(field.annotation):
            assert hints in (RowId, RowId | None), f"{_name(model)}.{name} is not a RowId"
        if dict in {typing.get_origin(kind) or kind for kind in _plain(field.annotation)}:
            # Declared as a JsonObject, or made optional from one (a correction's
            # fields): then its validators are the field's metadata.
            bounded = hints == JsonObject or all(
                check in field.metadata for check in typing.get_args(JsonObject)[1:]
            )
            assert bounded, f"{_name(model)}.{name} is not a JsonObject"


def test_a_status_change_holds_any_actor_email() -> None:
    """History names the actor by email, which may be as long as the account's."""
    actor = models.StatusChange.__table__.columns["actor"].type  # type: ignore[attr-defined]
    email = models.Account.__table__.columns["email"].type  # type: ignore[attr-defined]
    assert actor.length >= email.length
