"""The tallies the triggers of migration 0018 keep equal a recount from the rows.

After real journeys through the service (each reused from the test that owns
it: registration, the CSV import, screening one by one and in batches,
training, the entry chain, dispatch, stages, return, withdrawal, reopened
screening and corrections, ESD plans, transfers and the move to SSW (i)), the
kept tallies equal :func:`core.services.tallies.recount`, and every count the
tallies answer equals the same count over the rows, under every scope. Then
the changes no service makes today but a future one or an operator may: a
candidate's country, a call's opening day, a cohort's start, a decision
changed or deleted, candidates deleted. On SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from click.testing import CliRunner
from starlette.testclient import TestClient

from core.cli import main
from core.db.models import Candidate
from core.services import tallies
from core.settings import Settings
from tests.changes import test_changes as changes
from tests.esd import test_esd_journey as esd_journey
from tests.lifecycle import test_batch_screening as batch_screening
from tests.lifecycle import test_corrections as corrections
from tests.lifecycle import test_import as csv_import
from tests.lifecycle import test_scenario as scenario
from tests.supervision import test_titp_journey as titp_journey
from tests.tallies.helpers import (
    assert_counts_answer_as_rows,
    assert_tallies_kept,
    kept_and_recounted,
    sql,
)

Journey = Callable[[TestClient, Settings], object]

JOURNEYS: dict[str, Journey] = {
    "the programme over HTTP (VN)": lambda api, _: scenario.through_the_programme(
        scenario.Frontend(api), "VN"
    ),
    "the programme over HTTP (ID)": lambda api, _: scenario.through_the_programme(
        scenario.Frontend(api), "ID"
    ),
    "screening one by one and in batches": lambda api, _: (
        batch_screening.test_batch_decisions_equal_the_mutations_for_every_country(api)
    ),
    "CSV import": lambda api, _: (
        csv_import.test_all_valid_rows_imports_the_good_ones_and_reports_each_bad_line(api)
    ),
    "reopened screening and corrections": lambda _, settings: (
        corrections.test_screened_facts_wait_for_a_reopened_screening(settings)
    ),
    "withdrawal": lambda api, settings: changes.test_a_change_made_by_a_mutation_is_in_the_log(
        api, settings
    ),
    "TITP plans, entry, stages": lambda api, settings: (
        titp_journey.test_an_intern_from_the_certified_plan_to_stage_iii(api, settings)
    ),
    "ESD plan, transfer, SSW (i)": lambda api, settings: (
        esd_journey.test_an_esd_worker_from_the_plan_to_ssw_i(api, settings, "jlpt_n5")
    ),
}


@pytest.mark.database
@pytest.mark.parametrize("journey", JOURNEYS)
def test_a_journey_keeps_the_tallies(api: TestClient, db_settings: Settings, journey: str) -> None:
    JOURNEYS[journey](api, db_settings)
    kept = assert_tallies_kept(db_settings)
    assert any(figure.startswith(tallies.STATUS) for _, figure, _ in kept)
    assert_counts_answer_as_rows(db_settings)


MONTHLY_FIGURES = {
    tallies.APPLIED,
    tallies.SCREENED,
    tallies.PASSED,
    tallies.RETURNED,
    tallies.COMPLETED,
}
"""What a candidate who went through and came back leaves (in training: no more)."""


@pytest.mark.database
def test_the_programme_fills_every_figure(api: TestClient, db_settings: Settings) -> None:
    scenario.through_the_programme(scenario.Frontend(api), "VN")
    kept = assert_tallies_kept(db_settings)
    figures = {figure for _, figure, _ in kept}
    assert MONTHLY_FIGURES | {tallies.EVER_PASSED, "status:returned", "entered:returned"} <= (
        figures
    ), figures
    assert not any(figure == tallies.IN_TRAINING for _, figure, _ in kept)  # back at 0
    assert kept[("VN", "entered:returned", 202608)] == 1  # entered on 2026-08-01
    assert kept[("VN", tallies.RETURNED, 202611)] == 1  # returned on 2026-11-15


def _candidate_columns() -> str:
    return ", ".join(c.name for c in Candidate.__table__.columns if c.name != "id")  # type: ignore[attr-defined]


@pytest.mark.database
def test_changes_no_service_makes_yet_keep_the_tallies(
    api: TestClient, db_settings: Settings
) -> None:
    """Raw SQL, as an operator or a future service would write: the triggers see it all."""
    scenario.through_the_programme(scenario.Frontend(api), "VN")
    batch_screening.test_batch_decisions_equal_the_mutations_for_every_country(api)
    assert_tallies_kept(db_settings)
    steps = [
        # A candidate's country changes: its decisions move with it.
        "UPDATE candidate SET country_code = 'TH' WHERE id = (SELECT min(candidate_id) "
        "FROM screening_decision WHERE passed)",
        # A call opens a month later; a cohort starts two months earlier.
        "UPDATE recruitment_call SET opens_on = opens_on + 31 WHERE id = (SELECT min(id) "
        "FROM recruitment_call)"
        if db_settings.database_url.startswith("postgresql")
        else "UPDATE recruitment_call SET opens_on = date(opens_on, '+31 days') "
        "WHERE id = (SELECT min(id) FROM recruitment_call)",
        "UPDATE candidate SET status = 'in_training', cohort_id = (SELECT min(id) "
        "FROM training_cohort) WHERE status = 'screening_passed'",
        "UPDATE training_cohort SET starts_on = '2025-01-15'",
        # A decision changes its mind, its day and its candidate.
        "UPDATE screening_decision SET passed = NOT passed, screened_on = '2024-12-31' "
        "WHERE id = (SELECT max(id) FROM screening_decision)",
        "UPDATE screening_decision SET candidate_id = (SELECT max(id) FROM candidate) "
        "WHERE id = (SELECT min(id) FROM screening_decision)",
        # A second passed decision, then the first passed one is deleted: still passed once.
        "INSERT INTO screening_decision (candidate_id, criteria_version_id, passed, "
        "screened_on, decided_at) SELECT candidate_id, criteria_version_id, passed, "
        "'2026-02-02', decided_at FROM screening_decision WHERE id = (SELECT min(id) "
        "FROM screening_decision WHERE passed)",
        "DELETE FROM screening_outcome WHERE decision_id = (SELECT min(id) "
        "FROM screening_decision WHERE passed)",
        "DELETE FROM screening_decision WHERE id = (SELECT min(id) FROM screening_decision "
        "WHERE passed)",
        # Statuses and dates written in one statement for many rows.
        "UPDATE candidate SET status = 'withdrawn' WHERE status = 'screening_failed'",
        "UPDATE candidate SET returned_on = '2027-01-05', return_outcome = 'completed' "
        "WHERE status = 'returned'",
    ]
    for step in steps:
        sql(db_settings, step)
        kept, recounted = kept_and_recounted(db_settings)
        assert kept == recounted, step
        if step.startswith("UPDATE training_cohort"):  # its trainees moved to January 2025
            assert {month for _, figure, month in kept if figure == tallies.IN_TRAINING} == {202501}
    assert_counts_answer_as_rows(db_settings)


@pytest.mark.database
def test_deleting_candidates_takes_them_off(db_settings: Settings) -> None:
    corrections.test_screened_facts_wait_for_a_reopened_screening(db_settings)
    assert assert_tallies_kept(db_settings)
    sql(
        db_settings,
        "DELETE FROM screening_outcome",
        "DELETE FROM screening_decision",
        "DELETE FROM test_result",
        "DELETE FROM status_change",
        "DELETE FROM audit_entry",
        "DELETE FROM candidate",
    )
    assert assert_tallies_kept(db_settings) == {}


@pytest.mark.database
def test_the_demo_data_and_its_removal_keep_the_tallies(
    db_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", db_settings.database_url)
    if db_settings.database_schema:
        monkeypatch.setenv("IMJAPAN_DATABASE_SCHEMA", db_settings.database_schema)
    seeded = CliRunner().invoke(
        main, ["seed-demo", "--candidates", "40", "--password", "demo-password-long"]
    )
    assert seeded.exit_code == 0, seeded.output
    assert len(assert_tallies_kept(db_settings)) > 10
    cleared = CliRunner().invoke(main, ["seed-demo", "--clear"])
    assert cleared.exit_code == 0, cleared.output
    assert assert_tallies_kept(db_settings) == {}


@pytest.mark.database
def test_rebuild_puts_wrong_tallies_right(
    api: TestClient, db_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    batch_screening.test_batch_decisions_equal_the_mutations_for_every_country(api)
    right = assert_tallies_kept(db_settings)
    sql(
        db_settings,
        "UPDATE tally SET count = count + 3 WHERE figure = 'status:registered'",
        "INSERT INTO tally (country_code, figure, month, count) VALUES ('XX', 'applied', 0, 9)",
    )
    kept, _ = kept_and_recounted(db_settings)
    assert kept != right
    monkeypatch.setenv("DATABASE_URL", db_settings.database_url)
    if db_settings.database_schema:
        monkeypatch.setenv("IMJAPAN_DATABASE_SCHEMA", db_settings.database_schema)
    rebuilt = CliRunner().invoke(main, ["tallies", "rebuild"])
    assert rebuilt.exit_code == 0, rebuilt.output
    wrong = len({key for key in kept.keys() | right.keys() if kept.get(key) != right.get(key)})
    assert wrong > 1
    assert rebuilt.stdout.endswith(f"; {wrong} differed from the kept counts\n"), rebuilt.stdout
    assert assert_tallies_kept(db_settings) == right
