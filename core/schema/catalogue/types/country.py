from __future__ import annotations

import strawberry

from core.plugins.registry import CountryEntry
from core.schema.catalogue.types.agency import Embassy, GovernmentAgency
from core.schema.catalogue.types.enums import CohortTerm
from core.schema.catalogue.types.returnees import EmploymentProgramme, ReturneeAssociation
from core.schema.catalogue.types.screening import ScreeningRuleTemplate
from core.schema.catalogue.types.training import PreEntryTraining


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
            entry=entry,
            agency_list=list(agencies.values()),
        )
