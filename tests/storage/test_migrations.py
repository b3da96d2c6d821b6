"""Schema changes only through migrations: the migrated schema equals the declared tables."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from trucewatch.storage.db import Database
from trucewatch.storage.migrate import alembic_config, current_revision, head_revision
from trucewatch.storage.tables import metadata


def test_migrations_reach_head_and_match_the_tables(database: Database) -> None:
    assert current_revision(database.engine) == head_revision()
    with database.engine.connect() as conn:
        diff = compare_metadata(
            MigrationContext.configure(conn, opts={"compare_type": False}), metadata
        )
    assert diff == []


def _downgrade(database: Database, revision: str) -> None:
    from alembic import command

    cfg = alembic_config()
    with database.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, revision)


def test_downgrade_then_upgrade_round_trips(database: Database) -> None:

    _downgrade(database, "base")
    assert "ledger_entries" not in inspect(database.engine).get_table_names()
    database.migrate()
    assert "ledger_entries" in inspect(database.engine).get_table_names()


def test_sqlite_runs_in_wal_mode_with_foreign_keys(sqlite_db: Database) -> None:
    with sqlite_db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_the_interval_node_migration_fills_existing_spans(database: Database) -> None:
    """Spans written before 0006 get their node, and as-of answers are the same after it."""
    import datetime as dt

    from tests.storage.test_ledger_store import join, setup_world
    from trucewatch.domain.intervals import span_node
    from trucewatch.domain.ledger import EntryKind
    from trucewatch.services import queries

    setup_world(database)
    join(database, "Ahrar al-Sham", "2016-12-30")
    join(database, "Jaysh al-Islam", "2017-01")
    join(database, "Jaysh al-Islam", "2017-03-15", EntryKind.WITHDREW)
    join(database, "Ahrar al-Sham", "2018", EntryKind.SUSPENDED, "Turkey")
    days = [dt.date(2017, 1, 1), dt.date(2017, 2, 1), dt.date(2017, 4, 1), dt.date(2019, 1, 1)]

    def answers() -> list[object]:
        with database.transaction(readonly=True) as s:
            return [queries.participants(s, "1", as_of=d)["participants"] for d in days]

    before = answers()
    _downgrade(database, "0005")
    columns = inspect(database.engine).get_columns("participation_spans")
    assert "node" not in {c["name"] for c in columns}
    database.migrate()
    with database.engine.connect() as conn:
        rows = conn.exec_driver_sql(
            "SELECT start_on, until_on, node FROM participation_spans"
        ).all()
    assert len(rows) == 4
    for start_on, until_on, node in rows:
        start = dt.date.fromisoformat(str(start_on))
        until = dt.date.fromisoformat(str(until_on)) if until_on is not None else None
        assert node == span_node(start, until)
    assert answers() == before


def test_the_participant_views_migration_fills_them_from_the_ledger(database: Database) -> None:
    """Views written before 0007 are derived from the stored ledger by the migration: the rows
    equal what the append path writes, so as-of answers are the same after it."""
    import datetime as dt

    from tests.storage.test_ledger_store import _random_ledger

    base = _random_ledger(database)
    days = [base + dt.timedelta(days=n) for n in range(0, 70, 2)]
    query = (
        "SELECT truce_id, actor_id, party, start_on, until_on, effective_on, kind, precision,"
        " recorded_at, entry_id, node FROM participant_views"
    )

    def state() -> tuple[list[object], list[object]]:
        from trucewatch.services import queries

        with database.transaction(readonly=True) as s:
            answers = [queries.participants(s, "1", as_of=d)["participants"] for d in days]
            rows = sorted(tuple(map(str, r)) for r in s.conn.exec_driver_sql(query))
        return answers, rows

    answers, rows = state()
    assert any(a for a in answers) and rows
    _downgrade(database, "0006")
    assert "participant_views" not in inspect(database.engine).get_table_names()
    database.migrate()
    assert state() == (answers, rows)
