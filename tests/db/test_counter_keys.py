"""Rate counters store a fixed-length hash of their key: any email can be counted
(and paused), and no client-sized key is ever stored."""

from __future__ import annotations

import pytest
from sqlalchemy import func
from sqlmodel import col, select
from starlette.testclient import TestClient

from core.app import create_app
from core.db.counters import stored_key
from core.db.models import RateCounter
from core.settings import Settings

LOGIN = """mutation($e: String, $p: String) { login(input: {email: $e, password: $p}) {
    accessToken errors { code } } }"""
LONG_EMAIL = "a" * 64 + "@" + ("b" * 62 + ".") * 2 + "b" * 59 + ".org"  # 254 characters
HUGE_EMAIL = "c" * 900_000 + "@example.org"


def test_stored_keys_are_short_distinct_and_keep_their_kind() -> None:
    keys = [stored_key(f"login:{email}") for email in (LONG_EMAIL, HUGE_EMAIL, "x\x00y@e.org")]
    assert len(set(keys)) == 3
    assert all(key.startswith("login:") and len(key) == len("login:") + 64 for key in keys)
    assert stored_key("address:127.0.0.1") != stored_key("address:127.0.0.2")
    assert len(stored_key("no kind here")) == 64


@pytest.mark.database
@pytest.mark.parametrize("email", [LONG_EMAIL, HUGE_EMAIL], ids=["254 characters", "900 KB"])
def test_wrong_sign_ins_with_a_long_email_are_counted_and_paused(
    db_settings: Settings, email: str
) -> None:
    assert len(LONG_EMAIL) == 254
    settings = db_settings.model_copy(update={"login_failures_allowed": 3})
    with TestClient(create_app(settings)) as client:
        answers = [
            client.post(
                "/graphql", json={"query": LOGIN, "variables": {"e": email, "p": "wrong!!!"}}
            )
            for _ in range(4)
        ]
        database = client.app.state.db  # type: ignore[attr-defined]

        async def longest_key() -> int:
            async with database.session() as session:
                return int(
                    (await session.exec(select(func.max(func.length(col(RateCounter.key)))))).one()
                )

        longest = client.portal.call(longest_key)  # type: ignore[union-attr]
    assert all(answer.status_code == 200 for answer in answers)
    texts = "".join(answer.text for answer in answers)
    assert "[SQL:" not in texts and "Error" not in texts
    codes = [answer.json()["data"]["login"]["errors"][0]["code"] for answer in answers]
    assert codes[-1] == "LIMIT_EXCEEDED"
    assert longest <= 100
