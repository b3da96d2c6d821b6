"""PostgreSQL connections that died while idle in the pool are replaced, not handed out."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from trucewatch.storage import engine as engine_module
from trucewatch.storage.db import Database


def _kill_other_backends(server: str, database: Database) -> int:
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    name = database.engine.url.database
    with admin.connect() as c:
        killed = c.execute(
            text(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = :name AND pid <> pg_backend_pid()"
            ),
            {"name": name},
        ).scalar_one()
    admin.dispose()
    return int(killed)


@pytest.fixture
def pg(request: pytest.FixtureRequest) -> tuple[str, Database]:
    from tests.conftest import _fresh_postgres

    server = request.getfixturevalue("postgres_server")
    url = _fresh_postgres(server, request.getfixturevalue("postgres_template"))
    database = Database(url)
    request.addfinalizer(database.dispose)
    return server, database


def _count_truces(database: Database) -> int:
    with database.transaction(readonly=True) as store:
        return int(store.conn.execute(text("SELECT count(*) FROM truces")).scalar_one())


def test_an_idle_connection_killed_by_the_server_is_replaced(
    pg: tuple[str, Database], monkeypatch: pytest.MonkeyPatch
) -> None:
    server, database = pg
    assert _count_truces(database) == 0
    assert _kill_other_backends(server, database) >= 1
    monkeypatch.setattr(engine_module, "IDLE_PING_SECONDS", 0.0)
    assert _count_truces(database) == 0


def test_a_connection_in_steady_use_is_not_pinged(
    pg: tuple[str, Database], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The control: without the idle ping, the dead connection reaches the caller (once)."""
    server, database = pg
    assert _count_truces(database) == 0
    assert _kill_other_backends(server, database) >= 1
    monkeypatch.setattr(engine_module, "IDLE_PING_SECONDS", 1e9)
    with pytest.raises(OperationalError):
        _count_truces(database)
    assert _count_truces(database) == 0  # the pool was invalidated and reconnects
