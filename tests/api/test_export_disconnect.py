"""An export whose client goes away gives its database connection back at once.

The export's body is produced while the client downloads it, inside a read transaction of its
own. If the client disconnects midway, that transaction must end then, not whenever the
garbage collector gets to the abandoned generator: on SQLite an open snapshot keeps the WAL
from being checkpointed, on PostgreSQL it holds back vacuum, and each one holds a pooled
connection.

The server runs in this process (uvicorn on a real socket) so that the test can read its
connection pool; the export is made endless, so that it is still streaming when the client
leaves.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from sqlalchemy import text

from tests.api.conftest import free_port
from trucewatch.api import routes_export
from trucewatch.server.app import create_app
from trucewatch.settings import Settings
from trucewatch.storage.db import Database


def _endless(reader: Any, _kind: str, _filters: Any, **_options: Any) -> Iterator[str]:
    reader.conn.execute(text("SELECT count(*) FROM truces")).scalar_one()
    while True:
        yield "x" * 100_000 + "\n"


def _until(condition: Callable[[], bool], seconds: float = 10.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def test_an_abandoned_export_returns_its_connection(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "api.db"
    Database.open(str(db)).dispose()
    monkeypatch.setattr(routes_export, "iter_export", _endless)
    monkeypatch.setattr(routes_export, "CHUNK_LINES", 1)
    app = create_app(Settings(database_url=f"sqlite:///{db}", secret_key=b"k" * 32))
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        assert _until(lambda: server.started)
        pool = app.state.services.database.engine.pool
        client = socket.create_connection(("127.0.0.1", port))
        client.sendall(b"GET /api/v1/export/ledger-csv HTTP/1.1\r\nHost: t\r\n\r\n")
        assert b"200 OK" in client.recv(1000)
        assert _until(lambda: pool.checkedout() == 1)  # the export's transaction, streaming
        client.close()
        assert _until(lambda: pool.checkedout() == 0)
    finally:
        server.should_exit = True
        thread.join(10)
