"""Bangladesh's ``custom`` screening rules (templates in ``data.py``)."""

from __future__ import annotations

from core.plugin_api import (
    CandidateFacts,
    Criterion,
    Message,
    RuleCheck,
    RuleOutcome,
    TestKind,
    check_test_passed,
)


def im_japan_exam(rule: Criterion, candidate: CandidateFacts) -> RuleOutcome:
    """IM Japan's exam of language and physical ability: the examiners' verdict."""
    return check_test_passed(rule, candidate, TestKind.EXAM, name=Message("IM Japan exam"))


RULES: dict[str, RuleCheck] = {"im-japan-exam": im_japan_exam}
