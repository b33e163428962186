"""The schema contract: no change breaks a released schema unless it was announced.

The repository's own check (the schema built from the code against the newest
release in ``schema/releases``) runs here, so CI fails on an unannounced
breaking change; the other tests pin down what counts as one.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner
from starlette.applications import Starlette

from core.cli import main
from core.schema.contract import (
    Change,
    Release,
    SchemaContractError,
    breaking_changes,
    compare,
    drift,
    history_breaks,
    newest_release,
    parse_version,
    releases,
)

ROOT = Path(__file__).resolve().parents[1]
RELEASES = ROOT / "schema" / "releases"
COMMITTED = ROOT / "schema.graphql"

BASELINE = """
type Query {
  country(code: String!): Country
  countries: [Country!]!
  candidates(first: Int! = 20, after: String = null): [Candidate!]!
  legacyCount: Int! @deprecated(reason: "Use countries.")
  legacyPlugin: LegacyPlugin @deprecated(reason: "Use plugins.")
}

type Country {
  code: String!
  name: String!
  localName: String @deprecated(reason: "Use localNames.")
  agencies(
    activeInYear: Int = null
    legacyRole: String = null @deprecated(reason: "Unused.")
  ): [String!]!
}

type LegacyPlugin {
  name: String!
  detail: LegacyDetail
}

type LegacyDetail {
  note: String
}

type Candidate {
  id: ID!
  status: CandidateStatus!
}

enum CandidateStatus {
  REGISTERED
  IN_TRAINING
  ON_HOLD @deprecated(reason: "Candidates are withdrawn instead.")
}

input FilterInput {
  countryCode: String = null
  legacyName: String = null @deprecated(reason: "Use name.")
}

