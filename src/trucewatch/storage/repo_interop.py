"""External records (ACLED, UCDP GED, GDELT, PA-X rows by id and version) and export pages.

External records are insert-only, like the incident tables: a changed ACLED row is a new
version, a deletion a row of kind "deleted". The export reads page through incidents and ledger
entries by id (keyset pagination), so an export of a million incidents holds one page at a time.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

from sqlalchemy import and_, insert, select
from sqlalchemy.engine import Connection

from trucewatch.storage.repo_changes import log_change
from trucewatch.storage.repo_incidents import executemany_rows
from trucewatch.storage.tables import (
    external_records,
    incidents,
    ledger_entries,
    ledger_entry_sources,
)
from trucewatch.storage.types import new_id

X = external_records


class InteropRepo:
    conn: Connection

    # --- external records ------------------------------------------------------------------
    def add_external_record(self, **values: Any) -> int:
        row = dict(values)
        row["data"] = json.dumps(row["data"], ensure_ascii=False, sort_keys=True, default=str)
        record_id = new_id(self.conn.execute(insert(X).values(**row)))
        if row.get("kind") == "deleted":
            # A deletion from an imported dataset is news; a new version shows as its claim.
            public = {k: v for k, v in row.items() if k != "data"}
            truce_id = row.get("truce_id")
            log_change(
                self.conn, "deleted", "external_record", record_id, public, truce_id=truce_id
            )
        return record_id

    def add_external_records_bulk(self, rows: list[dict[str, Any]]) -> None:
        """Insert many external records in one executemany; `data` must already be JSON text."""
        executemany_rows(self.conn, X, rows)

    def external_versions_many(
        self, scheme: str, record_ids: Iterable[str]
    ) -> dict[str, list[dict[str, Any]]]:
        """Stored versions (without `data`) of many records at once, per record, oldest first.
        Records with no stored version are absent; one IN query per call (callers chunk)."""
        ids = sorted(set(record_ids))
        out: dict[str, list[dict[str, Any]]] = defaultdict(list)
        if not ids:
            return out
        cols = [X.c.id, X.c.record_id, X.c.version, X.c.kind, X.c.incident_id, X.c.claim_id]
        for r in self.conn.execute(
            select(*cols).where(X.c.scheme == scheme, X.c.record_id.in_(ids)).order_by(X.c.id)
        ).mappings():
            out[r["record_id"]].append(dict(r))
        return out

    def external_versions(self, scheme: str, record_id: str) -> list[dict[str, Any]]:
        """Every stored version of one record, oldest first (by recording order)."""
        rows = self.conn.execute(
            select(X).where(X.c.scheme == scheme, X.c.record_id == record_id).order_by(X.c.id)
        ).mappings()
        return [_external(dict(r)) for r in rows]

    def external_by_incidents(
        self, incident_ids: Iterable[int], known_on: dt.datetime | None = None
    ) -> dict[int, list[dict[str, Any]]]:
        """External record versions per incident, oldest first."""
        ids = sorted(set(incident_ids))
        out: dict[int, list[dict[str, Any]]] = defaultdict(list)
        if not ids:
            return out
        cond: Any = X.c.incident_id.in_(ids)
        if known_on is not None:
            cond = and_(cond, X.c.recorded_at <= known_on)
        for r in self.conn.execute(select(X).where(cond).order_by(X.c.id)).mappings():
            out[int(r["incident_id"])].append(_external(dict(r)))
        return out

    def external_by_truces(self, truce_ids: Iterable[int]) -> dict[int, list[dict[str, Any]]]:
        ids = sorted(set(truce_ids))
        out: dict[int, list[dict[str, Any]]] = defaultdict(list)
        if ids:
            for r in self.conn.execute(
                select(X).where(X.c.truce_id.in_(ids)).order_by(X.c.id)
            ).mappings():
                out[int(r["truce_id"])].append(_external(dict(r)))
        return out

    # --- export pages ----------------------------------------------------------------------
    def incident_pages(
        self,
        *,
        occurred_from: dt.date | None = None,
        occurred_to: dt.date | None = None,
        bbox: tuple[float, float, float, float] | None = None,
        known_on: dt.datetime | None = None,
        page: int = 500,
    ) -> Iterator[list[dict[str, Any]]]:
        """Incident rows in id order, a page at a time. The date bounds are loose by a month
        (a month-precision incident starts on the 1st); callers re-check the period exactly.
        With a box, incidents without coordinates are left out: they are not known to be in it."""
        Inc = incidents
        conds: list[Any] = []
        if known_on is not None:
            conds.append(Inc.c.recorded_at <= known_on)
        if occurred_to is not None:
            conds.append(Inc.c.occurred_on <= occurred_to)
        if occurred_from is not None:
            conds.append(Inc.c.occurred_on >= occurred_from - dt.timedelta(days=31))
        if bbox is not None:
            min_lon, min_lat, max_lon, max_lat = bbox
            conds += [
                Inc.c.lon >= min_lon,
                Inc.c.lon <= max_lon,
                Inc.c.lat >= min_lat,
                Inc.c.lat <= max_lat,
            ]
        after = 0
        while True:
            q = select(Inc).where(and_(Inc.c.id > after, *conds)).order_by(Inc.c.id).limit(page)
            rows = [dict(r) for r in self.conn.execute(q).mappings()]
            if not rows:
                return
            yield rows
            after = rows[-1]["id"]

    def ledger_pages(
        self,
        *,
        truce_id: int | None = None,
        effective_from: dt.date | None = None,
        effective_to: dt.date | None = None,
        known_on: dt.datetime | None = None,
        page: int = 1000,
    ) -> Iterator[list[dict[str, Any]]]:
        """Ledger rows (with `source_ids`) in id order. Retractions carry no effective date and
        are kept whenever the entry they retract is in the page's range (checked by callers)."""
        E = ledger_entries
        conds: list[Any] = []
        if truce_id is not None:
            conds.append(E.c.truce_id == truce_id)
        if known_on is not None:
            conds.append(E.c.recorded_at <= known_on)
        after = 0
        while True:
            q = select(E).where(and_(E.c.id > after, *conds)).order_by(E.c.id).limit(page)
            rows = [dict(r) for r in self.conn.execute(q).mappings()]
            if not rows:
                return
            srcs: dict[int, list[int]] = defaultdict(list)
            for s in self.conn.execute(
                select(ledger_entry_sources).where(
                    ledger_entry_sources.c.entry_id.in_([r["id"] for r in rows])
                )
            ):
                srcs[int(s.entry_id)].append(int(s.source_id))
            for r in rows:
                r["source_ids"] = sorted(srcs.get(r["id"], []))
            yield [
                r
                for r in rows
                if r["effective_on"] is None
                or (
                    (effective_from is None or r["effective_on"] >= effective_from)
                    and (effective_to is None or r["effective_on"] <= effective_to)
                )
            ]
            after = rows[-1]["id"]


def _external(row: dict[str, Any]) -> dict[str, Any]:
    row["data"] = json.loads(row["data"])
    return row
