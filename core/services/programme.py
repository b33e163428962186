"""Which programme a person is under: TITP or ESD, never both.

The programme is fixed by the first plan applied for (a TITP training plan or an
ESD plan) and kept on the candidate; a plan of the other programme is then
refused on ``field``. There is no change of status from TITP to ESD (reference
section 8, https://www.trust-gyosei.com/technical-intern-transitional-measures-ikusei-shuro).
"""

from __future__ import annotations

from core.db.models import Candidate
from core.domain.esd import Programme
from core.errors import DomainValidationError, ErrorCode
from core.i18n import Message

NO_CHANGE_SOURCE = (
    "https://www.trust-gyosei.com/technical-intern-transitional-measures-ikusei-shuro"
)


def programme_of(candidate: Candidate) -> Programme | None:
    return Programme(candidate.programme) if candidate.programme else None


def fix_programme(candidate: Candidate, programme: Programme, *, field: str) -> None:
    """Put ``candidate`` under ``programme`` (when under none yet), or refuse on ``field``
    when they are under the other one."""
    current = programme_of(candidate)
    if current is None:
        candidate.programme = programme.value
        return
    if current is not programme:
        raise DomainValidationError.single(
            field,
            Message(
                "the candidate is under {current}, not {wanted}: a person is under one "
                "programme only, and there is no change from TITP to ESD (source: {source})",
                current=current.value.upper(),
                wanted=programme.value.upper(),
                source=NO_CHANGE_SOURCE,
            ),
            ErrorCode.NOT_ALLOWED_STATE,
        )
