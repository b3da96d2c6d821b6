"""GET /api/v1/truces/{id}/bulletins.atom over a real server: valid Atom (feedparser), one entry
per finished day newest first with stable ids, each entry the bulletin of its day, no
reporter's contact anywhere; the truce page and the bulletin page link it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import feedparser
import httpx
import pytest

from tests.api.conftest import Server, seed, start_server, stop_server
from tests.watch.reports import accept_field_report
from trucewatch.domain.actors import ActorKind
from trucewatch.domain.dates import PartialDate
from trucewatch.domain.incidents import IncidentTime, Place
from trucewatch.domain.ledger import EntryKind
from trucewatch.domain.truces import TruceKind
from trucewatch.services import incidents, registry, truces
from trucewatch.services.context import SYSTEM
from trucewatch.storage.db import Database

SRC = "https://example.org/bulletin-feed-src"
TODAY = dt.datetime.now(dt.UTC).date()
YESTERDAY = TODAY - dt.timedelta(days=1)
FEED_ATOM = "application/atom+xml"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    tmp = tmp_path_factory.mktemp("bulletins")
    db_url = f"sqlite:///{tmp / 'bulletins.db'}"
    tokens = seed(db_url, candidates=False)
    database = Database.open(db_url)
    try:
        with database.transaction() as store:
            for name in ("Recent Alpha", "Recent Bravo"):
                registry.add_actor(store, SYSTEM, name, ActorKind.ARMED_GROUP)
            truces.add_truce(
                store,
                SYSTEM,
                "Recent Truce",
                TruceKind.NATIONWIDE_CEASEFIRE,
                effective=PartialDate.of(TODAY - dt.timedelta(days=5)),
                countries=["SY"],
            )
            truces.record_participation(
                store,
                SYSTEM,
                "Recent Truce",
                "Recent Alpha",
                EntryKind.JOINED,
                effective=PartialDate.of(TODAY - dt.timedelta(days=5)),
                sources=[SRC],
            )
            truces.record_participation(
                store,
                SYSTEM,
                "Recent Truce",
                "Recent Bravo",
                EntryKind.JOINED,
                effective=PartialDate.of(TODAY - dt.timedelta(days=2)),
                sources=[SRC],
            )
            incidents.file_incident(
                store,
                SYSTEM,
                type="violence.shelling",
                occurred=IncidentTime(YESTERDAY),
                place=Place(name="Douma", country="SY"),
                source=SRC,
            )
    finally:
        database.dispose()
    srv = start_server(db_url, tmp / "server.log")
    srv.tokens = tokens
    try:
        yield srv
    finally:
        stop_server(srv)


def _truce_id(server: Server) -> int:
    body = server.client().get("/truces", params={"limit": 100}).json()
    return next(t["id"] for t in body["items"] if t["name"] == "Recent Truce")


def test_the_bulletin_feed_is_atom_one_entry_per_day_matching_the_bulletins(
    server: Server,
) -> None:
    email, name = accept_field_report(server, YESTERDAY)
    truce_id = _truce_id(server)
    c = server.client()
    r = c.get(f"/truces/{truce_id}/bulletins.atom", params={"days": 10})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith(FEED_ATOM)
    feed = feedparser.parse(r.content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10"
    # Finished days only, newest first, none before the truce took effect (5 days ago).
    days = [TODAY - dt.timedelta(days=i) for i in range(1, 6)]
    assert [e.title.rsplit(" ", 1)[1] for e in feed.entries] == [d.isoformat() for d in days]
    for day, entry in zip(days, feed.entries, strict=True):
        b = c.get(f"/truces/{truce_id}/bulletin", params={"date": day.isoformat()}).json()
        html = entry.content[0].value
        assert f"daily bulletin for {day.isoformat()}" in html
        p = b["participation"]
        assert f"Participants {p['count']} ({p['change']:+d})" in entry.summary
        items = b["violations"]["incidents"] + b["other_incidents"]
        for item in items:
            assert f"#{item['id']} " in html
        assert entry.link.endswith(f"/truces/{truce_id}/bulletin?day={day.isoformat()}")
        assert entry.updated_parsed[:3] == (day + dt.timedelta(days=1)).timetuple()[:3]
    yesterday = c.get(f"/truces/{truce_id}/bulletin", params={"date": YESTERDAY.isoformat()})
    assert (
        len(yesterday.json()["other_incidents"] + yesterday.json()["violations"]["incidents"]) >= 2
    )
    for secret in (email, name, "moderator", "system"):
        assert secret not in r.text
    # Stable ids: the same day keeps its id across requests and a shorter window.
    again = feedparser.parse(c.get(f"/truces/{truce_id}/bulletins.atom?days=2").content)
    assert [e.id for e in again.entries] == [e.id for e in feed.entries[:2]]
    assert len({e.id for e in feed.entries}) == len(feed.entries)


@pytest.mark.parametrize("query", ["days=0", "days=32", "days=x", "nope=1"])
def test_a_bad_window_is_refused(server: Server, query: str) -> None:
    r = server.client().get(f"/truces/{_truce_id(server)}/bulletins.atom?{query}")
    assert r.status_code in (400, 422)


def test_an_unknown_truce_is_a_404(server: Server) -> None:
    assert server.client().get("/truces/999999/bulletins.atom").status_code == 404


def test_the_truce_page_and_the_bulletin_page_link_the_feed(server: Server) -> None:
    truce_id = _truce_id(server)
    href = f"/api/v1/truces/{truce_id}/bulletins.atom"
    with httpx.Client(base_url=server.base, timeout=30) as web:
        pages: list[Any] = [
            web.get("/", params={"truce": truce_id}),
            web.get(f"/truces/{truce_id}/bulletin", params={"day": YESTERDAY.isoformat()}),
        ]
        for page in pages:
            assert page.status_code == 200
            text = page.text
            assert f'rel="alternate" type="{FEED_ATOM}"' in text
            assert f'href="{href}"' in text.split("</head>")[0]  # for feed readers
            assert f'href="{href}"' in text.split("<body")[1]  # and for people
        assert web.get(href).status_code == 200
