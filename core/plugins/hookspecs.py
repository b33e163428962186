"""Hook specifications for imjapan country plugins.

A country plugin is a module (or object) registered under the entry-point group
``imjapan.countries``; the entry-point name is the plugin's name. It implements
the hooks below with ``@hookimpl`` (``from core.plugin_api import hookimpl``).
pluggy calls hooks with keyword arguments only, and an implementation may
accept any subset of the arguments of its spec, so ``def country_profile():``
is a valid implementation. Never give an implementation's argument a default
value: pluggy does not pass those.

Every catalogue hook is called **once per plugin at start-up**, while the
service builds its country registry; nothing calls them per request. Their
results are collected from every plugin and attributed to the plugin that
returned them, so each item must belong to that plugin's own country.

The screening hook is the exception: it is called whenever a candidate is
screened, and the first plugin that owns the rule answers.

The reference with examples is ``docs/plugin-hooks.md``; a test checks that
every hook here has a section there and a test of its own.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from pydantic import BaseModel

    from core.domain.contracts import (
        CountryProfile,
        Embassy,
        EmploymentProgramme,
        EsdSpecifics,
        GovernmentAgency,
        GraphQLContribution,
        PreEntryTraining,
        ReturneeAssociation,
        ScreeningRuleTemplate,
    )
    from core.screening.facts import CandidateFacts, Criterion, RuleOutcome
    from core.settings import Settings

PROJECT_NAME = "imjapan"
ENTRY_POINT_GROUP = "imjapan.countries"

hookspec = pluggy.HookspecMarker(PROJECT_NAME)
hookimpl = pluggy.HookimplMarker(PROJECT_NAME)
"""Marks a plugin's function as the implementation of the hook of the same name."""


# ---------------------------------------------------------------------------
# Country catalogue
# ---------------------------------------------------------------------------


@hookspec
def country_profile(settings: Settings) -> CountryProfile:
    """Return the country this plugin adds to the programme.

    Args:
        settings: the service settings.

    Returns:
        One :class:`~core.domain.contracts.CountryProfile`: ISO 3166-1 alpha-2
        code, English and local names, agreement year, first-arrival year and
        cohort term, and IM Japan's representative office.

    Called: once at start-up. **Required**: a plugin without it, or that returns
    ``None``, stops the service from starting.

    Result: collected from all plugins; codes must be unique across them.
    """


@hookspec
def country_agencies(settings: Settings) -> Sequence[GovernmentAgency]:
    """Return the government bodies that run the programme in this country.

    Args:
        settings: the service settings.

    Returns:
        Ministries, selecting and training agencies and the labour office in
        Japan, including renamed or merged ones with their validity years.
        ``parent_id`` must name another agency of the same country.

    Called: once at start-up.

    Result: collected from all plugins; each item must carry the plugin's own
    ``country_code``, and ids are unique within the country.
    """


@hookspec
def country_embassy(settings: Settings) -> Embassy | None:
    """Return the country's embassy in Japan.

    Args:
        settings: the service settings.

    Returns:
        An :class:`~core.domain.contracts.Embassy`, or ``None`` when not known.
        ``labour_office_id`` must name one of the country's agencies.

    Called: once at start-up.

    Result: collected from all plugins; one embassy per country.
    """


@hookspec
def country_screening_rules(settings: Settings) -> Sequence[ScreeningRuleTemplate]:
    """Return the checks a recruitment call of this country makes.

    Args:
        settings: the service settings.

    Returns:
        Rule templates with default parameters. A recruitment call copies them
        and may adjust the values, so they are defaults, not constants. The
        parameters must fit the rule kind (:mod:`core.domain.rules`).

    Called: once at start-up.

    Result: collected from all plugins; each rule must carry the plugin's own
    ``country_code``, and ids are unique within the country.
    """


@hookspec
def country_pre_entry_training(settings: Settings) -> PreEntryTraining | None:
    """Return the pre-entry training candidates complete before dispatch.

    Args:
        settings: the service settings.

    Returns:
        The training's phases (centre, duration, who pays, modules), its
        centres and modules, and the minimum length in months.

    Called: once at start-up.

    Result: collected from all plugins; one training per country.
    """


