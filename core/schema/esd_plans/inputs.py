"""Inputs of the ESD plans' mutations, derived from the service inputs."""

from __future__ import annotations

from core.schema.derive import input_from
from core.services import esd_plans

PLAN = {"plan_id": "EsdPlan"}


@input_from(esd_plans.DraftEsdPlanInput)
class DraftEsdPlanInput:
    """A worker's ESD plan, drafted with a host company."""


@input_from(esd_plans.ApplyEsdPlanInput, ids=PLAN)
class ApplyEsdPlanInput:
    pass


@input_from(esd_plans.CertifyEsdPlanInput, ids=PLAN)
class CertifyEsdPlanInput:
    pass


@input_from(esd_plans.ExtendEsdPlanInput, ids=PLAN)
class ExtendEsdPlanInput:
    """The period extended once after failed tests."""


@input_from(esd_plans.EndEsdPlanInput, ids=PLAN)
class EndEsdPlanInput:
    pass
