from __future__ import annotations

from decimal import Decimal

import strawberry

from core.domain import contracts
from core.schema.catalogue.types.agency import GovernmentAgency
from core.schema.catalogue.types.enums import BoardLevel, Evidence, ProgrammeKind
from core.schema.catalogue.types.evidence import (
    EVIDENCE_DESCRIPTION,
    NOTES_DESCRIPTION,
    EvidenceNote,
    evidence_notes,
)


@strawberry.type
class AssociationBoard:
    """The GraphQL type of an association board, for a plugin's own types to reuse."""

    id: str
    level: BoardLevel
    name: str
    local_name: str | None
    region: str | None
    source: str


@strawberry.type(description="An association formed by returned interns, such as IKAPEKSI.")
class ReturneeAssociation:
    id: str
    name: str
    local_name: str | None
    acronym: str | None
    description: str
    founded_year: int | None
    website: str | None
    boards: list[AssociationBoard] = strawberry.field(
        description="The boards whose names are known; see regionalBoardCount for the total."
    )
    regional_board_count: int | None
    source: str

    @classmethod
    def from_contract(cls, association: contracts.ReturneeAssociation) -> ReturneeAssociation:
        return cls(
            id=association.id,
            name=association.name,
            local_name=association.local_name,
            acronym=association.acronym,
            description=association.description,
            founded_year=association.founded_year,
            website=association.website,
            boards=[
                AssociationBoard(
                    id=b.id,
                    level=b.level,
                    name=b.name,
                    local_name=b.local_name,
                    region=b.region,
                    source=b.source,
                )
                for b in association.boards
            ],
            regional_board_count=association.regional_board_count,
            source=association.source,
        )


@strawberry.type
class Money:
    amount: Decimal
    currency: str


@strawberry.type(description="Support a returnee gets at home, such as group job interviews.")
class EmploymentProgramme:
    id: str
    kind: ProgrammeKind
    name: str
    description: str
    organiser: GovernmentAgency | None
    organiser_name: str | None
    amount: Money | None
    source: str
    evidence: Evidence = strawberry.field(description=EVIDENCE_DESCRIPTION)
    evidence_notes: list[EvidenceNote] = strawberry.field(description=NOTES_DESCRIPTION)

    @classmethod
    def from_contract(
        cls, programme: contracts.EmploymentProgramme, agencies: dict[str, GovernmentAgency]
    ) -> EmploymentProgramme:
        organiser = (
            agencies.get(programme.organiser_agency_id) if programme.organiser_agency_id else None
        )
        amount = programme.amount
        return cls(
            id=programme.id,
            kind=programme.kind,
            name=programme.name,
            description=programme.description,
            organiser=organiser,
            organiser_name=programme.organiser_name,
            amount=Money(amount=amount.amount, currency=amount.currency) if amount else None,
            source=programme.source,
            evidence=programme.evidence,
            evidence_notes=evidence_notes(programme, {"organiser_agency_id": "organiser"}),
        )
