"""What every import use case shares: the kinds, the summary, and the per-file context.

Kept apart from `services.interop` (which dispatches to the format modules) so that the format
modules (interop_acled, interop_datasets) and the dispatcher import it, and not each other.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from trucewatch.domain.actors import ActorKind
from trucewatch.domain.dates import utcnow
from trucewatch.domain.errors import InvalidInput, shown
from trucewatch.domain.names import normalize_name
from trucewatch.interop.base import RowError
from trucewatch.interop.csvtext import neutralise
from trucewatch.services.context import Caller
from trucewatch.services.registry import add_actor
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
    evidence: list[dict[str, Any]] = field(default_factory=list)  # the kept file(s): item, sha256

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
            "evidence": self.evidence,
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
