"""kill -9 in the middle of `trucewatch ingest` and `trucewatch import acled` loses nothing.

Each command runs as a subprocess on a real database file (and a real PostgreSQL server) and is
killed with SIGKILL at random points: after a random delay, once a random number of documents is
stored (ingest), or while its transaction is writing (import). After every kill the database must
hold only complete items: each stored document has exactly the candidates its stored extraction
names and one audit entry saying so; an ACLED file is all there or not there at all. The rows of
the ledger and the audit log that existed before a run are still there, unchanged (append-only).
Then the same command, run again, must complete, and the database must match one that a single
uninterrupted run produced: no item missing, none twice.

`make test` kills each command a few times per backend; TRUCEWATCH_KILL_RUNS sets how many (the
issue's probe used 54), TRUCEWATCH_KILL_SEED replays a run (the seed is in every failure message).
"""

from __future__ import annotations

import csv
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url

from trucewatch.services.context import SYSTEM
from trucewatch.services.curated import load_dataset
from trucewatch.storage.db import Database
from trucewatch.storage.tables import (
    actors,
    audit_log,
    candidates,
    claims,
    document_sources,
    documents,
    external_records,
    incidents,
    ledger_entries,
    sources,
)

ROOT = Path(__file__).resolve().parent.parent
CORPUS = (
    ROOT
    / "src/trucewatch/data/demo-corpus/centcom-oir-strike-releases"
    / "syria_strike_releases_2016_ceasefire_windows.jsonl"
)
ACLED = ROOT / "tests/fixtures/interop/acled_syria_2017.csv"
RUNS = int(os.environ.get("TRUCEWATCH_KILL_RUNS", "3"))
SEED = int(os.environ.get("TRUCEWATCH_KILL_SEED", str(random.SystemRandom().randrange(2**32))))
DEADLINE_S = 300


def _cli(db_url: str, *args: str) -> list[str]:
    return [sys.executable, "-c", "from trucewatch.cli import main; main()", *args, "--db", db_url]


def _seeded(db_url: str) -> None:
    """The curated dataset: a registry for extraction's gazetteer, ledger rows, audit rows."""
    database = Database.open(db_url)
    try:
        with database.transaction() as store:
            load_dataset(store, SYSTEM, "syria-2016")
    finally:
        database.dispose()


def _read(db_url: str, fn: Callable[[Any], Any]) -> Any:
    database = Database(db_url)
    try:
        with database.transaction(readonly=True) as store:
            return fn(store.conn)
    finally:
        database.dispose()


def _count(conn: Any, table: Any) -> int:
    return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def _append_only_rows(db_url: str) -> dict[str, list[tuple[Any, ...]]]:
    def rows(conn: Any) -> dict[str, list[tuple[Any, ...]]]:
        return {
            t.name: [tuple(r) for r in conn.execute(select(t).order_by(t.c.id))]
            for t in (audit_log, ledger_entries)
        }

    return _read(db_url, rows)  # type: ignore[no-any-return]


def _check_append_only(before: dict[str, list[tuple[Any, ...]]], db_url: str, why: str) -> None:
    after = _append_only_rows(db_url)
    for name, old in before.items():
        assert after[name][: len(old)] == old, f"{name} rows changed or vanished ({why})"


def _writing(db_url: str) -> bool:
    """Whether another connection holds an open write transaction on the database."""
    url = make_url(db_url)
    if url.get_backend_name() == "sqlite":
        con = sqlite3.connect(str(url.database), timeout=0, isolation_level=None)
        try:
            con.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError:
            return True
        else:
            con.execute("ROLLBACK")
            return False
        finally:
            con.close()
    q = text(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
        " AND pid <> pg_backend_pid() AND backend_xid IS NOT NULL"
    )
    return bool(_read(db_url, lambda c: c.execute(q).scalar_one()))


def _kill_when(
    cmd: list[str], log: Path, ready: Callable[[float], bool], rng: random.Random
) -> str:
    """Run cmd; SIGKILL it as soon as ready(elapsed seconds) says so (plus up to 50 ms).

    Returns "killed", or "finished" when the command ended first (exit 0 required).
    """
    with log.open("ab") as err:
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err)
    start = time.monotonic()
    try:
        while proc.poll() is None:
            elapsed = time.monotonic() - start
            assert elapsed < DEADLINE_S, f"{cmd[3:5]} still running after {DEADLINE_S} s"
            if ready(elapsed):
                time.sleep(rng.uniform(0, 0.05))
                proc.send_signal(signal.SIGKILL)
                proc.wait()
                return "killed" if proc.returncode == -signal.SIGKILL else "finished"
            time.sleep(0.005)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 0, f"exit {proc.returncode}: {log.read_text()[-2000:]}"
    return "finished"


