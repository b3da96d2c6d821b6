"""Reads never take SQLite's write lock: a dashboard page or a CLI listing goes ahead while
another process holds the write lock (an `ingest`, an import), and never makes it wait.

Before, every page and every CLI command began `BEGIN IMMEDIATE`, so a reader waited for a
writer (and a writer for a reader) until the busy timeout.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.api.conftest import Server, seed, start_server, stop_server


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Server]]:
    tmp = tmp_path_factory.mktemp("readlock")
    path = tmp / "reads.db"
    seed(f"sqlite:///{path}", candidates=False)
    srv = start_server(f"sqlite:///{path}", tmp / "server.log")
    try:
        yield path, srv
    finally:
        stop_server(srv)


def _writer_holding_the_lock(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None, timeout=0)
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("UPDATE truces SET name = name WHERE id = 1")
    return conn


@pytest.mark.parametrize("page", ["/", "/truces/2/participants", "/map"])
def test_a_page_is_served_while_another_process_writes(
    served: tuple[Path, Server], page: str
) -> None:
    path, srv = served
    writer = _writer_holding_the_lock(path)
    try:
        started = time.monotonic()
        r = httpx.get(srv.base + page, timeout=60)
        elapsed = time.monotonic() - started
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert r.status_code == 200
    assert elapsed < 4, f"the page waited {elapsed:.1f} s for the writer's lock"


@pytest.mark.parametrize(
    "args",
    [
        ["truce", "participants", "2", "--as-of", "2017-01-15"],
        ["truce", "list"],
        ["actor", "list"],
        ["incident", "list"],
        ["review", "list"],
    ],
)
def test_a_cli_read_runs_while_another_process_writes(
    served: tuple[Path, Server], args: list[str]
) -> None:
    path, _ = served
    writer = _writer_holding_the_lock(path)
    try:
        started = time.monotonic()
        done = subprocess.run(
            [sys.executable, "-c", "from trucewatch.cli import main; main()", *args,
             "--db", str(path)],
            capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        elapsed = time.monotonic() - started
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert done.returncode == 0, done.stderr
    assert elapsed < 20, f"the command waited {elapsed:.1f} s"
