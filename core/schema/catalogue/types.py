"""Object types and enums of the catalogue: the sending countries and what the
plugins declare about them, and the installed plugins.

They are separate from the plugin contracts (``core.domain.contracts``) and are
built from them with ``from_contract``; the catalogue is static, so the whole
tree is built once at start-up and served as plain attributes.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, cast

import strawberry
from pydantic.alias_generators import to_camel
from strawberry.scalars import JSON

from core.domain import contracts, rules, supervision
from core.plugins.introspection import PluginDescription
from core.plugins.registry import CountryEntry

# GraphQL enums over the core domain enums. Plugins cannot extend them.
# ``strawberry.enum`` returns the class it is given, so the domain enums are the
# GraphQL enums; type checkers see them as the plain domain classes.
if TYPE_CHECKING:
    AgencyRole = contracts.AgencyRole
    CohortTerm = contracts.CohortTerm
    Payer = contracts.Payer
    BoardLevel = contracts.BoardLevel
    ProgrammeKind = contracts.ProgrammeKind
    RuleKind = rules.RuleKind
    Evidence = contracts.Evidence
    SourceTag = supervision.SourceTag
else:
    AgencyRole = strawberry.enum(contracts.AgencyRole, name="AgencyRole")
    CohortTerm = strawberry.enum(contracts.CohortTerm, name="CohortTerm")
    Payer = strawberry.enum(contracts.Payer, name="Payer")
    BoardLevel = strawberry.enum(contracts.BoardLevel, name="BoardLevel")
    ProgrammeKind = strawberry.enum(contracts.ProgrammeKind, name="ProgrammeKind")
    RuleKind = strawberry.enum(rules.RuleKind, name="RuleKind")
    Evidence = strawberry.enum(contracts.Evidence, name="Evidence")
    SourceTag = strawberry.enum(
        supervision.SourceTag,
        name="SourceTag",
        description="How a fact is known, as the reference that gathered it tags it.",
    )


# How well a catalogue record's facts are backed, as GraphQL fields of the record.
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


@strawberry.type(
    description="A sourced fact about the country and ESD, or what led to it (a memorandum, "
    "an agreement), with the day it happened when the source gives one."
)
class CountryEsdNote:
    id: str
    text: str
    on: date | None
    source: str
    tag: SourceTag

    @classmethod
    def of(cls, note: contracts.EsdNote) -> CountryEsdNote:
        return cls(id=note.id, text=note.text, on=note.on, source=note.source, tag=note.tag)


@strawberry.type(
    description=(
        "The country under ESD (育成就労): the agency that sends workers under it and the ESD "
        "memorandum of cooperation with Japan. Where the reference found neither (all five "
        "countries in December 2026), or the country's plugin says nothing, they are null "
        "and known is false: the service does not guess."
    )
)
class CountryEsd:
    sending_agency: GovernmentAgency | None = strawberry.field(
        description="The agency that sends workers under ESD; null: not known."
    )
    moc_signed_on: date | None = strawberry.field(
        description="The day the ESD memorandum of cooperation with Japan was signed; null: "
        "not known."
    )
    known: bool = strawberry.field(
        description="Whether both the ESD sending agency and the ESD memorandum are known."
    )
    source: str | None = strawberry.field(
        description="Where the sending agency and the memorandum are stated."
    )
    tag: SourceTag | None = strawberry.field(
        description="How they are known (not_found: sought and not found); null when the "
        "country's plugin says nothing of ESD."
    )
    notes: list[CountryEsdNote]

    @classmethod
    def of(
        cls, esd: contracts.EsdSpecifics | None, agencies: dict[str, GovernmentAgency]
    ) -> CountryEsd:
        if esd is None:
            return cls(
                sending_agency=None,
                moc_signed_on=None,
                known=False,
                source=None,
                tag=None,
                notes=[],
            )
        return cls(
            sending_agency=agencies.get(esd.sending_agency_id) if esd.sending_agency_id else None,
            moc_signed_on=esd.moc_signed_on,
            known=esd.known,
            source=esd.source,
            tag=esd.tag,
            notes=[CountryEsdNote.of(note) for note in esd.notes],
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


@strawberry.type(description="An installed country plugin.")
class PluginInfo:
    name: str
    package: str | None = strawberry.field(description="Distribution it was installed from.")
    version: str | None
    country_code: str | None
    hooks: list[str] = strawberry.field(description="Hooks the plugin implements.")

    @classmethod
    def from_description(cls, plugin: PluginDescription) -> PluginInfo:
        return cls(
            name=plugin.name,
            package=plugin.package,
            version=plugin.version,
            country_code=plugin.country_code,
            hooks=list(plugin.hooks),
        )


@strawberry.type
class LocalizedName:
    language: str = strawberry.field(description="BCP 47 language tag, e.g. 'th' or 'si'.")
    name: str


@strawberry.type(description="IM Japan's representative office in a sending country.")
class RepresentativeOffice:
    city: str
    locality: str | None
    source: str


@strawberry.type(description="A sending country of the Technical Intern Training Program.")
class Country:
    code: str = strawberry.field(description="ISO 3166-1 alpha-2 code.")
    name: str
    local_name: str = strawberry.field(description="Name in the first local language.")
    local_names: list[LocalizedName]
    agreement_year: int | None = strawberry.field(
        description="Year the agreement with IM Japan was concluded."
    )
    first_arrival_year: int | None = strawberry.field(
        description="Year the first cohort arrived in Japan; null where not known."
    )
    first_cohort_term: CohortTerm
    representative_office: RepresentativeOffice | None
    embassy: Embassy | None
    screening_rules: list[ScreeningRuleTemplate]
    pre_entry_training: PreEntryTraining | None
    returnee_associations: list[ReturneeAssociation]
    employment_programmes: list[EmploymentProgramme]
    sources: list[str]
    plugin: str = strawberry.field(description="Name of the plugin that supplies this country.")
    esd: CountryEsd = strawberry.field(
        description="What is known of the country under ESD (育成就労, from 2027-04-01): "
        "unknown values are null and known is false."
    )
    entry: strawberry.Private[CountryEntry]
    agency_list: strawberry.Private[list[GovernmentAgency]]

    @strawberry.field(description="Agencies, optionally only those active in a given year.")
    def agencies(self, active_in_year: int | None = None) -> list[GovernmentAgency]:
        if active_in_year is None:
            return self.agency_list
        active = {a.id for a in self.entry.agencies if a.active_in(active_in_year)}
        return [agency for agency in self.agency_list if agency.id in active]

    @classmethod
    def from_entry(cls, entry: CountryEntry) -> Country:
        profile = entry.profile
        agencies = {a.id: GovernmentAgency.from_contract(a) for a in entry.agencies}
        office = profile.representative_office
        return cls(
            code=profile.code,
            name=profile.name,
            local_name=profile.local_names[0].name,
            local_names=[
                LocalizedName(language=n.language, name=n.name) for n in profile.local_names
            ],
            agreement_year=profile.agreement_year,
            first_arrival_year=profile.first_arrival_year,
            first_cohort_term=profile.first_cohort_term,
            representative_office=RepresentativeOffice(
                city=office.city, locality=office.locality, source=office.source
            )
            if office
            else None,
            embassy=Embassy.from_contract(entry.embassy, agencies) if entry.embassy else None,
            screening_rules=[ScreeningRuleTemplate.from_contract(r) for r in entry.screening_rules],
            pre_entry_training=PreEntryTraining.from_contract(entry.pre_entry_training)
            if entry.pre_entry_training
            else None,
            returnee_associations=[
                ReturneeAssociation.from_contract(a) for a in entry.returnee_associations
            ],
            employment_programmes=[
                EmploymentProgramme.from_contract(p, agencies) for p in entry.employment_programmes
            ],
            sources=list(profile.sources),
            plugin=entry.plugin,
            esd=CountryEsd.of(entry.esd, agencies),
            entry=entry,
            agency_list=list(agencies.values()),
        )
