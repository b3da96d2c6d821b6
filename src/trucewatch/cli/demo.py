"""`trucewatch demo` — build the demo database and show the demo truce."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from trucewatch.cli.common import caller, console, open_database, styled
from trucewatch.cli.reference import print_summary, progress_bar
from trucewatch.cli.truces import print_participants
from trucewatch.domain.dates import parse_day
from trucewatch.services import queries
from trucewatch.services.demo import DEMO_DAY, DEMO_TRUCE, build_demo
from trucewatch.storage.engine import resolve_url, sqlite_path


def demo(
    db: Annotated[
        str, typer.Option("--db", help="Where to build the demo database.")
    ] = "demo/trucewatch.db",
    reference_dir: Annotated[
        Path | None,
        typer.Option(
            "--reference-dir", help="Folder with UCDP, UN and Phoenix files to import too."
        ),
    ] = None,
) -> None:
    """Build the demo database: places, the curated Syria 2016 data, reference data and the demo
    corpus (read, extracted, queued for review); then show the December 2016 ceasefire."""
    path = sqlite_path(resolve_url(db))
    if path is not None:  # a file database: make its folder; a server URL is no folder
        path.parent.mkdir(parents=True, exist_ok=True)
    database = open_database(db)
    accepted = build_demo(
        database,
        caller(),
        reference_dir=reference_dir,
        on_summary=print_summary,
        on_skip=lambda message: console.print(styled(message, "yellow")),
        progress=lambda label: progress_bar(label, False),
    )
    console.print(
        f"Review: accepted {accepted['accepted']} air-strike candidates from CENTCOM releases as incidents."
    )
    console.print()
    with database.read() as store:
        data = queries.participants(store, DEMO_TRUCE, as_of=parse_day(DEMO_DAY), known_on=None)
    print_participants(data)
    console.print(f"\nDemo database: {db}. Try: trucewatch truce list --db {db}")
