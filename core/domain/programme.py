"""Facts that hold for every sending country, from IM Japan's own pages.

Country plugins build on these so that what IM Japan says of the whole
programme is written once. Sources:

- ``IM_JAPAN_AGREEMENTS``: https://imm.or.jp/en/program/gov.html, IM Japan's
  page on its agreements with the sending countries (agreement years,
  government-led selection, pre-entry training in Japanese language, culture
  and customs and working styles, embassy support, group job interviews held
  by each country's Ministry of Labor, associations of presidents).
- ``IM_JAPAN_SELECTION``: https://imm.or.jp/program/selection.html, IM Japan's
  Japanese page on selection (ages, education, the four selection tests,
  training of four months or more at a government school).
- ``SSW_MOCS``: https://www.moj.go.jp/isa/policies/ssw/nyuukokukanri05_00021.html,
  the Immigration Services Agency's list of the Specified Skilled Worker (特定技能)
  memoranda of cooperation, which names all five countries [primary]. A memorandum
  specific to ESD (育成就労) was not found for any of them, nor the agency that will
  send under ESD (``shared/reference/supervision-and-esd.md`` section 10, 2026-12-02).
"""

from __future__ import annotations

from core.domain.contracts import (
    EmploymentProgramme,
    EsdNote,
    EsdSpecifics,
    Evidence,
    EvidenceNote,
    ProgrammeKind,
    ScreeningRuleTemplate,
    TrainingModule,
)
from core.domain.rules import RuleKind
from core.domain.supervision import SourceTag

IM_JAPAN_AGREEMENTS = "https://imm.or.jp/en/program/gov.html"
"""Source: IM Japan's page on its agreements with the sending countries."""
IM_JAPAN_SELECTION = "https://imm.or.jp/program/selection.html"
"""Source: IM Japan's (Japanese) page on selection: ages, education, tests, training."""
IM_JAPAN_ABOUT = "https://imm.or.jp/en/imjapan/"
"""Source: IM Japan's page about itself."""


SSW_MOCS = "https://www.moj.go.jp/isa/policies/ssw/nyuukokukanri05_00021.html"
"""Source: the Immigration Services Agency's list of the SSW memoranda of cooperation."""


def esd_not_found(country_code: str, *notes: EsdNote) -> EsdSpecifics:
    """The ESD specifics of a country whose ESD memorandum and ESD sending agency were
    not found (all five in December 2026): both unknown, with the country's related
    notes after the SSW memorandum every one of them has with Japan."""
    ssw = EsdNote(
        id="ssw-moc",
        text="A memorandum of cooperation with Japan on Specified Skilled Worker (特定技能) "
        "exists; it is not one for ESD.",
        source=SSW_MOCS,
        tag=SourceTag.PRIMARY,
    )
    return EsdSpecifics(country_code=country_code, tag=SourceTag.NOT_FOUND, notes=(ssw, *notes))


MINIMUM_TRAINING_MONTHS = 4
"""Pre-entry training lasts four months or more in every sending country."""

STANDARD_MODULES: tuple[TrainingModule, ...] = (
    TrainingModule(id="japanese-language", title="Japanese language"),
    TrainingModule(id="culture-and-customs", title="Japanese culture and customs"),
    TrainingModule(id="working-styles", title="Working styles in Japan"),
)
"""What every pre-entry training covers (IM Japan, ``IM_JAPAN_AGREEMENTS``)."""


def group_job_interviews(
    country_code: str,
    *,
    organiser_agency_id: str | None,
    source: str = IM_JAPAN_AGREEMENTS,
    organiser_inferred: str | None = None,
) -> EmploymentProgramme:
    """The group job interviews each country's labour ministry holds for returnees.

    IM Japan names no organiser per country, so ``organiser_inferred`` says why
    ``organiser_agency_id`` is taken to be the one where no source of the
    country names it; the organiser is then marked inferred.
    """
    notes = (
        (
            EvidenceNote(
                evidence=Evidence.INFERRED,
                fields=("organiser_agency_id",),
                note=organiser_inferred,
            ),
        )
        if organiser_inferred
        else ()
    )
    return EmploymentProgramme(
        country_code=country_code,
        id="group-job-interviews",
        kind=ProgrammeKind.GROUP_JOB_INTERVIEW,
        name="Group job interviews for returned technical interns",
        description=(
            "The ministry in charge of labour holds group job interviews at which "
            "Japanese and local companies hire returned interns, so they can use the "
            "skills they learned in Japan."
        ),
        organiser_agency_id=organiser_agency_id,
        source=source,
        evidence_notes=notes,
    )


def interview_rule(
    country_code: str,
    *,
    topics: tuple[str, ...] | None = None,
    topics_source: str | None = None,
) -> ScreeningRuleTemplate:
    """The selection interview; IM Japan staff sit in on it.

    Without ``topics`` the topics are IM Japan's (purpose, knowledge, plans after
    return); a country's own ``topics`` come from ``topics_source``, which the
    rule then cites for them.
    """
    if topics is None:
        topics = ("purpose", "knowledge", "plans after return")
        description = (
            "Interview by the sending government, with IM Japan staff present, on the "
            "candidate's purpose, knowledge and plans after return."
        )
        source = IM_JAPAN_SELECTION
    else:
        if topics_source is None:
            raise ValueError("a country's own interview topics need their topics_source")
        description = (
            "Interview by the sending government, with IM Japan staff present; the topics "
            "are those the country's notices give."
        )
        source = f"{topics_source} (topics); {IM_JAPAN_SELECTION} (IM Japan staff present)"
    return ScreeningRuleTemplate(
        country_code=country_code,
        id="interview",
        kind=RuleKind.INTERVIEW,
        title="Interview",
        description=description,
        parameters={"topics": list(topics)},
        source=source,
    )


def medical_check_rule(
    country_code: str, *, checks: tuple[str, ...] = (), source: str = IM_JAPAN_SELECTION
) -> ScreeningRuleTemplate:
    """The health check, to a Japanese standard."""
    return ScreeningRuleTemplate(
        country_code=country_code,
        id="medical-check",
        kind=RuleKind.MEDICAL_CHECK,
        title="Medical check",
        description="Health check to a Japanese standard.",
        parameters={"standard": "Japanese standard", "checks": list(checks)},
        source=source,
    )