@hookspec
def country_returnee_associations(settings: Settings) -> Sequence[ReturneeAssociation]:
    """Return the associations formed by returned interns.

    Args:
        settings: the service settings.

    Returns:
        Associations such as Indonesia's IKAPEKSI, with their boards. An empty
        sequence where none is known.

    Called: once at start-up.

    Result: collected from all plugins; each association must carry the
    plugin's own ``country_code``, and ids are unique within the country.
    """


@hookspec
def country_employment_programmes(settings: Settings) -> Sequence[EmploymentProgramme]:
    """Return the support returnees get at home.

    Args:
        settings: the service settings.

    Returns:
        Group job interviews held by the ministry, completion and career funds,
        start-up support, re-migration priority. ``organiser_agency_id`` must
        name one of the country's agencies.

    Called: once at start-up.

    Result: collected from all plugins; each programme must carry the plugin's
    own ``country_code``, and ids are unique within the country.
    """


@hookspec
def country_esd_specifics(settings: Settings) -> EsdSpecifics | None:
    """Return what is known of the country under ESD (育成就労, from 2027-04-01).

    Args:
        settings: the service settings.

    Returns:
        An :class:`~core.domain.contracts.EsdSpecifics`: the agency that sends
        workers under ESD (``sending_agency_id``, one of the country's agencies),
        the day the ESD memorandum of cooperation with Japan was signed, their
        source and tag, and sourced notes of related facts. A value not found
        stays ``None``; the API says unknown, never a guess. ``None`` for the
        whole record when the plugin says nothing (as a plugin without the hook).

    Called: once at start-up.

    Result: collected from all plugins; one record per country, carrying the
    plugin's own ``country_code``.
    """


@hookspec
def country_details_model(settings: Settings) -> type[BaseModel] | None:
    """Return the model of the facts this country records of a candidate (``countryDetails``).

    Args:
        settings: the service settings.

    Returns:
        A pydantic model, best a subclass of :class:`~core.screening.details.Details`,
        whose fields are the keys the country's ``custom`` rules read from
        ``candidate.country_details`` (Vietnam's ``priority_groups``), each
        optional (a value not recorded is absent) and described. Unknown keys
        must be refused (``extra="forbid"``). ``registerCandidate``,
        ``correctCandidate`` and the ``details.<name>`` columns of
        ``importCandidates`` are validated by it, and what is stored is its
        dump with the same keys, so the rules read valid values. ``None``
        leaves the country's details unchecked.

        The GraphQL types are generated from it, with no code of the plugin:
        an object type ``<Plugin>CandidateDetails`` implementing the interface
        ``CountryDetails`` (``Candidate.countryDetails``), an input
        ``<Plugin>CandidateDetailsInput``, the plugin's member of the
        ``@oneOf`` input ``CountryDetailsInput`` (``{vietnam: {...}}``), and a
        GraphQL enum per enumeration of its fields, named after the plugin
        (``VietnamPriorityGroup``); the field types must be booleans, numbers,
        text, enumerations or lists of them. A model without fields gets no
        type, and the plugin's ``country_graphql`` must not use these names.

    Called: once at start-up.

    Result: one model per country; a class that is not such a model stops the
    service from starting.
    """


# ---------------------------------------------------------------------------
# GraphQL schema
# ---------------------------------------------------------------------------


@hookspec
def country_graphql(settings: Settings) -> GraphQLContribution | None:
    """Return the GraphQL types and root fields this plugin adds.

    Args:
        settings: the service settings.

    Returns:
        A :class:`~core.domain.contracts.GraphQLContribution`, or ``None``.
        Root fields should start with the plugin's name in camelCase
        (``indonesiaIkapeksi``) and types with it in PascalCase, so they never
        meet another plugin's. Resolvers find the country registry at
        ``info.context.registry``.

    Called: once at start-up, while the schema is built. The schema does not
    change until the service restarts.

    Result: collected from all plugins; a type or field whose name another
    plugin or core already uses stops the service from starting.
    """


