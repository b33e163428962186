"""Each sending country's ESD specifics (reference section 10): the ESD memorandum and
the ESD sending agency were not found for any of the five, so the API says unknown
(null, known false) beside the related sourced notes; the registry refuses malformed
specifics at start-up; every reader sees the same public catalogue."""

from __future__ import annotations

from typing import Any

import pytest
from starlette.testclient import TestClient

from core.auth.roles import Role
from core.domain.contracts import EsdSpecifics
from core.domain.programme import SSW_MOCS
from core.domain.supervision import SourceTag
from core.errors import PluginConfigurationError
from core.settings import Settings
from tests.accounts import signed_in
from tests.client import gql, post
from tests.conftest import make_app
from tests.factories import build, host_company
from tests.plugins.fakes import agency, country

ESD = """esd { sendingAgency { id } mocSignedOn known source tag
  notes { id text on source tag } }"""
QUERY = f"{{ countries {{ code {ESD} }} }}"

NOTES = {
    "ID": [
        ("kemnaker-kagawa", "2026-01-26", "min.co.id/2026/01/27/", "SECONDARY"),
        ("kp2mi-kagawa", "2026-01-23", "apakabaronline.com/mou-ditandatangani", "SECONDARY"),
    ],
    "TH": [("titp-moc", None, "moj.go.jp/isa/content/930004220.pdf", "PRIMARY")],
    "VN": [("titp-moc", "2017-06-06", "mhlw.go.jp/photo/2017/06/ph0606-01.html", "PRIMARY")],
    "BD": [
        ("ssw-moc-signed", "2019-08-27", "ma-cosmos.com/2019/08/27/2019082703", "SECONDARY"),
        ("bmet-private-mous", "2025-05-29", "themirrorasia.net/news/2025/05/29/4826", "SECONDARY"),
    ],
    "LK": [
        ("ssw-moc-signed", "2019-06-19", "adaderana.lk/news.php?nid=55867", "SECONDARY"),
        ("slbfe-im-japan", "2023-10-11", "newswire.lk/2023/10/12/", "SECONDARY"),
        ("slfea-euc", None, "dailyfc.com/?p=2102", "SECONDARY"),
    ],
}
"""Reference section 10, country by country: (note, day, a piece of its URL, tag)."""


def test_the_five_countries_say_unknown_beside_their_sourced_notes(client: TestClient) -> None:
    found = {c["code"]: c["esd"] for c in gql(client, QUERY)["countries"]}
    assert set(found) == set(NOTES)
    for code, esd in found.items():
        assert esd["sendingAgency"] is None and esd["mocSignedOn"] is None, code
        assert esd["known"] is False and esd["tag"] == "NOT_FOUND", code
        first, *own = esd["notes"]
        assert first["id"] == "ssw-moc" and first["source"] == SSW_MOCS, code
        assert first["tag"] == "PRIMARY"
        assert len(own) == len(NOTES[code]), code
        for note, (note_id, on, url, tag) in zip(own, NOTES[code], strict=True):
            assert (note["id"], note["on"], note["tag"]) == (note_id, on, tag), code
            assert url in note["source"], (code, note_id)
    assert "IM Japan" in found["LK"]["notes"][2]["text"]
    assert "December 2025" in found["LK"]["notes"][3]["text"]


def test_every_reader_sees_the_same_public_catalogue(
    api: TestClient, db_settings: Settings
) -> None:
    company = build(db_settings, lambda session: host_company(session).id or 0)
    seen = gql(api, QUERY)
    readers = {
        "staff": signed_in(api, Role.STAFF),
        "vn_ministry": signed_in(api, Role.MINISTRY_OFFICER, country_code="VN"),
        "vn_embassy": signed_in(api, Role.EMBASSY_OFFICER, country_code="VN"),
        "company": signed_in(api, Role.HOST_COMPANY, host_company_id=company),
    }
    for role, headers in readers.items():
        assert gql(api, QUERY, headers=headers) == seen, role
    authorization = api.headers.pop("Authorization")
    try:
        assert post(api, QUERY)["data"] == seen
    finally:
        api.headers["Authorization"] = authorization


@pytest.fixture
def test_settings(sqlite_url: str) -> Settings:
    return Settings(database_url=sqlite_url, allow_user_assigned_codes=True)


def _refused(settings: Settings, esd: Any) -> str:
    plugin = country("XA", country_agencies=[agency("XA")], country_esd_specifics=esd)
    with pytest.raises(PluginConfigurationError) as caught:
        make_app(settings, ("testland", plugin))
    return str(caught.value)


def test_the_registry_refuses_malformed_specifics_at_start_up(test_settings: Settings) -> None:
    other = EsdSpecifics(country_code="XB")
    assert "country_esd_specifics returned EsdSpecifics of country XB" in _refused(
        test_settings, other
    )
    dangling = EsdSpecifics(
        country_code="XA",
        sending_agency_id="nowhere",
        source="test data",
        tag=SourceTag.SECONDARY,
    )
    assert "ESD sending_agency_id names unknown agency 'nowhere'" in _refused(
        test_settings, dangling
    )
    unsourced = {"country_code": "XA", "moc_signed_on": "2027-01-01"}
    assert "needs its source and tag" in _refused(test_settings, unsourced)
    not_found_note = {
        "country_code": "XA",
        "notes": [{"id": "x", "text": "Nothing.", "source": "test data", "tag": "not_found"}],
    }
    assert "what was not found is a null value" in _refused(test_settings, not_found_note)
    note = {"text": "One.", "source": "t", "tag": "primary"}
    twice = {"country_code": "XA", "notes": [{"id": "a", **note}, {"id": "a", **note}]}
    assert "duplicate note ids" in _refused(test_settings, twice)
