"""Correcting a candidate's personal data: kept in the history, refused for what
screening read once screened, allowed again after an administrator reopens the
screening; every refusal leaves the row as it was. On SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

import pytest
from sqlalchemy.orm import Session
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core.auth.scope import EVERYTHING
from core.db.models import Candidate, StatusChange
from core.errors import DomainValidationError, ErrorCode
from core.plugins.manager import get_plugin_manager
from core.plugins.registry import build_registry
from core.services.corrections import (
    CorrectCandidateInput,
    ReopenScreeningInput,
    correct_candidate,
    reopen_screening,
)
from core.services.inputs import validate
from core.settings import Settings
from tests.conftest import default_settings
from tests.factories import build, call, candidate, in_transaction

REGISTRY = build_registry(get_plugin_manager(default_settings()), default_settings())

T = TypeVar("T")


def _world(status: str) -> Callable[[Session], int]:
    def make(session: Session) -> int:
        vn = call(session, "VN")
        candidate(session, vn, "registered", full_name="Other", applicant_number="V-2")
        return (
            candidate(
                session,
                vn,
                status,
                full_name="Dang Thi Anh",
                applicant_number="V-1",
                height_cm=158.0,
            ).id
            or 0
        )

    return make


def _correct(settings: Settings, **fields: Any) -> Candidate:
    data = validate(CorrectCandidateInput, fields)
    return in_transaction(
        settings,
        lambda session: correct_candidate(
            session=session, scope=EVERYTHING, registry=REGISTRY, data=data, actor="a"
        ),
    )


def _refusal(settings: Settings, **fields: Any) -> list[tuple[str | None, ErrorCode]]:
    try:
        _correct(settings, **fields)
    except DomainValidationError as exc:
        return [(error.field, error.code) for error in exc.errors]
    raise AssertionError("the correction was accepted")


def _row(settings: Settings, candidate_id: int) -> tuple[Candidate, list[StatusChange]]:
    async def read(session: AsyncSession) -> tuple[Candidate, list[StatusChange]]:
        row = await session.get(Candidate, candidate_id)
        assert row is not None
        history = await session.exec(
            select(StatusChange)
            .where(col(StatusChange.candidate_id) == candidate_id)
            .order_by(col(StatusChange.id))
        )
        return row, list(history.all())

    return in_transaction(settings, read)


@pytest.mark.database
def test_a_misspelt_name_is_corrected_and_kept_in_the_history(db_settings: Settings) -> None:
    person = build(db_settings, _world("screening_passed"))
    _correct(db_settings, candidateId=person, fullName="Đặng Thị Ánh", reason="passport spelling")
    row, history = _row(db_settings, person)
    assert (row.full_name, row.full_name_key, row.status) == (
        "Đặng Thị Ánh",
        "dang thi anh",
        "screening_passed",
    )
    assert [(h.from_status, h.to_status, h.reason, h.actor) for h in history] == [
        ("screening_passed", "screening_passed", "corrected fullName: passport spelling", "a")
    ]


@pytest.mark.database
def test_screened_facts_wait_for_a_reopened_screening(db_settings: Settings) -> None:
    person = build(db_settings, _world("screening_failed"))
    before = _row(db_settings, person)[0].model_dump()
    refused = _refusal(
        db_settings,
        candidateId=person,
        heightCm=160,
        fullName="Dang Thi Anh B",
        reason="re-measured",
    )
    assert refused == [("heightCm", ErrorCode.NOT_ALLOWED_STATE)]
    assert _row(db_settings, person)[0].model_dump() == before  # the name was not written either

    data = validate(ReopenScreeningInput, {"candidateId": person, "reason": "height misread"})
    in_transaction(
        db_settings,
        lambda session: reopen_screening(session=session, scope=EVERYTHING, data=data, actor="a"),
    )
    _correct(db_settings, candidateId=person, heightCm=160, reason="re-measured")
    row, history = _row(db_settings, person)
    assert (row.status, row.height_cm) == ("registered", 160)
    assert [h.reason for h in history] == [
        "screening reopened: height misread",
        "corrected heightCm: re-measured",
    ]


@pytest.mark.database
def test_refused_corrections_name_their_field(db_settings: Settings) -> None:
    person = build(db_settings, _world("registered"))
    before = _row(db_settings, person)[0].model_dump()
    assert _refusal(db_settings, candidateId=person, applicantNumber="V-2", reason="typo") == [
        ("applicantNumber", ErrorCode.DUPLICATE)
    ]
    assert _refusal(db_settings, candidateId=person, reason="nothing") == [
        (None, ErrorCode.REQUIRED)
    ]
    assert _refusal(db_settings, candidateId=person, dateOfBirth=date(1900, 1, 1), reason="r") == [
        ("dateOfBirth", ErrorCode.INVALID)
    ]
    assert _row(db_settings, person)[0].model_dump() == before


def test_a_correction_validates_each_field_as_registration_does() -> None:
    with pytest.raises(DomainValidationError) as refused:
        validate(CorrectCandidateInput, {"candidateId": 1, "heightCm": 500, "reason": ""})
    assert {(e.field, e.code) for e in refused.value.errors} == {
        ("heightCm", ErrorCode.INVALID),
        ("reason", ErrorCode.INVALID),
    }
    with pytest.raises(DomainValidationError) as refused:
        validate(CorrectCandidateInput, {"candidateId": 1, "heightCm": 170})
    assert [(e.field, e.code) for e in refused.value.errors] == [("reason", ErrorCode.REQUIRED)]
