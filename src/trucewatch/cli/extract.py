"""`trucewatch extract` and `trucewatch ingest` — reading the news."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from trucewatch.cli.common import (
    DbOpt,
    caller,
    console,
    console_err,
    emit_json,
    open_database,
    styled,
    table,
)
from trucewatch.domain.dates import parse_date
from trucewatch.domain.errors import InvalidInput
from trucewatch.ingest import Document, ReadProblem, read_path, read_stdin
from trucewatch.ingest.readers import DEFAULT_MAX_DOCUMENT_BYTES
from trucewatch.ingest.runners import DaskRunner, ExtractSpec, LocalRunner

FormatOpt = Annotated[str, typer.Option("--format", help="auto, text, html, jsonl, csv or feed")]
WorkersOpt = Annotated[int, typer.Option("--workers", min=1, help="Local worker processes.")]
SchedulerOpt = Annotated[
    str | None,
    typer.Option("--scheduler", help="Run extraction on a Dask cluster, e.g. tcp://host:8786."),
]


MaxBytesOpt = Annotated[
    int,
    typer.Option(
        "--max-document-bytes",
        envvar="TRUCEWATCH_MAX_DOCUMENT_BYTES",
        min=1,
        help="Refuse a document larger than this many bytes (a text or HTML file, a JSONL line, "
        "a CSV row).",
    ),
]


def _runner(workers: int, scheduler: str | None) -> LocalRunner | DaskRunner:
    return DaskRunner(scheduler) if scheduler else LocalRunner(workers)


def _spec(db: str | None) -> ExtractSpec:
    """The bundled gazetteer, or the registry's when --db (or the env var) names a database."""
    if db is None:
        return ExtractSpec.of(None)
    from trucewatch.services.ingest import registry_gazetteer

    with open_database(db, create=False).read() as store:
        actors, truces = registry_gazetteer(store)
    return ExtractSpec.of(actors or None, truces)


def extract(
    file: Annotated[
        str | None,
        typer.Argument(metavar="FILE|-", help="A text, HTML or feed file, or - for stdin."),
    ] = None,
    format: FormatOpt = "auto",
    date: Annotated[
        str | None,
        typer.Option(
            "--date", help="Publication date, YYYY-MM-DD (relative dates resolve against it)."
        ),
    ] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print the extraction JSON.")] = False,
    batch: Annotated[
        Path | None,
        typer.Option("--batch", help="JSONL input: {id, text, title?, date?, html?} per line."),
    ] = None,
    out: Annotated[
        Path | None, typer.Option("--out", help="With --batch: write JSONL here (default stdout).")
    ] = None,
    workers: WorkersOpt = 1,
    scheduler: SchedulerOpt = None,
    skip_bad: Annotated[
        bool, typer.Option("--skip-bad", help="Exit 0 even if some inputs could not be read.")
    ] = False,
    max_bytes: MaxBytesOpt = DEFAULT_MAX_DOCUMENT_BYTES,
    db: DbOpt = None,
) -> None:
    """Extract actors, quotes, places, dates and events from a text (no database needed)."""
    from trucewatch.services.ingest_files import extraction_item

    if date is not None:
        date = parse_date(date, "--date").iso()
    spec = _spec(db)
    if batch is not None:
        _extract_batch(batch, out, spec, _runner(workers, scheduler), skip_bad, max_bytes)
        return
    if file is None:
        raise InvalidInput(
            "FILE: give a file, - for standard input, or --batch IN.jsonl.", field="FILE"
        )
    results = list(
        read_stdin(sys.stdin, format=format, max_bytes=max_bytes)
        if file == "-"
        else read_path(file, format=format, max_bytes=max_bytes)
    )
    problems = [r for r in results if isinstance(r, ReadProblem)]
    docs = [r for r in results if isinstance(r, Document)]
    if problems:
        raise InvalidInput(problems[0].message, field="FILE")
    if len(docs) != 1:
        raise InvalidInput(
            f"FILE: {file} holds {len(docs)} documents; use --batch for many.", field="FILE"
        )
    [result] = list(_runner(workers, scheduler).run(spec, [extraction_item(docs[0], date)]))
    if json_out:
        emit_json(result)
    else:
        _print_summary(result)


