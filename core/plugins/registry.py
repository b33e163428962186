"""The country registry: every plugin's catalogue, validated once at start-up.

Each catalogue hook is called plugin by plugin, so every result is attributed
to the plugin that returned it and every problem names that plugin. Requests
read the frozen registry; they never call a catalogue hook.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar

import pluggy
import pycountry
from pydantic import BaseModel, ValidationError

from core.domain.contracts import (
    CountryItem,
    CountryProfile,
    Embassy,
    EmploymentProgramme,
    EsdSpecifics,
    GovernmentAgency,
    PreEntryTraining,
    ReturneeAssociation,
    ScreeningRuleTemplate,
)
from core.domain.rules import RuleKind
from core.errors import PluginConfigurationError, describe_validation_error
from core.i18n import add_catalogue_directory
from core.settings import Settings

ModelT = TypeVar("ModelT", bound=BaseModel)

# ISO 3166-1 reserves these alpha-2 codes for user assignment (examples, tests).
USER_ASSIGNED_CODES = frozenset(
    {"AA", "ZZ"}
    | {f"Q{chr(c)}" for c in range(ord("M"), ord("Z") + 1)}
    | {f"X{chr(c)}" for c in range(ord("A"), ord("Z") + 1)}
)


@dataclass(frozen=True)
class CountryEntry:
    """One country's validated catalogue, as its plugin supplied it."""

    plugin: str
    profile: CountryProfile
    agencies: tuple[GovernmentAgency, ...] = ()
    embassy: Embassy | None = None
    screening_rules: tuple[ScreeningRuleTemplate, ...] = ()
    pre_entry_training: PreEntryTraining | None = None
    returnee_associations: tuple[ReturneeAssociation, ...] = ()
    employment_programmes: tuple[EmploymentProgramme, ...] = ()
    details_model: type[BaseModel] | None = None
    """The model of the candidates' ``countryDetails`` (``country_details_model``);
    ``None`` when the plugin declares none, and the details are not checked."""
    rule_parameters: tuple[tuple[str, type[BaseModel]], ...] = ()
    """The model of the parameters of each ``custom`` rule that declares one
    (``screening_rule_parameters``), by rule id: the rules a call may adjust."""
    esd: EsdSpecifics | None = None
    """What is known of the country under ESD (``country_esd_specifics``); ``None``:
    the plugin says nothing, and everything of it is unknown."""

    @property
    def code(self) -> str:
        return self.profile.code


@dataclass(frozen=True)
class CountryRegistry:
    """All enabled countries, sorted by code."""

    countries: tuple[CountryEntry, ...]
    by_code: Mapping[str, CountryEntry] = field(init=False)
    by_plugin: Mapping[str, CountryEntry] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_code", {entry.code: entry for entry in self.countries})
        object.__setattr__(self, "by_plugin", {entry.plugin: entry for entry in self.countries})

    def get(self, code: str) -> CountryEntry | None:
        return self.by_code.get(code.upper())


def call_per_plugin(
    pm: pluggy.PluginManager, hook: str, plugin: object, **kwargs: Any
) -> list[Any]:
    """Call ``hook`` on ``plugin`` alone; the list holds its non-``None`` result."""
    others = [p for p in pm.get_plugins() if p is not plugin]
    caller = pm.subset_hook_caller(hook, remove_plugins=others)
    return list(caller(**kwargs))


def build_registry(pm: pluggy.PluginManager, settings: Settings) -> CountryRegistry:
    """Collect and validate every plugin's catalogue.

    Raises:
        PluginConfigurationError: naming the plugin and the first problem found.
    """
    entries = [
        _build_entry(pm, name, plugin, settings)
        for name, plugin in sorted(pm.list_name_plugin())
        if plugin is not None
    ]
    for name, plugin in sorted(pm.list_name_plugin()):
        if plugin is not None:
            _add_locales(pm, name, plugin, settings)
    owners: dict[str, str] = {}
    for entry in entries:
        if entry.code in owners:
            raise PluginConfigurationError(
                entry.plugin,
                f"country code {entry.code} is already supplied by plugin '{owners[entry.code]}'",
            )
        owners[entry.code] = entry.plugin
    return CountryRegistry(countries=tuple(sorted(entries, key=lambda entry: entry.code)))


