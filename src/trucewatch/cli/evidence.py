"""`trucewatch evidence ...` — check and export the kept originals."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from trucewatch.cli.common import (
    DbOpt,
    JsonOpt,
    caller,
    console,
    console_err,
    emit_json,
    opt_day,
    styled,
    table,
    transaction,
)
from trucewatch.cli.extract import EvidenceDirOpt
from trucewatch.domain.errors import InvalidInput
from trucewatch.evidence.store import open_store
from trucewatch.storage.db import Database
from trucewatch.storage.engine import resolve_url

app = typer.Typer(help="Kept originals: fixity checks and bundles.", no_args_is_help=True)


@app.command()
def verify(
    item: Annotated[
        str | None,
        typer.Argument(metavar="[ITEM]", help="An item id or SHA-256 (8+ leading hex digits)."),
    ] = None,
    all_items: Annotated[bool, typer.Option("--all", help="Check every stored item.")] = False,
    db: DbOpt = None,
    evidence_dir: EvidenceDirOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Re-hash stored items and report any missing or altered; exit 1 if there is one.

    Each check is a custody entry on its item, whatever the result."""
    from trucewatch.services.evidence import check_items, find_items, record_checks

    if (item is None) == (not all_items):
        raise InvalidInput("Give either ITEM or --all.", field="ITEM")
    objects = open_store(resolve_url(db), evidence_dir)
    with transaction(db, create=False, readonly=True) as store:
        items = find_items(store, item)
    checks = check_items(objects, items)
    with transaction(db, create=False) as store:
        record_checks(store, caller(), checks, objects.describe())
    bad = [c for c in checks if c.status != "intact"]
    if json_out:
        emit_json({"checked": len(checks), "problems": [c.as_dict() for c in bad]})
    else:
        if bad:
            table(
                "Missing or altered",
                ["item", "sha256", "status", "found"],
                [[c.item_id, c.sha256, c.status, c.found or ""] for c in bad],
            )
        console.print(f"{len(checks)} checked, {len(checks) - len(bad)} intact, {len(bad)} not.")
    if bad:
        console_err.print(
            styled("Fixity check failed:", "red", f" {len(bad)} of {len(checks)} items."),
            soft_wrap=True,
        )
        raise typer.Exit(1)


@app.command()
def bundle(
    out: Annotated[Path, typer.Option("--out", help="The bag's folder (must not exist yet).")],
    incident: Annotated[
        int | None, typer.Option("--incident", help="Bundle one incident's claims.")
    ] = None,
    truce: Annotated[
        str | None, typer.Option("--truce", help="Bundle a truce's ledger entries (id or name).")
    ] = None,
    since: Annotated[
        str | None, typer.Option("--since", help="With --truce: entries effective from YYYY-MM-DD.")
    ] = None,
    until: Annotated[
        str | None,
        typer.Option("--until", help="With --truce: entries effective up to YYYY-MM-DD."),
    ] = None,
    with_attachments: Annotated[
        bool,
        typer.Option(
            "--with-attachments",
            help="Include field-report attachments (never public: for moderators' use).",
        ),
    ] = False,
    db: DbOpt = None,
    evidence_dir: EvidenceDirOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Write a BagIt bag: the originals and derivatives behind the claims (or ledger entries),
    those records as JSON, custody log, timestamp tokens, manifests and an offline index.html."""
    from trucewatch.evidence.bundle import write_bundle
    from trucewatch.services.evidence_bundle import collect_incident, collect_truce, record_export

    if (incident is None) == (truce is None):
        raise InvalidInput("Give either --incident ID or --truce ID.", field="incident")
    if incident is not None and (since or until):
        raise InvalidInput("--since and --until go with --truce.", field="since")
    objects = open_store(resolve_url(db), evidence_dir)
    database = Database.open(db, create=False)
    try:
        # One snapshot for every read, so the records agree with each other on both backends.
        with database.transaction(readonly=True, snapshot=True) as store:
            if incident is not None:
                content = collect_incident(store, incident, attachments=with_attachments)
            else:
                assert truce is not None
                content = collect_truce(
                    store,
                    truce,
                    opt_day(since, "--since"),
                    opt_day(until, "--until"),
                    attachments=with_attachments,
                )
    finally:
        database.dispose()
    summary = write_bundle(content, objects, out)
    with transaction(db, create=False) as store:
        record_export(store, caller(), content, str(out.resolve()))
    if json_out:
        emit_json(summary)
    else:
        table("Bundle", ["", "count"], [[k, v] for k, v in summary.items()])
