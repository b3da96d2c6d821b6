"""Shared fixtures: a fresh database per test on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

import itertools
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from trucewatch.storage.db import Database
from trucewatch.storage.migrate import upgrade
from trucewatch.testing.postgres import TempPostgres, find_bindir

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
FIXTURES = Path(__file__).parent / "fixtures"
_counter = itertools.count()


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """Base URL of a PostgreSQL server for the session, or a skip/failure with the reason."""
    url = os.environ.get("TRUCEWATCH_TEST_POSTGRES_URL")
    if url:
        yield url.replace("postgresql://", "postgresql+psycopg://", 1)
        return
    bindir = find_bindir()
    if bindir is None:
        reason = (
            "PostgreSQL binaries (initdb, pg_ctl) not found; install Debian's postgresql package"
        )
        if os.environ.get("TRUCEWATCH_REQUIRE_POSTGRES") == "1":
            pytest.fail(reason + " (TRUCEWATCH_REQUIRE_POSTGRES=1)")
        pytest.skip(reason)
    server = TempPostgres(bindir)
    try:
        base = server.start()
    except Exception as exc:  # noqa: BLE001
        reason = f"could not start PostgreSQL from {bindir}: {exc}; log: {server.log}"
        if os.environ.get("TRUCEWATCH_REQUIRE_POSTGRES") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    try:
        yield base
    finally:
        server.stop()


@pytest.fixture(scope="session")
def postgres_template(postgres_server: str) -> str:
    """A migrated template database; each test gets a copy (CREATE DATABASE ... TEMPLATE)."""
    admin = create_engine(postgres_server, isolation_level="AUTOCOMMIT")
    name = f"tw_template_{os.getpid()}"
    with admin.connect() as c:
        c.execute(text(f"DROP DATABASE IF EXISTS {name}"))
        c.execute(text(f"CREATE DATABASE {name}"))
    admin.dispose()
    url = postgres_server.rsplit("/", 1)[0] + f"/{name}"
    database = Database(url)
    upgrade(database.engine)
    database.dispose()
    return name


def _fresh_postgres(server: str, template: str) -> str:
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    name = f"tw_{os.getpid()}_{next(_counter)}"
    with admin.connect() as c:
        c.execute(text(f"CREATE DATABASE {name} TEMPLATE {template}"))
    admin.dispose()
    return server.rsplit("/", 1)[0] + f"/{name}"


@pytest.fixture(params=["sqlite", "postgres"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A URL of a fresh, migrated database — once per backend."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'test.db'}"
        d = Database(url)
        d.migrate()
        d.dispose()
        return url
    server = request.getfixturevalue("postgres_server")
    template = request.getfixturevalue("postgres_template")
    # PostgreSQL has no file to keep evidence beside: the test's own folder (docs/evidence.md).
    request.getfixturevalue("monkeypatch").setenv(
        "TRUCEWATCH_EVIDENCE_DIR", str(tmp_path / "evidence")
    )
    return _fresh_postgres(server, template)


@pytest.fixture
def database(db_url: str) -> Iterator[Database]:
    d = Database(db_url)
    yield d
    d.dispose()


@pytest.fixture
def sqlite_db(tmp_path: Path) -> Iterator[Database]:
    d = Database(f"sqlite:///{tmp_path / 'test.db'}")
    d.migrate()
    yield d
    d.dispose()


class CliResult:
    def __init__(self, code: int, out: str, err: str) -> None:
        self.code, self.out, self.err = code, out, err

    def json(self) -> object:
        import json

        return json.loads(self.out)


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch):
    """Run the real CLI entry point in-process: cli('truce', 'list', '--db', path)."""
    from trucewatch.cli import main

    def run(*args: str) -> CliResult:
        capsys.readouterr()
        monkeypatch.setattr(sys, "argv", ["trucewatch", *args])
        code = 0
        try:
            main()
        except SystemExit as exc:
            code = int(exc.code or 0)
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run
