"""A real `trucewatch serve` process on 127.0.0.1 for tests and benchmarks, and the flags that
run the system Chromium headless in a container."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

# A fixed key: sessions and tokens signed by one test server stay readable by the next.
SECRET = "test-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"  # noqa: S105 (tests only)

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


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


def start_server(db_url: str, log: Path, env_extra: dict[str, str] | None = None) -> Server:
    """`trucewatch serve` on a free port, returned once /api/v1/health answers (60 s at most);
    its output goes to `log`, quoted in the error when it exits or never answers."""
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
    proc = subprocess.Popen(  # noqa: S603 (our own interpreter and arguments)
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
