"""How well a catalogue record's facts are backed, as GraphQL fields of the record."""

from __future__ import annotations

from collections.abc import Mapping

import strawberry
from pydantic.alias_generators import to_camel

from core.domain import contracts
from core.schema.catalogue.types.enums import Evidence

EVIDENCE_DESCRIPTION = (
    "How well the record is backed: SOURCED when every fact was seen in its source, "
    "otherwise the weakest evidence of its evidenceNotes."
)
NOTES_DESCRIPTION = (
    "The facts of this record that its source does not state as given here (INFERRED: "
    "our reading of sourced facts; UNVERIFIED: not seen in a source), with what they rest on."
)


@strawberry.type(description="Facts of a record that its source does not state as given.")
class EvidenceNote:
    evidence: Evidence
    fields: list[str] = strawberry.field(
        description="The record's GraphQL fields the note is about; empty for the whole record."
    )
    note: str = strawberry.field(description="What the facts rest on.")


def evidence_notes(
    record: contracts.Evidenced, renames: Mapping[str, str] | None = None
) -> list[EvidenceNote]:
    """The record's notes, naming its fields as GraphQL does (``renames`` where the
    GraphQL field differs from the camelCase of the contract's, e.g. ``organiser``)."""
    renames = renames or {}
    return [
        EvidenceNote(
            evidence=note.evidence,
            fields=[renames.get(name, to_camel(name)) for name in note.fields],
            note=note.note,
        )
        for note in record.evidence_notes
    ]
