"""Associations of presidents: returnees' memberships and the businesses they found.

An association is one of the candidate's country's ``returnee_associations``
in the registry; a membership names either one of its catalogued boards
(``boardId``) or, for a regional board the catalogue does not name (most of
IKAPEKSI's nineteen DPDs), the board's region as free text. Board names are
never made up here.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from pydantic import Field, field_validator
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession
from sqlmodel.sql.expression import Select

from core.auth.scope import Scope
from core.db.models import AssociationMembership, Candidate, FoundedBusiness
from core.domain.contracts import ReturneeAssociation
from core.domain.states import Status, status_label
from core.errors import DomainValidationError, ErrorCode, UserErrorData
from core.i18n import Message
from core.plugins.registry import CountryRegistry
from core.services.dates import HappenedOn
from core.services.inputs import Input, RowId
from core.services.lookups import found_or_refuse, get_candidate

EARLIEST_FOUNDED_YEAR = 1950


class JoinAssociationInput(Input):
    candidate_id: RowId
    association_id: str = Field(min_length=1, max_length=80, description="e.g. 'ikapeksi'.")
    board_id: str | None = Field(default=None, min_length=1, max_length=80)
    region: str | None = Field(default=None, min_length=1, max_length=120)
    joined_on: HappenedOn


class RecordFoundedBusinessInput(Input):
    membership_id: RowId
    name: str = Field(min_length=1, max_length=200)
    sector: str = Field(min_length=1, max_length=120)
    region: str = Field(min_length=1, max_length=120)
    founded_year: int = Field(ge=EARLIEST_FOUNDED_YEAR)
    employees: int = Field(ge=0, le=1_000_000)

    @field_validator("founded_year")
    @classmethod
    def _not_in_the_future(cls, value: int) -> int:
        if value > date.today().year:
            raise ValueError(Message("{year} is after this year", year=value))
        return value


def associations_of(registry: CountryRegistry, country_code: str) -> Sequence[ReturneeAssociation]:
    entry = registry.get(country_code)
    return entry.returnee_associations if entry is not None else ()


def find_association(
    registry: CountryRegistry, country_code: str, association_id: str
) -> ReturneeAssociation | None:
    for association in associations_of(registry, country_code):
        if association.id == association_id:
            return association
    return None


async def join_association(
    *,
    session: AsyncSession,
    registry: CountryRegistry,
    scope: Scope,
    data: JoinAssociationInput,
) -> tuple[AssociationMembership, Candidate]:
    """Make a returned candidate a member of one of their country's associations."""
    candidate = await get_candidate(session, data.candidate_id, scope)
    if candidate.status != Status.RETURNED:
        raise DomainValidationError.single(
            "candidateId",
            Message(
                "only returned interns join associations of presidents; this candidate is {status}",
                status=status_label(Status(candidate.status)),
            ),
            ErrorCode.NOT_ALLOWED_STATE,
        )
    code = candidate.country_code
    association = find_association(registry, code, data.association_id)
    if association is None:
        known = ", ".join(a.id for a in associations_of(registry, code)) or Message("none")
        raise DomainValidationError.single(
            "associationId",
            Message(
                "{country} has no association {association} (associations of {country}: {known})",
                country=code,
                association=repr(data.association_id),
                known=known,
            ),
            ErrorCode.NOT_FOUND,
        )
    _check_board(association, data)
    if candidate.returned_on is not None and data.joined_on < candidate.returned_on:
        raise DomainValidationError.single(
            "joinedOn",
            Message(
                "joinedOn is before the return to {country} ({returned})",
                country=code,
                returned=candidate.returned_on.isoformat(),
            ),
            ErrorCode.INVALID,
        )
    existing = await session.exec(
        select(AssociationMembership.id).where(
            AssociationMembership.candidate_id == candidate.id,
            AssociationMembership.association_id == association.id,
        )
    )
    if existing.first() is not None:
        raise DomainValidationError.single(
            "associationId",
            Message(
                "the candidate is already a member of {association}",
                association=association.acronym or association.name,
            ),
            ErrorCode.DUPLICATE,
        )
    assert candidate.id is not None
    membership = AssociationMembership(
        candidate_id=candidate.id,
        country_code=code,
        association_id=association.id,
        board_id=data.board_id,
        region=data.region,
        joined_on=data.joined_on,
    )
    session.add(membership)
    await session.flush()
    return membership, candidate


