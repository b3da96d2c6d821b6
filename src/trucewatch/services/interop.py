"""Imports of the field's formats, as named use cases: one file is one transaction.

`run_import` opens the file's write unit (`Database.write`), hands each parsed record to the format's use case and
commits only when the whole file went through; a bad row stops the import (nothing is written)
unless `skip_bad` is set, and `dry_run` runs everything and then rolls back, so the summary is
exactly what a real run would do. Every use case is idempotent: a record already stored at the
same version is "unchanged", a newer version is "updated" (a new claim; the old one is kept and
marked superseded), and records that name things we cannot match are counted as "unmatched".

Given an evidence store, the file (and a GDELT mentions file) is kept as an original first
(`acquired_via = dataset`), in the same transaction; the summary and the audit entry name the
kept item. A dry run keeps nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from trucewatch.domain.audit import AuditAction
from trucewatch.domain.checks import one_of
from trucewatch.domain.errors import InvalidInput
from trucewatch.evidence.store import ObjectStore
from trucewatch.interop import sniff
from trucewatch.interop.base import Progress, RowError
from trucewatch.services import interop_acled, interop_datasets
from trucewatch.services.context import Caller
from trucewatch.services.evidence import keep_file
from trucewatch.services.import_context import (
    IMPORT_KINDS,
    Handler,
    ImportContext,
    ImportSummary,
)
from trucewatch.storage.db import Database


def run_import(
    database: Database,
    caller: Caller,
    kind: str,
    path: Path,
    *,
    since: dt.date | None = None,
    dry_run: bool = False,
    skip_bad: bool = False,
    create_actors: bool = False,
    mentions: Path | None = None,
    progress: Progress | None = None,
    objects: ObjectStore | None = None,
) -> ImportSummary:
    """Import one file of `kind` in one transaction (rolled back on error or in a dry run)."""
    one_of(kind, IMPORT_KINDS, "KIND", "an import kind", field="kind")
    if mentions is not None and kind != "gdelt":
        raise InvalidInput("--mentions: only a GDELT events import takes a mentions file.")
    if not path.exists():
        raise InvalidInput(f"FILE: {path} does not exist.", field="file")
    sniff.expect(path, kind)
    if mentions is not None:
        sniff.expect(mentions, "gdelt-mentions")
    readers: dict[str, tuple[Callable[..., Iterator[tuple[int, Any]]], Handler]] = {
        "acled": (interop_acled.read_acled, interop_acled.import_acled_record),
        "acled-deletions": (interop_acled.read_deletions, interop_acled.import_deletion),
        "ucdp-ged": (interop_datasets.read_ucdp, interop_datasets.import_ucdp_record),
        "gdelt": (interop_datasets.read_gdelt, interop_datasets.import_gdelt_event),
        "pax": (interop_datasets.read_pax, interop_datasets.import_pax_agreement),
    }
    read, handle = readers[kind]
    summary = ImportSummary(kind=kind, file=str(path), dry_run=dry_run)
    with database.write(dry_run=dry_run) as store:
        ctx = ImportContext(
            store,
            caller,
            summary,
            path,
            since=since,
            create_actors=create_actors,
            options={"mentions": mentions},
        )
        if objects is not None and not dry_run:
            for kept in (path, mentions):
                if kept is not None:
                    summary.evidence.append(keep_file(store, caller, objects, kept, "dataset"))
        # ACLED exports run to millions of rows: new events are filed a chunk at a time
        # (see interop_acled.AcledBatch); the batch updates the summary itself.
        batch = interop_acled.AcledBatch(ctx) if kind == "acled" else None
        for _line, rec in read(ctx, path, progress):
            if isinstance(rec, RowError):
                if not skip_bad:
                    err = rec.as_bad_file(str(path))
                    err.message += ". Nothing was imported; fix the row or pass --skip-bad."
                    err.args = (err.message,)
                    raise err
                summary.skipped.append(rec)
                continue
            if batch is not None:
                batch.add(rec)
                continue
            outcome = handle(ctx, rec)
            setattr(summary, outcome, getattr(summary, outcome) + 1)
        if batch is not None:
            batch.close()
        ctx.store.audit(
            user=caller.user,
            interface=caller.interface,
            action=AuditAction.for_import(kind),
            entity="file",
            entity_id=path.name,
            after={k: v for k, v in summary.to_dict().items() if k != "skipped"}
            | {"skipped": len(summary.skipped)},
        )
    return summary
