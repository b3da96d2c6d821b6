"""A database with incidents whose claims cite ingested documents, built as a user would."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from trucewatch.services import review
from trucewatch.services.context import Caller
from trucewatch.storage.db import Database

ROOT = Path(__file__).resolve().parents[2]
STRIKES = (
    ROOT
    / "src/trucewatch/data/demo-corpus/centcom-oir-strike-releases"
    / "syria_strike_releases_2016_ceasefire_windows.jsonl"
)


def ingest(db_url: str, *paths: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "from trucewatch.cli import main; main()", "ingest",
         *map(str, paths), "--db", db_url],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip


def incident_from_strikes(db_url: str, tmp: Path, lines: int = 3) -> int:
    """Ingest the first CENTCOM releases; accept one air-strike candidate as an incident with
    a strike from another release merged into it: one incident, two claims, two documents."""
    sample = tmp / "strikes.jsonl"
    sample.write_text(
        "\n".join(STRIKES.read_text(encoding="utf-8").splitlines()[:lines]) + "\n",
        encoding="utf-8",
    )
    done = ingest(db_url, sample)
    assert done.returncode == 0, done.stderr
    database = Database.open(db_url)
    try:
        with database.transaction() as store:
            strikes = [
                c
                for c in review.list_candidates(store, status="pending", kind="event", limit=500)
                if c.get("type") == "violence.air_strike"
            ]
            first = strikes[0]
            other = next(c for c in strikes if c["document_id"] != first["document_id"])
            result = review.accept_candidate(
                store, Caller("tests", "cli"), int(first["id"]), merged=(int(other["id"]),)
            )
    finally:
        database.dispose()
    return int(result["result"].split(",")[0].removeprefix("incident:"))
