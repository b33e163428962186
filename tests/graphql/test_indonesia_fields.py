"""Indonesia's own root fields, contributed through the country_graphql hook."""

from __future__ import annotations

from starlette.testclient import TestClient

from core.settings import Settings
from tests.conftest import gql, make_app


def test_indonesia_ikapeksi(client: TestClient) -> None:
    query = """{ indonesiaIkapeksi { acronym localName regionalBoardCount regionalBoards { id }
               centralBoard { level localName } congresses { year regionalBoardsPresent } } }"""
    assert gql(client, query)["indonesiaIkapeksi"] == {
        "acronym": "IKAPEKSI",
        "localName": "Ikatan Pengusaha Kenshusei Indonesia",
        "regionalBoardCount": 19,
        "regionalBoards": [],
        "centralBoard": {"level": "CENTRAL", "localName": "DPP"},
        "congresses": [{"year": 2024, "regionalBoardsPresent": 12}],
    }


def test_indonesia_selection_stages_are_in_order(client: TestClient) -> None:
    stages = gql(client, "{ indonesiaSelectionStages { order name } }")["indonesiaSelectionStages"]
    assert [s["order"] for s in stages] == list(range(1, 9))
    assert stages[1]["name"] == "Basic maths test"


def test_disabling_indonesia_removes_its_fields(sqlite_url: str) -> None:
    settings = Settings(database_url=sqlite_url, countries=("thailand", "vietnam"))
    app = make_app(settings, load_entrypoints=True)
    with TestClient(app) as client:
        assert [c["code"] for c in gql(client, "{ countries { code } }")["countries"]] == [
            "TH",
            "VN",
        ]
        response = client.post("/graphql", json={"query": "{ indonesiaIkapeksi { acronym } }"})
    assert response.json()["errors"][0]["message"] == (
        "Cannot query field 'indonesiaIkapeksi' on type 'Query'."
    )
