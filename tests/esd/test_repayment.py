"""The repayment of the first employer's initial costs, a pure function: hand-computed
splits of 1:2:3 in half-year steps (this service's reading, see core.services.repayment)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest

from core.services.repayment import kept_share, months_between, repayment

WEIGHTS = [1, 2, 3]
START = date(2027, 5, 10)


def split(transfers_on: date, standard: str | None = "300000", actual: str = "60000"):
    return repayment(
        standard_amount=None if standard is None else Decimal(standard),
        actual_costs=Decimal(actual),
        weights=WEIGHTS,
        step_months=6,
        served_from=START,
        transfers_on=transfers_on,
    )


@pytest.mark.parametrize(
    ("transfers_on", "steps", "share"),
    [
        # Each half-year of year k carries w_k / 2 of 6.
        (date(2027, 11, 9), 0, Fraction(1)),  # a day short of the first half-year
        (date(2027, 11, 10), 1, Fraction(11, 12)),  # kept 1/2 of 6
        (date(2028, 5, 10), 2, Fraction(5, 6)),  # kept 1 of 6
        (date(2028, 11, 10), 3, Fraction(2, 3)),  # kept 1 + 1 = 2 of 6
        (date(2029, 5, 10), 4, Fraction(1, 2)),  # kept 1 + 2 = 3 of 6
        (date(2029, 11, 10), 5, Fraction(1, 4)),  # kept 3 + 3/2 = 9/2 of 6
        (date(2030, 5, 10), 6, Fraction(0)),  # kept all 6
        (date(2031, 5, 10), 8, Fraction(0)),  # after the period: nothing more to repay
    ],
)
def test_the_share_follows_the_half_years_served(
    transfers_on: date, steps: int, share: Fraction
) -> None:
    found = split(transfers_on)
    assert found.steps_served == steps
    assert found.share == share


def test_the_amounts_hand_computed() -> None:
    found = split(date(2028, 5, 10))
    # Tangible 300000 + 60000, intangible 300000.
    assert found.total == Decimal("660000")
    assert found.amount == Decimal("550000.00")  # 5/6 of 660000
    odd = split(date(2027, 11, 10), standard="100000", actual="1")
    assert odd.total == Decimal("200001")
    assert odd.amount == Decimal("183334.25")  # 11/12 of 200001 = 183334.25


def test_rounding_is_to_the_cent_half_up() -> None:
    found = split(date(2028, 11, 10), standard="1", actual="0.01")
    # 2/3 of 2.01 = 1.34
    assert found.amount == Decimal("1.34")
    found = split(date(2029, 11, 10), standard="0", actual="0.02")
    # 1/4 of 0.02 = 0.005 -> 0.01
    assert found.amount == Decimal("0.01")


def test_an_unknown_standard_amount_leaves_the_amounts_null_but_gives_the_share() -> None:
    found = split(date(2028, 5, 10), standard=None)
    assert (found.standard_amount, found.total, found.amount) == (None, None, None)
    assert found.share == Fraction(5, 6)
    assert found.actual_costs == Decimal("60000")


def test_whole_months_and_bad_rules() -> None:
    # A month after 31 January is the last day of February, as the period check counts.
    assert months_between(date(2027, 1, 31), date(2027, 2, 27)) == 0
    assert months_between(date(2027, 1, 31), date(2027, 2, 28)) == 1
    assert months_between(date(2027, 5, 10), date(2027, 5, 1)) == 0
    assert kept_share([1, 1], 2) == Fraction(1, 2)
    with pytest.raises(ValueError, match="more than 0"):
        kept_share([0, 0], 1)
    with pytest.raises(ValueError, match="at least one month"):
        repayment(
            standard_amount=None,
            actual_costs=Decimal(0),
            weights=WEIGHTS,
            step_months=0,
            served_from=START,
            transfers_on=START,
        )


def test_prefectures_match_in_english_japanese_or_by_code() -> None:
    from core.services.transfer_checks import prefecture_code

    assert prefecture_code("Tokyo") == prefecture_code("東京都") == "JP-13"
    assert prefecture_code("JP-27") == prefecture_code("大阪府") == "JP-27"
    assert prefecture_code("Aichi") == "JP-23" and prefecture_code("愛知県") == "JP-23"
    assert prefecture_code("Atlantis") is None
