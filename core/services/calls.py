"""Recruitment calls and their versioned criteria."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import cache
from typing import Any

from pydantic import (
    BaseModel,
    Field,
    ValidationError,
    ValidationInfo,
    create_model,
    field_validator,
)
from pydantic.alias_generators import to_camel
from sqlalchemy import func
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from core.auth.scope import Scope
from core.db.models import CriteriaVersion, RecruitmentCall
from core.domain.families import RecruitmentCallBase
from core.domain.rules import RuleKind, normalize_parameters
from core.errors import (
    DomainValidationError,
    ErrorCode,
    UserErrorData,
    describe_validation_error,
)
from core.i18n import Message, message_of
from core.plugins.registry import CountryRegistry
from core.services.inputs import Input, RowId
from core.services.lookups import country_or_refuse, get_call, require_country
from core.services.occupations import occupations_by_codes
from core.services.parameters import (
    CustomRule,
    RuleParameters,
    custom_rules,
    rule_parameters,
    with_adjustment,
)


class CriterionAdjustment(Input):
    """New values for some parameters of one rule of the criteria."""

    rule_id: str = Field(min_length=1, max_length=80)
    parameters: RuleParameters


class CriteriaChange(Input):
    adjust: list[CriterionAdjustment] = Field(default_factory=list, max_length=100)
    omit_rules: list[str] = Field(default_factory=list, max_length=100)


class CreateCallInput(CriteriaChange, RecruitmentCallBase):  # type: ignore[misc]  # Input's config
    """A new call: the fields of :class:`RecruitmentCallBase` and the criteria change."""

    @field_validator("closes_on")
    @classmethod
    def _closes_after_opening(cls, closes_on: date, info: ValidationInfo) -> date:
        opens_on = info.data.get("opens_on")
        if opens_on is not None and closes_on < opens_on:
            raise ValueError(Message("closesOn is before opensOn"))
        return closes_on


class UpdateCriteriaInput(CriteriaChange):
    call_id: RowId
    reason: str | None = Field(default=None, max_length=500)


@cache
def call_inputs(
    rules: tuple[CustomRule, ...],
) -> tuple[type[CreateCallInput], type[UpdateCriteriaInput]]:
    """:class:`CreateCallInput` and :class:`UpdateCriteriaInput` whose adjustments also
    take the parameters of the plugins' adjustable ``custom`` rules (``rules``)."""
    if not rules:
        return CreateCallInput, UpdateCriteriaInput
    adjustment = create_model(
        "CriterionAdjustment",
        __base__=CriterionAdjustment,
        __module__=__name__,
        parameters=(rule_parameters(rules), ...),
    )
    adjust: Any = (list[adjustment], Field(default_factory=list, max_length=100))
    create = create_model(
        "CreateCallInput", __base__=CreateCallInput, __module__=__name__, adjust=adjust
    )
    update = create_model(
        "UpdateCriteriaInput", __base__=UpdateCriteriaInput, __module__=__name__, adjust=adjust
    )
    return create, update


async def create_call(
    *, session: AsyncSession, registry: CountryRegistry, scope: Scope, data: CreateCallInput
) -> RecruitmentCall:
    """Open a call whose criteria start from the country's rule templates."""
    entry = country_or_refuse(registry, data.country_code.upper(), field="countryCode")
    require_country(scope, entry.code)
    templates = [
        {
            "id": rule.id,
            "kind": rule.kind.value,
            "title": rule.title,
            "parameters": dict(rule.parameters),
        }
        for rule in entry.screening_rules
    ]
    criteria = apply_change(templates, data, _custom_of(registry, entry.code))
    existing = await session.exec(
        select(RecruitmentCall.id).where(
            RecruitmentCall.country_code == entry.code, RecruitmentCall.label == data.label
        )
    )
    if existing.first() is not None:
        raise DomainValidationError.single(
            "label",
            Message(
                "{country} already has a call labelled {label}",
                country=entry.code,
                label=repr(data.label),
            ),
            ErrorCode.DUPLICATE,
        )
    codes = list(dict.fromkeys(data.occupation_codes))
    await refuse_unknown_occupations(session, data.occupation_codes)
    call = RecruitmentCall(
        country_code=entry.code,
        label=data.label,
        job_fields=list(dict.fromkeys(data.job_fields)),
        occupation_codes=codes,
        places=data.places,
        opens_on=data.opens_on,
        closes_on=data.closes_on,
    )
    session.add(call)
    await session.flush()
    assert call.id is not None
    session.add(CriteriaVersion(call_id=call.id, version=1, criteria=criteria))
    await session.flush()
    return call


async def refuse_unknown_occupations(session: AsyncSession, codes: Sequence[str]) -> None:
    """Refuse every code of ``codes`` that OTIT's list lacks, each on its own field
    (``occupationCodes.N``), in one statement."""
    known = await occupations_by_codes(session, codes)
    errors = [
        UserErrorData(
            field=f"occupationCodes.{index}",
            message=Message("no occupation with code {code} in OTIT's list", code=repr(code)),
            code=ErrorCode.NOT_FOUND,
        )
        for index, code in enumerate(codes)
        if code not in known
    ]
    if errors:
        raise DomainValidationError(errors)


