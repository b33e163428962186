"""The records country plugins return from their hooks.

Every record is a frozen pydantic model: plugins build them in their data
modules, and the registry validates them again at start-up
(``revalidate_instances="always"``), so a malformed record is caught there
whatever way it was built. Every catalogue item carries ``country_code``, so the
registry can check that it belongs to the plugin that returned it.

``source`` fields say where a fact comes from (a URL, or the name of a document),
because the data is about real institutions and must stay checkable. A fact
that its source does not state as the record does (our own reading of it, or
not seen in a source at all) is marked on the record with an
:class:`EvidenceNote`, and so in the API, not only in a comment.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)

from core.domain.rules import RuleKind, normalize_parameters
from core.domain.supervision import SourceTag

CountryCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
"""ISO 3166-1 alpha-2 shape; the registry also checks the code is assigned."""

Identifier = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=80)]
"""Stable kebab-case id of a catalogue item, unique within its country."""

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
FieldName = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
"""The Python name of a record's field, as an evidence note names it."""
Year = Annotated[int, Field(ge=1900, le=2100)]
Url = Annotated[str, StringConstraints(pattern=r"^https?://[^\s]+$")]


class Contract(BaseModel):
    """Base of every plugin record: immutable, strict about unknown fields."""

    model_config = ConfigDict(frozen=True, extra="forbid", revalidate_instances="always")


class CohortTerm(StrEnum):
    """What the first people sent to Japan under the agreement were called."""

    TRAINEES = "trainees"
    TECHNICAL_INTERNS = "technical_interns"


class AgencyRole(StrEnum):
    """What a government agency does in the programme; an agency may have several roles."""

    MINISTRY = "ministry"
    SELECTING_AGENCY = "selecting_agency"
    IMPLEMENTING_AGENCY = "implementing_agency"
    TRAINING_AGENCY = "training_agency"
    OVERSEAS_EMPLOYMENT_AGENCY = "overseas_employment_agency"
    LABOUR_OFFICE_IN_JAPAN = "labour_office_in_japan"


class Payer(StrEnum):
    """Who pays for a phase of pre-entry training."""

    CANDIDATE = "candidate"
    SENDING_GOVERNMENT = "sending_government"
    IM_JAPAN = "im_japan"


class BoardLevel(StrEnum):
    """Where a board of a returnee association sits: central, regional or branch."""

    CENTRAL = "central"
    REGIONAL = "regional"
    BRANCH = "branch"


class ProgrammeKind(StrEnum):
    """The kind of support an employment programme gives returnees."""

    GROUP_JOB_INTERVIEW = "group_job_interview"
    JOB_PLACEMENT = "job_placement"
    COMPLETION_FUND = "completion_fund"
    CAREER_SUPPORT_FUND = "career_support_fund"
    BUSINESS_START_UP_SUPPORT = "business_start_up_support"
    REMIGRATION_PRIORITY = "remigration_priority"


class Evidence(StrEnum):
    """How well a fact is backed by the source its record cites."""

    SOURCED = "sourced"
    """Seen in the cited source as stated."""
    INFERRED = "inferred"
    """Our own reading of sourced facts; the note says which and how."""
    UNVERIFIED = "unverified"
    """Not seen in a source; an assumption to check before relying on it."""


EVIDENCE_STRENGTH = (Evidence.SOURCED, Evidence.INFERRED, Evidence.UNVERIFIED)
"""Strongest first."""


class EvidenceNote(Contract):
    """Facts of a record that its source does not state as the record does."""

    evidence: Evidence
    fields: tuple[FieldName, ...] = ()
    """The record's fields (their Python names) the note is about; empty for the whole record."""
    note: Text
    """What the fact rests on, for a reader who wants to check it."""

    @field_validator("evidence")
    @classmethod
    def _not_sourced(cls, value: Evidence) -> Evidence:
        if value is Evidence.SOURCED:
            raise ValueError("a note is for facts that are inferred or unverified")
        return value


class Evidenced(Contract):
    """A record some of whose facts may be inferred or unverified.

    A record without notes is sourced throughout: every fact was seen in its
    ``source``. Each note names the fields it is about.
    """

    evidence_notes: tuple[EvidenceNote, ...] = ()

    @model_validator(mode="after")
    def _notes_name_fields(self) -> Self:
        names = set(type(self).model_fields) - {"evidence_notes"}
        for note in self.evidence_notes:
            unknown = [field for field in note.fields if field not in names]
            if unknown:
                raise ValueError(f"evidence note names unknown field(s) {', '.join(unknown)}")
        return self

    @property
    def evidence(self) -> Evidence:
        """The weakest evidence of the record's facts."""
        return max(
            (note.evidence for note in self.evidence_notes),
            key=EVIDENCE_STRENGTH.index,
            default=Evidence.SOURCED,
        )


