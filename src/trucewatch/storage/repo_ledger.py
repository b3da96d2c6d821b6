"""The participation ledger (insert-only) and its span projection.

There is deliberately no method that updates or deletes a ledger row; the database refuses both
too (triggers from the initial migration). The span table is a derived projection and is
rebuilt for one (truce, actor, party) at a time.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import and_, delete, insert, or_, select
from sqlalchemy.engine import Connection

from trucewatch.domain.dates import PartialDate, Precision
from trucewatch.domain.ledger import (
    UNATTRIBUTED,
    EntryKind,
    LedgerEntry,
    Span,
    live_entries,
    spans_for,
)
from trucewatch.storage.tables import ledger_entries, ledger_entry_sources, participation_spans
from trucewatch.storage.types import new_id

E = ledger_entries


def _entry(r: Any, sources: dict[int, list[int]]) -> LedgerEntry:
    eff = None
    if r["effective_on"] is not None:
        eff = PartialDate(r["effective_on"], Precision(r["effective_precision"]))
    return LedgerEntry(
        id=int(r["id"]),
        truce_id=int(r["truce_id"]),
        actor_id=int(r["actor_id"]),
        kind=EntryKind(r["kind"]),
        effective=eff,
        recorded_at=r["recorded_at"],
        asserted_by=r["asserted_by_id"],
        retracts=r["retracts_id"],
        source_ids=tuple(sorted(sources.get(int(r["id"]), []))),
        note=r["note"],
    )


class LedgerRepo:
    conn: Connection

    def append_entry(
        self,
        *,
        truce_id: int,
        actor_id: int,
        kind: EntryKind,
        effective: PartialDate | None,
        recorded_at: dt.datetime,
        asserted_by: int | None,
        source_ids: Sequence[int],
        retracts: int | None = None,
        note: str | None = None,
        recorded_by: str | None = None,
    ) -> int:
        res = self.conn.execute(
            insert(E).values(
                truce_id=truce_id,
                actor_id=actor_id,
                kind=str(kind),
                effective_on=effective.start if effective else None,
                effective_precision=str(effective.precision) if effective else None,
                recorded_at=recorded_at,
                asserted_by_id=asserted_by,
                retracts_id=retracts,
                note=note,
                recorded_by=recorded_by,
            )
        )
        entry_id = new_id(res)
        if source_ids:
            self.conn.execute(
                insert(ledger_entry_sources),
                [{"entry_id": entry_id, "source_id": s} for s in sorted(set(source_ids))],
            )
        return entry_id

    def _load(self, where: Any) -> list[LedgerEntry]:
        rows = list(self.conn.execute(select(E).where(where).order_by(E.c.id)).mappings())
        ids = [int(r["id"]) for r in rows]
        sources: dict[int, list[int]] = defaultdict(list)
        for chunk in range(0, len(ids), 5000):
            part = ids[chunk : chunk + 5000]
            for s in self.conn.execute(
                select(ledger_entry_sources).where(ledger_entry_sources.c.entry_id.in_(part))
            ):
                sources[int(s.entry_id)].append(int(s.source_id))
        return [_entry(r, sources) for r in rows]

    def entries_by_ids(self, ids: Iterable[int]) -> dict[int, LedgerEntry]:
        ids = sorted(set(ids))
        if not ids:
            return {}
        return {e.id: e for e in self._load(E.c.id.in_(ids))}

    def truce_entries(
        self, truce_id: int, *, known_on: dt.datetime | None = None, actor_id: int | None = None
    ) -> list[LedgerEntry]:
        cond = E.c.truce_id == truce_id
        if known_on is not None:
            cond = and_(cond, E.c.recorded_at <= known_on)
        if actor_id is not None:
            cond = and_(cond, E.c.actor_id == actor_id)
        return self._load(cond)

    def actor_entries(self, actor_id: int) -> list[LedgerEntry]:
        """Entries about an actor, plus retractions of them (which carry the same actor)."""
        return self._load(E.c.actor_id == actor_id)

    def rebuild_spans(self, truce_id: int, actor_id: int, party: int) -> None:
        """Recompute the span projection of one (truce, actor, party) from its live entries."""
        party_cond = (
            E.c.asserted_by_id.is_(None) if party == UNATTRIBUTED else E.c.asserted_by_id == party
        )
        entries = self._load(
            and_(
                E.c.truce_id == truce_id,
                E.c.actor_id == actor_id,
                or_(party_cond, E.c.kind == str(EntryKind.RETRACTED)),
            )
        )
        spans = [s for s in spans_for(live_entries(entries)) if s.party == party]
        S = participation_spans
        self.conn.execute(
            delete(S).where(S.c.truce_id == truce_id, S.c.actor_id == actor_id, S.c.party == party)
        )
        self.insert_spans(spans)

    def insert_spans(self, spans: Sequence[Span]) -> None:
        if spans:
            self.conn.execute(
                insert(participation_spans),
                [
                    {
                        "truce_id": s.truce_id,
                        "actor_id": s.actor_id,
                        "party": s.party,
                        "start_on": s.start,
                        "until_on": s.until,
                        "is_in": 1 if s.entry.is_in else 0,
                        "kind": str(s.entry.kind),
                        "precision": str(s.entry.effective.precision)
                        if s.entry.effective
                        else "day",
                        "recorded_at": s.entry.recorded_at,
                        "entry_id": s.entry.id,
                    }
                    for s in spans
                ],
            )

    def span_views(self, truce_id: int, day: dt.date) -> list[LedgerEntry]:
        """The latest-view entries on `day` of actors that some party says are in, read from
        the covering index alone (sources are not loaded: see `entry_source_ids`).

        Actors whom every party counts out are skipped.
        """
        S = participation_spans
        rows = self.conn.execute(
            select(
                S.c.actor_id,
                S.c.party,
                S.c.start_on,
                S.c.is_in,
                S.c.kind,
                S.c.precision,
                S.c.recorded_at,
                S.c.entry_id,
            ).where(
                S.c.truce_id == truce_id,
                S.c.start_on <= day,
                or_(S.c.until_on.is_(None), S.c.until_on > day),
            )
        ).all()
        wanted = {r.actor_id for r in rows if r.is_in}
        return [
            LedgerEntry(
                id=int(r.entry_id),
                truce_id=truce_id,
                actor_id=int(r.actor_id),
                kind=EntryKind(r.kind),
                effective=PartialDate(r.start_on, Precision(r.precision)),
                recorded_at=r.recorded_at,
                asserted_by=r.party or None,
            )
            for r in rows
            if r.actor_id in wanted
        ]

    def span_excluded_actor_ids(self, truce_id: int, day: dt.date) -> set[int]:
        """Actors that some party records as excluded from the truce on `day`."""
        S = participation_spans
        rows = self.conn.execute(
            select(S.c.actor_id).where(
                S.c.truce_id == truce_id,
                S.c.start_on <= day,
                or_(S.c.until_on.is_(None), S.c.until_on > day),
                S.c.kind == str(EntryKind.EXCLUDED),
            )
        )
        return {int(r.actor_id) for r in rows}

    def entry_source_ids(self, entry_ids: Iterable[int]) -> dict[int, list[int]]:
        ids = sorted(set(entry_ids))
        out: dict[int, list[int]] = defaultdict(list)
        for chunk in range(0, len(ids), 5000):
            part = ids[chunk : chunk + 5000]
            for s in self.conn.execute(
                select(ledger_entry_sources).where(ledger_entry_sources.c.entry_id.in_(part))
            ):
                out[int(s.entry_id)].append(int(s.source_id))
        return out
