"""Inputs of the language records' mutations, derived from the service inputs."""

from __future__ import annotations

# Imported for its enums, which an input takes: they must be GraphQL enums first.
import core.schema.language.types  # noqa: F401
from core.schema.derive import input_from
from core.services import language


@input_from(language.RecordTestLevelInput)
class RecordLanguageTestLevelInput:
    """A level of a Japanese test and the CEFR level it stands for, with its source."""


@input_from(language.RecordLanguageResultInput)
class RecordLanguageResultInput:
    """A test (test, level, passed) or a course (courseHours, courseProvider); the fields
    of the other kind are refused."""
