"""`trucewatch import KIND FILE` and `trucewatch export KIND`: the field's formats in and out."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn

from trucewatch.cli.common import (
    DbOpt,
    JsonOpt,
    caller,
    console,
    console_err,
    emit_json,
    open_database,
    opt_datetime,
    opt_day,
)
from trucewatch.cli.extract import EvidenceDirOpt
from trucewatch.evidence.store import open_store
from trucewatch.services import interop as svc
from trucewatch.services import interop_export as exp

import_app = typer.Typer(
    help="Import ACLED, UCDP GED, GDELT or PA-X files (one transaction per file).",
    no_args_is_help=True,
)
export_app = typer.Typer(
    help="Export incidents or the ledger as ACLED CSV, PLOVER, HXL, GeoJSON or ledger CSV.",
    no_args_is_help=True,
)

SinceOpt = Annotated[
    str | None, typer.Option("--since", help="Only events on or after this date (YYYY-MM-DD).")
]
DryOpt = Annotated[
    bool, typer.Option("--dry-run", help="Do everything, report, then roll back: nothing is kept.")
]
SkipOpt = Annotated[
    bool, typer.Option("--skip-bad", help="Skip bad rows (each is listed) instead of stopping.")
]
CreateOpt = Annotated[
    bool,
    typer.Option("--create-actors", help="Add actors the registry does not know (ACLED, UCDP)."),
]


def _run_import(
    kind: str,
    file: Path,
    *,
    db: str | None,
    since: str | None,
    dry_run: bool,
    skip_bad: bool,
    create_actors: bool = False,
    mentions: Path | None = None,
    as_json: bool = False,
    evidence_dir: str | None = None,
) -> None:
    database = open_database(db)
    # The file is kept as an original in the evidence store (not in a dry run).
    objects = None if dry_run else open_store(database.url, evidence_dir)
    show = sys.stderr.isatty() and not as_json
    with Progress(
        TextColumn("{task.description}", style="progress.description", markup=False),
        BarColumn(),
        DownloadColumn(),
        TimeRemainingColumn(),
        console=console_err,
        disable=not show,
        transient=True,
    ) as bar:
        size = file.stat().st_size if file.exists() else None
        task = bar.add_task(f"import {kind}", total=size)
        summary = svc.run_import(
            database,
            caller(),
            kind,
            file,
            since=opt_day(since, "--since"),
            dry_run=dry_run,
            skip_bad=skip_bad,
            create_actors=create_actors,
            mentions=mentions,
            progress=lambda done: bar.update(task, completed=done),
            objects=objects,
        )
    data = summary.to_dict()
    if as_json:
        emit_json(data)
        return
    prefix = "Dry run (rolled back): " if dry_run else ""
    console.print(
        f"{prefix}{file.name}: {summary.created} created, {summary.updated} updated, "
        f"{summary.unchanged} unchanged, {summary.unmatched} unmatched, "
        f"{summary.filtered} filtered, {len(summary.skipped)} bad rows skipped."
    )
    for err in summary.skipped[:20]:
        col = f", column {err.column}" if err.column else ""
        console.print(f"  skipped line {err.line}{col}: {err.problem}")
    if summary.unresolved:
        names = ", ".join(f"{n} ({c})" for n, c in summary.unresolved.most_common(15))
        more = len(summary.unresolved) - 15
        console.print(
            f"Not in the registry: {names}"
            + (f" and {more} more" if more > 0 else "")
            + (
                " — add them, or pass --create-actors."
                if kind in ("acled", "ucdp-ged") and not create_actors
                else " — add them to the registry (or as aliases) and import again."
            )
        )
    if summary.created_actors:
        console.print(f"Created actors: {', '.join(summary.created_actors[:15])}")
    for note in summary.notes[:10]:
        console.print(f"Note: {note}")
    for kept in summary.evidence:
        console.print(f"Kept as evidence item {kept['item']} (sha256 {kept['sha256']}).")


FileArg = Annotated[Path, typer.Argument(help="The file to import.")]


@import_app.command("acled")
def import_acled(
    file: FileArg,
    since: SinceOpt = None,
    dry_run: DryOpt = False,
    skip_bad: SkipOpt = False,
    create_actors: CreateOpt = False,
    db: DbOpt = None,
    evidence_dir: EvidenceDirOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """ACLED CSV export or API JSON: each row an incident with ACLED's claim; newer timestamps
    add claim versions."""
    _run_import(
        "acled", file, db=db, since=since, dry_run=dry_run, skip_bad=skip_bad,
        create_actors=create_actors, as_json=as_json, evidence_dir=evidence_dir,
    )  # fmt: skip


@import_app.command("acled-deletions")
def import_acled_deletions(
    file: FileArg,
    dry_run: DryOpt = False,
    skip_bad: SkipOpt = False,
    db: DbOpt = None,
    evidence_dir: EvidenceDirOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """ACLED's deleted-events list: marks ACLED's claims refuted (kept in history)."""
    _run_import(
        "acled-deletions", file, db=db, since=None, dry_run=dry_run, skip_bad=skip_bad,
        as_json=as_json, evidence_dir=evidence_dir,
    )  # fmt: skip


@import_app.command("ucdp-ged")
def import_ucdp(
    file: FileArg,
    since: SinceOpt = None,
    dry_run: DryOpt = False,
    skip_bad: SkipOpt = False,
    create_actors: CreateOpt = False,
    db: DbOpt = None,
    evidence_dir: EvidenceDirOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """UCDP GED CSV: incidents with low/best/high deaths by side and the coded article."""
    _run_import(
        "ucdp-ged", file, db=db, since=since, dry_run=dry_run, skip_bad=skip_bad,
        create_actors=create_actors, as_json=as_json, evidence_dir=evidence_dir,
    )  # fmt: skip


@import_app.command("gdelt")
def import_gdelt(
    file: FileArg,
    mentions: Annotated[
        Path | None,
        typer.Option("--mentions", help="The matching mentions file: counts independent sources."),
    ] = None,
    since: SinceOpt = None,
    dry_run: DryOpt = False,
    skip_bad: SkipOpt = False,
    db: DbOpt = None,
    evidence_dir: EvidenceDirOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """GDELT 2.0 events (tab-separated): truce-relevant CAMEO codes become review candidates."""
    _run_import(
        "gdelt", file, db=db, since=since, dry_run=dry_run, skip_bad=skip_bad,
        mentions=mentions, as_json=as_json, evidence_dir=evidence_dir,
    )  # fmt: skip


@import_app.command("pax")
def import_pax(
    file: FileArg,
    since: SinceOpt = None,
    dry_run: DryOpt = False,
    skip_bad: SkipOpt = False,
    db: DbOpt = None,
    evidence_dir: EvidenceDirOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """PA-X agreements CSV: ceasefire agreements become truces (CC BY-NC-SA 4.0 noted)."""
    _run_import(
        "pax",
        file,
        db=db,
        since=since,
        dry_run=dry_run,
        skip_bad=skip_bad,
        as_json=as_json,
        evidence_dir=evidence_dir,
    )


def _export(
    kind: str,
    *,
    db: str | None,
    truce: str | None,
    since: str | None,
    until: str | None,
    bbox: str | None,
    known_on: str | None,
    out: Path | None,
    raw_formulas: bool = False,
) -> None:
    filters = exp.ExportFilters(
        truce=truce,
        since=opt_day(since, "--since"),
        until=opt_day(until, "--until"),
        bbox=exp.parse_bbox(bbox) if bbox else None,
        known_on=opt_datetime(known_on, "--known-on"),
    )
    database = open_database(db, create=False)
    # One snapshot, and no write lock: writers go on while a long export runs.
    with database.snapshot() as store:
        lines = exp.iter_export(store, kind, filters, raw_formulas=raw_formulas)
        if out is None:
            for line in lines:
                sys.stdout.write(line)
            return
        tmp = out.with_name(out.name + ".part")
        n = 0
        with open(tmp, "w", encoding="utf-8", newline="") as f:
            for line in lines:
                f.write(line)
                n += 1
        tmp.replace(out)
    console.print(f"Wrote {out} ({n} lines).", highlight=False)


TruceOpt = Annotated[str | None, typer.Option("--truce", help="Only this truce (name or id).")]
ESinceOpt = Annotated[str | None, typer.Option("--since", help="From this date (YYYY-MM-DD).")]
UntilOpt = Annotated[str | None, typer.Option("--until", help="Up to this date (YYYY-MM-DD).")]
BboxOpt = Annotated[
    str | None, typer.Option("--bbox", help="Only inside minlon,minlat,maxlon,maxlat.")
]
KnownOpt = Annotated[
    str | None, typer.Option("--known-on", help="As recorded by then (YYYY-MM-DD[THH:MM]).")
]
OutOpt = Annotated[
    Path | None, typer.Option("--out", help="Write to this file (default: standard output).")
]


RawOpt = Annotated[
    bool,
    typer.Option(
        "--raw-formulas",
        help="Write cells starting with = + - @ as they are (by default they get a leading ' "
        "so a spreadsheet shows them instead of running them).",
    ),
]


def _export_command(kind: str, doc: str) -> None:
    def command(
        truce: TruceOpt = None,
        since: ESinceOpt = None,
        until: UntilOpt = None,
        bbox: BboxOpt = None,
        known_on: KnownOpt = None,
        out: OutOpt = None,
        db: DbOpt = None,
        evidence_dir: EvidenceDirOpt = None,
    ) -> None:
        _export(
            kind, db=db, truce=truce, since=since, until=until, bbox=bbox, known_on=known_on,
            out=out,
        )  # fmt: skip

    def csv_command(
        truce: TruceOpt = None,
        since: ESinceOpt = None,
        until: UntilOpt = None,
        bbox: BboxOpt = None,
        known_on: KnownOpt = None,
        out: OutOpt = None,
        raw_formulas: RawOpt = False,
        db: DbOpt = None,
        evidence_dir: EvidenceDirOpt = None,
    ) -> None:
        _export(
            kind, db=db, truce=truce, since=since, until=until, bbox=bbox, known_on=known_on,
            out=out, raw_formulas=raw_formulas,
        )  # fmt: skip

    chosen = csv_command if kind.endswith("-csv") else command
    chosen.__doc__ = doc
    export_app.command(kind)(chosen)


_export_command(
    "acled-csv", "Incidents in ACLED's 31 columns (our ids as TW<id>; claims in notes)."
)
_export_command("plover-jsonl", "Incidents and truce events as PLOVER JSON lines.")
_export_command("hxl-csv", "Incidents as CSV with the HXL hashtag row.")
_export_command("geojson", "Incidents as a GeoJSON FeatureCollection (points).")
_export_command("ledger-csv", "The participation ledger with both times and sources.")
