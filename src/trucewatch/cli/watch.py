"""`trucewatch watch`: poll feeds, folders and JSONL drops and ingest their new items."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from trucewatch.cli.common import DbOpt, JsonOpt, caller, console, console_err, emit_json, styled
from trucewatch.cli.extract import EvidenceDirOpt
from trucewatch.cli.watch_alerts import alert_round
from trucewatch.ingest.watchconfig import load_config
from trucewatch.services.watcher import PollResult, poll_all, watch_forever
from trucewatch.storage.db import Database


def _say(r: PollResult) -> None:
    if r.status == "failed":
        console_err.print(styled("Failed:", "yellow", f" {r.error}"), soft_wrap=True)
    else:
        console.print(f"{r.location}: {r.status}, {r.new} new", soft_wrap=True)


def watch(
    config: Annotated[Path, typer.Option("--config", help="TOML file with [[source]] tables.")],
    once: Annotated[
        bool, typer.Option("--once", help="Poll every source once and exit (1 if any failed).")
    ] = False,
    tick: Annotated[
        float, typer.Option("--tick", min=0.1, help="Seconds between checks for due sources.")
    ] = 30.0,
    alerts: Annotated[
        bool, typer.Option("--alerts/--no-alerts", help="Run `alert run` after each round.")
    ] = True,
    db: DbOpt = None,
    json_out: JsonOpt = False,
    evidence_dir: EvidenceDirOpt = None,
) -> None:
    """Poll the configured sources on their schedule; ingest new items (dedup, extraction,
        review queue). Each feed fetched with new items is kept as a WARC capture in the evidence
    store. Alerts are evaluated and delivered after each round."""
    sources = load_config(config)
    database = Database.open(db)
    after_round = alert_round(database, quiet=json_out) if alerts else None
    try:
        if once:
            results = list(
                poll_all(database, caller(), sources, due_only=False, evidence_dir=evidence_dir)
            )
            if after_round is not None:
                after_round()
            if json_out:
                emit_json([r.__dict__ for r in results])
            else:
                for r in results:
                    _say(r)
            failed = [r for r in results if r.status == "failed"]
            if failed:
                console_err.print(
                    "Failing sources: " + ", ".join(r.location for r in failed), soft_wrap=True
                )
                raise typer.Exit(1)
            return
        watch_forever(
            database,
            caller(),
            sources,
            _say,
            after_round=after_round,
            tick_s=tick,
            evidence_dir=evidence_dir,
        )
    finally:
        database.dispose()