async def update_criteria(
    *, session: AsyncSession, registry: CountryRegistry, scope: Scope, data: UpdateCriteriaInput
) -> tuple[RecruitmentCall, CriteriaVersion]:
    """Make a new version of the call's criteria; earlier decisions keep theirs."""
    call = await get_call(session, data.call_id, scope)
    current = await current_criteria(session, data.call_id)
    criteria = apply_change(current.criteria, data, _custom_of(registry, call.country_code))
    version = CriteriaVersion(
        call_id=data.call_id, version=current.version + 1, criteria=criteria, reason=data.reason
    )
    session.add(version)
    await session.flush()
    return call, version


async def current_criteria(session: AsyncSession, call_id: int) -> CriteriaVersion:
    latest = (
        select(func.max(CriteriaVersion.version))
        .where(CriteriaVersion.call_id == call_id)
        .scalar_subquery()
    )
    result = await session.exec(
        select(CriteriaVersion).where(
            CriteriaVersion.call_id == call_id, CriteriaVersion.version == latest
        )
    )
    return result.one()


def apply_change(
    criteria: Sequence[dict[str, Any]],
    change: CriteriaChange,
    custom: Sequence[CustomRule] = (),
) -> list[dict[str, Any]]:
    """The criteria with the adjustments applied and the omitted rules removed.

    Each adjusted rule's parameters are validated for its kind, or, for a
    ``custom`` rule, by the model its plugin declares (``custom``: the
    adjustable custom rules of the call's country).
    """
    by_id = {criterion["id"]: criterion for criterion in criteria}
    models = {rule.rule_id: rule for rule in custom}
    errors: list[UserErrorData] = []
    for index, rule_id in enumerate(change.omit_rules):
        if rule_id not in by_id:
            errors.append(_unknown_rule(f"omitRules.{index}", rule_id, by_id))
    adjusted: dict[str, dict[str, Any]] = {}
    for index, adjustment in enumerate(change.adjust):
        criterion = by_id.get(adjustment.rule_id)
        if criterion is None:
            errors.append(_unknown_rule(f"adjust.{index}.ruleId", adjustment.rule_id, by_id))
            continue
        key, given = adjustment.parameters.chosen()
        field = f"adjust.{index}.parameters.{to_camel(key)}"
        own = models.get(criterion["id"]) if criterion["kind"] == RuleKind.CUSTOM else None
        expected = own.key if own is not None else criterion["kind"]
        if key != expected:
            errors.append(
                UserErrorData(
                    field=field,
                    message=_other_kind(adjustment.rule_id, criterion["kind"], own),
                    code=ErrorCode.INVALID,
                )
            )
            continue
        merged = with_adjustment(criterion["parameters"], given)
        try:
            parameters = (
                normalize_parameters(RuleKind(criterion["kind"]), merged)
                if own is None
                else _custom_parameters(own.model, merged)
            )
        except ValueError as exc:
            errors.append(
                UserErrorData(field=field, message=message_of(exc), code=ErrorCode.INVALID)
            )
            continue
        adjusted[adjustment.rule_id] = {**criterion, "parameters": parameters}
    if errors:
        raise DomainValidationError(errors)
    omitted = set(change.omit_rules)
    return [
        adjusted.get(criterion["id"], criterion)
        for criterion in criteria
        if criterion["id"] not in omitted
    ]


def _custom_of(registry: CountryRegistry, code: str) -> tuple[CustomRule, ...]:
    return tuple(rule for rule in custom_rules(registry) if rule.country_code == code)


def _custom_parameters(model: type[BaseModel], merged: dict[str, Any]) -> dict[str, Any]:
    """``merged`` validated by a custom rule's model, stored as before: the keys that
    were set (a default the template left out stays out), JSON values.

    Raises ``ValueError`` naming the parameter and the reason.
    """
    try:
        validated = model.model_validate(merged)
    except ValidationError as exc:
        raise ValueError(
            f"parameters for a custom rule: {describe_validation_error(exc)}"
        ) from None
    dumped: dict[str, Any] = validated.model_dump(mode="json", exclude_unset=True)
    return dumped


def _other_kind(rule_id: str, kind: str, own: CustomRule | None) -> Message:
    if kind == RuleKind.CUSTOM and own is None:
        return Message(
            "rule {rule} is a custom rule, whose parameters only its country plugin reads: "
            "it can be omitted, not adjusted",
            rule=repr(rule_id),
        )
    if own is not None:
        return Message(
            "rule {rule} is a custom rule of plugin {plugin}; give its parameters as {key}",
            rule=repr(rule_id),
            plugin=own.plugin,
            key=to_camel(own.key),
        )
    return Message(
        "rule {rule} is of kind {kind}; give its parameters as {key}",
        rule=repr(rule_id),
        kind=kind,
        key=to_camel(kind),
    )


def _unknown_rule(field: str, rule_id: str, known: dict[str, Any]) -> UserErrorData:
    return UserErrorData(
        field=field,
        message=Message(
            "no rule {rule} in these criteria (rules: {rules})",
            rule=repr(rule_id),
            rules=", ".join(known),
        ),
        code=ErrorCode.NOT_FOUND,
    )
