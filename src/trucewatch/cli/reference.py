"""`trucewatch reference ...` — importers for public reference data and curated datasets."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from trucewatch.cli.common import (
    DbOpt,
    JsonOpt,
    caller,
    console_err,
    emit_json,
    open_database,
    table,
)
from trucewatch.cli.extract import EvidenceDirOpt
from trucewatch.domain.checks import one_of
from trucewatch.domain.errors import InvalidInput
from trucewatch.evidence.store import open_store
from trucewatch.services import curated
from trucewatch.services import reference as svc

app = typer.Typer(
    help="Import reference data (UCDP, UN sanctions, Phoenix, GeoNames) and curated datasets.",
    no_args_is_help=True,
)


@contextmanager
def progress_bar(label: str, quiet: bool) -> Iterator[Callable[[int], None]]:
    if quiet or not console_err.is_terminal:
        yield lambda n: None
        return
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}", markup=False),
        BarColumn(),
        TextColumn("{task.completed} records"),
        TimeElapsedColumn(),
        console=console_err,
        transient=True,
    ) as bar:
        task = bar.add_task(label, total=None)
        yield lambda n: bar.update(task, completed=n)


def print_summary(title: str, summary: dict[str, Any]) -> None:
    table(title, ["", "count"], [[k.replace("_", " "), v] for k, v in summary.items()])


@app.command("import")
def import_(
    kind: Annotated[
        str, typer.Argument(metavar="KIND", help="ucdp-actors, un-sanctions, phoenix or places")
    ],
    file: Annotated[Path, typer.Argument(metavar="FILE")],
    countries: Annotated[
        str,
        typer.Option("--countries", help="Phoenix only: CAMEO country/sector prefixes to keep."),
    ] = svc.PHOENIX_DEFAULT,
    db: DbOpt = None,
    evidence_dir: EvidenceDirOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Import a reference file (one transaction: a broken file writes nothing); the file is
    kept as an original in the evidence store."""
    one_of(kind, svc.KINDS, "KIND", "a reference kind")
    if not file.is_file():
        raise InvalidInput(f"FILE: {file} does not exist or is not a file.", field="FILE")
    database = open_database(db)
    objects = open_store(database.url, evidence_dir)
    with progress_bar(f"Importing {file.name}", json_out) as tick, database.write() as store:
        summary = svc.import_reference_file(
            store, caller(), kind, file, phoenix_countries=countries, progress=tick, objects=objects
        )
    if json_out:
        emit_json(summary)
    else:
        print_summary(f"{kind}: {file.name}", summary)


@app.command("load")
def load(
    name: Annotated[
        str,
        typer.Argument(
            metavar="NAME", help="A curated dataset shipped with trucewatch: syria-2016"
        ),
    ],
    db: DbOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Load a curated dataset shipped with trucewatch (idempotent)."""
    with open_database(db).write() as store:
        summary = curated.load_dataset(store, caller(), name)
    if json_out:
        emit_json(summary)
    else:
        print_summary(f"Loaded {name}", summary or {"nothing new": 0})
