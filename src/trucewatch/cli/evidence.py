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
    styled,
    table,
    transaction,
)
from trucewatch.cli.extract import EvidenceDirOpt
from trucewatch.domain.errors import InvalidInput
from trucewatch.evidence.store import open_store
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


_ = Path  # bundle options use paths
