"""The numbers of the supervising organisation's rules, as dated and sourced data.

Every number a rule of :mod:`core.domain.supervision` uses is one of these
facts, never a constant in code: the migration writes them as the first
version of each rule (table ``rule_value``, valid from an unknown date: null),
and an administrator replaces one by adding a newer dated version with its
source (``setRuleValue``), without a release. The services read the version in
force on the day that matters (:func:`core.services.rules.rule_in_force`).

A value is JSON: a whole number, a fraction ``{"numerator": 1, "denominator": 6}``
or a list. ``provisional`` marks what the reference gives from secondary
sources that disagree or only as a proposal.

Source: ``shared/reference/supervision-and-esd.md`` (gathered 2026-12-02),
section 9 and table B; each fact names its URL and tag as the reference does.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from core.domain.supervision import SourceTag

REFERENCE_CHECKED_ON = "2026-12-02"
"""When the reference gathered these facts."""


@dataclass(frozen=True)
class RuleFact:
    key: str
    value: Any
    description: str
    source_url: str
    tag: SourceTag
    provisional: bool = False


def fraction(numerator: int, denominator: int) -> dict[str, int]:
    return {"numerator": numerator, "denominator": denominator}


ACROSEED = "https://koyou.acroseed.com/qa/qa014.html"
TITP360 = "https://titp360.jp/system/guide/ ; https://www.yumekumiai.com/system/entry-130.html"
LECTURES = (
    "https://office-forest.jp/1%e5%8f%b7%e6%8a%80%e8%83%bd%e5%ae%9f%e7%bf%92%e7%94%9f%e3%81%ae"
    "%e5%85%a5%e5%9b%bd%e5%be%8c%e8%ac%9b%e7%bf%92/ ; "
    "https://smartvisa.sincere-intl.com/column/faq_n/2018/technical-internship-5/feed"
)
LECTURES_IMM = "https://imm.or.jp/cms/jp_news/20220601topic1"
AUDITS = (
    "https://gifunobengoshisugi.com/%E7%9B%A3%E7%90%86%E5%9B%A3%E4%BD%93%E3%81%AE%E7%9B%A3%E6"
    "%9F%BB%E6%A5%AD%E5%8B%99%E3%81%AA%E3%81%A9 ; "
    "https://kurokawa-office.com/%E6%8A%80%E8%83%BD%E5%AE%9F%E7%BF%92%EF%BD%9C%E7%9B%A3%E6%9F%BB/"
)
AUDIT_QUARTERS = "https://aki-houmu.jp/nyukan-kokusai/ginoujissyu/kansa-teiki-rinji/"
VISITS = (
    "https://kurokawa-office.com/%E6%8A%80%E8%83%BD%E5%AE%9F%E7%BF%92%EF%BD%9C%E7%9B%A3%E6%9F%BB/"
)
SKILLS_TESTS = "https://shiga-nokaikyo.or.jp/project/skill/giken-global_cooperation/"
STAGE_III = "https://asea.jp/faqs/faqs-12608/ ; http://japgj.whlabor.com/reentry/2.html"
EXCELLENT = "https://shiawasefirst.org/?p=3684"
MISSING = "https://www.immi-labor.com/技能実習法/実施困難時の届出/"
BUSINESS_REPORT = "https://www.jitco.or.jp/ja/news/article/1859/"

RULES: tuple[RuleFact, ...] = (
    RuleFact(
        "titp.plan.earliest_months",
        6,
        "A plan can be applied for from this many months before the stage starts.",
        TITP360,
        SourceTag.SECONDARY,
    ),
    RuleFact(
        "titp.plan.lead_months.i",
        4,
        "A stage (i) plan is due this many months before the start (review takes 1-2 months).",
        TITP360,
        SourceTag.SECONDARY,
    ),
    RuleFact(
        "titp.plan.lead_months.ii",
        3,
        "A stage (ii) plan is due this many months before the start.",
        TITP360,
        SourceTag.SECONDARY,
    ),
    RuleFact(
        "titp.plan.lead_months.iii",
        3,
        "A stage (iii) plan is due this many months before the start.",
        TITP360,
        SourceTag.SECONDARY,
    ),
    RuleFact(
        "titp.lectures.share",
        fraction(1, 6),
        "Post-entry lectures: at least this share of the planned stage (i) hours.",
        LECTURES,
        SourceTag.SECONDARY,
    ),
    RuleFact(
        "titp.lectures.share_after_pre_entry",
        fraction(1, 12),
        "The share when the pre-entry lectures named by the next rules were taken.",
        LECTURES,
        SourceTag.SECONDARY,
    ),
    RuleFact(
        "titp.lectures.pre_entry_hours",
        160,
        "Pre-entry lecture hours that lower the share (with the months and window below).",
        LECTURES,
        SourceTag.SECONDARY,
    ),
    RuleFact(
        "titp.lectures.pre_entry_months",
        1,
        "Pre-entry lectures must have run at least this many months to lower the share.",
        LECTURES,
        SourceTag.SECONDARY,
    ),
    RuleFact(
        "titp.lectures.pre_entry_window_months",
        6,
        "The pre-entry lectures must have ended within this many months before entry.",
        LECTURES,
        SourceTag.SECONDARY,
    ),
    RuleFact(
        "titp.lectures.legal_hours",
        8,
        "Hours of the legal-protection subject, taught by an outside expert (4 x 2 h).",
        LECTURES,
        SourceTag.SECONDARY,
    ),
    RuleFact(
        "titp.audit.interval_months",
        3,
        "A host company is audited at least once in each period of this many months, counted "
        "from the month the post-entry lectures start.",
        AUDITS + " ; " + AUDIT_QUARTERS,
        SourceTag.SECONDARY,
    ),
    RuleFact(
        "titp.audit.interview_share",
        fraction(1, 4),
        "An audit interviews at least this share of the interns (rounded up).",
        AUDITS,
        SourceTag.SECONDARY,
    ),
    RuleFact(
        "titp.audit.interview_minimum",
        2,
        "An audit interviews at least this many interns when the company has 2 to 4.",
        AUDITS,
        SourceTag.SECONDARY,
    ),
    RuleFact(
        "titp.visit.interval_months",
        1,
        "A guidance visit at least once a month while the company has interns in stage (i).",
        VISITS,
        SourceTag.SECONDARY,
    ),
    RuleFact(
        "titp.gate.ii",
        [["basic", "written"], ["basic", "practical"]],
        "Passes (grade, part) needed to enter stage (ii).",
        SKILLS_TESTS,
        SourceTag.PRIMARY,
    ),
    RuleFact(
        "titp.gate.iii",
        [["grade_3", "practical"]],
        "Passes (grade, part) needed to enter stage (iii).",
        SKILLS_TESTS,
        SourceTag.PRIMARY,
    ),
    RuleFact(
        "titp.skills_test.parts",
        {"basic": ["written", "practical"], "grade_3": ["practical"], "grade_2": ["practical"]},
        "The parts each grade of skills test has: basic grade written and practical, "
        "grade 3 and grade 2 practical only.",
        SKILLS_TESTS,
        SourceTag.PRIMARY,
    ),
    RuleFact(
        "titp.stage_iii.home_months_min",
        1,
        "Between stages (ii) and (iii) the intern goes home for at least this many months.",
        STAGE_III,
        SourceTag.SECONDARY,
    ),
    RuleFact(
        "titp.stage_iii.home_months_max",
        12,
        "The time at home between stages (ii) and (iii) is shorter than this many months.",
        STAGE_III,
        SourceTag.SECONDARY,
    ),
    RuleFact(
        "titp.excellent.score_share",
        fraction(60, 100),
        "An excellent (優良) host company scores at least this share of 150 points.",
        EXCELLENT,
        SourceTag.SECONDARY,
    ),
    RuleFact(
        "titp.difficulty.report_days",
        14,
        "Form 18 is filed within this many days of the event (guidance; 'without delay' in law).",
        MISSING,
        SourceTag.SECONDARY,
    ),
    RuleFact(
        "titp.business_report.fiscal_year_start_month",
        4,
        "The business report covers April to March.",
        BUSINESS_REPORT,
        SourceTag.PRIMARY,
    ),
    RuleFact(
        "titp.business_report.due",
        "05-31",
        "The business report is due by this day (month-day) after the fiscal year.",
        BUSINESS_REPORT,
        SourceTag.PRIMARY,
    ),
)
