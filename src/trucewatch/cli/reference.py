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
from trucewatch.domain.errors import InvalidInput
from trucewatch.evidence.store import ObjectStore, open_store
from trucewatch.services import curated
from trucewatch.services import reference as svc
from trucewatch.services.evidence import keep_file
from trucewatch.storage.store import Store

app = typer.Typer(
    help="Import reference data (UCDP, UN sanctions, Phoenix, GeoNames) and curated datasets.",
    no_args_is_help=True,
)

PHOENIX_DEFAULT = "SYR,RUS,TUR,IRN,USA,IGO"


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


def run_import(
    store: Store,
    kind: str,
    file: Path,
    *,
    phoenix_countries: str = PHOENIX_DEFAULT,
    progress: Callable[[int], None] | None = None,
    objects: ObjectStore | None = None,
) -> dict[str, Any]:
    """Parse and import one reference file in the caller's transaction; with `objects`, the
    file is kept there first as an original, named in the audit entry and the summary."""
    from trucewatch.reference import geonames, phoenix, ucdp, unsanctions

    if kind not in svc.KINDS:
        raise InvalidInput(
            f"KIND: {kind!r} is not a reference kind; expected one of {', '.join(svc.KINDS)}.",
            field="KIND",
        )
    path = str(file)
    kept = keep_file(store, caller(), objects, file, "dataset") if objects else None
    summary: dict[str, Any]
    if kind == "ucdp-actors":
        summary = svc.import_actor_records(
            store, caller(), ucdp.parse_ucdp_actors(path), file=path, progress=progress,
            evidence=kept,
        )  # fmt: skip
    elif kind == "un-sanctions":
        summary = svc.import_actor_records(
            store, caller(), unsanctions.parse_un_sanctions(path), file=path, progress=progress,
            evidence=kept,
        )  # fmt: skip
    elif kind == "phoenix":
        countries = {c.strip().upper() for c in phoenix_countries.split(",") if c.strip()} or None
        place_norms = store.place_norms()

        def place_alias(rec: Any, alias: Any) -> bool:
            # Phoenix lists cities as aliases of countries ("ALEPPO" under SYRIA): not actor names.
            from trucewatch.domain.names import normalize_name

            return str(rec.kind) == "state" and normalize_name(alias.name) in place_norms

        summary = svc.import_actor_records(
            store,
            caller(),
            phoenix.parse_phoenix(path, countries),
            file=path,
            progress=progress,
            skip_alias=place_alias,
            evidence=kept,
        )
    else:  # places
        summary = svc.import_places(
            store, caller(), geonames.parse_places(path), file=path, progress=progress,
            evidence=kept,
        )  # fmt: skip
    return {**summary, "evidence_item": kept["item"]} if kept else summary


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
    ] = PHOENIX_DEFAULT,
    db: DbOpt = None,
    evidence_dir: EvidenceDirOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Import a reference file (one transaction: a broken file writes nothing); the file is
    kept as an original in the evidence store."""
    if kind not in svc.KINDS:
        raise InvalidInput(
            f"KIND: {kind!r} is not a reference kind; expected one of {', '.join(svc.KINDS)}.",
            field="KIND",
        )
    if not file.is_file():
        raise InvalidInput(f"FILE: {file} does not exist or is not a file.", field="FILE")
    database = open_database(db)
    objects = open_store(database.url, evidence_dir)
    with progress_bar(f"Importing {file.name}", json_out) as tick, database.write() as store:
        summary = run_import(
            store, kind, file, phoenix_countries=countries, progress=tick, objects=objects
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