def _extract_batch(
    path: Path,
    out: Path | None,
    spec: ExtractSpec,
    runner: LocalRunner | DaskRunner,
    skip_bad: bool,
    max_bytes: int,
) -> None:
    from trucewatch.services.ingest_files import extraction_item

    if not path.is_file():
        raise InvalidInput(f"--batch: {path} does not exist.", field="batch")
    results = list(read_path(path, format="jsonl", max_bytes=max_bytes))
    docs = [r for r in results if isinstance(r, Document)]
    extracted = iter(runner.run(spec, [extraction_item(d) for d in docs]))
    sink = out.open("w", encoding="utf-8") if out else sys.stdout
    bad = 0
    try:
        for r in results:
            if isinstance(r, ReadProblem):
                bad += 1
                console_err.print(styled("Skipped", "yellow", f" {r.message}"), soft_wrap=True)
                line: dict[str, Any] = {"id": None, "origin": r.origin, "error": r.message}
            else:
                line = {"id": r.id, **next(extracted)}
            sink.write(json.dumps(line, ensure_ascii=False) + "\n")
    finally:
        if out:
            sink.close()
    console_err.print(f"{len(docs)} extracted, {bad} unreadable.")
    if bad and not skip_bad:
        raise typer.Exit(1)


def _print_summary(r: dict[str, Any]) -> None:
    console.print(
        styled(r["title"] or "(no title)", "bold", f"  published {r['published'] or '—'}")
    )
    table(
        "Actors",
        ["id", "name", "kind", "resolved", "mentions"],
        [
            [a["id"], a["name"], a["kind"], "yes" if a["resolved"] else "no", len(a["mentions"])]
            for a in r["actors"]
        ],
    )
    table(
        "Quotes",
        ["speaker", "quote"],
        [[q["speaker"] or "?", q["text"][:120]] for q in r["quotes"]],
    )
    table(
        "Events (most salient first)",
        ["type", "actors", "truce", "place", "date", "evidence"],
        [
            [
                e["type"],
                ", ".join(f"{a['role']}: {a['name']}" for a in e["actors"]),
                e["truce"],
                e["place"],
                e["date"],
                e["evidence"]["text"][:100],
            ]
            for e in r["events"]
        ],
    )


def say_unreadable(problem: ReadProblem) -> None:
    console_err.print(styled("Unreadable:", "yellow", f" {problem.message}"), soft_wrap=True)


def say_no_timestamp(message: str) -> None:
    console_err.print(styled("No timestamp:", "yellow", f" {message}"), soft_wrap=True)


EvidenceDirOpt = Annotated[
    str | None,
    typer.Option(
        "--evidence-dir",
        envvar="TRUCEWATCH_EVIDENCE_DIR",
        help="Folder of the evidence store (default: beside the SQLite file, e.g. "
        "trucewatch.evidence; required for PostgreSQL).",
        show_default=False,
    ),
]


def ingest(
    paths: Annotated[
        list[str],
        typer.Argument(
            metavar="PATH|URL...",
            help="Files, folders (recursive) or http(s) URLs (fetched, robots.txt respected, "
            "kept as WARC).",
        ),
    ],
    format: FormatOpt = "auto",
    workers: WorkersOpt = 1,
    scheduler: SchedulerOpt = None,
    skip_bad: Annotated[
        bool, typer.Option("--skip-bad", help="Exit 0 even if some inputs could not be read.")
    ] = False,
    max_bytes: MaxBytesOpt = DEFAULT_MAX_DOCUMENT_BYTES,
    db: DbOpt = None,
    json_out: Annotated[bool, typer.Option("--json")] = False,
    evidence_dir: EvidenceDirOpt = None,
    tsa_url: Annotated[
        str | None,
        typer.Option(
            "--tsa-url",
            envvar="TRUCEWATCH_TSA_URL",
            help="RFC 3161 time-stamping authority: each new original's SHA-256 gets a token.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Read, de-duplicate, extract and store documents with review candidates; keep each input
    file's bytes (or each URL's capture, as WARC) in the evidence store."""
    from trucewatch.services.ingest_files import ingest_paths

    summary, problems = ingest_paths(
        open_database(db),
        caller(),
        paths,
        format=format,
        runner=_runner(workers, scheduler),
        max_bytes=max_bytes,
        evidence_dir=evidence_dir,
        tsa_url=tsa_url,
        on_problem=say_unreadable,
        on_warning=say_no_timestamp,
    )
    if json_out:
        emit_json({**summary, "problems": [p.message for p in problems]})
    else:
        table("Ingested", ["", "count"], [[k, v] for k, v in summary.items()])
    if problems and not skip_bad:
        raise typer.Exit(1)