# ---------------------------------------------------------------------------
# Screening
# ---------------------------------------------------------------------------


@hookspec(firstresult=True)
def screening_evaluate_rule(
    rule: Criterion, candidate: CandidateFacts, settings: Settings
) -> RuleOutcome | None:
    """Evaluate one ``custom`` rule of a recruitment call for one candidate.

    Args:
        rule: the criterion: a copy of one of the plugin's ``custom`` rule
            templates (same ``id``), whose parameters the call may have adjusted.
        candidate: what is known of the candidate on ``candidate.screened_on``;
            ``candidate.country_code`` is the country of the call.
            ``candidate.country_details`` holds facts only the plugin interprets.
        settings: the service settings.

    Returns:
        A :class:`~core.screening.facts.RuleOutcome` for ``rule.id`` with
        ``expected`` and ``actual`` written for people and a ``reason`` the
        candidate can read. A candidate who does not meet the rule, or whose
        facts are missing, gets ``passed=False``, not an exception. ``None`` when
        ``candidate.country_code`` is not the plugin's country or ``rule.id`` is
        not one of its rules (:func:`core.screening.custom.evaluate_own_rule`
        does both checks).

    Called: for each ``custom`` rule whenever a candidate is screened, so per
    request, unlike the catalogue hooks. Built-in rule kinds never reach it.

    Result: the first non-``None`` result; the remaining plugins are not
    called. When every plugin returns ``None`` the rule fails with a reason
    saying no country plugin evaluates it.
    """


@hookspec
def screening_rule_parameters(settings: Settings) -> Mapping[str, type[BaseModel]] | None:
    """Return the model of the parameters of each of this plugin's ``custom`` rules.

    Args:
        settings: the service settings.

    Returns:
        A mapping from the id of one of the plugin's ``custom`` rule templates
        (``country_screening_rules``) to the pydantic model its check validates
        ``rule.parameters`` with (Indonesia's ``TrackAges``), or ``None``. The
        template's parameters must be valid for it. A rule with a model can be
        adjusted by a recruitment call (``createRecruitmentCall``,
        ``updateCallCriteria``): its parameters get a generated input, a member of
        the ``@oneOf`` input ``RuleParametersInput`` named after the plugin and
        the rule (``indonesiaAgeByEducationTrack:
        IndonesiaAgeByEducationTrackParametersInput``), each field optional; a
        mapping field (``dict[str, AgeRange]``) is a list of ``{key, value}``
        entries that replaces the whole mapping. The values given merge into the
        rule's current parameters, the result is validated by the model and
        stored with the keys it had (the model's dump of what was set). A rule
        without a model can be omitted by a call, not adjusted.

    Called: once at start-up, while the registry and the schema are built.

    Result: collected from all plugins; an id that is not one of the plugin's
    ``custom`` rules, a class that is not a pydantic model or parameters the
    model refuses stop the service from starting.
    """


# ---------------------------------------------------------------------------
# Languages
# ---------------------------------------------------------------------------


@hookspec
def country_locales(settings: Settings) -> Path | None:
    """Return the directory of this plugin's message catalogues.

    Args:
        settings: the service settings.

    Returns:
        A directory laid out as gettext's, ``<dir>/<language>/LC_MESSAGES/messages.po``
        (``vi``, ``id``, ``ja``...), whose entries translate the templates of the
        plugin's own messages (:class:`~core.i18n.Message`, for example the
        reasons of its ``custom`` rules), or ``None``. A language no catalogue of
        core has (the language of the country's ministry) becomes one that
        ``Accept-Language`` may choose; messages the plugin does not translate
        are shown in English there. Give Japanese for every message, as core does.

    Called: once at start-up, while the plugins are assembled.

    Result: collected from all plugins; a plugin's entries are searched before
    core's, and a path that is not a directory stops the service from starting.
    """
