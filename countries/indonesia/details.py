"""What Indonesia records of a candidate (``countryDetails``), read by its ``custom`` rules."""

from __future__ import annotations

from pydantic import Field

from core.plugin_api import Details


class IndonesiaDetails(Details):
    """Indonesia's candidate details."""

    lesson_hours: float | None = Field(
        default=None,
        ge=0,
        le=10_000,
        description="Lesson hours of technical training completed (`technical-training`).",
    )
    technical_work_months: float | None = Field(
        default=None,
        ge=0,
        le=600,
        description=(
            "Months of technical work experience, the alternative to training "
            "(`technical-training`)."
        ),
    )
