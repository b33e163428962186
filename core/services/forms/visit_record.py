"""訪問指導記録書 (参考様式第4-10号): a host company's guidance visits of one month.

Sources of the fields:

* The record, kept at the office and attached to the annual business report:
  https://osaka-immigration.com/solve_case/q%e7%ac%ac%ef%bc%91%e5%8f%b7%e6%8a%80%e8%83%bd%e5%ae%9f%e7%bf%92%e3%81%ae%e5%a0%b4%e5%90%88%e3%81%ab%e8%a1%8c%e3%81%86%e8%a8%aa%e5%95%8f%e6%8c%87%e5%b0%8e%e3%81%ab%e3%81%a4%e3%81%84%e3%81%a6%e3%80%81
  (参考様式4-10) and 施行規則54条1項6号 ("指導の内容を記録した書類"):
  https://iuris.jp/外国人の技能実習の適正な実施及び技能実習生の保護に関する法律施行規則-第五十四条-帳簿書類/jpn/a/57091
* The items the form checks (技能実習計画の進捗状況: 実習進捗・修得度合・時間配分; 技能実習生の
  実習状況: 実習態度・実習意欲・日本語理解; 生活一般状況: 生活態度・規律違反):
  https://www.happier.work/2021/09/q84.html

The records hold the day, the visitor, the guidance given, notes and the interns
met; the items above are not recorded one by one, so their cells are left blank
for the visitor to fill in.
"""

from __future__ import annotations

from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from openpyxl import Workbook
from sqlmodel.ext.asyncio.session import AsyncSession

from core.services.company_audits import visits_for_form
from core.services.forms.sheets import labelled, new_sheet, table

TITLE = "訪問指導記録書(参考様式第4-10号)"
SOURCES = (
    "https://osaka-immigration.com/solve_case/q%e7%ac%ac%ef%bc%91%e5%8f%b7%e6%8a%80%e8%83%bd%e5%ae%9f%e7%bf%92%e3%81%ae%e5%a0%b4%e5%90%88%e3%81%ab%e8%a1%8c%e3%81%86%e8%a8%aa%e5%95%8f%e6%8c%87%e5%b0%8e%e3%81%ab%e3%81%a4%e3%81%84%e3%81%a6%e3%80%81",
    "https://iuris.jp/外国人の技能実習の適正な実施及び技能実習生の保護に関する法律施行規則-第五十四条-帳簿書類/jpn/a/57091",
    "https://www.happier.work/2021/09/q84.html",
)

COMPANY = "実習実施者の氏名又は名称"
PREFECTURE = "実習実施者の所在地(都道府県)"
MONTH = "対象月"
VISITS = "訪問指導の回数"
VISITED_ON = "訪問日"
VISITOR = "訪問指導を行った者"
GUIDANCE = "指導の内容"
NOTES = "備考"
MET = "面談した技能実習生"
CHECKS = (
    "技能実習計画の進捗状況(実習進捗・修得度合・時間配分)",
    "技能実習生の実習状況(実習態度・実習意欲・日本語理解)",
    "技能実習生の生活一般状況(生活態度・規律違反)",
)


def month_bounds(month: date) -> tuple[date, date]:
    start = month.replace(day=1)
    return start, start + relativedelta(months=1) - timedelta(days=1)


async def visit_record(session: AsyncSession, host_company_id: int, month: date) -> Workbook:
    """The visits to ``host_company_id`` in the month of ``month``, oldest first.

    Raises:
        DomainValidationError: ``NOT_FOUND`` on ``hostCompany`` when there is no such company.
    """
    start, end = month_bounds(month)
    company, visits = await visits_for_form(session, host_company_id, start, end)
    book, sheet = new_sheet("訪問指導記録書", TITLE)
    row = labelled(
        sheet,
        [
            (COMPANY, company.name),
            (PREFECTURE, company.prefecture),
            (MONTH, start.strftime("%Y-%m")),
            (VISITS, len(visits)),
        ],
        start=3,
    )
    table(
        sheet,
        [VISITED_ON, VISITOR, GUIDANCE, NOTES, MET, *CHECKS],
        [
            [
                record.visit.visited_on,
                record.visit.visitor,
                record.visit.guidance,
                record.visit.notes,
                "、".join(record.met) or None,
                *(None for _ in CHECKS),
            ]
            for record in visits
        ],
        start=row + 1,
    )
    return book
