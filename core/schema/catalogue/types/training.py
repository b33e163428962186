from __future__ import annotations

import strawberry

from core.domain import contracts
from core.schema.catalogue.types.enums import Evidence, Payer
from core.schema.catalogue.types.evidence import (
    EVIDENCE_DESCRIPTION,
    NOTES_DESCRIPTION,
    EvidenceNote,
    evidence_notes,
)


@strawberry.type
class Duration:
    months: int
    days: int


@strawberry.type
class TrainingCentre:
    id: str
    name: str
    local_name: str | None
    city: str | None
    operator_agency_id: str | None
    source: str


@strawberry.type
class TrainingModule:
    id: str
    title: str
    description: str | None


@strawberry.type
class TrainingPhase:
    id: str
    order: int
    name: str
    centre: TrainingCentre | None
    duration: Duration | None
    paid_by: Payer | None = strawberry.field(description="Null where the sources do not say.")
    modules: list[TrainingModule]
    notes: str | None
    source: str
    evidence: Evidence = strawberry.field(description=EVIDENCE_DESCRIPTION)
    evidence_notes: list[EvidenceNote] = strawberry.field(description=NOTES_DESCRIPTION)


@strawberry.type(description="Training in the sending country before dispatch to Japan.")
class PreEntryTraining:
    minimum_months: int = strawberry.field(
        description="The training must last longer than this many months."
    )
    phases: list[TrainingPhase]
    centres: list[TrainingCentre]
    modules: list[TrainingModule]
    source: str

    @classmethod
    def from_contract(cls, training: contracts.PreEntryTraining) -> PreEntryTraining:
        centres = {
            c.id: TrainingCentre(
                id=c.id,
                name=c.name,
                local_name=c.local_name,
                city=c.city,
                operator_agency_id=c.operator_agency_id,
                source=c.source,
            )
            for c in training.centres
        }
        modules = {
            m.id: TrainingModule(id=m.id, title=m.title, description=m.description)
            for m in training.modules
        }
        phases = [
            TrainingPhase(
                id=p.id,
                order=p.order,
                name=p.name,
                centre=centres[p.centre_id] if p.centre_id else None,
                duration=Duration(months=p.duration.months, days=p.duration.days)
                if p.duration
                else None,
                paid_by=p.paid_by,
                modules=[modules[m] for m in p.module_ids],
                notes=p.notes,
                source=p.source,
                evidence=p.evidence,
                evidence_notes=evidence_notes(p, {"centre_id": "centre", "module_ids": "modules"}),
            )
            for p in sorted(training.phases, key=lambda phase: phase.order)
        ]
        return cls(
            minimum_months=training.minimum_months,
            phases=phases,
            centres=list(centres.values()),
            modules=list(modules.values()),
            source=training.source,
        )
