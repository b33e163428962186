"""Lifecycle mutations and their payloads: calls and criteria, registration, tests,
screening. Each is one call of the mutation runner (:func:`core.schema.base.mutate`).

Each mutation is one transaction. A refused request (bad input, a step the
candidate's status does not allow) rolls it back and answers with field-level
errors; nothing is half-written. Payloads carry the affected objects, and the
errors (empty on success).
"""

from __future__ import annotations

from functools import cache
from typing import Any

import strawberry

from core.db import models
from core.errors import DomainValidationError, ErrorCode
from core.i18n import localized
from core.schema.base import Info, UserError, as_data, mutate, user_errors
from core.schema.country_details import CountryDetailsSchema, given_details
from core.schema.lifecycle import inputs
from core.schema.lifecycle.types import (
    Candidate,
    CriteriaVersion,
    RecruitmentCall,
    ScreeningDecision,
    TestResult,
)
from core.schema.permissions import ADMIN, CASEWORK
from core.services import calls, candidates, corrections, csv_import, parameters, screening
from core.services.csv_import import ImportReport


@strawberry.type
class RecruitmentCallPayload:
    call: RecruitmentCall | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)

    @classmethod
    def of(cls, row: models.RecruitmentCall) -> RecruitmentCallPayload:
        return cls(call=RecruitmentCall.from_row(row))


@strawberry.type
class CallCriteriaPayload:
    call: RecruitmentCall | None = None
    criteria: CriteriaVersion | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)

    @classmethod
    def of(
        cls, result: tuple[models.RecruitmentCall, models.CriteriaVersion]
    ) -> CallCriteriaPayload:
        call, version = result
        return cls(call=RecruitmentCall.from_row(call), criteria=CriteriaVersion.from_row(version))


@strawberry.type
class CandidatePayload:
    candidate: Candidate | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)

    @classmethod
    def of(cls, row: models.Candidate) -> CandidatePayload:
        return cls(candidate=Candidate.from_row(row))


@strawberry.type(description="A bad row of an import: its line in the file and the reason.")
class ImportRowError:
    line: int
    column: str | None
    message: str
    code: ErrorCode


@strawberry.type
class ImportCandidatesPayload:
    row_count: int = 0
    imported_count: int = 0
    candidates: list[Candidate] = strawberry.field(
        default_factory=list,
        description="The candidates this file registered (a plain list: bounded by the file).",
    )
    row_errors: list[ImportRowError] = strawberry.field(default_factory=list)
    errors: list[UserError] = strawberry.field(default_factory=list)

    @classmethod
    def of(cls, report: ImportReport) -> ImportCandidatesPayload:
        return cls(
            row_count=report.rows,
            imported_count=len(report.imported),
            candidates=[Candidate.from_row(row) for row in report.imported],
            row_errors=[
                ImportRowError(
                    line=e.line, column=e.column, message=localized(e.message), code=e.code
                )
                for e in report.row_errors
            ],
        )


@strawberry.type
class TestResultPayload:
    __test__ = False
    test_result: TestResult | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)

    @classmethod
    def of(cls, row: models.TestResult) -> TestResultPayload:
        return cls(test_result=TestResult.from_row(row))


@strawberry.type(description="Screening's result: failing the rules is a decision, not an error.")
class ScreeningPayload:
    candidate: Candidate | None = None
    decision: ScreeningDecision | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)

    @classmethod
    def of(cls, result: tuple[models.Candidate, models.ScreeningDecision, Any]) -> ScreeningPayload:
        row, decision, _outcomes = result
        return cls(candidate=Candidate.from_row(row), decision=ScreeningDecision.from_row(decision))


@strawberry.type
class LifecycleMutation:
    @strawberry.mutation(
        description="Register many candidates from a CSV file.", permission_classes=CASEWORK
    )
    async def import_candidates(
        self, info: Info, input: inputs.ImportCandidatesInput
    ) -> ImportCandidatesPayload | None:
        return await mutate(
            info,
            csv_import.ImportRequest,
            input,
            csv_import.import_request,
            ImportCandidatesPayload,
        )

    @strawberry.mutation(
        description="Record the result of a selection test.", permission_classes=CASEWORK
    )
    async def record_test_result(
        self, info: Info, input: inputs.RecordTestResultInput
    ) -> TestResultPayload | None:
        return await mutate(
            info,
            screening.RecordTestResultInput,
            input,
            screening.record_test_result,
            TestResultPayload,
        )

    @strawberry.mutation(
        description="Screen a candidate against the call's criteria.", permission_classes=CASEWORK
    )
    async def screen_candidate(
        self, info: Info, input: inputs.ScreenCandidateInput
    ) -> ScreeningPayload | None:
        return await mutate(
            info,
            screening.ScreenCandidateInput,
            input,
            screening.screen_candidate,
            ScreeningPayload,
        )

    @strawberry.mutation(
        description=(
            "Return a screened candidate to registered so their facts may be corrected "
            "and screening run again; earlier decisions stay in the history."
        ),
        permission_classes=ADMIN,
    )
    async def reopen_screening(
        self, info: Info, input: inputs.ReopenScreeningInput
    ) -> CandidatePayload | None:
        return await mutate(
            info,
            corrections.ReopenScreeningInput,
            input,
            corrections.reopen_screening,
            CandidatePayload,
        )


