"""Members of the associations of presidents as they are listed: with their
candidates and the businesses they founded (fetched for the whole list in one
query)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import ColumnElement
from sqlmodel import col
from sqlmodel.ext.asyncio.session import AsyncSession

from core.auth.scope import Scope
from core.db.models import AssociationMembership, Candidate, FoundedBusiness
from core.plugins.registry import CountryRegistry
from core.services import associations
from core.services.pages import Listing, Order


@dataclass(frozen=True)
class Member:
    membership: AssociationMembership
    candidate: Candidate
    businesses: list[FoundedBusiness]


def members(scope: Scope, country_code: str, association_id: str) -> Listing[Member]:
    """The association's members within ``scope``, oldest first (by membership id);
    a page is served with its members' businesses (:func:`with_businesses`)."""
    return Listing(
        name="association_member",
        statement=associations.member_rows(scope, country_code, association_id),
        order=Order(
            name="joined",
            columns=(cast(ColumnElement[Any], col(AssociationMembership.id)),),
            read=lambda row: (row[0].id,),
        ),
        finish=with_businesses,
    )


async def with_businesses(
    session: AsyncSession, rows: list[tuple[AssociationMembership, Candidate]]
) -> list[Member]:
    """The members of a page with their businesses, fetched in one statement."""
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
