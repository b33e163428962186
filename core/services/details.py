"""Validating the typed details of an input: a candidate's ``countryDetails`` by its
country's model, a test result's ``details`` by its kind's
(:mod:`core.screening.details`).

An error's field is the input's path followed by the key as the client sent
it, in snake_case (``countryDetails.priority_groups``,
``details.run_minutes``): the keys of a JSON value are not GraphQL names, and
the client finds the key it wrote, the one stored and the CSV column's
(``details.priority_groups``) under the same name.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ValidationError

from core.errors import DomainValidationError, ErrorCode, UserErrorData
from core.i18n.validation import validation_message
from core.plugins.registry import CountryRegistry
from core.screening.details import TEST_DETAILS, stored_details
from core.screening.facts import TestKind


def country_details_model(registry: CountryRegistry, code: str) -> type[BaseModel] | None:
    """The model of ``code``'s candidate details; ``None`` when its plugin declares none."""
    entry = registry.get(code)
    return entry.details_model if entry is not None else None


def valid_country_details(
    registry: CountryRegistry, code: str, details: Mapping[str, Any], *, field: str
) -> dict[str, Any]:
    """``details`` as stored for a candidate of ``code``: validated by the country's model.

    Raises:
        DomainValidationError: each problem on ``field.<key>``, code ``INVALID``.
    """
    model = country_details_model(registry, code)
    if model is None:
        return dict(details)
    return _valid(model, details, field)


def valid_test_details(kind: TestKind, details: Mapping[str, Any], *, field: str) -> dict[str, Any]:
    """``details`` as stored for a result of ``kind``, validated by its model."""
    return _valid(TEST_DETAILS[kind], details, field)


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