type Mutation {
  register(filter: FilterInput = null): Candidate
}
"""


def edited(*replacements: tuple[str, str]) -> str:
    sdl = BASELINE
    for old, new in replacements:
        assert old in sdl, old
        sdl = sdl.replace(old, new)
    return sdl


def kinds(changes: list[Change]) -> list[str]:
    return [change.kind for change in changes]


# ---------------------------------------------------------------------------
# What the contract allows
# ---------------------------------------------------------------------------


def test_an_unchanged_schema_keeps_the_contract() -> None:
    comparison = compare(BASELINE, BASELINE)
    assert comparison.ok
    assert comparison.breaking == comparison.announced == comparison.dangerous == ()


def test_additions_keep_the_contract() -> None:
    current = edited(
        ("  code: String!\n", "  code: String!\n  flag: String\n"),
        ("    activeInYear: Int = null\n", "    activeInYear: Int = null\n    kind: String\n"),
        ("type Candidate {", "type Plugin {\n  name: String!\n}\n\ntype Candidate {"),
        ("  countries: [Country!]!\n", "  countries: [Country!]!\n  plugins: [Plugin!]!\n"),
    )
    assert breaking_changes(BASELINE, current) == []


def test_removing_what_the_baseline_deprecated_is_announced() -> None:
    current = edited(
        ('  legacyCount: Int! @deprecated(reason: "Use countries.")\n', ""),
        ('  localName: String @deprecated(reason: "Use localNames.")\n', ""),
        ('    legacyRole: String = null @deprecated(reason: "Unused.")\n', ""),
        ('  ON_HOLD @deprecated(reason: "Candidates are withdrawn instead.")\n', ""),
        ('  legacyName: String = null @deprecated(reason: "Use name.")\n', ""),
    )
    comparison = compare(BASELINE, current)
    assert comparison.breaking == ()
    assert [str(change) for change in comparison.announced] == [
        "FIELD_REMOVED: Field Query.legacyCount was removed after deprecation.",
        "FIELD_REMOVED: Field Country.localName was removed after deprecation.",
        "ARG_REMOVED: Argument Country.agencies(legacyRole:) was removed after deprecation.",
        "VALUE_REMOVED_FROM_ENUM: Enum value CandidateStatus.ON_HOLD was removed after "
        "deprecation.",
        "FIELD_REMOVED: Input field FilterInput.legacyName was removed after deprecation.",
    ]


def test_types_used_only_by_a_removed_deprecated_field_go_with_it() -> None:
    current = edited(
        ('  legacyPlugin: LegacyPlugin @deprecated(reason: "Use plugins.")\n', ""),
        ("type LegacyPlugin {\n  name: String!\n  detail: LegacyDetail\n}\n", ""),
        ("type LegacyDetail {\n  note: String\n}\n", ""),
    )
    comparison = compare(BASELINE, current)
    assert comparison.ok, comparison.breaking
    assert [change.description for change in comparison.announced] == [
        "Field Query.legacyPlugin was removed after deprecation.",
        "LegacyPlugin was removed; only deprecated elements, removed with it, used it.",
        "LegacyDetail was removed; only deprecated elements, removed with it, used it.",
    ]


def test_a_new_enum_value_is_dangerous_not_breaking() -> None:
    current = edited(("  IN_TRAINING\n", "  IN_TRAINING\n  RETURNED\n"))
    comparison = compare(BASELINE, current)
    assert comparison.ok
    assert [str(change) for change in comparison.dangerous] == [
        "VALUE_ADDED_TO_ENUM: Enum value CandidateStatus.RETURNED was added."
    ]


# ---------------------------------------------------------------------------
# What breaks it
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("replacement", "expected"),
    [
        (
            ("  countries: [Country!]!\n", ""),
            "FIELD_REMOVED: Field Query.countries was removed.",
        ),
        (
            ("  name: String!\n  localName", "  name: Int!\n  localName"),
            "FIELD_CHANGED_KIND: Field Country.name changed type from String! to Int!.",
        ),
        (
            ("  code: String!\n  name", "  code: String\n  name"),
            "FIELD_CHANGED_KIND: Field Country.code changed type from String! to String.",
        ),
        (
            ("country(code: String!)", "country(code: String!, year: Int!)"),
            "REQUIRED_ARG_ADDED: A required argument Query.country(year:) was added.",
        ),
        (
            ("candidates(first: Int! = 20,", 'candidates(first: String! = "20",'),
            "ARG_CHANGED_KIND: Argument Query.candidates(first:) has changed type from Int! "
            "to String!.",
        ),
        (
            ("  countryCode: String = null\n", "  countryCode: String!\n"),
            "FIELD_CHANGED_KIND: Field FilterInput.countryCode changed type from String to "
            "String!.",
        ),
        (
            ("  IN_TRAINING\n", ""),
            "VALUE_REMOVED_FROM_ENUM: Enum value CandidateStatus.IN_TRAINING was removed.",
        ),
        (
            ("    activeInYear: Int = null\n", ""),
            "ARG_REMOVED: Argument Country.agencies(activeInYear:) was removed.",
        ),
    ],
    ids=[
        "field removed",
        "field type changed",
        "field made nullable",
        "required argument added",
        "argument type changed",
        "input field made required",
        "enum value removed",
        "argument removed",
    ],
)
def test_a_breaking_change_is_reported(replacement: tuple[str, str], expected: str) -> None:
    changes = breaking_changes(BASELINE, edited(replacement))
    assert [str(change) for change in changes] == [expected]


def test_a_deprecated_field_still_may_not_change_type() -> None:
    current = edited(("localName: String @deprecated", "localName: Int @deprecated"))
    assert kinds(breaking_changes(BASELINE, current)) == ["FIELD_CHANGED_KIND"]


def test_a_type_still_used_by_a_field_may_not_go() -> None:
    current = edited(
        ("type LegacyDetail {\n  note: String\n}\n", ""),
        ("  detail: LegacyDetail\n", "  detail: String\n"),
    )
    assert kinds(breaking_changes(BASELINE, current)) == ["TYPE_REMOVED", "FIELD_CHANGED_KIND"]


def test_a_removal_the_baseline_did_not_deprecate_is_breaking_even_if_deprecated_now() -> None:
    current = edited(("  countries: [Country!]!\n", ""))
    deprecated_now = edited(
        ("  countries: [Country!]!\n", '  countries: [Country!]! @deprecated(reason: "x")\n')
    )
    assert kinds(breaking_changes(BASELINE, current)) == ["FIELD_REMOVED"]
    # Deprecating it now announces it for the next release; it may go after that.
    assert breaking_changes(BASELINE, deprecated_now) == []
    assert breaking_changes(deprecated_now, current) == []


def test_unreadable_schemas_are_named_in_the_error() -> None:
    with pytest.raises(SchemaContractError, match=r"^baseline schema: Syntax Error"):
        compare("type Query {", BASELINE)
    with pytest.raises(SchemaContractError, match=r"^current schema: .*Unknown type 'Nowhere'"):
        compare(BASELINE, "type Query { a: Nowhere }")


# ---------------------------------------------------------------------------
# Drift between the committed file and the code
# ---------------------------------------------------------------------------


def test_drift_is_empty_when_the_committed_schema_is_current(app: Starlette) -> None:
    assert drift(COMMITTED.read_text(encoding="utf-8"), str(app.state.schema) + "\n") == []


def test_drift_shows_how_a_stale_committed_schema_differs() -> None:
    live = edited(("  code: String!\n", "  code: String!\n  flag: String\n"))
    difference = drift(BASELINE, live)
    assert difference[:2] == [
        "--- schema.graphql (committed)",
        "+++ schema.graphql (built from the code)",
    ]
    assert [line for line in difference if line[:1] in "+-" and line[:3] not in "+++---"] == [
        "+  flag: String"
    ]


# ---------------------------------------------------------------------------
# The repository's releases
# ---------------------------------------------------------------------------


def test_the_repository_schema_keeps_the_newest_release_contract() -> None:
    """CI's check: schema.graphql (equal to the built schema, test_schema_file) against
    the newest release."""
    baseline = newest_release(RELEASES)
    comparison = compare(
        baseline.path.read_text(encoding="utf-8"), COMMITTED.read_text(encoding="utf-8")
    )
    assert comparison.breaking == (), (
        f"breaking changes against release {baseline.name} that were not announced by a "
        "deprecation (see docs/schema-policy.md): "
        + "; ".join(change.description for change in comparison.breaking)
    )


def test_the_current_version_has_its_release_schema() -> None:
    """Cutting a release (raising the version) commits its schema as the next baseline."""
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    version = parse_version(pyproject["project"]["version"])
    assert newest_release(RELEASES).version == version, (
        f"schema/releases has no {'.'.join(map(str, version))}.graphql, or has a newer one"
    )


def test_each_release_keeps_the_contract_of_the_one_before() -> None:
    assert history_breaks(releases(RELEASES)) == []


def test_only_a_major_release_may_break_the_one_before(tmp_path: Path) -> None:
    (tmp_path / "1.4.0.graphql").write_text(BASELINE, encoding="utf-8")
    (tmp_path / "1.10.0.graphql").write_text(
        edited(("  countries: [Country!]!\n", "")), encoding="utf-8"
    )
    (tmp_path / "2.0.0.graphql").write_text(
        edited(("  countries: [Country!]!\n", ""), ("  name: String!\n  localName", "  localName")),
        encoding="utf-8",
    )
    history = releases(tmp_path)
    assert [release.name for release in history] == ["1.4.0", "1.10.0", "2.0.0"]
    assert [
        (older.name, newer.name, change.kind) for older, newer, change in history_breaks(history)
    ] == [("1.4.0", "1.10.0", "FIELD_REMOVED")]


def test_before_1_0_a_minor_release_may_break_and_a_patch_may_not(tmp_path: Path) -> None:
    (tmp_path / "0.1.0.graphql").write_text(BASELINE, encoding="utf-8")
    (tmp_path / "0.2.0.graphql").write_text(
        edited(("  countries: [Country!]!\n", "")), encoding="utf-8"
    )
    (tmp_path / "0.2.1.graphql").write_text(
        edited(("  countries: [Country!]!\n", ""), ("  name: String!\n  localName", "  localName")),
        encoding="utf-8",
    )
    assert [
        (older.name, newer.name, change.kind)
        for older, newer, change in history_breaks(releases(tmp_path))
    ] == [("0.2.0", "0.2.1", "FIELD_REMOVED")]


def test_release_files_are_named_by_version(tmp_path: Path) -> None:
    (tmp_path / "0.1.0.graphql").write_text(BASELINE, encoding="utf-8")
    assert newest_release(tmp_path) == Release((0, 1, 0), tmp_path / "0.1.0.graphql")
    (tmp_path / "latest.graphql").write_text(BASELINE, encoding="utf-8")
    with pytest.raises(SchemaContractError, match=r"latest\.graphql: release schemas are named"):
        releases(tmp_path)
    with pytest.raises(SchemaContractError, match="no release schema"):
        newest_release(tmp_path / "missing")
    with pytest.raises(SchemaContractError, match=r"expected <major>\.<minor>\.<patch>"):
        parse_version("1.0.0rc1")


# ---------------------------------------------------------------------------
# imjapan schema check
# ---------------------------------------------------------------------------


def test_schema_check_passes_for_the_repository(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(main, ["schema", "check"])
    assert result.exit_code == 0, result.output
    newest = newest_release(Path("schema/releases"))
    assert result.output.splitlines()[-1] == f"schema keeps the contract of {newest.path}"


def test_schema_check_fails_on_an_unannounced_break(tmp_path: Path) -> None:
    baseline = tmp_path / "baseline.graphql"
    live = COMMITTED.read_text(encoding="utf-8")
    baseline.write_text(
        live.replace("type Query {\n", "type Query {\n  retired: String\n", 1), encoding="utf-8"
    )
    result = CliRunner().invoke(
        main, ["schema", "check", "--baseline", str(baseline), "--committed", str(COMMITTED)]
    )
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "breaking: Field Query.retired was removed.",
        f"1 breaking change(s) against {baseline} that were not announced by a deprecation "
        "(docs/schema-policy.md)",
    ]


def test_schema_check_fails_on_a_stale_committed_schema(tmp_path: Path) -> None:
    committed = tmp_path / "schema.graphql"
    committed.write_text(
        COMMITTED.read_text(encoding="utf-8").replace("type Query {\n", "type Query {\n  x: Int\n"),
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        main,
        ["schema", "check", "--baseline", str(COMMITTED), "--committed", str(committed)],
    )
    assert result.exit_code == 1
    assert "-  x: Int" in result.output.splitlines()
    assert result.output.splitlines()[-1] == (
        f"{committed} is out of date: run `imjapan export-schema -o {committed}`"
    )


def test_schema_check_without_a_baseline_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["schema", "check"])
    assert result.exit_code == 2
    assert result.output == (
        "imjapan: schema check: no release schema (<version>.graphql) in schema/releases\n"
    )
