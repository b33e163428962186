"""Audits and guidance visits of the perf world's host companies (issue 13, item 5)."""

from __future__ import annotations

import asyncio
from datetime import date

from sqlalchemy import func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core.db.models import Audit, AuditInterview, Candidate, HostCompany, Visit, VisitIntern
from core.settings import Settings
from tests.perf.world import _with_db


def add_audits_and_visits(settings: Settings) -> None:
    """One audit and one visit of every host company (the 10 "Small" ones first, then the
    100 "Large" ones), each meeting one of the company's interns when it has one."""

    async def run(session: AsyncSession) -> None:
        companies = (await session.exec(select(HostCompany).order_by(col(HostCompany.id)))).all()
        interns = dict(
            (
                await session.exec(
                    select(col(Candidate.host_company_id), func.min(col(Candidate.id))).group_by(
                        col(Candidate.host_company_id)
                    )
                )
            ).all()
        )
        audits = [
            Audit(
                host_company_id=company.id or 0,
                held_on=date(2026, 10, 1),
                auditor="Sato Hanako",
                interns_total=1,
                site_checked=True,
                records_checked=True,
                housing_checked=True,
                managers_heard=True,
                findings="None.",
            )
            for company in companies
        ]
        visits = [
            Visit(
                host_company_id=company.id or 0,
                visited_on=date(2026, 10, 2),
                visitor="Tanaka Jiro",
                guidance="Monthly guidance.",
            )
            for company in companies
        ]
        session.add_all([*audits, *visits])
        await session.flush()
        for audit, visit in zip(audits, visits, strict=True):
            intern = interns.get(audit.host_company_id)
            if intern is not None:
                session.add(AuditInterview(audit_id=audit.id or 0, candidate_id=intern))
                session.add(VisitIntern(visit_id=visit.id or 0, candidate_id=intern))

    asyncio.run(_with_db(settings, run))
