"""Imports of the field's formats, as named use cases: one file is one transaction.

`run_import` opens the file's write unit (`Database.write`), hands each parsed record to the format's use case and
commits only when the whole file went through; a bad row stops the import (nothing is written)
unless `skip_bad` is set, and `dry_run` runs everything and then rolls back, so the summary is
exactly what a real run would do. Every use case is idempotent: a record already stored at the
same version is "unchanged", a newer version is "updated" (a new claim; the old one is kept and
marked superseded), and records that name things we cannot match are counted as "unmatched".
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from trucewatch.domain.actors import ActorKind
from trucewatch.domain.dates import utcnow
from trucewatch.domain.errors import InvalidInput, shown
from trucewatch.domain.names import normalize_name
from trucewatch.interop import sniff
from trucewatch.interop.base import Progress, RowError
from trucewatch.interop.csvtext import neutralise
from trucewatch.services.context import Caller
from trucewatch.services.registry import add_actor
from trucewatch.storage.db import Database
from trucewatch.storage.store import Store

IMPORT_KINDS = ("acled", "acled-deletions", "ucdp-ged", "gdelt", "pax")


@dataclass
class ImportSummary:
    """What an import did (or, in a dry run, would have done)."""

    kind: str
    file: str
    dry_run: bool = False
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    unmatched: int = 0
    filtered: int = 0  # outside --since, or not a kind of record this import takes
    skipped: list[RowError] = field(default_factory=list)
    unresolved: Counter[str] = field(default_factory=Counter)
    created_actors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "file": self.file,
            "dry_run": self.dry_run,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "unmatched": self.unmatched,
            "filtered": self.filtered,
            "skipped": [e.to_dict() for e in self.skipped],
            "unresolved_actors": dict(self.unresolved.most_common()),
            "created_actors": self.created_actors,
            "notes": self.notes,
        }


@dataclass
class ImportContext:
    """Everything a format's use case needs besides the record: one per file."""

    store: Store
    caller: Caller
    summary: ImportSummary
    path: Path
    since: dt.date | None = None
    create_actors: bool = False
    now: dt.datetime = field(default_factory=utcnow)
    options: dict[str, Any] = field(default_factory=dict)
    _actors: dict[tuple[str, str | None], int | None] = field(default_factory=dict)

    def actor(
        self,
        name: str,
        kind: ActorKind = ActorKind.ARMED_GROUP,
        *,
        scheme: str | None = None,
        external_id: str | None = None,
    ) -> int | None:
        """A registry actor for a name as the file writes it, through any alias (and, when the
        file gives one, the dataset's actor id). Unknown names are counted as unresolved and,
        only with `create_actors`, added to the registry; a name that fits several actors is
        never guessed."""
        key = (normalize_name(name), f"{scheme}:{external_id}" if scheme else None)
        if key in self._actors:
            found = self._actors[key]
            if found is None:
                self.summary.unresolved[name] += 1
            return found
        found = None
        if scheme and external_id:
            found = self.store.actor_by_external_id(scheme, external_id)
        if found is None:
            ids = self.store.actor_ids_by_norm(key[0]) if key[0] else []
            if len(ids) == 1:
                found = ids[0]
            elif not ids and self.create_actors and key[0]:
                if neutralise(name.strip()) != name.strip():
                    raise InvalidInput(
                        f"--create-actors: will not create an actor named {shown(name)} from "
                        f"{self.path.name}: a name starting with = + - @ is how a spreadsheet "
                        "formula starts (CSV injection). Nothing was imported; add the actor "
                        "with 'trucewatch actor add' if it is real, or fix the file.",
                        field="create_actors",
                    )
                found = add_actor(self.store, self.caller, name, kind)
                if scheme and external_id:
                    self.store.set_external_id(found, scheme, external_id)
                self.summary.created_actors.append(name)
        if found is None:
            self.summary.unresolved[name] += 1
        self._actors[key] = found
        return found


Handler = Callable[[ImportContext, Any], str]  # returns created | updated | unchanged | ...


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
) -> ImportSummary:
    """Import one file of `kind` in one transaction (rolled back on error or in a dry run)."""
    from trucewatch.services import interop_acled, interop_datasets

    if kind not in IMPORT_KINDS:
        raise InvalidInput(
            f"KIND: {kind!r} is not an import kind; expected one of {', '.join(IMPORT_KINDS)}.",
            field="kind",
        )
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
            action=f"import_{kind.replace('-', '_')}",
            entity="file",
            entity_id=path.name,
            after={k: v for k, v in summary.to_dict().items() if k != "skipped"}
            | {"skipped": len(summary.skipped)},
        )
    return summary
