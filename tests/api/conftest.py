"""A real server for HTTP tests: `trucewatch serve` in a subprocess on 127.0.0.1, real sockets.

Each test module gets its own database and server (starting one costs about two seconds), seeded
with the curated Syria dataset, the seed article's review candidates, and one user and token per
role. The server's stdout and stderr go to a file the privacy test reads.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from trucewatch.domain.accounts import Role
from trucewatch.services import accounts
from trucewatch.services.context import SYSTEM
from trucewatch.services.curated import load_dataset
from trucewatch.storage.db import Database

ROOT = Path(__file__).resolve().parents[2]
SEED_ARTICLE = ROOT / "tests" / "fixtures" / "extract" / "seed-article.txt"
SECRET = "test-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"
ROLES = ("viewer", "analyst", "moderator", "admin")
PASSWORD = "a long enough password"


@dataclass
class Server:
    base: str
    db_url: str
    log: Path
    proc: subprocess.Popen[bytes]
    tokens: dict[str, str] = field(default_factory=dict)

    def client(self, role: str | None = None, **kw: object) -> httpx.Client:
        headers = {"Authorization": f"Bearer {self.tokens[role]}"} if role else {}
        return httpx.Client(base_url=self.base + "/api/v1", headers=headers, timeout=30, **kw)  # type: ignore[arg-type]

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


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
        subprocess.run(
            [
                sys.executable,
                "-c",
                "from trucewatch.cli import main; main()",
                "ingest",
                str(SEED_ARTICLE),
                "--db",
                db_url,
            ],
            check=True,
            capture_output=True,
        )
    return tokens


def start_server(db_url: str, log: Path, env_extra: dict[str, str] | None = None) -> Server:
    port = free_port()
    env = {
        **os.environ,
        "TRUCEWATCH_SECRET_KEY": SECRET,
        "TRUCEWATCH_COOKIE_SECURE": "0",
        "TRUCEWATCH_RATE_LIMIT_PER_MINUTE": "600",
        "TRUCEWATCH_RATE_LIMIT_BURST": "200",
        **(env_extra or {}),
    }
    out = log.open("wb")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from trucewatch.cli import main; main()",
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--db",
            db_url,
        ],
        stdout=out,
        stderr=subprocess.STDOUT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}:\n{log.read_text()}")
        try:
            if httpx.get(base + "/api/v1/health", timeout=2).status_code == 200:
                break
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline:
            proc.kill()
            raise RuntimeError(f"server not ready after 60 s:\n{log.read_text()}")
        time.sleep(0.1)
    return Server(base=base, db_url=db_url, log=log, proc=proc)


def stop_server(server: Server) -> None:
    server.proc.terminate()
    try:
        server.proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.proc.kill()
        server.proc.wait()


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
