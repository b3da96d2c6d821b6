"""Lists page in the database: a page of 50 reads O(page) rows, whatever the total.

The server runs in this process (uvicorn on a real socket, as in test_export_disconnect.py) so
that the test can listen to its engines: every SELECT the request runs is recorded with its
parameters and run again afterwards to count the rows it returns. Two databases are built from
the same generator, one with 300 incidents and one with 2,000 (the first 300 identical), so a
page near the start must cost exactly the same statements and rows in both. Paging through a
list returns every matching incident exactly once, in id order, also when incidents are added
between pages (hypothesis). On SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import random
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
import uvicorn
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import event, insert
from sqlalchemy.engine import Engine

from tests.api.conftest import free_port
from trucewatch.api.pagination import encode_cursor
from trucewatch.domain.actors import ActorKind
from trucewatch.domain.incidents import Fatalities, TimePrecision, VerificationStatus
from trucewatch.server.app import create_app
from trucewatch.services.context import SYSTEM
from trucewatch.services.curated import load_dataset
from trucewatch.services.incident_queries import list_incidents
from trucewatch.services.incidents import fatality_columns
from trucewatch.services.registry import add_actor
from trucewatch.services.sources import get_or_create_source
from trucewatch.settings import Settings
from trucewatch.storage.db import Database
from trucewatch.storage.tables import verification_events

SMALL, LARGE = 300, 2000
STATUSES = ("verified", "disputed", "observed")
# One recording time for every row, so that the same incident reads the same in both databases.
RECORDED = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)


@dataclass
class Seeder:
    """Synthetic incidents, each the same for its index whatever the database."""

    database: Database
    parties: list[int]
    sources: list[int]
    count: int = 0

    def add(self, n: int) -> None:
        rows, actors, statuses = [], [], []
        now = RECORDED
        for i in range(self.count, self.count + n):
            rng = random.Random(i)
            day = dt.date(2016, 1, 1) + dt.timedelta(days=rng.randrange(730))
            precision = rng.choice(list(TimePrecision))
            if precision is TimePrecision.MONTH:
                day = day.replace(day=1)
            rows.append(
                {
                    "type": "violence.shelling",
                    "summary": f"Paging test incident {i}",
                    "occurred_on": day,
                    "occurred_precision": str(precision),
                    "place_name": f"Place {i % 37}",
                    "admin1": rng.choice(["Aleppo", "Idlib", "Daraa"]),
                    "country": rng.choice(["SY", "SY", "SY", "LB"]),
                    "lat": None,
                    "lon": None,
                    "geo_precision": 1,
                    "source_id": rng.choice(self.sources),
                    "recorded_at": now,
                    "recorded_by": "test",
                }
            )
            perps = [rng.choice(self.parties)] if rng.random() < 0.6 else []
            targets = [rng.choice(self.parties)] if rng.random() < 0.3 else []
            actors.append((perps, targets))
            statuses.append(rng.choice((None, *STATUSES)))
        self.count += n
        with self.database.transaction() as store:
            ids = store.insert_incidents_bulk(rows)
            claim_rows = [
                {
                    "incident_id": inc,
                    "claimant_id": None,
                    "source_id": r["source_id"],
                    "document_id": None,
                    "evidence_start": None,
                    "evidence_end": None,
                    "evidence_text": None,
                    "type": r["type"],
                    "place_name": r["place_name"],
                    "admin1": r["admin1"],
                    "same_story_as": None,
                    "note": None,
                    "recorded_at": now,
                    "recorded_by": "test",
                    **fatality_columns(Fatalities()),
                }
                for inc, r in zip(ids, rows, strict=True)
            ]
            store.insert_claims_bulk(claim_rows, actors)
            vrows = [
                {
                    "incident_id": inc,
                    "claim_id": None,
                    "status": s,
                    "previous": "reported",
                    "actor_id": None,
                    "happened_on": r["occurred_on"],
                    "source_id": r["source_id"],
                    "note": None,
                    "recorded_at": now,
                    "recorded_by": "test",
                }
                for inc, r, s in zip(ids, rows, statuses, strict=True)
                if s is not None
            ]
            if vrows:
                store.conn.execute(insert(verification_events), vrows)


def seed(url: str, n: int) -> Seeder:
    database = Database(url)
    database.migrate()
    with database.transaction() as store:
        load_dataset(store, SYSTEM, "syria-2016")
        parties = sorted({e.actor_id for t in (1, 2) for e in store.truce_entries(t)})
        sources = [get_or_create_source(store, f"https://example.org/{k}")[0] for k in range(5)]
        # Actors grow with the database too: one per eight incidents, the first ones the same.
        for k in range(n // 8):
            add_actor(store, SYSTEM, f"Paging militia {k:04d}", ActorKind.ARMED_GROUP)
    seeder = Seeder(database, parties, sources)
    seeder.add(n)
    return seeder


@dataclass
class Recorder:
    """The SELECTs a server's engines run, and what they return when run again."""

    engines: list[Engine]
    statements: list[tuple[str, Any]] = field(default_factory=list)

    def __post_init__(self) -> None:
        for e in self.engines:
            event.listen(e, "before_cursor_execute", self._record)

    def _record(self, _conn: Any, _cur: Any, statement: str, params: Any, *_a: Any) -> None:
        if statement.lstrip().upper().startswith(("SELECT", "WITH")):
            self.statements.append((statement, params))

    def cost(self, client: httpx.Client, path: str) -> tuple[int, int, httpx.Response]:
        """(statements, rows they return) of one GET."""
        self.statements.clear()
        resp = client.get(path)
        assert resp.status_code == 200, resp.text
        seen = list(self.statements)
        rows = 0
        with self.engines[0].connect() as conn:
            for statement, params in seen:
                rows += len(conn.exec_driver_sql(statement, params).fetchall())
        return len(seen), rows, resp

    def close(self) -> None:
        for e in self.engines:
            event.remove(e, "before_cursor_execute", self._record)