@cache
def call_mutation(rules: tuple[parameters.CustomRule, ...]) -> type:
    """The mutations that take a call's criteria, whose rule parameters are typed by
    core's rule kinds and by ``rules`` (the plugins' adjustable custom rules, known
    when the schema is built): opening a call and changing its criteria."""
    create_input, update_input = inputs.call_inputs(rules)
    create_data, update_data = calls.call_inputs(rules)

    async def create_recruitment_call(
        self: object, info: Info, input: Any
    ) -> RecruitmentCallPayload | None:
        return await mutate(info, create_data, input, calls.create_call, RecruitmentCallPayload)

    async def update_call_criteria(
        self: object, info: Info, input: Any
    ) -> CallCriteriaPayload | None:
        return await mutate(info, update_data, input, calls.update_criteria, CallCriteriaPayload)

    create_recruitment_call.__annotations__.update(input=create_input, info=Info)
    update_call_criteria.__annotations__.update(input=update_input, info=Info)
    namespace = {
        "create_recruitment_call": strawberry.mutation(
            create_recruitment_call,
            description="Open a recruitment call.",
            permission_classes=CASEWORK,
        ),
        "update_call_criteria": strawberry.mutation(
            update_call_criteria,
            description="Change a call's criteria (a new version).",
            permission_classes=CASEWORK,
        ),
    }
    return strawberry.type(type("CallCriteriaMutation", (), namespace))


@cache
def candidate_data_mutation(details: CountryDetailsSchema) -> type:
    """The mutations that take a candidate's country details, typed by ``details``
    (the plugins' types, known when the schema is built): registration and correction."""
    register_input, correct_input = inputs.candidate_inputs(details.input)

    async def register_candidate(self: object, info: Info, input: Any) -> CandidatePayload | None:
        try:
            raw, plugin = _with_details(details, input)
        except DomainValidationError as exc:  # an id of another type
            return CandidatePayload(errors=user_errors(exc))
        return await mutate(
            info,
            candidates.RegisterCandidateInput,
            raw,
            candidates.register_candidate,
            CandidatePayload,
            details_plugin=plugin,
        )

    async def correct_candidate(self: object, info: Info, input: Any) -> CandidatePayload | None:
        try:
            raw, plugin = _with_details(details, input)
        except DomainValidationError as exc:  # an id of another type
            return CandidatePayload(errors=user_errors(exc))
        return await mutate(
            info,
            corrections.CorrectCandidateInput,
            raw,
            corrections.correct_candidate,
            CandidatePayload,
            details_plugin=plugin,
        )

    register_candidate.__annotations__.update(input=register_input, info=Info)
    correct_candidate.__annotations__.update(input=correct_input, info=Info)
    namespace = {
        "register_candidate": strawberry.mutation(
            register_candidate,
            description="Register one candidate to a call.",
            permission_classes=CASEWORK,
        ),
        "correct_candidate": strawberry.mutation(
            correct_candidate,
            description=(
                "Correct a candidate's personal data, with the reason (kept in the history). "
                "After screening, the facts screening read are refused until an administrator "
                "reopens the screening."
            ),
            permission_classes=CASEWORK,
        ),
    }
    return strawberry.type(type("CandidateDataMutation", (), namespace))


def _with_details(
    details: CountryDetailsSchema, input: object
) -> tuple[dict[str, Any], str | None]:
    """The input as the service takes it: ``countryDetails`` the given member's values,
    and the plugin whose member it is (checked against the candidate's country); its
    ids decoded (:func:`core.schema.base.as_data`)."""
    raw: dict[str, Any] = as_data(input, ids=True)
    given = given_details(getattr(input, "country_details", None))
    if given is None:
        raw.pop("countryDetails", None)
        return raw, None
    key, values = given
    raw["countryDetails"] = values
    return raw, details.plugin_of(key)
