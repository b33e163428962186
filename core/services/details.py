"""Validating the typed details of an input: a candidate's ``countryDetails`` by its
country's model (:mod:`core.screening.details`; a test result's ``details``
are a typed input of their own, ``core.services.screening.TestDetails``).

The GraphQL inputs are typed (generated from the same models): a
candidate's details come under the key of the country's plugin
(``countryDetails.vietnam.priorityGroups``), a test's under its kind
(``details.bodyCheck.uncorrectedAcuity``). An error's field is that GraphQL
path, in camelCase; what is stored keeps the models' snake_case keys, which the
screening code and the CSV columns (``details.priority_groups``) read.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic.alias_generators import to_camel

from core.errors import DomainValidationError, ErrorCode, UserErrorData
from core.i18n import Message
from core.i18n.validation import validation_message
from core.plugins.registry import CountryRegistry
from core.screening.details import camel_model, stored_details


def country_details_model(registry: CountryRegistry, code: str) -> type[BaseModel] | None:
    """The model of ``code``'s candidate details; ``None`` when its plugin declares none."""
    entry = registry.get(code)
    return entry.details_model if entry is not None else None


def details_key(plugin: str) -> str:
    """The GraphQL name of a plugin's member of ``CountryDetailsInput`` (``vietnam``)."""
    return to_camel(plugin.replace("-", "_"))


def valid_country_details(
    registry: CountryRegistry,
    code: str,
    details: Mapping[str, Any],
    *,
    field: str,
    plugin: str | None = None,
) -> dict[str, Any]:
    """``details`` as stored for a candidate of ``code``: validated by the country's model.

    ``plugin`` is the plugin whose member of ``CountryDetailsInput`` the client
    gave (the GraphQL path); it must be the plugin of ``code``.

    Raises:
        DomainValidationError: each problem on ``field.<key>``, code ``INVALID``.
    """
    entry = registry.get(code)
    if plugin is not None:
        field = f"{field}.{details_key(plugin)}"
        if entry is None or entry.plugin != plugin:
            raise DomainValidationError.single(
                field,
                Message(
                    "these are the details of another country; the candidate's country is "
                    "{country}, whose details are given as {key}",
                    country=code,
                    key=details_key(entry.plugin) if entry is not None else "-",
                ),
                ErrorCode.INVALID,
            )
    model = entry.details_model if entry is not None else None
    if model is None:
        return dict(details)
    return _valid(camel_model(model), details, field)


def details_problems(error: ValidationError) -> list[tuple[str, str]]:
    """Each problem of a details value: the key path (``priority_groups.0``) and why."""
    return [
        (
            ".".join(str(part) for part in problem["loc"]),
            validation_message(problem, str(problem["msg"]).removeprefix("Value error, ")),
        )
        for problem in error.errors()
    ]


def _valid(model: type[BaseModel], details: Mapping[str, Any], field: str) -> dict[str, Any]:
    try:
        return stored_details(model, details)
    except ValidationError as exc:
        raise DomainValidationError(
            [
                UserErrorData(
                    field=f"{field}.{path}" if path else field,
                    message=message,
                    code=ErrorCode.INVALID,
                )
                for path, message in details_problems(exc)
            ]
        ) from None
