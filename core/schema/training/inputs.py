"""Inputs of the training's mutations, derived from the service inputs."""

from __future__ import annotations

# Imported for its enums, which an input takes: they must be GraphQL enums first.
import core.schema.catalogue.types  # noqa: F401
from core.schema.derive import input_from
from core.services import training


@input_from(training.PhaseInput)
class CohortPhaseInput:
    pass


@input_from(training.CreateCohortInput)
class CreateTrainingCohortInput:
    """A cohort; phases default to the country's, laid end to end."""


@input_from(training.EnrolInput)
class EnrolCandidateInput:
    pass


@input_from(training.RecordTrainingResultInput)
class RecordTrainingResultInput:
    pass


@input_from(training.CompleteTrainingInput)
class CompleteTrainingInput:
    pass
