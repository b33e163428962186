"""Hooks of the EXAMPLE country Exampleland (code XE, user-assigned)."""

from __future__ import annotations

from collections.abc import Sequence

import strawberry

from core.plugin_api import (
    AgencyRole,
    CohortTerm,
    CountryProfile,
    EmploymentProgramme,
    GovernmentAgency,
    GraphQLContribution,
    LocalizedName,
    Settings,
    group_job_interviews,
    hookimpl,
)

CODE = "XE"
SOURCE = "Example data, invented for the plugin guide"


@hookimpl
def country_profile() -> CountryProfile:
    return CountryProfile(
        code=CODE,
        name="Exampleland (example)",
        local_names=(LocalizedName(language="en", name="Exampleland"),),
        agreement_year=None,
        first_arrival_year=None,
        first_cohort_term=CohortTerm.TECHNICAL_INTERNS,
        representative_office=None,
        sources=(SOURCE,),
    )


@hookimpl
def country_agencies() -> Sequence[GovernmentAgency]:
    return [
        GovernmentAgency(
            country_code=CODE,
            id="ministry",
            name="Example Ministry of Labour",
            roles=(AgencyRole.MINISTRY, AgencyRole.SELECTING_AGENCY),
            source=SOURCE,
        )
    ]


@hookimpl
def country_employment_programmes(settings: Settings) -> Sequence[EmploymentProgramme]:
    # A hook takes the arguments of its spec it needs; the others take none.
    organiser = "ministry" if settings.profile else None
    return [group_job_interviews(CODE, organiser_agency_id=organiser)]


@strawberry.type(description="About this example plugin.")
class ExamplelandAbout:
    is_example: bool
    note: str


@strawberry.type
class ExamplelandQuery:
    @strawberry.field(description="Shows that a plugin package can add its own fields.")
    def exampleland_about(self) -> ExamplelandAbout:
        return ExamplelandAbout(is_example=True, note="Exampleland is not a real country.")


@hookimpl
def country_graphql() -> GraphQLContribution:
    return GraphQLContribution(query=ExamplelandQuery)
