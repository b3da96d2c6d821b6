"""The same server against a real PostgreSQL database: the core flows, end to end."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.api.conftest import Server, seed, start_server, stop_server
from tests.conftest import _fresh_postgres

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def pg_server(
    postgres_server: str, postgres_template: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Server]:
    db_url = _fresh_postgres(postgres_server, postgres_template)
    tokens = seed(db_url, candidates=False)
    srv = start_server(db_url, tmp_path_factory.mktemp("pg") / "server.log")
    srv.tokens = tokens
    try:
        yield srv
    finally:
        stop_server(srv)


def test_reads_pages_and_etags_on_postgres(pg_server: Server) -> None:
    c = pg_server.client()
    assert c.get("/health").json() == {"status": "ok", "database": "postgresql"}
    first = c.get("/actors", params={"limit": 10}).json()
    second = c.get("/actors", params={"limit": 10, "cursor": first["next_cursor"]}).json()
    assert first["items"][-1]["id"] < second["items"][0]["id"]
    r = c.get("/truces/2/participants", params={"as_of": "2017-06-01"})
    assert r.status_code == 200 and r.json()["participants"]
    assert (
        c.get(
            "/truces/2/participants",
            params={"as_of": "2017-06-01"},
            headers={"If-None-Match": r.headers["etag"]},
        ).status_code
        == 304
    )


def test_exports_stream_on_postgres(pg_server: Server) -> None:
    """Exports run in a read-only REPEATABLE READ transaction of their own."""
    c = pg_server.client()
    r = c.get("/export/ledger-csv")
    assert r.status_code == 200
    lines = r.text.splitlines()
    assert len(lines) > 1 and "truce" in lines[0]


def test_field_report_to_claim_on_postgres(pg_server: Server) -> None:
    email = "pg-reporter@example.net"
    body = {
        "description": "Clashes",
        "place": "Idlib",
        "occurred_on": "2017-05-10",
        "contact": {"email": email},
    }
    assert pg_server.client().post("/reports", json=body).status_code == 202
    mod = pg_server.client("moderator")
    [item] = mod.get("/moderation/reports").json()["items"]
    assert item["contact"]["email"] == email
    acc = mod.post(f"/moderation/reports/{item['id']}/accept", json={"type": "violence.shelling"})
    assert acc.status_code == 200, acc.text
    audit = (
        pg_server.client("admin").get("/audit", params={"entity": "field_report"}).json()["items"]
    )
    assert {a["action"] for a in audit} == {"submit_field_report", "accept_field_report"}
    assert email not in str(audit)
    assert pg_server.client("viewer").get("/audit").status_code == 403
