"""Every message has a Japanese translation; the language is negotiated as HTTP says."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir

from core.domain import supervision
from core.domain.esd import EsdTestGrade, LanguageResultKind
from core.domain.rules import EducationLevel
from core.domain.states import Status, Step, status_label, step_label
from core.domain.titp import SkillsTest, Stage, skills_test_label, stage_label
from core.i18n import (
    Joined,
    Message,
    add_catalogue_directory,
    from_json,
    has_translation,
    negotiate,
    render,
    to_json,
)
from core.i18n.validation import INVALID_VALUE, TEMPLATES
from core.screening.engine import education_label
from core.services.esd_sittings import grade_label as esd_grade_label
from core.services.language import kind_label
from core.services.skills_tests import grade_label, part_label

ROOT = Path(__file__).parents[2]
KEYWORDS = {"Message": None, "N_": None}
FIELDS = re.compile(r"\{(\w*)\}")


def templates(directory: Path) -> set[str]:
    """The templates of ``Message(...)`` and ``N_(...)`` under ``directory`` (Babel extracts)."""
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        directory, method_map=[("**.py", "python")], keywords=KEYWORDS
    ):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


def labels() -> set[tuple[str, str]]:
    """The enumeration values shown in messages, with their catalogue context."""
    return {
        *((m.context or "", str(m)) for m in map(status_label, Status)),
        *((m.context or "", str(m)) for m in map(step_label, Step)),
        *((m.context or "", str(m)) for m in map(education_label, EducationLevel)),
        *((m.context or "", str(m)) for m in map(stage_label, Stage)),
        *((m.context or "", str(m)) for m in map(skills_test_label, SkillsTest)),
        *((m.context or "", str(m)) for m in map(grade_label, supervision.TestGrade)),
        *((m.context or "", str(m)) for m in map(part_label, supervision.TestPart)),
        *((m.context or "", str(m)) for m in map(esd_grade_label, EsdTestGrade)),
        *((m.context or "", str(m)) for m in map(kind_label, LanguageResultKind)),
    }


def untranslated(msgids: set[str], locale: str = "ja") -> list[str]:
    """The messages no catalogue translates into ``locale``: what the test fails on."""
    return sorted(msgid for msgid in msgids if not has_translation(msgid, locale))


@pytest.fixture(scope="module", autouse=True)
def plugin_catalogues() -> None:
    for directory in sorted((ROOT / "countries").glob("*/locales")):
        add_catalogue_directory(directory)


def test_every_message_of_core_and_the_countries_has_japanese() -> None:
    msgids = templates(ROOT / "core") | templates(ROOT / "countries")
    msgids |= set(TEMPLATES.values()) | {INVALID_VALUE}
    assert len(msgids) > 100
    assert untranslated(msgids) == []


def test_every_label_has_japanese() -> None:
    assert [label for label in labels() if not has_translation(label[1], "ja", label[0])] == []


def test_the_check_fails_on_a_message_without_japanese() -> None:
    assert untranslated({"a message nobody translated {x}", "is required"}) == [
        "a message nobody translated {x}"
    ]


def test_translations_keep_only_the_fields_of_their_template() -> None:
    po = (ROOT / "core/i18n/locales/ja/LC_MESSAGES/messages.po").read_text("utf-8")
    for msgid, msgstr in re.findall(r'^msgid "(.*)"\nmsgstr "(.*)"$', po, re.MULTILINE):
        assert set(FIELDS.findall(msgstr)) <= set(FIELDS.findall(msgid)), msgid


def test_a_message_is_its_english_text_and_renders_in_japanese() -> None:
    message = Message("The {label} was passed.", label=Message("maths test"))
    assert message == "The maths test was passed."
    assert render(message, "ja") == "数学試験に合格しています。"
    assert render(message, "en") == "The maths test was passed."
    assert render(message, "fr") == "The maths test was passed."  # no catalogue: English


def test_a_stored_message_reads_back_equal() -> None:
    message = Message(
        "Not accepted in this call: {found}.",
        found=Joined(Message(", "), [Message("tattoos"), Message("piercings")]),
    )
    again = from_json(to_json(message))
    assert again == message == "Not accepted in this call: tattoos, piercings."
    assert render(again, "ja") == "この募集では認められません: 入れ墨、ピアス。"
    with pytest.raises(ValueError):
        from_json([1])


@pytest.mark.parametrize(
    ("header", "locale"),
    [
        (None, "en"),
        ("", "en"),
        ("ja", "ja"),
        ("ja-JP", "ja"),
        ("ja;q=0.9, en;q=0.8", "ja"),
        ("en;q=0.5, ja;q=0.9", "ja"),
        ("en-GB, ja;q=0.9", "en"),
        ("fr, de;q=0.5", "en"),
        ("fr, ja;q=0.1", "ja"),
        ("ja;q=0", "en"),
        ("*", "en"),
        ("ja;q=abc, vi", "vi"),
        ("vi-VN", "vi"),
        (",,;;q=", "en"),
    ],
)
def test_negotiation(header: str | None, locale: str) -> None:
    assert negotiate(header) == locale
