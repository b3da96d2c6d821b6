"""GET /api/v1/changes and the Atom feed over a real server: the same items as the CLI, paged by
`next`, resumable from any cursor, and no reporter's contact anywhere in them."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from typing import Any

import pytest

from tests.api.conftest import Server, seed, start_server, stop_server
from tests.watch.reports import accept_field_report

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    tmp = tmp_path_factory.mktemp("changes")
    db_url = f"sqlite:///{tmp / 'changes.db'}"
    tokens = seed(db_url, candidates=False)
    srv = start_server(db_url, tmp / "server.log")
    srv.tokens = tokens
    try:
        yield srv
    finally:
        stop_server(srv)


def _all(server: Server, page: int, **params: Any) -> list[dict[str, Any]]:
    c = server.client()
    out: list[dict[str, Any]] = []
    since = None
    while True:
        q = {"limit": page, **params, **({"since": since} if since else {})}
        body = c.get("/changes", params=q).json()
        assert set(body) == {"items", "next"}
        out += body["items"]
        if body["next"] is None:
            return out
        since = body["next"]


def test_the_feed_pages_in_order_and_matches_the_cli(server: Server, cli: Any) -> None:
    small, big = _all(server, 7), _all(server, 1000)
    assert small == big
    assert len(big) > 20
    assert {"ledger_entry", "actor", "truce"} <= {i["entity"] for i in big}
    for i in big:
        assert set(i) == {"cursor", "at", "kind", "entity", "id", "truce_id", "data"}
    assert len({i["cursor"] for i in big}) == len(big)
    out = cli("changes", "--db", server.db_url, "--limit", "1000", "--json")
    assert out.code == 0, out.err
    assert out.json() == {"items": big, "next": None}
    mid = big[len(big) // 2]["cursor"]
    assert _all(server, 50, since=mid) == big[len(big) // 2 + 1 :]


def test_the_truce_filter_keeps_that_truces_rows(server: Server) -> None:
    every = _all(server, 1000)
    truce_id = next(i["truce_id"] for i in every if i["entity"] == "ledger_entry")
    only = _all(server, 1000, truce=str(truce_id))
    assert only == [i for i in every if i["truce_id"] == truce_id]


def test_a_bad_cursor_is_a_400_naming_the_field(server: Server) -> None:
    r = server.client().get("/changes", params={"since": "%%%"})
    assert r.status_code == 400
    assert r.json()["field"] == "since"


def test_no_reporter_contact_in_the_feed_or_the_atom(server: Server) -> None:
    email, name = accept_field_report(server, dt.date(2017, 5, 6))
    c = server.client()
    feed = c.get("/changes", params={"limit": 1000}).text
    assert "incident" in feed
    truce_ids = {i["truce_id"] for i in _all(server, 1000) if i["truce_id"]}
    for truce_id in truce_ids:
        r = c.get(f"/truces/{truce_id}/changes.atom")
        assert r.status_code == 200
        assert r.headers["content-type"].startswith("application/atom+xml")
        root = ET.fromstring(r.content)
        assert root.tag == f"{ATOM}feed"
        assert root.findall(f"{ATOM}entry")
        for secret in (email, name, "moderator", "system"):
            assert secret not in r.text
    for secret in (email, name):
        assert secret not in feed
    assert c.get("/truces/999999/changes.atom").status_code == 404