def _complete(cmd: list[str], log: Path) -> dict[str, Any]:
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=DEADLINE_S)
    log.open("a").write(done.stderr)
    assert done.returncode == 0, f"{cmd[3:5]} exit {done.returncode}: {done.stderr[-2000:]}"
    return json.loads(done.stdout)  # type: ignore[no-any-return]


# --- ingest ----------------------------------------------------------------------------------


def _ingest_state(db_url: str) -> dict[str, Any]:
    """Every stored document, checked for completeness, keyed by its text hash."""

    def read(conn: Any) -> dict[str, Any]:
        per_doc = Counter(r[0] for r in conn.execute(select(candidates.c.document_id)).all())
        audits: dict[int, list[int]] = {}
        for entity_id, after in conn.execute(
            select(audit_log.c.entity_id, audit_log.c.after).where(
                audit_log.c.action == "ingest_document"
            )
        ):
            audits.setdefault(int(entity_id), []).append(json.loads(after)["candidates"])
        docs = {}
        for doc_id, digest, extraction in conn.execute(
            select(documents.c.id, documents.c.text_hash, documents.c.extraction)
        ):
            data = json.loads(extraction)
            expected = len(data.get("events", [])) + sum(
                1 for a in data.get("actors", []) if not a.get("resolved")
            )
            assert per_doc[doc_id] == expected, f"document {doc_id}: partial candidates"
            assert audits.get(doc_id) == [expected], (
                f"document {doc_id}: audit {audits.get(doc_id)}"
            )
            docs[digest] = expected
        assert set(audits) <= {d for (d,) in conn.execute(select(documents.c.id))}, (
            "an audit entry names a document that is not stored"
        )
        return {
            "documents": docs,
            "candidates": _count(conn, candidates),
            "sources": _count(conn, sources),
            "document_sources": _count(conn, document_sources),
        }

    return _read(db_url, read)  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The first 40 documents of a shipped corpus: a few seconds of work, many transactions."""
    path = tmp_path_factory.mktemp("kill") / "strikes.jsonl"
    lines = CORPUS.read_text(encoding="utf-8").splitlines()[:40]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def ingest_reference(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """What one uninterrupted ingest of the corpus stores (on a fresh SQLite file)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('kill-ref') / 'ref.db'}"
    database = Database(url)
    database.migrate()
    database.dispose()
    _seeded(url)
    started = time.monotonic()
    _complete(_cli(url, "ingest", str(corpus), "--json"), Path(os.devnull))
    state = _ingest_state(url)
    state["seconds"] = time.monotonic() - started
    return state


def test_ingest_killed_at_random_points_keeps_whole_documents_and_completes(
    db_url: str, corpus: Path, ingest_reference: dict[str, Any], tmp_path: Path
) -> None:
    rng = random.Random(SEED)
    why = f"TRUCEWATCH_KILL_SEED={SEED}"
    _seeded(db_url)
    cmd = _cli(db_url, "ingest", str(corpus), "--json")
    log = tmp_path / "ingest.log"
    assert len(ingest_reference["documents"]) > 30  # near duplicates merge a few
    outcomes = []
    for run in range(RUNS):
        before = _append_only_rows(db_url)
        if run % 2 == 0:
            at = rng.uniform(0, ingest_reference["seconds"])
            point = f"after {at:.2f} s"
            ready: Callable[[float], bool] = lambda elapsed, at=at: elapsed >= at  # noqa: E731
        else:
            target = _read(db_url, lambda c: _count(c, documents)) + rng.randrange(1, 6)
            point = f"at {target} documents"
            ready = lambda _e, t=target: _read(db_url, lambda c: _count(c, documents)) >= t  # noqa: E731
        outcome = _kill_when(cmd, log, ready, rng)
        outcomes.append(f"{point}: {outcome}")
        state = _ingest_state(db_url)  # asserts every stored document is whole
        assert set(state["documents"]) <= set(ingest_reference["documents"]), why
        _check_append_only(before, db_url, why)
    before = _append_only_rows(db_url)
    summary = _complete(cmd, log)
    assert summary["read"] == 40 and summary["unreadable"] == 0, summary
    state = _ingest_state(db_url)
    _check_append_only(before, db_url, why)
    assert state["documents"] == ingest_reference["documents"], (why, outcomes)
    for key in ("candidates", "sources", "document_sources"):
        assert state[key] == ingest_reference[key], (key, why, outcomes)
    print(f"ingest kills ({why}):", "; ".join(outcomes))
    again = _complete(cmd, log)
    assert again["new documents"] == 0 and again["review candidates"] == 0, again
    assert _ingest_state(db_url)["candidates"] == ingest_reference["candidates"]


