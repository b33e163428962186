"""Correcting a candidate's personal data, and reopening a screening to allow it.

A correction names the fields it changes and a reason; it is kept in the
candidate's history (a step from the status to itself, saying which fields
and why) and, like every mutation, in the audit log. Nothing is deleted.

Once a candidate has been screened, the fields screening read
(:data:`~core.screening.facts.FACT_COLUMNS`) are refused: the decision was
made on them. An administrator may reopen the screening
(:func:`reopen_screening`); the candidate is then ``registered`` again, the
fields may be corrected, and the next screening decides anew (the earlier
decisions stay in the history).
"""

from __future__ import annotations

from typing import Any

from pydantic import Field, create_model
from pydantic.alias_generators import to_camel
from sqlmodel.ext.asyncio.session import AsyncSession

from core.auth.scope import Scope
from core.db.models import Candidate, StatusChange
from core.db.models.candidates import name_key
from core.domain.candidate import CandidateBase
from core.domain.states import Status, Step, require_step, status_label
from core.errors import DomainValidationError, ErrorCode, UserErrorData
from core.i18n import Message
from core.plugins.registry import CountryRegistry
from core.screening.facts import FACT_COLUMNS
from core.services.candidates import CandidateData, existing_applicant_numbers
from core.services.details import valid_country_details
from core.services.history import move
from core.services.inputs import Input, RowId, optional_fields, validate
from core.services.lookups import get_candidate

Reason = Field(min_length=1, max_length=400, description="Why; kept in the history.")


_CORRECTABLE: dict[str, Any] = optional_fields(CandidateBase)

CandidateCorrection: type[Input] = create_model(
    "CandidateCorrection",
    __base__=Input,
    __doc__="The personal fields to correct, each optional and bounded as when registered.",
    **_CORRECTABLE,
)


class CorrectCandidateInput(CandidateCorrection):
    """A correction of a candidate's personal data: the fields given, and why."""

    candidate_id: RowId
    reason: str = Reason


class ReopenScreeningInput(Input):
    candidate_id: RowId
    reason: str = Reason


async def correct_candidate(
    *,
    session: AsyncSession,
    scope: Scope,
    registry: CountryRegistry,
    data: CorrectCandidateInput,
    actor: str | None,
    details_plugin: str | None = None,
) -> Candidate:
    """Apply the given fields; refuse screened facts after screening, naming each.

    ``details_plugin`` is the plugin the country details were given for, as in
    :func:`core.services.candidates.register_candidate`."""
    candidate = await get_candidate(session, data.candidate_id, scope)
    given = data.model_dump(exclude_unset=True, exclude={"candidate_id", "reason"})
    if not given:
        raise DomainValidationError.single(
            None, Message("give at least one field to correct"), ErrorCode.REQUIRED
        )
    status = Status(candidate.status)
    errors = [
        UserErrorData(
            field=to_camel(name),
            message=Message(
                "screening has read it (the candidate is {status}); "
                "an administrator must reopen the screening first",
                status=status_label(status),
            ),
            code=ErrorCode.NOT_ALLOWED_STATE,
        )
        for name in given
        if name in FACT_COLUMNS and status is not Status.REGISTERED
    ]
    errors += _required_fields_kept(given)
    if errors:
        raise DomainValidationError(errors)
    if given.get("country_details") is not None:
        given["country_details"] = valid_country_details(
            registry,
            candidate.country_code,
            given["country_details"],
            field="countryDetails",
            plugin=details_plugin,
        )
    stored = candidate.model_dump(include=set(CandidateBase.model_fields))
    merged = validate(CandidateData, {**stored, **given})
    changed = {name for name in given if getattr(candidate, name) != getattr_stored(merged, name)}
    number = given.get("applicant_number")
    if (
        "applicant_number" in changed
        and number is not None
        and await existing_applicant_numbers(session, candidate.call_id, [number])
    ):
        raise DomainValidationError.single(
            "applicantNumber",
            Message(
                "applicant number {number} is already registered to this call", number=repr(number)
            ),
            ErrorCode.DUPLICATE,
        )
    for name in sorted(changed):
        setattr(candidate, name, getattr_stored(merged, name))
    if "full_name" in changed:
        candidate.full_name_key = name_key(candidate.full_name)
    assert candidate.id is not None
    fields = ", ".join(to_camel(name) for name in sorted(changed)) or "nothing changed"
    session.add(
        StatusChange(
            candidate_id=candidate.id,
            from_status=candidate.status,
            to_status=candidate.status,
            reason=f"corrected {fields}: {data.reason}",
            actor=actor,
        )
    )
    session.add(candidate)
    await session.flush()
    return candidate


def _required_fields_kept(given: dict[str, Any]) -> list[UserErrorData]:
    """A field the registration requires cannot be corrected to nothing."""
    return [
        UserErrorData(
            field=to_camel(name), message=Message("cannot be removed"), code=ErrorCode.REQUIRED
        )
        for name, value in given.items()
        if value is None and CandidateBase.model_fields[name].is_required()
    ]


def getattr_stored(data: CandidateData, name: str) -> Any:
    """The value of ``name`` as the table stores it (enumerations as their values)."""
    return data.model_dump(include={name})[name]


async def reopen_screening(
    *, session: AsyncSession, scope: Scope, data: ReopenScreeningInput, actor: str | None
) -> Candidate:
    """Return a screened candidate to ``registered``, so that the facts may be corrected
    and screening run again; the reason is kept in the history."""
    candidate = await get_candidate(session, data.candidate_id, scope)
    require_step(candidate.status, Step.REOPEN_SCREENING)
    await move(
        session,
        candidate,
        Status.REGISTERED,
        actor=actor,
        reason=f"screening reopened: {data.reason}",
    )
    await session.flush()
    return candidate
