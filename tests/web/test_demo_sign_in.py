"""Sign-in at `make demo`'s address, under `make demo`'s own settings, in Chromium.

The demo serves plain http on 127.0.0.1. A session cookie marked Secure is not sent back over
plain http by every browser, so sign-in could "work" in the tests (which set their own
settings) and fail for the newcomer who runs `make demo`. Here the commands come from the
Makefile itself (`make -n demo`, with its programs pointed at this interpreter and its database
at a temporary folder): the same `user add` line, the same `serve` line with its environment,
on its default loopback address. Only the port is added, so parallel runs do not collide. The
demo database itself (minutes to build) is replaced by an empty one: signing in needs none of it.
"""

from __future__ import annotations

import os
import shlex
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "demo-password-for-the-test"


def _make_lines(bin_dir: Path, db: Path) -> list[str]:
    make = shutil.which("make")
    if make is None:
        if os.environ.get("TRUCEWATCH_REQUIRE_BROWSER") == "1":
            pytest.fail("TRUCEWATCH_REQUIRE_BROWSER=1 but `make` is missing (apt-get install make)")
        pytest.skip("`make` is missing: the demo's commands are read from the Makefile")
    out = subprocess.run(
        [
            make,
            "-n",
            "--no-print-directory",
            "-C",
            str(ROOT),
            "demo",
            f"BIN={bin_dir}",
            f"DEMO_DB={db}",
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    return out.stdout.splitlines()


def _line(lines: list[str], words: str) -> str:
    found = [line for line in lines if words in line]
    assert len(found) == 1, f"`make -n demo` has {len(found)} lines with {words!r}: {lines}"
    return found[0]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def demo_server(tmp_path: Path) -> Iterator[str]:
    """`make demo`'s user and server, over an empty database; yields the dashboard's address."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    wrapper = bin_dir / "trucewatch"
    wrapper.write_text(
        f'#!/bin/sh\nexec {shlex.quote(sys.executable)} -c "from trucewatch.cli import main; main()" "$@"\n',
        encoding="utf-8",
    )
    wrapper.chmod(0o755)
    (tmp_path / "demo").mkdir()
    (tmp_path / "demo" / "secret.key").write_text("k" * 48 + "\n", encoding="utf-8")
    (tmp_path / "demo" / "analyst.password").write_text(PASSWORD + "\n", encoding="utf-8")
    lines = _make_lines(bin_dir, tmp_path / "demo" / "trucewatch.db")
    # Nothing from the caller's environment may decide the outcome (a TRUCEWATCH_COOKIE_SECURE=0
    # set for other tests would hide the bug): only what the Makefile sets.
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRUCEWATCH_")}
    if "TRUCEWATCH_PURE_PYTHON" in os.environ:  # which copy of extraction runs; no setting
        env["TRUCEWATCH_PURE_PYTHON"] = os.environ["TRUCEWATCH_PURE_PYTHON"]

    add_user = _line(lines, "trucewatch user add").lstrip("@")
    subprocess.run(add_user, shell=True, cwd=tmp_path, env=env, check=True, capture_output=True)

    words = shlex.split(_line(lines, "trucewatch serve").lstrip("@"))
    at = next(i for i, w in enumerate(words) if w.endswith("/trucewatch"))
    for assignment in words[:at]:
        name, _, value = assignment.partition("=")
        env[name] = value
    port = _free_port()
    log = (tmp_path / "server.log").open("wb")
    proc = subprocess.Popen(
        [*words[at:], "--port", str(port)],
        cwd=tmp_path,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                log.close()
                raise RuntimeError((tmp_path / "server.log").read_text(encoding="utf-8"))
            try:
                if httpx.get(base + "/api/v1/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "the demo server did not answer in 60 s"
            time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def test_analyst_signs_in_at_the_demo_address_under_the_demo_settings(
    demo_server: str, browser: Any
) -> None:
    ctx = browser.new_context()
    try:
        page = ctx.new_page()
        assert page.goto(demo_server + "/review").status == 404  # hidden from visitors
        page.goto(demo_server + "/login")
        page.fill("#name", "analyst")
        page.fill("#password", PASSWORD)
        page.click("button[type=submit] >> text=Sign in")
        page.wait_for_url(demo_server + "/")
        response = page.goto(demo_server + "/review")
        assert response is not None and response.status == 200
        assert page.locator("h1").inner_text() == "Review queue"
        # The cookie a browser kept is one it will send back over http://127.0.0.1.
        session = [c for c in ctx.cookies() if c["name"] == "tw_session"]
        assert session and not session[0]["secure"]
    finally:
        ctx.close()
