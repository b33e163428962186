"""The annual business report's figures, as GraphQL shows them
(definitions in :mod:`core.services.business_report`)."""

from __future__ import annotations

from datetime import date

import strawberry

from core.services import business_report
from core.services.fees import amount_text


@strawberry.type(
    description="Distinct interns of a country in Japan in a stage on any day of the year."
)
class InternsInStage:
    country_code: str
    stage: str = strawberry.field(description="i, ii or iii.")
    interns: int


@strawberry.type(
    description="Interns of a country who entered Japan, and who returned, in the year."
)
class InternMovements:
    country_code: str
    entries: int
    returns: int


@strawberry.type(description="Skills test sittings in the year (failed ones too) and passes.")
class SkillsTestFigures:
    grade: str = strawberry.field(description="basic, grade_3 or grade_2.")
    part: str = strawberry.field(description="written or practical.")
    sittings: int
    passes: int


@strawberry.type(description="Difficulties that occurred in the year, of a kind.")
class DifficultyFigures:
    kind: str = strawberry.field(description="A DifficultyKind value; missing is 失踪.")
    occurred: int
    filed: int = strawberry.field(description="Of those, with form 18 filed.")
    filed_late: int = strawberry.field(description="Of those filed, after their due date.")


@strawberry.type(description="Audits held in the year, of a kind.")
class AuditFigures:
    kind: str = strawberry.field(description="regular or extra.")
    audits: int


@strawberry.type(description="Payments made in the year to a kind of payee, in one currency.")
class FeeFigures:
    payee: str = strawberry.field(description="A FeePayee value.")
    currency: str = strawberry.field(description="ISO 4217 code; sums are never converted.")
    payments: int
    amount: str = strawberry.field(description="The sum, a decimal string with two decimals.")


@strawberry.type(
    description=(
        "Distinct people of a country in Japan on any day of the year under a programme: "
        "TITP interns in a stage, ESD (育成就労) workers employed."
    )
)
class ProgrammeWorkers:
    country_code: str
    programme: str = strawberry.field(description="titp or esd.")
    workers: int


@strawberry.type(description="ESD transfers to another employer in the year, for a reason.")
class TransferFigures:
    reason: str = strawberry.field(description="worker_wish or unavoidable.")
    transfers: int


@strawberry.type(description="ESD workers of a country who moved to SSW (i) in the year.")
class SswMoveFigures:
    country_code: str
    moves: int


@strawberry.type(
    description="Japanese-language results recorded for the year (tests sat, courses ended)."
)
class LanguageResultFigures:
    kind: str = strawberry.field(description="test or course.")
    cefr: str | None = strawberry.field(
        description="The CEFR level of the test (or the course's target); null when unknown."
    )
    results: int
    passes: int = strawberry.field(description="Of those, tests passed.")


@strawberry.type(
    description=(
        "The figures of the annual business report (事業報告書) to OTIT for a fiscal year "
        "(1 April to 31 March), due by 31 May after it."
    )
)
class BusinessReport:
    fiscal_year: int
    starts_on: date
    ends_on: date
    due_on: date = strawberry.field(
        description="The day of the rule titp.business_report.due first after the year."
    )
    interns: list[InternsInStage] = strawberry.field(
        description=(
            "By nationality and stage. A stage lasts from its start to the day before the "
            "next stage's start, or to the return (inclusive), or still."
        )
    )
    movements: list[InternMovements]
    skills_tests: list[SkillsTestFigures]
    difficulties: list[DifficultyFigures]
    missing: int = strawberry.field(description="Missing interns (失踪) in the year.")
    audits: list[AuditFigures]
    visits: int = strawberry.field(description="Guidance visits (訪問指導) in the year.")
    fees: list[FeeFigures]
    workers: list[ProgrammeWorkers] = strawberry.field(
        description="By nationality and programme (TITP, ESD): both programmes side by side."
    )
    transfers: list[TransferFigures] = strawberry.field(description="ESD transfers by reason.")
    moves_to_ssw: list[SswMoveFigures] = strawberry.field(
        description="Moves from ESD to SSW (i) by nationality."
    )
    language_results: list[LanguageResultFigures] = strawberry.field(
        description="ESD Japanese-language results by kind and CEFR level."
    )

    @classmethod
    def of(cls, report: business_report.BusinessReport) -> BusinessReport:
        return cls(
            fiscal_year=report.fiscal_year,
            starts_on=report.starts_on,
            ends_on=report.ends_on,
            due_on=report.due_on,
            interns=[
                InternsInStage(country_code=i.country_code, stage=i.stage, interns=i.interns)
                for i in report.interns
            ],
            movements=[
                InternMovements(country_code=m.country_code, entries=m.entries, returns=m.returns)
                for m in report.movements
            ],
            skills_tests=[
                SkillsTestFigures(grade=t.grade, part=t.part, sittings=t.sittings, passes=t.passes)
                for t in report.skills_tests
            ],
            difficulties=[
                DifficultyFigures(
                    kind=d.kind, occurred=d.occurred, filed=d.filed, filed_late=d.filed_late
                )
                for d in report.difficulties
            ],
            missing=report.missing,
            audits=[AuditFigures(kind=a.kind, audits=a.audits) for a in report.audits],
            visits=report.visits,
            fees=[
                FeeFigures(
                    payee=f.payee,
                    currency=f.currency,
                    payments=f.payments,
                    amount=amount_text(f.amount),
                )
                for f in report.fees
            ],
            workers=[
                ProgrammeWorkers(
                    country_code=w.country_code, programme=w.programme, workers=w.workers
                )
                for w in report.workers
            ],
            transfers=[
                TransferFigures(reason=t.reason, transfers=t.transfers) for t in report.transfers
            ],
            moves_to_ssw=[
                SswMoveFigures(country_code=m.country_code, moves=m.moves)
                for m in report.moves_to_ssw
            ],
            language_results=[
                LanguageResultFigures(kind=r.kind, cefr=r.cefr, results=r.results, passes=r.passes)
                for r in report.language_results
            ],
        )
