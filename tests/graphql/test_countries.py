"""The catalogue queries over the five bundled countries."""

from __future__ import annotations

from starlette.testclient import TestClient

from tests.conftest import gql

CATALOGUE = """
query Catalogue($code: String!) {
  country(code: $code) {
    code name localName localNames { language name }
    agreementYear firstArrivalYear firstCohortTerm
    representativeOffice { city locality source }
    agencies { id name localName acronym roles website parentId validFromYear validToYear
               formerNames notes source }
    embassy { name localName website labourOffice { id name } source }
    screeningRules { id kind title description parameters source }
    preEntryTraining {
      minimumMonths source
      centres { id name localName city operatorAgencyId source }
      modules { id title description }
      phases { id order name centre { id } duration { months days } paidBy
               modules { id } notes source }
    }
    returneeAssociations { id name localName acronym description foundedYear website
                           boards { id level name localName region source }
                           regionalBoardCount source }
    employmentProgrammes { id kind name description organiser { id } organiserName
                           amount { amount currency } source }
    sources plugin
  }
}
"""


def test_countries_lists_the_five_sending_countries(client: TestClient) -> None:
    data = gql(client, "{ countries { code name } }")
    assert data["countries"] == [
        {"code": "BD", "name": "Bangladesh"},
        {"code": "ID", "name": "Indonesia"},
        {"code": "LK", "name": "Sri Lanka"},
        {"code": "TH", "name": "Thailand"},
        {"code": "VN", "name": "Vietnam"},
    ]


def test_agreement_and_first_arrival_years(client: TestClient) -> None:
    data = gql(client, "{ countries { code agreementYear firstArrivalYear firstCohortTerm } }")
    years = {c["code"]: (c["agreementYear"], c["firstArrivalYear"]) for c in data["countries"]}
    assert years == {
        "ID": (1992, 1993),
        "TH": (1999, 2000),
        "VN": (2005, 2006),
        "BD": (2017, None),
        "LK": (2017, 2018),
    }
    terms = {c["code"]: c["firstCohortTerm"] for c in data["countries"]}
    assert terms == {
        "ID": "TRAINEES",
        "TH": "TRAINEES",
        "VN": "TECHNICAL_INTERNS",
        "BD": "TECHNICAL_INTERNS",
        "LK": "TECHNICAL_INTERNS",
    }


def test_country_by_code(client: TestClient) -> None:
    data = gql(
        client, '{ th: country(code: "TH") { name localName } lower: country(code: "vn") { code } }'
    )
    assert data == {"th": {"name": "Thailand", "localName": "ไทย"}, "lower": {"code": "VN"}}


def test_unknown_country_is_null(client: TestClient) -> None:
    assert gql(client, '{ country(code: "JP") { code } }') == {"country": None}
    assert gql(client, '{ country(code: "nonsense") { code } }') == {"country": None}


def test_every_catalogue_list_is_reachable_from_every_country(client: TestClient) -> None:
    codes = [c["code"] for c in gql(client, "{ countries { code } }")["countries"]]
    for code in codes:
        country = gql(client, CATALOGUE, {"code": code})["country"]
        assert country["code"] == code
        assert country["agencies"], code
        assert country["embassy"]["name"], code
        assert country["screeningRules"], code
        assert country["preEntryTraining"]["minimumMonths"] == 4, code
        assert country["employmentProgrammes"], code
        assert all(item["source"] for item in country["agencies"] + country["screeningRules"])


def test_vietnam_agencies_follow_the_2025_merger(client: TestClient) -> None:
    query = """{ country(code: "VN") {
        before: agencies(activeInYear: 2024) { acronym }
        after: agencies(activeInYear: 2026) { acronym }
        molisa: agencies { acronym validToYear } } }"""
    country = gql(client, query)["country"]
    assert [a["acronym"] for a in country["before"]] == ["MOLISA", "COLAB"]
    assert [a["acronym"] for a in country["after"]] == ["MoHA", "COLAB"]
    assert {"acronym": "MOLISA", "validToYear": 2025} in country["molisa"]


def test_thai_embassy_has_its_labour_office(client: TestClient) -> None:
    query = '{ country(code: "TH") { embassy { name labourOffice { name website } } } }'
    embassy = gql(client, query)["country"]["embassy"]
    assert embassy["labourOffice"] == {
        "name": "Office of Labour Affairs in Japan",
        "website": "https://japan.mol.go.th",
    }


def test_group_job_interviews_in_every_country(client: TestClient) -> None:
    data = gql(client, "{ countries { code employmentProgrammes { kind organiser { acronym } } } }")
    for country in data["countries"]:
        kinds = [p["kind"] for p in country["employmentProgrammes"]]
        assert "GROUP_JOB_INTERVIEW" in kinds, country["code"]


def test_ikapeksi_is_indonesia_s_returnee_association(client: TestClient) -> None:
    query = """{ countries { code returneeAssociations { acronym regionalBoardCount
                 boards { level } } } }"""
    associations = {c["code"]: c["returneeAssociations"] for c in gql(client, query)["countries"]}
    assert associations["ID"] == [
        {"acronym": "IKAPEKSI", "regionalBoardCount": 19, "boards": [{"level": "CENTRAL"}]}
    ]
    assert all(not associations[code] for code in ("TH", "VN", "BD", "LK"))


def test_plugins_lists_the_bundled_countries(client: TestClient) -> None:
    plugins = gql(client, "{ plugins { name package version countryCode hooks } }")["plugins"]
    assert [(p["name"], p["countryCode"]) for p in plugins] == [
        ("bangladesh", "BD"),
        ("indonesia", "ID"),
        ("srilanka", "LK"),
        ("thailand", "TH"),
        ("vietnam", "VN"),
    ]
    assert {p["package"] for p in plugins} == {"imjapan-api"}
    indonesia = plugins[1]
    assert "country_graphql" in indonesia["hooks"]
    assert "country_returnee_associations" in indonesia["hooks"]
    assert "country_graphql" not in plugins[3]["hooks"]
