"""Inputs of the training plans' mutations, derived from the service inputs."""

from __future__ import annotations

# Imported for its enums, which an input takes: they must be GraphQL enums first.
import core.schema.lifecycle.types  # noqa: F401
from core.schema.derive import input_from
from core.services import plans

PLAN = {"plan_id": "TrainingPlan"}


@input_from(plans.DraftTrainingPlanInput)
class DraftTrainingPlanInput:
    """A first plan for an intern and a stage, drafted with a host company."""


@input_from(plans.ApplyForTrainingPlanInput, ids=PLAN)
class ApplyForTrainingPlanInput:
    pass


@input_from(plans.CertifyTrainingPlanInput, ids=PLAN)
class CertifyTrainingPlanInput:
    pass


@input_from(plans.ChangeTrainingPlanInput, ids=PLAN)
class ChangeTrainingPlanInput:
    """A change of a certified plan: the fields given; a field left out or null is copied."""


@input_from(plans.EndTrainingPlanInput, ids=PLAN)
class EndTrainingPlanInput:
    pass
