"""One door for units of work: a CLI command opens one `Database` (one engine, one schema
check) and its batch use cases run their units through it.

Before, `ingest` and `review accept-matching` opened a new engine and checked the migrations
for every document and every candidate, and `import --dry-run` began and rolled back by hand.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from tests.test_ingest_review import STORY, STRIKES, write_jsonl
from trucewatch.storage import db as db_module
from trucewatch.storage.db import Database


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The URL of every `Database` made, and of every schema check, in this process."""
    made: list[str] = []
    init = Database.__init__
    real_current = db_module.current_revision

    def counting_init(self: Database, url: str, engine: Any = None) -> None:
        made.append("engine " + url)
        init(self, url, engine)

    def counting_current(engine: Any) -> Any:
        made.append("migration check")
        return real_current(engine)

    monkeypatch.setattr(Database, "__init__", counting_init)
    monkeypatch.setattr(db_module, "current_revision", counting_current)
    return made


@pytest.fixture
def curated_db(cli, tmp_path: Path) -> str:
    db = str(tmp_path / "news.db")
    assert cli("reference", "load", "syria-2016", "--db", db).code == 0
    return db


def test_ingest_opens_the_database_once_for_many_documents(
    cli, curated_db: str, tmp_path: Path, opened: list[str]
) -> None:
    rows = [
        {"id": f"s{i}", "text": STORY.replace("Saturday", f"day {i}") + f"\nReport {i}.\n" * i}
        for i in range(6)
    ]
    src = write_jsonl(tmp_path / "news.jsonl", rows)
    r = cli("ingest", str(src), "--db", curated_db, "--json")
    assert r.code == 0, r.err
    assert r.json()["read"] == 6
    assert opened == [f"engine sqlite:///{curated_db}", "migration check"]


def test_accept_matching_opens_the_database_once_for_many_candidates(
    cli, curated_db: str, tmp_path: Path, opened: list[str]
) -> None:
    src = write_jsonl(
        tmp_path / "s.jsonl",
        [{"id": "r1", "text": STRIKES, "date": "2016-03-02", "url": "https://example.mil/r"}],
    )
    assert cli("ingest", str(src), "--db", curated_db).code == 0
    opened.clear()
    r = cli(
        "review", "accept-matching", "--type", "violence.air_strike",
        "--perpetrator", "US-led coalition", "--claimant", "US-led coalition",
        "--json", "--db", curated_db,
    )  # fmt: skip
    assert r.code == 0, r.err
    assert r.json()["accepted"] >= 2
    assert opened == [f"engine sqlite:///{curated_db}", "migration check"]


def test_a_dry_run_write_unit_keeps_nothing(database: Database) -> None:
    with database.write(dry_run=True) as store:
        store.conn.execute(
            text(
                "INSERT INTO truces (name, kind, effective_on, effective_precision, created_at) "
                "VALUES ('Daraya truce', 'local_truce', '2016-02-27', 'day', '2016-02-27')"
            )
        )
        assert store.conn.execute(text("SELECT count(*) FROM truces")).scalar_one() == 1
    with database.read() as store:
        assert store.conn.execute(text("SELECT count(*) FROM truces")).scalar_one() == 0


def test_a_write_unit_that_fails_keeps_nothing(database: Database) -> None:
    with pytest.raises(RuntimeError), database.write() as store:
        store.conn.execute(
            text(
                "INSERT INTO truces (name, kind, effective_on, effective_precision, created_at) "
                "VALUES ('Daraya truce', 'local_truce', '2016-02-27', 'day', '2016-02-27')"
            )
        )
        raise RuntimeError("stop")
    with database.read() as store:
        assert store.conn.execute(text("SELECT count(*) FROM truces")).scalar_one() == 0


def test_the_export_after_an_ingest_in_one_process_sees_it(
    cli, curated_db: str, tmp_path: Path
) -> None:
    """The process keeps its Database between commands; a later command sees earlier writes."""
    src = write_jsonl(tmp_path / "n.jsonl", [{"id": "a", "text": STORY}])
    assert cli("ingest", str(src), "--db", curated_db).code == 0
    listed = cli("review", "list", "--json", "--limit", "1000", "--db", curated_db)
    assert listed.code == 0 and json.loads(listed.out)
