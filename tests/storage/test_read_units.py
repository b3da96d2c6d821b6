"""Read-only units of work: what they see, and that they cannot write.

SQLite runs them as deferred transactions (one snapshot); PostgreSQL on its read engine, in
autocommit with read-only sessions (each statement sees what was committed when it starts, as
the statements of a READ COMMITTED transaction do). See `Database.transaction`.
"""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from trucewatch.storage.db import Database


def _truce_names(database: Database) -> list[str]:
    with database.transaction(readonly=True) as store:
        return list(store.conn.execute(text("SELECT name FROM truces ORDER BY name")).scalars())


def _add_truce(database: Database, name: str) -> None:
    with database.transaction() as store:
        store.conn.execute(
            text(
                "INSERT INTO truces (name, kind, effective_on, effective_precision, created_at) "
                "VALUES (:name, 'local_truce', '2016-02-27', 'day', '2016-02-27 00:00:00')"
            ),
            {"name": name},
        )


def test_a_read_only_unit_sees_what_was_committed_before_it(database: Database) -> None:
    assert _truce_names(database) == []
    _add_truce(database, "Daraya truce")
    assert _truce_names(database) == ["Daraya truce"]
    _add_truce(database, "Aleppo pause")
    assert _truce_names(database) == ["Aleppo pause", "Daraya truce"]


def test_what_a_read_only_unit_sees_of_a_write_committed_during_it(database: Database) -> None:
    """SQLite: one snapshot for the whole unit. PostgreSQL: each statement sees what was
    committed when it starts, as a READ COMMITTED transaction's statements do."""
    with database.transaction(readonly=True) as store:
        first = store.conn.execute(text("SELECT count(*) FROM truces")).scalar_one()
        _add_truce(database, "Daraya truce")
        second = store.conn.execute(text("SELECT count(*) FROM truces")).scalar_one()
    expected = 0 if database.url.startswith("sqlite") else 1
    assert (first, second) == (0, expected)


def test_a_snapshot_unit_sees_one_snapshot_on_both_backends(database: Database) -> None:
    """`snapshot=True` (exports): a write committed during the unit stays invisible to it."""
    with database.transaction(readonly=True, snapshot=True) as store:
        first = store.conn.execute(text("SELECT count(*) FROM truces")).scalar_one()
        _add_truce(database, "Daraya truce")
        second = store.conn.execute(text("SELECT count(*) FROM truces")).scalar_one()
    assert (first, second) == (0, 0)
    assert _truce_names(database) == ["Daraya truce"]


@pytest.fixture
def pg_database(request: pytest.FixtureRequest) -> Database:
    from tests.conftest import _fresh_postgres

    server = request.getfixturevalue("postgres_server")
    database = Database(_fresh_postgres(server, request.getfixturevalue("postgres_template")))
    request.addfinalizer(database.dispose)
    return database


def test_on_postgresql_a_write_in_a_read_only_unit_is_refused(pg_database: Database) -> None:
    database = pg_database
    with pytest.raises(DBAPIError, match="read-only transaction"):
        with database.transaction(readonly=True) as store:
            store.conn.execute(
                text(
                    "INSERT INTO truces (name, kind, effective_on, effective_precision, "
                    "created_at) VALUES ('x', 'local_truce', '2016-02-27', 'day', "
                    "'2016-02-27 00:00:00')"
                )
            )
    assert _truce_names(database) == []
    # The connection went back to the pool usable, and writes still go through the main engine.
    _add_truce(database, "Daraya truce")
    assert _truce_names(database) == ["Daraya truce"]


def test_on_postgresql_a_write_in_a_snapshot_unit_is_refused(pg_database: Database) -> None:
    with pytest.raises(DBAPIError, match="read-only transaction"):
        with pg_database.transaction(readonly=True, snapshot=True) as store:
            store.conn.execute(text("DELETE FROM truces"))
    # The pooled connection comes back to the main engine's writers read-write again, at
    # READ COMMITTED.
    with pg_database.transaction() as store:
        level = store.conn.execute(text("SHOW transaction_isolation")).scalar_one()
        read_only = store.conn.execute(text("SHOW transaction_read_only")).scalar_one()
    assert (level, read_only) == ("read committed", "off")
    for name in ("Daraya truce", "Aleppo pause"):
        _add_truce(pg_database, name)
    assert _truce_names(pg_database) == ["Aleppo pause", "Daraya truce"]


def test_on_postgresql_a_read_only_unit_holds_no_transaction_open(
    pg_database: Database,
) -> None:
    """No BEGIN/COMMIT round trips: between statements the session is idle, not idle in a
    transaction (which would also hold back vacuum on a busy server)."""
    database = pg_database
    with database.transaction(readonly=True) as store:
        store.conn.execute(text("SELECT 1")).scalar_one()
        pid = store.conn.execute(text("SELECT pg_backend_pid()")).scalar_one()
        with database.transaction() as other:
            state = other.conn.execute(
                text("SELECT state FROM pg_stat_activity WHERE pid = :pid"), {"pid": pid}
            ).scalar_one()
    assert state == "idle"
