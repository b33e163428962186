"""Inputs of the difficulties' mutations, derived from the service inputs."""

from __future__ import annotations

# Imported for its enums, which an input takes: they must be GraphQL enums first.
import core.schema.difficulties.types  # noqa: F401
from core.schema.derive import input_from
from core.services import difficulties


@input_from(difficulties.ReportDifficultyInput)
class ReportDifficultyInput:
    """A difficulty the host company reported; the intern must be in Japan."""


@input_from(difficulties.FileDifficultyInput, ids={"difficulty_id": "Difficulty"})
class FileDifficultyReportInput:
    """Form 18 filed with OTIT."""


@input_from(difficulties.ResolveDifficultyInput, ids={"difficulty_id": "Difficulty"})
class ResolveDifficultyInput:
    """How a difficulty ended."""
