"""What Vietnam records of a candidate (``countryDetails``), read by its ``custom`` rules."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from core.plugin_api import Details


class PriorityGroup(StrEnum):
    """The groups whose applicants get priority points in the maths test (``data.py``)."""

    CHILD_OF_WAR_INVALID_OR_MARTYR = "child_of_war_invalid_or_martyr"
    POOR_DISTRICT = "poor_district"
    ETHNIC_MINORITY_MOUNTAINOUS_PROVINCE = "ethnic_minority_mountainous_province"
    POOR_HOUSEHOLD_OR_ETHNIC_MINORITY_OTHER_PROVINCE = (
        "poor_household_or_ethnic_minority_other_province"
    )


class VietnamDetails(Details):
    """Vietnam's candidate details."""

    priority_groups: list[PriorityGroup] | None = Field(
        default=None,
        max_length=len(PriorityGroup),
        description=(
            "The priority groups the candidate belongs to, for the maths test's priority "
            "points (`maths-with-priority-points`); an empty list when none."
        ),
    )
    illegal_stay_abroad: bool | None = Field(
        default=None,
        description=(
            "Whether the candidate has ever lived or worked illegally abroad "
            "(`no-illegal-stay-abroad`)."
        ),
    )