# --- import acled ----------------------------------------------------------------------------


def _import_state(db_url: str) -> dict[str, int]:
    def read(conn: Any) -> dict[str, int]:
        names = [r[0] for r in conn.execute(select(actors.c.name))]
        assert len(names) == len(set(names)), "an actor was created twice"
        audits = Counter(
            r[0]
            for r in conn.execute(
                select(audit_log.c.action).where(
                    audit_log.c.action.in_(["import_acled", "add_actor"])
                )
            )
        )
        return {
            "incidents": _count(conn, incidents),
            "claims": _count(conn, claims),
            "external_records": _count(conn, external_records),
            "actors": len(names),
            "import audits": audits["import_acled"],
            "actor audits": audits["add_actor"],
        }

    return _read(db_url, read)  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def acled_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The ACLED fixture's rows again and again under new event ids: one long transaction."""
    with ACLED.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    path = tmp_path_factory.mktemp("kill-acled") / "acled.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        out = csv.DictWriter(f, fieldnames=list(rows[0]))
        out.writeheader()
        for i in range(12_000):
            out.writerow({**rows[i % len(rows)], "event_id_cnty": f"KILL{i:06d}"})
    return path


@pytest.fixture(scope="module")
def import_reference(acled_file: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    url = f"sqlite:///{tmp_path_factory.mktemp('kill-acled-ref') / 'ref.db'}"
    database = Database(url)
    database.migrate()
    database.dispose()
    _seeded(url)
    empty = _import_state(url)
    started = time.monotonic()
    _complete(
        _cli(url, "import", "acled", str(acled_file), "--create-actors", "--json"), Path(os.devnull)
    )
    return {"empty": empty, "full": _import_state(url), "seconds": time.monotonic() - started}


def test_import_killed_at_random_points_is_all_or_nothing_and_completes(
    db_url: str, acled_file: Path, import_reference: dict[str, Any], tmp_path: Path
) -> None:
    rng = random.Random(SEED + 1)
    why = f"TRUCEWATCH_KILL_SEED={SEED}"
    empty, full = import_reference["empty"], import_reference["full"]
    assert full["incidents"] == 12_000
    _seeded(db_url)
    cmd = _cli(db_url, "import", "acled", str(acled_file), "--create-actors", "--json")
    log = tmp_path / "import.log"
    outcomes = []
    for run in range(RUNS):
        before = _append_only_rows(db_url)
        if run % 2 == 0:
            at = rng.uniform(0, import_reference["seconds"])
            point = f"after {at:.2f} s"
            ready: Callable[[float], bool] = lambda elapsed, at=at: elapsed >= at  # noqa: E731
        else:
            point = "while its transaction writes"
            ready = lambda _e: _writing(db_url)  # noqa: E731
        outcome = _kill_when(cmd, log, ready, rng)
        outcomes.append(f"{point}: {outcome}")
        state = _import_state(db_url)
        if state["incidents"] == empty["incidents"]:
            assert state == empty, (state, why, outcomes)
        else:  # committed before the kill: the whole file, once
            assert {k: v for k, v in state.items() if k != "import audits"} == {
                k: v for k, v in full.items() if k != "import audits"
            }, (state, why, outcomes)
            assert state["import audits"] >= 1
        _check_append_only(before, db_url, why)
    print(f"import kills ({why}):", "; ".join(outcomes))
    summary = _complete(cmd, log)
    assert summary["created"] + summary["unchanged"] == 12_000, summary
    state = _import_state(db_url)
    assert {k: v for k, v in state.items() if k != "import audits"} == {
        k: v for k, v in full.items() if k != "import audits"
    }, (state, why, outcomes)