class LocalizedName(Contract):
    """A name in one language; ``language`` is a BCP 47 tag such as ``th`` or ``si``."""

    language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")]
    name: Text


class RepresentativeOffice(Contract):
    """IM Japan's representative office in the sending country."""

    city: Text
    locality: Text | None = None
    source: Text


class CountryProfile(Contract):
    """Who the country is in the programme. Exactly one per country plugin."""

    code: CountryCode
    name: Text
    local_names: tuple[LocalizedName, ...] = Field(min_length=1)
    agreement_year: Year | None
    first_arrival_year: Year | None
    first_cohort_term: CohortTerm
    representative_office: RepresentativeOffice | None
    sources: tuple[Text, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _arrival_follows_agreement(self) -> Self:
        if (
            self.agreement_year is not None
            and self.first_arrival_year is not None
            and self.first_arrival_year < self.agreement_year
        ):
            raise ValueError("first_arrival_year is before agreement_year")
        return self


class CountryItem(Contract):
    """A catalogue item that belongs to one country and has an id unique there."""

    country_code: CountryCode
    id: Identifier


class GovernmentAgency(CountryItem, Evidenced):
    """A ministry or agency; ``valid_*_year`` record renamings and mergers."""

    name: Text
    local_name: Text | None = None
    acronym: Text | None = None
    roles: tuple[AgencyRole, ...] = Field(min_length=1)
    website: Url | None = None
    parent_id: Identifier | None = None
    valid_from_year: Year | None = None
    valid_to_year: Year | None = None
    former_names: tuple[Text, ...] = ()
    notes: Text | None = None
    source: Text

    @model_validator(mode="after")
    def _validity_in_order(self) -> Self:
        if (
            self.valid_from_year is not None
            and self.valid_to_year is not None
            and self.valid_to_year < self.valid_from_year
        ):
            raise ValueError("valid_to_year is before valid_from_year")
        return self

    def active_in(self, year: int) -> bool:
        """Whether the agency existed under this name in ``year``."""
        starts = self.valid_from_year is None or self.valid_from_year <= year
        ends = self.valid_to_year is None or year <= self.valid_to_year
        return starts and ends


class Embassy(Contract):
    """The country's embassy in Japan, which supports its nationals there."""

    country_code: CountryCode
    name: Text
    local_name: Text | None = None
    website: Url | None = None
    labour_office_id: Identifier | None = None
    source: Text


class ScreeningRuleTemplate(CountryItem, Evidenced):
    """One check a recruitment call of this country makes, with default values.

    ``parameters`` must match the model registered for ``kind`` in
    :mod:`core.domain.rules`; ``custom`` rules carry parameters that only the
    country plugin interprets.
    """

    kind: RuleKind
    title: Text
    description: Text
    parameters: dict[str, Any] = Field(default_factory=dict)
    source: Text

    @field_validator("parameters")
    @classmethod
    def _parameters_fit_kind(cls, value: dict[str, Any], info: ValidationInfo) -> dict[str, Any]:
        kind = info.data.get("kind")
        if kind is None:  # the kind itself failed validation and is reported
            return value
        return normalize_parameters(kind, value)


class Duration(Contract):
    """A length of time in whole months and days; at least one of them is set."""

    months: int = Field(default=0, ge=0)
    days: int = Field(default=0, ge=0)

    @model_validator(mode="after")
    def _not_empty(self) -> Self:
        if self.months == 0 and self.days == 0:
            raise ValueError("a duration needs months or days")
        return self


class TrainingCentre(CountryItem):
    """A school or centre where candidates take their pre-entry training."""

    name: Text
    local_name: Text | None = None
    city: Text | None = None
    operator_agency_id: Identifier | None = None
    source: Text


class TrainingModule(Contract):
    """A subject pre-entry training covers, such as Japanese language."""

    id: Identifier
    title: Text
    description: Text | None = None


class TrainingPhase(Evidenced):
    """One phase of pre-entry training, in order: where, how long, who pays, what it covers."""

    id: Identifier
    order: int = Field(ge=1)
    name: Text
    centre_id: Identifier | None = None
    duration: Duration | None = None
    paid_by: Payer | None = None
    module_ids: tuple[Identifier, ...] = ()
    notes: Text | None = None
    source: Text


class PreEntryTraining(Contract):
    """The training a candidate completes in the sending country before dispatch.

    ``minimum_months`` is the shortest training allowed, in whole months
    (IM Japan: "four months or more"; its English page says "over four months").
    """

    country_code: CountryCode
    minimum_months: int = Field(ge=1)
    centres: tuple[TrainingCentre, ...] = ()
    modules: tuple[TrainingModule, ...] = ()
    phases: tuple[TrainingPhase, ...] = ()
    source: Text

    @model_validator(mode="after")
    def _references_resolve(self) -> Self:
        centre_ids = {centre.id for centre in self.centres}
        module_ids = {module.id for module in self.modules}
        for phase in self.phases:
            if phase.centre_id is not None and phase.centre_id not in centre_ids:
                raise ValueError(f"phase '{phase.id}' names unknown centre '{phase.centre_id}'")
            unknown = [m for m in phase.module_ids if m not in module_ids]
            if unknown:
                raise ValueError(f"phase '{phase.id}' names unknown modules {unknown}")
        for centre in self.centres:
            if centre.country_code != self.country_code:
                raise ValueError(f"centre '{centre.id}' belongs to {centre.country_code}")
        return self


class AssociationBoard(Contract):
    """A central, regional or branch board of a returnee association."""

    id: Identifier
    level: BoardLevel
    name: Text
    local_name: Text | None = None
    region: Text | None = None
    source: Text


class ReturneeAssociation(CountryItem):
    """An association formed by returned interns, such as IKAPEKSI."""

    name: Text
    local_name: Text | None = None
    acronym: Text | None = None
    description: Text
    founded_year: Year | None = None
    website: Url | None = None
    boards: tuple[AssociationBoard, ...] = ()
    regional_board_count: int | None = Field(default=None, ge=0)
    source: Text


class Money(Contract):
    """An amount of money in a currency (an ISO 4217 code such as ``JPY``)."""

    amount: Decimal = Field(gt=0)
    currency: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]


