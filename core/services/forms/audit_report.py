"""省令様式第22号 監査報告書: the report of one audit of a host company, filled from the audit.

Sources of the fields:

* The form and its place among the books: https://membershub.dekisugi-kun.jp/ministerial-ordinance-form-no22_tit
  (できすぎ君's manual for 省令様式第22号 監査報告書; it shows no field list).
* What a regular audit does, hence the checks reported (施行規則52条: 実地による確認,
  技能実習責任者及び技能実習指導員から報告, 技能実習生の4分の1以上との面談,
  設備の確認と帳簿書類の閲覧, 宿泊施設その他の生活環境の確認): reference section 9,
  https://gifunobengoshisugi.com/%E7%9B%A3%E7%90%86%E5%9B%A3%E4%BD%93%E3%81%AE%E7%9B%A3%E6%9F%BB%E6%A5%AD%E5%8B%99%E3%81%AA%E3%81%A9
  and the wording of https://xn--wckxc688jykhyucvwh863cdkhro4b.com/training/%E2%91%AD%E7%9B%A3%E7%90%86%E5%9B%A3%E4%BD%93%E3%81%AB%E3%81%A4%E3%81%84%E3%81%A6%EF%BC%88%E7%9B%A3%E6%9F%BB%EF%BC%89.html
* Regular (定期) and extra (臨時) audits, led by the 監理責任者, reported to OTIT:
  https://kurokawa-office.com/%E6%8A%80%E8%83%BD%E5%AE%9F%E7%BF%92%EF%BD%9C%E7%9B%A3%E6%9F%BB/

Left out: the supervising organisation's own particulars (name, licence number,
address) and the host company's full address, which the records do not hold (the
prefecture is given as such).
"""

from __future__ import annotations

from openpyxl import Workbook
from sqlmodel.ext.asyncio.session import AsyncSession

from core.domain.supervision import AuditKind
from core.services.company_audits import audit_for_form
from core.services.forms.sheets import labelled, new_sheet, table, yes_no

TITLE = "監査報告書(省令様式第22号)"
SOURCES = (
    "https://membershub.dekisugi-kun.jp/ministerial-ordinance-form-no22_tit",
    "https://gifunobengoshisugi.com/%E7%9B%A3%E7%90%86%E5%9B%A3%E4%BD%93%E3%81%AE%E7%9B%A3%E6%9F%BB%E6%A5%AD%E5%8B%99%E3%81%AA%E3%81%A9",
    "https://kurokawa-office.com/%E6%8A%80%E8%83%BD%E5%AE%9F%E7%BF%92%EF%BD%9C%E7%9B%A3%E6%9F%BB/",
)
KINDS = {AuditKind.REGULAR.value: "定期監査", AuditKind.EXTRA.value: "臨時監査"}

COMPANY = "実習実施者の氏名又は名称"
PREFECTURE = "実習実施者の所在地(都道府県)"
KIND = "監査の種別"
HELD_ON = "監査実施日"
AUDITOR = "監査を担当した者(監理責任者)"
INTERNS_TOTAL = "技能実習生の数"
INTERVIEWED_COUNT = "面談した技能実習生の数"
SITE = "技能実習の実施状況の実地による確認"
MANAGERS = "技能実習責任者及び技能実習指導員からの報告"
RECORDS = "設備の確認及び帳簿書類その他の物件の閲覧"
HOUSING = "宿泊施設その他の生活環境の確認"
FINDINGS = "監査の結果(指摘事項)"
FOLLOW_UP = "指導の内容及び改善状況"
FOLLOW_UP_DUE = "改善の期限"
REPORTED = "外国人技能実習機構への報告日"
INTERVIEWED = "面談した技能実習生(氏名)"


async def audit_report(session: AsyncSession, audit_id: int) -> Workbook:
    """The report of audit ``audit_id``.

    Raises:
        DomainValidationError: ``NOT_FOUND`` on ``audit`` when there is no such audit.
    """
    record = await audit_for_form(session, audit_id)
    audit, company = record.audit, record.company
    book, sheet = new_sheet("監査報告書", TITLE)
    row = labelled(
        sheet,
        [
            (COMPANY, company.name),
            (PREFECTURE, company.prefecture),
            (KIND, KINDS.get(audit.kind, audit.kind)),
            (HELD_ON, audit.held_on),
            (AUDITOR, audit.auditor),
            (INTERNS_TOTAL, audit.interns_total),
            (INTERVIEWED_COUNT, len(record.interviewed)),
            (SITE, yes_no(audit.site_checked)),
            (MANAGERS, yes_no(audit.managers_heard)),
            (RECORDS, yes_no(audit.records_checked)),
            (HOUSING, yes_no(audit.housing_checked)),
            (FINDINGS, audit.findings),
            (FOLLOW_UP, audit.follow_up),
            (FOLLOW_UP_DUE, audit.follow_up_due),
            (REPORTED, audit.reported_to_otit_on),
        ],
        start=3,
    )
    table(sheet, [INTERVIEWED], [[name] for name in record.interviewed], start=row + 1)
    return book
