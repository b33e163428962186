"""Inputs of the stages' mutations, derived from the service inputs."""

from __future__ import annotations

# Imported for its enums, which an input takes: they must be GraphQL enums first.
import core.schema.stages.types  # noqa: F401
from core.schema.derive import input_from
from core.services import skills_tests, stage_conditions


@input_from(skills_tests.RecordSittingInput)
class RecordSkillsTestSittingInput:
    pass


@input_from(stage_conditions.RecordExcellenceInput)
class RecordHostCompanyExcellenceInput:
    pass


@input_from(stage_conditions.RecordLicenceInput)
class RecordSupervisionLicenceInput:
    pass


@input_from(stage_conditions.RecordHomeStayInput)
class RecordHomeStayInput:
    pass