def _add_locales(pm: pluggy.PluginManager, name: str, plugin: object, settings: Settings) -> None:
    """Search the plugin's message catalogues (``country_locales``), if it has any."""
    directory = _PluginCalls(pm, name, plugin, settings).call("country_locales")
    if directory is None:
        return
    if not isinstance(directory, Path) or not directory.is_dir():
        raise PluginConfigurationError(
            name, f"country_locales must return an existing directory, got {directory!r}"
        )
    add_catalogue_directory(directory)


class _PluginCalls:
    """Calls one plugin's hooks and validates what they return."""

    def __init__(
        self, pm: pluggy.PluginManager, name: str, plugin: object, settings: Settings
    ) -> None:
        self.pm, self.name, self.plugin, self.settings = pm, name, plugin, settings

    def call(self, hook: str) -> Any | None:
        try:
            results = call_per_plugin(self.pm, hook, self.plugin, settings=self.settings)
        except Exception as exc:
            raise PluginConfigurationError(
                self.name, f"{hook} raised {type(exc).__name__}: {exc}"
            ) from exc
        return results[0] if results else None

    def one(self, hook: str, model: type[ModelT]) -> ModelT | None:
        result = self.call(hook)
        return None if result is None else self.validate(hook, model, result)

    def many(self, hook: str, model: type[ModelT]) -> tuple[ModelT, ...]:
        result = self.call(hook)
        if result is None:
            return ()
        if isinstance(result, (str, bytes, Mapping, BaseModel)) or not isinstance(result, Iterable):
            raise PluginConfigurationError(
                self.name, f"{hook} must return a sequence of {model.__name__}"
            )
        return tuple(self.validate(hook, model, item) for item in result)

    def validate(self, hook: str, model: type[ModelT], value: object) -> ModelT:
        if isinstance(value, BaseModel) and not isinstance(value, model):
            raise PluginConfigurationError(
                self.name, f"{hook} returned {type(value).__name__}, expected {model.__name__}"
            )
        try:
            return model.model_validate(value)
        except ValidationError as exc:
            raise PluginConfigurationError(
                self.name,
                f"{hook} returned an invalid {model.__name__}: {describe_validation_error(exc)}",
            ) from None


def _build_entry(
    pm: pluggy.PluginManager, name: str, plugin: object, settings: Settings
) -> CountryEntry:
    calls = _PluginCalls(pm, name, plugin, settings)
    profile = calls.one("country_profile", CountryProfile)
    if profile is None:
        raise PluginConfigurationError(name, "country_profile is required and returned nothing")
    _check_code(name, profile.code, settings)
    entry = CountryEntry(
        plugin=name,
        profile=profile,
        agencies=calls.many("country_agencies", GovernmentAgency),
        embassy=calls.one("country_embassy", Embassy),
        screening_rules=calls.many("country_screening_rules", ScreeningRuleTemplate),
        pre_entry_training=calls.one("country_pre_entry_training", PreEntryTraining),
        returnee_associations=calls.many("country_returnee_associations", ReturneeAssociation),
        employment_programmes=calls.many("country_employment_programmes", EmploymentProgramme),
        details_model=_details_model(name, calls.call("country_details_model")),
        esd=calls.one("country_esd_specifics", EsdSpecifics),
    )
    entry = replace(
        entry,
        rule_parameters=_rule_parameters(entry, calls.call("screening_rule_parameters")),
    )
    _check_ownership(entry)
    _check_references(entry)
    return entry


def _details_model(plugin: str, model: object) -> type[BaseModel] | None:
    """The ``country_details_model`` result, if it is a model of optional fields
    that refuses unknown keys."""
    if model is None:
        return None
    if not isinstance(model, type) or not issubclass(model, BaseModel):
        raise PluginConfigurationError(
            plugin, f"country_details_model must return a pydantic model class, got {model!r}"
        )
    if model.model_config.get("extra") != "forbid":
        raise PluginConfigurationError(
            plugin,
            f"country_details_model: {model.__name__} must refuse unknown keys "
            '(model_config extra="forbid")',
        )
    required = [name for name, info in model.model_fields.items() if info.is_required()]
    if required:
        raise PluginConfigurationError(
            plugin,
            f"country_details_model: {model.__name__} requires {', '.join(required)}; "
            "every detail must be optional (absent when not recorded)",
        )
    return model


