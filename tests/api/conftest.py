"""A real server for HTTP tests: `trucewatch serve` in a subprocess on 127.0.0.1, real sockets.

Each test module gets its own database and server (starting one costs about two seconds), seeded
with the curated Syria dataset, the seed article's review candidates, and one user and token per
role. The server's stdout and stderr go to a file the privacy test reads.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from trucewatch.domain.accounts import Role
from trucewatch.services import accounts
from trucewatch.services.context import SYSTEM
from trucewatch.services.curated import load_dataset
from trucewatch.services.ingest_files import ingest_paths
from trucewatch.storage.db import Database
from trucewatch.testing.servers import (  # noqa: F401 (the tests import these from here too)
    SECRET,
    Server,
    free_port,
    start_server,
    stop_server,
)

ROOT = Path(__file__).resolve().parents[2]
SEED_ARTICLE = ROOT / "tests" / "fixtures" / "extract" / "seed-article.txt"
ROLES = ("viewer", "analyst", "moderator", "admin")
PASSWORD = "a long enough password"


def seed(db_url: str, *, candidates: bool = True) -> dict[str, str]:
    """Curated data, review candidates and a user + token per role; returns the tokens."""
    database = Database.open(db_url)
    tokens: dict[str, str] = {}
    try:
        with database.transaction() as store:
            load_dataset(store, SYSTEM, "syria-2016")
            for role in ROLES:
                accounts.add_user(store, SYSTEM, role, Role(role), password=PASSWORD)
                tokens[role] = accounts.create_token(store, SYSTEM, role)[1]
    finally:
        database.dispose()
    if candidates:
        # Through the use case `trucewatch ingest` calls, in this process.
        database = Database.open(db_url)
        try:
            summary, problems = ingest_paths(database, SYSTEM, [str(SEED_ARTICLE)])
        finally:
            database.dispose()
        assert not problems and summary["read"] == 1, (summary, problems)
    return tokens


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    tmp = tmp_path_factory.mktemp("api")
    db_url = f"sqlite:///{tmp / 'api.db'}"
    tokens = seed(db_url)
    srv = start_server(db_url, tmp / "server.log")
    srv.tokens = tokens
    try:
        yield srv
    finally:
        stop_server(srv)
