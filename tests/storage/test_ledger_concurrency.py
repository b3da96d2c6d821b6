"""Concurrent writers of the ledger and readers beside them.

Appends that rebuild the span projection of one (truce, actor) lock the pair on PostgreSQL
(`LedgerRepo.lock_pair`), and a trigger refuses overlapping spans of one party on both
backends (migration 0012). On SQLite a write unit holds the one write lock from BEGIN, so
appends are serialised already. A read unit held open (a page being rendered) never makes a
writer in another process wait.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from tests.storage.test_ledger_store import ME, setup_world
from tests.test_ingest_review import STORY, write_jsonl
from trucewatch.domain.dates import parse_date
from trucewatch.domain.ledger import EntryKind, fold, live_entries, spans_for
from trucewatch.services import truces as svc
from trucewatch.storage.db import Database

TRUCE = "Syria nationwide ceasefire"
KINDS = [EntryKind.JOINED, EntryKind.WITHDREW, EntryKind.SUSPENDED, EntryKind.RESUMED]
PARTIES = [None, "Russia", "Turkey"]


def _projection(database: Database, truce_id: int, actor_id: int) -> set[tuple[Any, ...]]:
    with database.read() as store:
        rows = store.conn.execute(
            text(
                "SELECT party, start_on, until_on, entry_id FROM participation_spans "
                "WHERE truce_id = :t AND actor_id = :a"
            ),
            {"t": truce_id, "a": actor_id},
        )
        return {(r.party, _day(r.start_on), _day(r.until_on), r.entry_id) for r in rows}


def _day(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(value)


def _fold_of_entries(database: Database, truce_id: int, actor_id: int) -> set[tuple[Any, ...]]:
    with database.read() as store:
        entries = store.truce_entries(truce_id, actor_id=actor_id)
    return {(s.party, s.start, s.until, s.entry.id) for s in spans_for(live_entries(entries))}


def _ids(database: Database, actor: str) -> tuple[int, int]:
    with database.read() as store:
        t = store.conn.execute(text("SELECT id FROM truces WHERE name = :n"), {"n": TRUCE})
        a = store.conn.execute(text("SELECT id FROM actors WHERE name = :n"), {"n": actor})
        return int(t.scalar_one()), int(a.scalar_one())


def test_concurrent_appends_for_one_pair_keep_the_projection_the_fold(
    database: Database,
) -> None:
    """Threads append entries for one (truce, actor) at once, round after round; afterwards
    the stored spans are exactly the spans of the live entries, and every as-of answer is the
    fold's. Without the lock PostgreSQL kept spans that the other append's rebuild missed."""
    setup_world(database)
    truce_id, actor_id = _ids(database, "Ahrar al-Sham")
    rng = random.Random(17)
    threads_per_round, rounds = 8, 6
    errors: list[BaseException] = []

    def append(barrier: threading.Barrier, kind: EntryKind, day: str, party: str | None) -> None:
        try:
            barrier.wait(timeout=30)
            with database.write() as store:
                svc.record_participation(
                    store, ME, TRUCE, "Ahrar al-Sham", kind,
                    effective=parse_date(day), sources=["wire"], asserted_by=party,
                )  # fmt: skip
        except BaseException as exc:  # noqa: BLE001 - reported by the main thread
            errors.append(exc)

    for _ in range(rounds):
        barrier = threading.Barrier(threads_per_round)
        workers = [
            threading.Thread(
                target=append,
                args=(
                    barrier,
                    rng.choice(KINDS),
                    f"2017-{rng.randint(1, 6):02d}-{rng.randint(1, 28):02d}",
                    rng.choice(PARTIES),
                ),
            )
            for _ in range(threads_per_round)
        ]
        for w in workers:
            w.start()
        for w in workers:
            w.join(timeout=120)
    assert errors == []
    assert _projection(database, truce_id, actor_id) == _fold_of_entries(
        database, truce_id, actor_id
    )
    with database.read() as store:
        entries = store.truce_entries(truce_id)
        for day in (dt.date(2017, m, d) for m in range(1, 8) for d in (1, 10, 20)):
            assert store.participations_on(truce_id, day).keys() == fold(entries, day).keys()


def test_an_overlapping_span_inserted_directly_is_refused(database: Database) -> None:
    setup_world(database)
    with database.write() as store:
        svc.record_participation(
            store, ME, TRUCE, "Jaysh al-Islam", EntryKind.JOINED,
            effective=parse_date("2017-01-01"), sources=["wire"], asserted_by="Russia",
        )  # fmt: skip
    truce_id, actor_id = _ids(database, "Jaysh al-Islam")
    [(party, start, until, entry_id)] = _projection(database, truce_id, actor_id)
    assert until is None
    insert = text(
        "INSERT INTO participation_spans (truce_id, actor_id, party, start_on, until_on, is_in,"
        " kind, precision, recorded_at, entry_id, node) VALUES (:t, :a, :p, :s, :u, 1,"
        " 'joined', 'day', :r, :e, 0)"
    )
    row = {"t": truce_id, "a": actor_id, "e": entry_id, "r": dt.datetime(2017, 2, 1)}
    # Another party's span on the same days is no overlap: each party has its own view.
    with database.write() as store:
        store.conn.execute(insert, {**row, "p": 0, "s": dt.date(2017, 2, 1), "u": None})
    # The same party, any days from 2017-01-01 on: refused, and nothing is kept.
    for start, until in [(dt.date(2017, 2, 1), None), (dt.date(2016, 12, 1), dt.date(2017, 1, 2))]:
        with pytest.raises(DBAPIError, match="overlapping spans"), database.write() as store:
            store.conn.execute(insert, {**row, "p": party, "s": start, "u": until})
    # Before the span starts it is no overlap.
    with database.write() as store:
        store.conn.execute(
            insert, {**row, "p": party, "s": dt.date(2016, 12, 1), "u": dt.date(2017, 1, 1)}
        )
    assert len(_projection(database, truce_id, actor_id)) == 3


def test_a_read_unit_held_open_does_not_make_an_ingest_wait(db_url: str, tmp_path: Path) -> None:
    """A page being rendered holds a read unit; `trucewatch ingest` in another process goes
    ahead at once. Before, pages began BEGIN IMMEDIATE on SQLite, and the ingest waited for
    the busy timeout (5 s) and then failed with 'database is locked'."""
    database = Database(db_url)
    src = write_jsonl(
        tmp_path / "news.jsonl",
        [{"id": f"n{i}", "text": STORY + f"\nUpdate {i}.\n" * (i + 1)} for i in range(3)],
    )
    try:
        with database.read() as store:
            # The page's first statement: under WAL the reader now holds its snapshot.
            store.conn.execute(text("SELECT count(*) FROM truces")).scalar_one()
            started = time.monotonic()
            done = subprocess.run(
                [sys.executable, "-c", "from trucewatch.cli import main; main()",
                 "ingest", str(src), "--db", db_url, "--json"],
                capture_output=True, text=True, timeout=120,
            )  # fmt: skip
            elapsed = time.monotonic() - started
            store.conn.execute(text("SELECT count(*) FROM documents")).scalar_one()
    finally:
        database.dispose()
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["read"] == 3
    assert elapsed < 20, f"the ingest took {elapsed:.1f} s beside the open page"