def _rule_parameters(
    entry: CountryEntry, models: object
) -> tuple[tuple[str, type[BaseModel]], ...]:
    """The ``screening_rule_parameters`` result, if each id is one of the plugin's
    ``custom`` rules, each model a pydantic model, and each template's parameters valid."""
    if models is None:
        return ()
    hook = "screening_rule_parameters"
    if not isinstance(models, Mapping):
        raise PluginConfigurationError(
            entry.plugin, f"{hook} must return a mapping of rule ids to models, got {models!r}"
        )
    templates = {rule.id: rule for rule in entry.screening_rules if rule.kind == RuleKind.CUSTOM}
    for rule_id, model in models.items():
        template = templates.get(rule_id)
        if template is None:
            raise PluginConfigurationError(
                entry.plugin,
                f"{hook}: {rule_id!r} is not one of the plugin's custom rules "
                f"({', '.join(templates) or 'none'})",
            )
        if not isinstance(model, type) or not issubclass(model, BaseModel):
            raise PluginConfigurationError(
                entry.plugin,
                f"{hook}: {rule_id!r} must map to a pydantic model class, got {model!r}",
            )
        try:
            model.model_validate(dict(template.parameters))
        except ValidationError as exc:
            raise PluginConfigurationError(
                entry.plugin,
                f"{hook}: the parameters of rule {rule_id!r} are not a valid {model.__name__}: "
                f"{describe_validation_error(exc)}",
            ) from None
    return tuple(sorted(models.items()))


def _check_code(plugin: str, code: str, settings: Settings) -> None:
    if pycountry.countries.get(alpha_2=code) is not None:
        return
    if code in USER_ASSIGNED_CODES:
        if settings.allow_user_assigned_codes:
            return
        raise PluginConfigurationError(
            plugin,
            f"country code {code} is an ISO 3166-1 user-assigned code; "
            "set IMJAPAN_ALLOW_USER_ASSIGNED_CODES=true to accept example countries",
        )
    raise PluginConfigurationError(
        plugin, f"country code {code} is not an ISO 3166-1 alpha-2 country code"
    )


def _check_ownership(entry: CountryEntry) -> None:
    groups: dict[str, Iterable[CountryItem | Embassy | PreEntryTraining | EsdSpecifics]] = {
        "country_agencies": entry.agencies,
        "country_embassy": [entry.embassy] if entry.embassy else [],
        "country_screening_rules": entry.screening_rules,
        "country_pre_entry_training": (
            [entry.pre_entry_training] if entry.pre_entry_training else []
        ),
        "country_returnee_associations": entry.returnee_associations,
        "country_employment_programmes": entry.employment_programmes,
        "country_esd_specifics": [entry.esd] if entry.esd else [],
    }
    for hook, items in groups.items():
        items = list(items)
        for item in items:
            if item.country_code != entry.code:
                label = f" '{item.id}'" if isinstance(item, CountryItem) else ""
                raise PluginConfigurationError(
                    entry.plugin,
                    f"{hook} returned {type(item).__name__}{label} of country "
                    f"{item.country_code}, but the plugin's country is {entry.code}",
                )
        ids = Counter(item.id for item in items if isinstance(item, CountryItem))
        duplicates = sorted(item_id for item_id, count in ids.items() if count > 1)
        if duplicates:
            raise PluginConfigurationError(
                entry.plugin, f"{hook} returned duplicate id(s) {', '.join(duplicates)}"
            )


def _check_references(entry: CountryEntry) -> None:
    agency_ids = {agency.id for agency in entry.agencies}
    references: list[tuple[str, str | None]] = [
        (f"agency '{a.id}' parent_id", a.parent_id) for a in entry.agencies
    ]
    if entry.embassy is not None:
        references.append(("embassy labour_office_id", entry.embassy.labour_office_id))
    references += [
        (f"programme '{p.id}' organiser_agency_id", p.organiser_agency_id)
        for p in entry.employment_programmes
    ]
    if entry.esd is not None:
        references.append(("ESD sending_agency_id", entry.esd.sending_agency_id))
    if entry.pre_entry_training is not None:
        references += [
            (f"training centre '{c.id}' operator_agency_id", c.operator_agency_id)
            for c in entry.pre_entry_training.centres
        ]
    for where, agency_id in references:
        if agency_id is not None and agency_id not in agency_ids:
            raise PluginConfigurationError(
                entry.plugin, f"{where} names unknown agency '{agency_id}'"
            )
