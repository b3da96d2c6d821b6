"""A real server and a real browser for the page tests.

The server is `trucewatch serve` in a subprocess (the API tests' fixture), over a database built
the way a user would: the curated Syria dataset, two CENTCOM strike releases ingested through the
CLI, and one strike candidate accepted through the review service, so the map has an incident.
The browser is Debian's Chromium driven by Playwright; it is never downloaded.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.api.conftest import PASSWORD, Server, seed, start_server, stop_server
from trucewatch.services import review
from trucewatch.services.context import Caller
from trucewatch.storage.db import Database
from trucewatch.testing.servers import CHROMIUM, CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parents[2]
STRIKES = (
    ROOT
    / "src/trucewatch/data/demo-corpus/centcom-oir-strike-releases"
    / "syria_strike_releases_2016_ceasefire_windows.jsonl"
)


def accept_strike(db_url: str) -> int:
    """Accept the first pending air-strike candidate; returns the new incident's id."""
    database = Database.open(db_url)
    try:
        with database.transaction() as store:
            for cand in review.list_candidates(store, status="pending", kind="event", limit=500):
                if cand.get("type") == "violence.air_strike":
                    result = review.accept_candidate(store, Caller("tests", "cli"), int(cand["id"]))
                    return int(result.get("incident_id") or result.get("id") or 0)
    finally:
        database.dispose()
    raise RuntimeError("no air-strike candidate in the ingested releases")


def build_db(tmp: Path) -> tuple[str, dict[str, str]]:
    db_url = f"sqlite:///{tmp / 'web.db'}"
    tokens = seed(db_url)
    sample = tmp / "strikes.jsonl"
    lines = STRIKES.read_text(encoding="utf-8").splitlines()
    sample.write_text("\n".join(lines[:2]) + "\n", encoding="utf-8")
    subprocess.run(
        [
            sys.executable,
            "-c",
            "from trucewatch.cli import main; main()",
            "ingest",
            str(sample),
            "--db",
            db_url,
        ],
        check=True,
        capture_output=True,
    )
    accept_strike(db_url)
    return db_url, tokens


@pytest.fixture(scope="session")
def web(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    tmp = tmp_path_factory.mktemp("web")
    db_url, tokens = build_db(tmp)
    srv = start_server(db_url, tmp / "server.log")
    srv.tokens = tokens
    try:
        yield srv
    finally:
        stop_server(srv)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        if os.environ.get("TRUCEWATCH_REQUIRE_BROWSER") == "1":
            pytest.fail(
                f"TRUCEWATCH_REQUIRE_BROWSER=1 but {CHROMIUM} is missing (apt-get install chromium)"
            )
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium to run the browser tests")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


def login(page: Any, base: str, role: str) -> None:
    page.goto(base + "/login")
    page.fill("#name", role)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit] >> text=Sign in")
    page.wait_for_url(base + "/")
