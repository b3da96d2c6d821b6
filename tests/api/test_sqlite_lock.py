"""The API's SQLite process lock: ordinary units of work take it, a streamed export does not.

A streamed export's body is produced while the client downloads it; if it held the lock, one
slow download would stall every other request of the process.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any, cast

from sqlalchemy import text

from trucewatch.server.deps import Services
from trucewatch.storage.db import Database

COUNT = text("SELECT count(*) FROM truces")
INSERT = text(
    "INSERT INTO truces (name, kind, effective_on, effective_precision, created_at) "
    "VALUES ('Daraya truce', 'local_truce', '2016-02-27', 'day', '2016-02-27 00:00:00')"
)


def _services(tmp_path: Path) -> Services:
    database = Database.open(str(tmp_path / "lock.db"))
    none = cast(Any, None)  # only the database is used here
    return Services(settings=none, database=database, cipher=none, signer=none, bucket=none)


def _writer(svc: Services, done: threading.Event) -> threading.Thread:
    def write() -> None:
        with svc.transaction() as store:
            store.conn.execute(INSERT)
        done.set()

    thread = threading.Thread(target=write)
    thread.start()
    return thread


def test_a_write_waits_for_an_ordinary_read_in_the_same_process(tmp_path: Path) -> None:
    svc = _services(tmp_path)
    done = threading.Event()
    with svc.transaction(readonly=True) as reader:
        reader.conn.execute(COUNT).scalar_one()
        thread = _writer(svc, done)
        assert not done.wait(0.5)  # held back by the process lock
    thread.join(10)
    assert done.is_set()
    svc.database.dispose()


def test_a_write_goes_ahead_while_a_snapshot_read_streams(tmp_path: Path) -> None:
    svc = _services(tmp_path)
    done = threading.Event()
    with svc.transaction(readonly=True, snapshot=True) as reader:
        assert reader.conn.execute(COUNT).scalar_one() == 0
        thread = _writer(svc, done)
        assert done.wait(10)  # committed while the export's snapshot is open
        assert reader.conn.execute(COUNT).scalar_one() == 0  # which still reads its snapshot
    thread.join(10)
    with svc.transaction(readonly=True) as reader:
        assert reader.conn.execute(COUNT).scalar_one() == 1
    svc.database.dispose()
