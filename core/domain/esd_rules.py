"""The numbers and dates of the ESD system and of the transition from TITP, as dated
and sourced rule values (the same table and life as :mod:`core.domain.reference_rules`).

Migration 0016 writes them as each rule's first version (valid from an unknown date:
null); an administrator replaces one with ``setRuleValue``. Dates are ISO texts
("2027-04-01"). A value the reference did not find is JSON null (the repayment's
standard amount): the decisions that need it say unknown until it is set.

Source: ``shared/reference/supervision-and-esd.md`` sections 1-8 (gathered
2026-12-02); each fact names its URL and tag as the reference does.
"""

from __future__ import annotations

from core.domain.esd_fields import FIELDS, PERIODS_SOURCE, period_rule
from core.domain.reference_rules import RULES, RuleFact, fraction
from core.domain.supervision import SourceTag

IN_FORCE = (
    "https://imm.or.jp/cms/jp_news/20260105notice01 ; https://jplaws.app/d/507M60000110004-s.html"
)
TRANSITION = (
    "https://www.horei.co.jp/sjs/ ; https://www.nbc.or.jp/news/20260203_10156/ (citing "
    "https://www.moj.go.jp/isa/content/001452771.pdf and https://www.mhlw.go.jp/content/001622488.pdf)"
)
STAGE_III_TRANSITION = "https://www.nbc.or.jp/news/20260203_10156/"
PLAN_APPLICATIONS = (
    "ohashijozu.net/articles/growth-work-training-system (per domain.md B12, not rechecked)"
)
PLAN = "https://www.horei.co.jp/gis/topics/?m=12&y=2025"
ORGANISATION = "https://www.jil.go.jp/kokunai/mm/hourei/syourei/20250930a.html"
PERIOD = "https://lighthouse88.com/?p=1335626"
ENTRY_LANGUAGE = "https://amazing-human.jp/ja-ikuseishuro ; https://kanjifumi.jp/kentei/627"
YEAR_ONE = (
    "https://visa-supportcenter.com/ikusei-siken ; https://gaikokujinginoujishu.com/?amp=1&p=6160"
)
SSW = (
    "https://lighthouse88.com/transitioning-from-development-employment-to-specified-skills-no-1-"
    "requirements"
)
TRANSFER_LEVELS = (
    "https://hiroyamagyosei.com/2025/05/29/ ; "
    "https://www.michi-terasu.com/information/detail/detailG000000027_114.html"
)
TRANSFER_ARRANGERS = "https://www.michi-terasu.com/information/detail/detailG000000027_114.html"
REPAYMENT = (
    "https://hiroyamagyosei.com/2025/05/29/ ; "
    "https://digital.kentsu.co.jp/articles/artcl_rglr/01JT7M85MWBDEEBMH6KG6RRBC0"
)
TRANSFER_CAP = (
    "https://japantoday.com/category/business/japan%27s-foreign-labor-plan-to-allow-job-switch-"
    "in-7-sectors-after-2-yrs"
)
FEES = "https://www.jishashien-kansai.com/category7/category37/entry16.html"
STAFFING = "https://office-rapito.com/2026/02/kanrisienkikan"
LICENCE_YEARS = "https://tlg-visa.law/case/"

