"""A throwaway PostgreSQL server for the tests, started from the installed binaries.

Uses TRUCEWATCH_TEST_POSTGRES_URL when set. Otherwise runs initdb in a temporary folder and
starts postgres on 127.0.0.1 with a free port (as the 'postgres' system user when the tests run
as root, since PostgreSQL refuses to run as root). Without binaries the PostgreSQL runs are
skipped, unless TRUCEWATCH_REQUIRE_POSTGRES=1 (set by CI), which makes that a failure.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path


def find_bindir() -> Path | None:
    candidates = []
    which = shutil.which("pg_ctl")
    if which:
        candidates.append(Path(which).resolve().parent)
    candidates += [Path(p) for p in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)]
    for c in candidates:
        if (c / "initdb").exists() and (c / "pg_ctl").exists():
            return c
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class TempPostgres:
    def __init__(self, bindir: Path, *, durable: bool = False) -> None:
        # Tests trade durability for speed (no fsync); a benchmark wants the server's defaults.
        self.durable = durable
        self.bindir = bindir
        self.port = _free_port()
        self.root = Path(tempfile.mkdtemp(prefix="trucewatch-pg-"))
        self.data = self.root / "data"
        self.log = self.root / "postgres.log"
        self.as_user: str | None = None
        if os.geteuid() == 0:
            self.as_user = "postgres"
            pw = pwd.getpwnam("postgres")
            os.chown(self.root, pw.pw_uid, pw.pw_gid)
            os.chmod(self.root, 0o700)

    def _run(self, *args: str) -> None:
        cmd = list(args)
        if self.as_user:
            cmd = ["runuser", "-u", self.as_user, "--", *cmd]
        subprocess.run(cmd, check=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)

    def start(self) -> str:
        initdb = [
            str(self.bindir / "initdb"),
            "-D",
            str(self.data),
            "-A",
            "trust",
            "-U",
            "postgres",
            "-E",
            "UTF8",
        ]
        opts = f"-h 127.0.0.1 -p {self.port} -k {self.root}"
        if not self.durable:
            initdb.append("--no-sync")
            opts += " -F -c fsync=off -c full_page_writes=off"
        self._run(*initdb)
        self._run(
            str(self.bindir / "pg_ctl"),
            "-D",
            str(self.data),
            "-l",
            str(self.log),
            "-o",
            opts,
            "-w",
            "-t",
            "60",
            "start",
        )
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def stop(self) -> None:
        try:
            self._run(
                str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop"
            )
        finally:
            shutil.rmtree(self.root, ignore_errors=True)