@dataclass
class Running:
    base: str
    app: Any
    seeder: Seeder

    def recorder(self) -> Recorder:
        db = self.app.state.services.database
        return Recorder([e for e in (db.engine, db.read_engine) if e is not None])


def _serve(url: str, seeder: Seeder) -> Iterator[Running]:
    app = create_app(Settings(database_url=url, secret_key=b"k" * 32))
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "server did not start"
        time.sleep(0.05)
    try:
        yield Running(f"http://127.0.0.1:{port}", app, seeder)
    finally:
        server.should_exit = True
        thread.join(10)
        seeder.database.dispose()


def _fresh_url(request: pytest.FixtureRequest, backend: str, name: str) -> str:
    if backend == "sqlite":
        path = request.getfixturevalue("tmp_path_factory").mktemp(name) / "t.db"
        return f"sqlite:///{path}"
    from tests.conftest import _fresh_postgres

    return _fresh_postgres(
        request.getfixturevalue("postgres_server"), request.getfixturevalue("postgres_template")
    )


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="module")
def small(request: pytest.FixtureRequest, backend: str) -> Iterator[Running]:
    url = _fresh_url(request, backend, "small")
    yield from _serve(url, seed(url, SMALL))


@pytest.fixture(scope="module")
def large(request: pytest.FixtureRequest, backend: str) -> Iterator[Running]:
    url = _fresh_url(request, backend, "large")
    yield from _serve(url, seed(url, LARGE))


PAGES = [
    "/api/v1/incidents?limit=50",
    f"/api/v1/incidents?limit=50&cursor={encode_cursor(120)}",
    "/api/v1/incidents?limit=50&status=verified",
    "/api/v1/incidents?limit=50&truce=2&since=2017-01-01",
    "/api/v1/actors?limit=50",
]


@pytest.mark.parametrize("path", PAGES)
def test_a_page_reads_the_same_rows_whatever_the_total(
    small: Running, large: Running, path: str
) -> None:
    costs = []
    for running in (small, large):
        rec = running.recorder()
        try:
            with httpx.Client(base_url=running.base, timeout=120) as client:
                statements, rows, resp = rec.cost(client, path)
        finally:
            rec.close()
        costs.append((statements, rows, resp.json()))
    (s_small, r_small, body_small), (s_large, r_large, body_large) = costs
    # The same page (it lies in the first 300 incidents of both databases)...
    keys = [[i.get("id", i.get("entry_id")) for i in b["items"]] for b in (body_small, body_large)]
    assert keys[0] == keys[1]
    assert keys[0], "the page is not empty"
    # ...costs the same statements and rows in both: none of it depends on the total.
    assert (s_large, r_large) == (s_small, r_small)
    # About ten rows per item (claims, their actors, transitions, sources, names) plus the
    # truces and their ledgers for the violation check: far fewer than the 2,000 incidents.
    assert r_large < LARGE // 4


def _all_pages(client: httpx.Client, query: str, limit: int, added: list[int], seeder: Seeder):
    ids: list[int] = []
    cursor = None
    for step in range(10_000):
        path = f"/api/v1/incidents?limit={limit}{query}" + (f"&cursor={cursor}" if cursor else "")
        body = client.get(path).json()
        ids += [int(i["id"]) for i in body["items"]]
        assert len(body["items"]) <= limit
        cursor = body["next_cursor"]
        if cursor is None:
            return ids
        # Rows are added during the first pages only: added at every step faster than pages
        # are read, the list would grow for ever and no paging could end.
        if step < len(added) * 5 and added[step % len(added)]:
            seeder.add(added[step % len(added)])
    raise AssertionError("paging did not end")


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    limit=st.integers(1, 200),
    status=st.sampled_from([None, "reported", *STATUSES]),
    truce=st.sampled_from([None, 1, 2]),
    since=st.sampled_from([None, dt.date(2016, 6, 1), dt.date(2017, 2, 1)]),
    until=st.sampled_from([None, dt.date(2016, 9, 30), dt.date(2017, 6, 30)]),
    added=st.lists(st.integers(0, 7), min_size=1, max_size=4),
)
def test_paging_returns_each_match_once_in_order_while_rows_are_added(
    small: Running,
    limit: int,
    status: str | None,
    truce: int | None,
    since: dt.date | None,
    until: dt.date | None,
    added: list[int],
) -> None:
    query = "".join(
        f"&{k}={v}"
        for k, v in (("status", status), ("truce", truce), ("since", since), ("until", until))
        if v is not None
    )
    with httpx.Client(base_url=small.base, timeout=120) as client:
        ids = _all_pages(client, query, limit, added, small.seeder)
    with small.seeder.database.transaction(readonly=True) as store:
        expected = list_incidents(
            store,
            truce=None if truce is None else str(truce),
            since=since,
            until=until,
            status=None if status is None else VerificationStatus(status),
        )
    # Every match, once each, in id order; the rows added while paging (higher ids) included.
    assert ids == sorted(int(v["id"]) for v in expected)
