from __future__ import annotations

from typing import cast

import strawberry
from strawberry.scalars import JSON

from core.domain import contracts
from core.schema.catalogue.types.enums import Evidence, RuleKind
from core.schema.catalogue.types.evidence import (
    EVIDENCE_DESCRIPTION,
    NOTES_DESCRIPTION,
    EvidenceNote,
    evidence_notes,
)


@strawberry.type(
    description=(
        "A check a recruitment call of this country makes. The parameters are the "
        "defaults a call starts from; null parameters are not known and are set per call."
    )
)
class ScreeningRuleTemplate:
    id: str
    kind: RuleKind
    title: str
    description: str
    parameters: JSON
    source: str
    evidence: Evidence = strawberry.field(description=EVIDENCE_DESCRIPTION)
    evidence_notes: list[EvidenceNote] = strawberry.field(description=NOTES_DESCRIPTION)

    @classmethod
    def from_contract(cls, rule: contracts.ScreeningRuleTemplate) -> ScreeningRuleTemplate:
        return cls(
            id=rule.id,
            kind=rule.kind,
            title=rule.title,
            description=rule.description,
            parameters=cast(JSON, rule.parameters),
            source=rule.source,
            evidence=rule.evidence,
            evidence_notes=evidence_notes(rule),
        )
