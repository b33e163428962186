from __future__ import annotations

import strawberry

from core.domain import contracts
from core.schema.catalogue.types.enums import AgencyRole, Evidence
from core.schema.catalogue.types.evidence import (
    EVIDENCE_DESCRIPTION,
    NOTES_DESCRIPTION,
    EvidenceNote,
    evidence_notes,
)


@strawberry.type(description="A ministry or agency that runs the programme in its country.")
class GovernmentAgency:
    id: str
    name: str
    local_name: str | None
    acronym: str | None
    roles: list[AgencyRole]
    website: str | None
    parent_id: str | None
    valid_from_year: int | None = strawberry.field(
        description="First year under this name; null when not known."
    )
    valid_to_year: int | None = strawberry.field(
        description="Last year under this name (renamed or merged); null while current."
    )
    former_names: list[str]
    notes: str | None
    source: str
    evidence: Evidence = strawberry.field(description=EVIDENCE_DESCRIPTION)
    evidence_notes: list[EvidenceNote] = strawberry.field(description=NOTES_DESCRIPTION)

    @classmethod
    def from_contract(cls, agency: contracts.GovernmentAgency) -> GovernmentAgency:
        return cls(
            id=agency.id,
            name=agency.name,
            local_name=agency.local_name,
            acronym=agency.acronym,
            roles=list(agency.roles),
            website=agency.website,
            parent_id=agency.parent_id,
            valid_from_year=agency.valid_from_year,
            valid_to_year=agency.valid_to_year,
            former_names=list(agency.former_names),
            notes=agency.notes,
            source=agency.source,
            evidence=agency.evidence,
            evidence_notes=evidence_notes(agency),
        )


@strawberry.type(description="The country's embassy in Japan, which supports its interns there.")
class Embassy:
    name: str
    local_name: str | None
    website: str | None
    labour_office: GovernmentAgency | None
    source: str

    @classmethod
    def from_contract(
        cls, embassy: contracts.Embassy, agencies: dict[str, GovernmentAgency]
    ) -> Embassy:
        office = agencies.get(embassy.labour_office_id) if embassy.labour_office_id else None
        return cls(
            name=embassy.name,
            local_name=embassy.local_name,
            website=embassy.website,
            labour_office=office,
            source=embassy.source,
        )
