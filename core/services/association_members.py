"""Members of the associations of presidents as they are listed: with their
candidates and the businesses they founded (fetched for the whole list in one
query)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel.ext.asyncio.session import AsyncSession

from core.auth.scope import Scope
from core.db.models import AssociationMembership, Candidate, FoundedBusiness
from core.plugins.registry import CountryRegistry
from core.services import associations


@dataclass(frozen=True)
class Member:
    membership: AssociationMembership
    candidate: Candidate
    businesses: list[FoundedBusiness]


async def members(
    session: AsyncSession, *, scope: Scope, country_code: str, association_id: str
) -> list[Member]:
    """The association's members within ``scope``, oldest first."""
    rows = await associations.list_members(
        session, scope=scope, country_code=country_code, association_id=association_id
    )
    businesses = await associations.businesses_of(
        session, [membership.id for membership, _ in rows if membership.id is not None]
    )
    return [
        Member(membership, candidate, businesses[membership.id or 0])
        for membership, candidate in rows
    ]


async def join(
    *,
    session: AsyncSession,
    registry: CountryRegistry,
    scope: Scope,
    data: associations.JoinAssociationInput,
) -> Member:
    """:func:`core.services.associations.join_association`, answered with the new member."""
    membership, candidate = await associations.join_association(
        session=session, registry=registry, scope=scope, data=data
    )
    return await _member(session, membership, candidate)


async def record_business(
    *, session: AsyncSession, scope: Scope, data: associations.RecordFoundedBusinessInput
) -> tuple[FoundedBusiness, Member]:
    """:func:`core.services.associations.record_founded_business`, with the member after it."""
    business, membership, candidate = await associations.record_founded_business(
        session=session, scope=scope, data=data
    )
    return business, await _member(session, membership, candidate)


async def _member(
    session: AsyncSession, membership: AssociationMembership, candidate: Candidate
) -> Member:
    assert membership.id is not None
    businesses = await associations.businesses_of(session, [membership.id])
    return Member(membership, candidate, businesses[membership.id])