ESD_RULES: tuple[RuleFact, ...] = (
    RuleFact(
        "esd.in_force_from",
        "2027-04-01",
        "The day ESD takes effect; no TITP plan applications from this day.",
        IN_FORCE,
        SourceTag.PRIMARY,
    ),
    RuleFact(
        "transition.titp.latest_start",
        "2027-06-30",
        "A TITP plan applied for before ESD takes effect must start by this day.",
        TRANSITION,
        SourceTag.SECONDARY,
    ),
    RuleFact(
        "transition.titp.enter_by",
        "2027-06-30",
        "An intern whose TITP plan was applied for before ESD takes effect must enter by this day.",
        TRANSITION,
        SourceTag.SECONDARY,
    ),
    RuleFact(
        "transition.titp.stage_iii.stage_ii_months",
        12,
        "Stage (iii) after ESD takes effect needs this many months of stage (ii) done by that day.",
        STAGE_III_TRANSITION,
        SourceTag.SECONDARY,
    ),
    RuleFact(
        "esd.plan.applications_from",
        "2026-09-01",
        "ESD plans can be applied for from this day (the licence must already be granted).",
        PLAN_APPLICATIONS,
        SourceTag.SECONDARY,
    ),
    RuleFact(
        "esd.plan.certifier",
        "外国人育成就労機構",
        "The body that certifies ESD plans.",
        ORGANISATION,
        SourceTag.PRIMARY,
    ),
    RuleFact(
        "esd.plan.core_duties_min",
        fraction(1, 3),
        "Core duties (必須業務) are at least this share of the work.",
        PLAN,
        SourceTag.SECONDARY,
    ),
    RuleFact(
        "esd.period.years",
        3,
        "An ESD plan covers this many years in principle.",
        PERIOD,
        SourceTag.SECONDARY,
    ),
    RuleFact(
        "esd.period.extension_years",
        1,
        "After failed tests the period may be extended by at most this many years.",
        PERIOD,
        SourceTag.SECONDARY,
    ),
    RuleFact(
        "esd.entry.cefr",
        "A1",
        "Japanese level required before work starts (or the course hours below).",
        ENTRY_LANGUAGE,
        SourceTag.SECONDARY,
    ),
    RuleFact(
        "esd.entry.course_hours",
        100,
        "Hours of a certified Japanese course that stand in for the entry level.",
        ENTRY_LANGUAGE,
        SourceTag.SECONDARY,
    ),
    RuleFact(
        "esd.year_one.months",
        12,
        "By the end of this many months of work the worker has sat an A1 test and the "
        "basic-grade skills test (passing is not required).",
        YEAR_ONE,
        SourceTag.SECONDARY,
    ),
    RuleFact(
        "esd.year_one.cefr",
        "A1",
        "The level of the Japanese test sat in year one.",
        YEAR_ONE,
        SourceTag.SECONDARY,
    ),
    RuleFact(
        "esd.year_one.skills_grade",
        "basic",
        "The skills test sat in year one (技能検定基礎級).",
        YEAR_ONE,
        SourceTag.SECONDARY,
    ),
    RuleFact(
        "esd.course.cefr",
        "A2",
        "During the period the employer provides a course aimed at this level (not needed "
        "once passed).",
        YEAR_ONE,
        SourceTag.SECONDARY,
    ),
    RuleFact(
        "esd.ssw.cefr",
        "A2",
        "Japanese level needed to move to Specified Skilled Worker (i).",
        SSW,
        SourceTag.SECONDARY,
    ),
    RuleFact(
        "esd.ssw.skills_grades",
        ["grade_3", "ssw_i"],
        "A pass of one of these skills tests is needed to move to SSW (i); TITP's "
        "exemption for good completion does not apply.",
        SSW,
        SourceTag.SECONDARY,
    ),
    *(
        RuleFact(
            period_rule(field.code),
            field.transfer_period_years,
            f"Years with the first employer before a transfer at will ({field.name_ja}).",
            PERIODS_SOURCE,
            SourceTag.SECONDARY,
            provisional=True,
        )
        for field in FIELDS
    ),
    RuleFact(
        "esd.transfer.skills_grade",
        "basic",
        "The skills test a worker must have passed to transfer at their wish.",
        TRANSFER_LEVELS,
        SourceTag.SECONDARY,
    ),
    RuleFact(
        "esd.transfer.cefr",
        "A1",
        "Japanese level to transfer at the worker's wish where no field sets its own; the "
        "reference says it is set per field between A1 and the SSW (i) level.",
        TRANSFER_LEVELS,
        SourceTag.SECONDARY,
        provisional=True,
    ),
    RuleFact(
        "esd.transfer.cefr.care",
        "A2",
        "Japanese level to transfer at the worker's wish in care (介護).",
        TRANSFER_LEVELS,
        SourceTag.SECONDARY,
    ),
    RuleFact(
        "esd.transfer.arrangers",
        ["esd_organisation", "supervising_support", "hello_work"],
        "Who may arrange a transfer; private placement agencies are barred.",
        TRANSFER_ARRANGERS,
        SourceTag.SECONDARY,
    ),
    RuleFact(
        "esd.transfer.receiving_cap",
        fraction(1, 3),
        "Transferees may be at most this share of the receiving company's ESD workers.",
        TRANSFER_CAP,
        SourceTag.SECONDARY,
    ),
    RuleFact(
        "esd.transfer.receiving_cap.metropolitan",
        fraction(1, 6),
        "The share in the metropolitan prefectures listed by the next rule.",
        TRANSFER_CAP,
        SourceTag.SECONDARY,
    ),
    RuleFact(
        "esd.transfer.metropolitan_prefectures",
        ["東京都", "大阪府"],
        "Prefectures of the lower cap: the reference names 8 'including Tokyo and Osaka' and "
        "only these two; the rest are not found.",
        TRANSFER_CAP,
        SourceTag.SECONDARY,
        provisional=True,
    ),
    RuleFact(
        "esd.transfer.repayment.weights",
        [1, 2, 3],
        "The first employer's initial costs are apportioned over the years in this ratio.",
        REPAYMENT,
        SourceTag.SECONDARY,
    ),
    RuleFact(
        "esd.transfer.repayment.step_months",
        6,
        "The apportioning counts time served in steps of this many months.",
        REPAYMENT,
        SourceTag.SECONDARY,
    ),
    RuleFact(
        "esd.transfer.repayment.standard_amount",
        None,
        "The standard amount (yen) of tangible costs, and of intangible costs, set by "
        "ministerial notice: not found (the illustration's ¥400,000 is not the notice).",
        REPAYMENT,
        SourceTag.NOT_FOUND,
        provisional=True,
    ),
    RuleFact(
        "esd.fees.cap_months",
        2,
        "A worker pays the sending organisation at most this many months' contractual wage.",
        FEES,
        SourceTag.SECONDARY,
        provisional=True,
    ),
    RuleFact(
        "esd.licence.min_staff",
        2,
        "A supervising support organisation has at least this many full-time officers or staff.",
        STAFFING,
        SourceTag.SECONDARY,
    ),
    RuleFact(
        "esd.licence.companies_per_staff",
        8,
        "Per full-time staff member, fewer than this many host companies.",
        STAFFING,
        SourceTag.SECONDARY,
    ),
    RuleFact(
        "esd.licence.workers_per_staff",
        40,
        "Per full-time staff member, fewer than this many workers.",
        STAFFING,
        SourceTag.SECONDARY,
    ),
    RuleFact(
        "esd.licence.years",
        3,
        "A supervising support licence is valid this many years.",
        LICENCE_YEARS,
        SourceTag.SECONDARY,
    ),
    RuleFact(
        "esd.licence.years_excellent",
        5,
        "A licence granted as excellent (優良) is valid this many years.",
        LICENCE_YEARS,
        SourceTag.SECONDARY,
    ),
)

ALL_RULES: tuple[RuleFact, ...] = (*RULES, *ESD_RULES)
"""Every seeded rule: TITP's (migration 0015), then ESD's and the transition's (0016)."""