class EmploymentProgramme(CountryItem, Evidenced):
    """Support a returnee gets at home: group job interviews, funds, priority."""

    kind: ProgrammeKind
    name: Text
    description: Text
    organiser_agency_id: Identifier | None = None
    organiser_name: Text | None = None
    amount: Money | None = None
    source: Text


class EsdNote(Contract):
    """A sourced fact about the country and the ESD system (育成就労) or what led to it:
    a memorandum, an agreement, an agency's claim. ``on`` is the day it happened, when
    the source gives one; ``tag`` says how the source stands (primary, secondary)."""

    id: Identifier
    text: Text
    on: date | None = None
    source: Text
    tag: SourceTag

    @field_validator("tag")
    @classmethod
    def _found(cls, value: SourceTag) -> SourceTag:
        if value is SourceTag.NOT_FOUND:
            raise ValueError("a note states a fact found: what was not found is a null value")
        return value


class EsdSpecifics(Contract):
    """What is known of the country under ESD (育成就労, from 2027-04-01): the agency that
    sends workers under it and the ESD memorandum of cooperation with Japan and its day.
    A value not found stays ``None`` (the API says unknown), never a guess; ``notes``
    hold the related facts that were found, each with its source and tag."""

    country_code: CountryCode
    sending_agency_id: Identifier | None = None
    """One of the country's agencies (``country_agencies``); ``None``: not known."""
    moc_signed_on: date | None = None
    """The day the ESD memorandum of cooperation was signed; ``None``: not known."""
    source: Text | None = None
    """Where the sending agency and the memorandum are stated; required with either."""
    tag: SourceTag | None = None
    notes: tuple[EsdNote, ...] = ()

    @model_validator(mode="after")
    def _known_facts_are_sourced(self) -> Self:
        known = self.sending_agency_id is not None or self.moc_signed_on is not None
        if known and (self.source is None or self.tag in (None, SourceTag.NOT_FOUND)):
            raise ValueError("a sending agency or memorandum needs its source and tag")
        ids = [note.id for note in self.notes]
        if len(set(ids)) != len(ids):
            raise ValueError("duplicate note ids")
        return self

    @property
    def known(self) -> bool:
        """Whether both the sending agency and the memorandum are known."""
        return self.sending_agency_id is not None and self.moc_signed_on is not None


@dataclass(frozen=True)
class GraphQLContribution:
    """Strawberry types a plugin adds to the schema.

    ``query`` and ``mutation`` are Strawberry types whose fields become root
    fields; ``types`` lists extra types not reachable from them (interface
    implementations, for example). Names must not collide with core's or with
    another plugin's: the service refuses to start if they do.
    """

    query: type | None = None
    mutation: type | None = None
    types: tuple[type, ...] = ()
