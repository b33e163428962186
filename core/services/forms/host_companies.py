"""実習監理を行う実習実施者の管理簿: the book of the host companies IM Japan supervises.

Sources of the fields (its minimum entries ア to セ):

* https://stargrade.or.jp/274/ (監理団体で備置くべき帳簿: ア 氏名又は名称, イ 住所,
  ウ 代表者の氏名, エ 法人番号, オ 役員の氏名、役職及び住所, カ 技能実習を行わせる事業所の名称、
  所在地, キ 技能実習責任者の氏名及び役職, ク 技能実習指導員の氏名及び役職, ケ 生活指導員の
  氏名及び役職, コ 常勤職員数, サ 技能実習を行わせる事業所の常勤職員の総数, シ 技能実習生の
  受入れ実績(国籍別), ス 中途帰国した技能実習生の実績(区分別), セ 行方不明となった技能実習生
  の実績(区分別))
* The book and how できすぎ君 fills it: https://membershub.dekisugi-kun.jp/training-implementer-management-record
  (kept for one year after the training ends).

The records hold the company's name, its prefecture (not the full address) and
its interns: ア, イ (the prefecture only) and シ are filled; ウ to サ, ス and セ
are not recorded here and are left blank. A company is listed once it has had an
intern (a candidate placed with it, whatever the candidate's status now).
"""

from __future__ import annotations

from collections import defaultdict

from openpyxl import Workbook
from sqlalchemy import func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core.db.models import Candidate, HostCompany
from core.services.forms.sheets import new_sheet, table

TITLE = "実習監理を行う実習実施者の管理簿"
SOURCES = (
    "https://stargrade.or.jp/274/",
    "https://membershub.dekisugi-kun.jp/training-implementer-management-record",
)
HEADER = (
    "ア 氏名又は名称",
    "イ 住所(都道府県)",
    "ウ 代表者の氏名",
    "エ 法人番号",
    "オ 役員の氏名、役職及び住所",
    "カ 技能実習を行わせる事業所の名称、所在地",
    "キ 技能実習責任者の氏名及び役職",
    "ク 技能実習指導員の氏名及び役職",
    "ケ 生活指導員の氏名及び役職",
    "コ 常勤職員数",
    "サ 技能実習を行わせる事業所の常勤職員の総数",
    "シ 技能実習生の受入れ実績(国籍別)",
    "ス 中途帰国した技能実習生の実績(区分別)",
    "セ 行方不明となった技能実習生の実績(区分別)",
)
NAME, ADDRESS, INTAKE = 0, 1, 11


async def host_companies_book(session: AsyncSession) -> Workbook:
    """Every host company that has had an intern, by name, in two statements."""
    counted = await session.exec(
        select(Candidate.host_company_id, Candidate.country_code, func.count())
        .where(col(Candidate.host_company_id).is_not(None))
        .group_by(col(Candidate.host_company_id), col(Candidate.country_code))
        .order_by(col(Candidate.host_company_id), col(Candidate.country_code))
    )
    intake: dict[int, list[str]] = defaultdict(list)
    for company_id, country, count in counted.all():
        intake[int(company_id or 0)].append(f"{country} {count}")
    companies = (
        await session.exec(
            select(HostCompany)
            .where(col(HostCompany.id).in_(list(intake)))
            .order_by(col(HostCompany.name), col(HostCompany.id))
        )
    ).all()
    book, sheet = new_sheet("管理簿", TITLE)
    rows = []
    for company in companies:
        values: list[str | None] = [None] * len(HEADER)
        values[NAME] = company.name
        values[ADDRESS] = company.prefecture
        values[INTAKE] = "、".join(intake[company.id or 0])
        rows.append(values)
    table(sheet, HEADER, rows, start=3)
    return book
