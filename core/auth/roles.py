"""Roles and the signed-in actor of a request."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    ADMIN = "admin"
    """IM Japan administrator: everything, including accounts and the audit log."""
    STAFF = "staff"
    """IM Japan staff: every country's candidates and every step."""
    MINISTRY_OFFICER = "ministry_officer"
    """A sending country's ministry: its own country's calls, candidates and training."""
    EMBASSY_OFFICER = "embassy_officer"
    """A country's embassy in Japan: its nationals in Japan, read only."""
    HOST_COMPANY = "host_company"
    """A host company in Japan: its own interns, read only."""


COUNTRY_ROLES = frozenset({Role.MINISTRY_OFFICER, Role.EMBASSY_OFFICER})
IM_JAPAN_ROLES = frozenset({Role.ADMIN, Role.STAFF})


@dataclass(frozen=True)
class Actor:
    """Who makes a request, as their valid access token and active account say."""

    account_id: int
    email: str
    role: Role
    session_id: str
    country_code: str | None = None
    host_company_id: int | None = None

    @property
    def is_im_japan(self) -> bool:
        return self.role in IM_JAPAN_ROLES
