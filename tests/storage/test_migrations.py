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


def test_downgrade_then_upgrade_round_trips(database: Database) -> None:
    from alembic import command

    cfg = alembic_config()
    with database.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "base")
    assert "ledger_entries" not in inspect(database.engine).get_table_names()
    database.migrate()
    assert "ledger_entries" in inspect(database.engine).get_table_names()


def test_sqlite_runs_in_wal_mode_with_foreign_keys(sqlite_db: Database) -> None:
    with sqlite_db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