def _check_board(association: ReturneeAssociation, data: JoinAssociationInput) -> None:
    boards = {board.id: board for board in association.boards}
    listed = ", ".join(boards) or Message("none")
    errors: list[UserErrorData] = []
    if data.board_id is not None and data.region is not None:
        errors.append(
            UserErrorData(
                field="region",
                message=Message(
                    "give either boardId (a catalogued board) or region (another "
                    "regional board), not both"
                ),
                code=ErrorCode.INVALID,
            )
        )
    elif data.board_id is not None and data.board_id not in boards:
        errors.append(
            UserErrorData(
                field="boardId",
                message=Message(
                    "{association} has no board {board} (catalogued boards: "
                    "{listed}); for a regional board not in the catalogue give its region",
                    association=association.id,
                    board=repr(data.board_id),
                    listed=listed,
                ),
                code=ErrorCode.NOT_FOUND,
            )
        )
    elif data.board_id is None and data.region is None:
        errors.append(
            UserErrorData(
                field="region",
                message=Message(
                    "is required unless boardId names a catalogued board ({listed})", listed=listed
                ),
                code=ErrorCode.REQUIRED,
            )
        )
    elif data.region is not None:
        if association.regional_board_count == 0:
            errors.append(
                UserErrorData(
                    field="region",
                    message=Message(
                        "{association} has no regional boards", association=association.id
                    ),
                    code=ErrorCode.INVALID,
                )
            )
        for board in association.boards:
            if board.region is not None and board.region.casefold() == data.region.casefold():
                errors.append(
                    UserErrorData(
                        field="region",
                        message=Message(
                            "the board of {region} is catalogued: give boardId {board} instead",
                            region=board.region,
                            board=repr(board.id),
                        ),
                        code=ErrorCode.INVALID,
                    )
                )
    if errors:
        raise DomainValidationError(errors)


async def get_membership(
    session: AsyncSession, membership_id: int, scope: Scope, *, field: str = "membershipId"
) -> tuple[AssociationMembership, Candidate]:
    """The membership and its candidate, if the candidate is within ``scope``."""
    statement = (
        select(AssociationMembership, Candidate)
        .join(Candidate, col(Candidate.id) == col(AssociationMembership.candidate_id))
        .where(col(AssociationMembership.id) == membership_id, *scope.candidates())
    )
    row = found_or_refuse(
        (await session.exec(statement)).first(), field, "association membership", membership_id
    )
    return row[0], row[1]


async def record_founded_business(
    *, session: AsyncSession, scope: Scope, data: RecordFoundedBusinessInput
) -> tuple[FoundedBusiness, AssociationMembership, Candidate]:
    """Record a business a member founded after returning."""
    membership, candidate = await get_membership(session, data.membership_id, scope)
    # Lock the member's candidate row like every other step on a candidate.
    assert candidate.id is not None
    candidate = await get_candidate(session, candidate.id, scope, field="membershipId")
    if candidate.returned_on is not None and data.founded_year < candidate.returned_on.year:
        raise DomainValidationError.single(
            "foundedYear",
            Message(
                "foundedYear {year} is before the member's return ({returned})",
                year=data.founded_year,
                returned=candidate.returned_on.year,
            ),
            ErrorCode.INVALID,
        )
    assert membership.id is not None
    business = FoundedBusiness(
        membership_id=membership.id,
        name=data.name,
        sector=data.sector,
        region=data.region,
        founded_year=data.founded_year,
        employees=data.employees,
    )
    session.add(business)
    await session.flush()
    return business, membership, candidate


def member_rows(
    scope: Scope, country_code: str, association_id: str
) -> Select[AssociationMembership, Candidate]:
    """The association's memberships whose candidates are within ``scope``, each with
    its candidate (unordered: :mod:`core.services.association_members` pages them)."""
    return (
        select(AssociationMembership, Candidate)
        .join(Candidate, col(Candidate.id) == col(AssociationMembership.candidate_id))
        .where(
            col(AssociationMembership.country_code) == country_code,
            col(AssociationMembership.association_id) == association_id,
            *scope.candidates(),
        )
    )


async def businesses_of(
    session: AsyncSession, membership_ids: Sequence[int]
) -> dict[int, list[FoundedBusiness]]:
    """The businesses of each membership, in one query, oldest first."""
    found: dict[int, list[FoundedBusiness]] = {key: [] for key in membership_ids}
    if not membership_ids:
        return found
    rows = await session.exec(
        select(FoundedBusiness)
        .where(col(FoundedBusiness.membership_id).in_(sorted(set(membership_ids))))
        .order_by(col(FoundedBusiness.id))
    )
    for row in rows:
        found[row.membership_id].append(row)
    return found
