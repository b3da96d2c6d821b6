"""The participation ledger (insert-only) and its span projection.

There is deliberately no method that updates or deletes a ledger row; the database refuses both
too (triggers from the initial migration). The span tables are derived projections, rebuilt
for one (truce, actor) at a time.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

from sqlalchemy import and_, delete, insert, or_, select
from sqlalchemy.engine import Connection, Dialect

from trucewatch.domain.dates import PartialDate, Precision
from trucewatch.domain.intervals import HEIGHT, span_node, stab_nodes
from trucewatch.domain.ledger import (
    EntryKind,
    LedgerEntry,
    Participation,
    Span,
    Status,
    View,
    live_entries,
    resolve,
    spans_for,
    view_order,
)
from trucewatch.domain.ledger import participant_views as participant_views_of
from trucewatch.storage.repo_changes import log_change
from trucewatch.storage.tables import (
    ledger_entries,
    ledger_entry_sources,
    participant_views,
    participation_spans,
)
from trucewatch.storage.types import new_id

E = ledger_entries

_KINDS = {str(k): k for k in EntryKind}
_PRECISIONS = {str(p): p for p in Precision}
_PARTICIPANT = Status.PARTICIPANT
# The stored text of the kinds that say "in" (EntryKind hashes in Python; str in C).
_IN_KINDS = frozenset((str(EntryKind.JOINED), str(EntryKind.RESUMED)))
_SPAN_VIEWS = (
    "SELECT actor_id, party, effective_on, kind, precision, {recorded_at}, entry_id"
    " FROM participant_views WHERE truce_id = {p}"
    f" AND node IN ({', '.join(['{p}'] * HEIGHT)})"
    " AND start_on <= {p} AND (until_on IS NULL OR until_on > {p})"
)
# The statement for each backend, in its driver's placeholder style (sqlite3: qmark; psycopg:
# format). The recording time (UTC) comes back ready for an aware datetime: PostgreSQL converts
# it to timestamptz, which psycopg decodes in C to an aware datetime in the session's time zone,
# UTC (storage/engine.py); SQLite appends the offset to its ISO text for datetime.fromisoformat.
# Making naive datetimes aware in Python (datetime.replace) cost over a third of the decoding.
_SPAN_VIEWS_SQL = {
    "sqlite": _SPAN_VIEWS.format(recorded_at="recorded_at || '+00:00'", p="?"),
    "postgresql": _SPAN_VIEWS.format(recorded_at="recorded_at AT TIME ZONE 'UTC'", p="%s"),
}


def span_views_query(dialect: Dialect, truce_id: int, day: dt.date) -> tuple[str, tuple[Any, ...]]:
    """The driver-level statement and parameters of `participations_on` (also shown by the benchmark)."""
    # SQLite columns hold ISO text (Python's sqlite3 date adapter is deprecated).
    on: Any = day.isoformat() if dialect.name == "sqlite" else day
    return _SPAN_VIEWS_SQL[dialect.name], (truce_id, *stab_nodes(day), on, on)


@lru_cache(maxsize=1 << 16)
def _effective(start_on: Any, precision: str) -> PartialDate:
    """The PartialDate of a row's raw (effective date, precision). PartialDates are immutable
    values, so one process-wide cache serves every query (ten years of days fit 20 times)."""
    return PartialDate(_as_date(start_on), _PRECISIONS[precision])


def _as_date(value: Any) -> dt.date:
    """A DATE column as the driver returns it (a date, or ISO text on SQLite)."""
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


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


def _span_row(s: Span) -> dict[str, Any]:
    """The columns that participation_spans and participant_views share, for one span."""
    return {
        "truce_id": s.truce_id,
        "actor_id": s.actor_id,
        "party": s.party,
        "start_on": s.start,
        "until_on": s.until,
        "kind": str(s.entry.kind),
        "precision": str(s.entry.effective.precision) if s.entry.effective else "day",
        "recorded_at": s.entry.recorded_at,
        "entry_id": s.entry.id,
        "node": span_node(s.start, s.until),
    }


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
        log_change(
            self.conn,
            "retracted" if kind is EntryKind.RETRACTED else "created",
            "ledger_entry",
            entry_id,
            {
                "truce_id": truce_id,
                "actor_id": actor_id,
                "kind": str(kind),
                "effective_on": effective.start if effective else None,
                "effective_precision": str(effective.precision) if effective else None,
                "recorded_at": recorded_at,
                "asserted_by_id": asserted_by,
                "retracts_id": retracts,
                "source_ids": sorted(set(source_ids)),
                "note": note,
            },
            truce_id=truce_id,
        )
        if source_ids:
            self.conn.execute(
                insert(ledger_entry_sources),
                [{"entry_id": entry_id, "source_id": s} for s in sorted(set(source_ids))],
            )
        return entry_id

    def _load(self, where: Any, limit: int | None = None) -> list[LedgerEntry]:
        rows = list(
            self.conn.execute(select(E).where(where).order_by(E.c.id).limit(limit)).mappings()
        )
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

    def truce_entries_page(self, truce_id: int, *, after_id: int, limit: int) -> list[LedgerEntry]:
        """Up to `limit` entries of a truce with ids above `after_id`, in id order (keyset)."""
        return self._load(and_(E.c.truce_id == truce_id, E.c.id > after_id), limit)

    def entries_for_day(
        self, truce_id: int, day: dt.date, known_on: dt.datetime
    ) -> list[LedgerEntry]:
        """What `fold(entries, day, known_on)` reads of a truce's ledger, for the "as known on"
        path: the entries recorded by `known_on` that are effective on or before `day`, plus
        every retraction recorded by then (a retraction has no effective date).

        An entry effective after `day` is never a latest view on `day`, and only a retraction
        retracts, so the fold of these equals the fold of the truce's whole ledger (tested on
        both backends). Entry sources are not loaded, as in `participations_on`: the answer's
        supporting entries get theirs from `entry_source_ids`. Against `truce_entries` this skips
        the later half of the history on an average day and the source query altogether.
        """
        rows = self.conn.execute(
            select(
                E.c.id, E.c.actor_id, E.c.kind, E.c.effective_on, E.c.effective_precision,
                E.c.recorded_at, E.c.asserted_by_id, E.c.retracts_id,
            ).where(
                E.c.truce_id == truce_id,
                E.c.recorded_at <= known_on,
                or_(E.c.effective_on <= day, E.c.effective_on.is_(None)),
            ).order_by(E.c.id)
        )  # fmt: skip
        kinds = _KINDS
        return [
            LedgerEntry(
                entry_id, truce_id, actor_id, kinds[kind],
                None if start_on is None else _effective(start_on, precision),
                recorded_at, asserted_by, retracts,
            )
            for entry_id, actor_id, kind, start_on, precision, recorded_at, asserted_by, retracts
            in rows
        ]  # fmt: skip

    def actor_entries(self, actor_id: int) -> list[LedgerEntry]:
        """Entries about an actor, plus retractions of them (which carry the same actor)."""
        return self._load(E.c.actor_id == actor_id)

    def lock_pair(self, truce_id: int, actor_id: int) -> None:
        """Hold the (truce, actor) until this transaction ends, against other writers of it.

        PostgreSQL: a transaction-level advisory lock keyed by the pair (the two-integer form,
        so no hash can collide; trucewatch takes no other advisory locks). Without it two
        appends for one pair each rebuilt the projection from a snapshot that missed the
        other's entry, leaving a projection that was not the fold of the ledger. Once the
        lock is held, the statements that follow (READ COMMITTED) see what the previous
        holder committed. The span trigger of migration 0012 takes the same lock.
        SQLite: nothing to do; a write unit holds the database's one write lock from BEGIN.
        """
        if self.conn.dialect.name == "postgresql":
            self.conn.exec_driver_sql(
                "SELECT pg_advisory_xact_lock(%s, %s)", (int(truce_id), int(actor_id))
            )

    def rebuild_spans(self, truce_id: int, actor_id: int) -> None:
        """Recompute both projections of one (truce, actor) from its live entries: every
        party's spans, and the participant views clipped from them (the views of one party
        depend on the others' "in" days, so the unit of rebuilding is the actor, not the party).
        It locks the pair first (`lock_pair`), so it reads every entry committed before it."""
        self.lock_pair(truce_id, actor_id)
        spans = spans_for(live_entries(self.truce_entries(truce_id, actor_id=actor_id)))
        for table in (participation_spans, participant_views):
            self.conn.execute(
                delete(table).where(table.c.truce_id == truce_id, table.c.actor_id == actor_id)
            )
        self.insert_spans(spans)
        self.insert_participant_views(participant_views_of(spans))

    def insert_spans(self, spans: Sequence[Span]) -> None:
        if spans:
            self.conn.execute(
                insert(participation_spans),
                [{**_span_row(s), "is_in": 1 if s.entry.is_in else 0} for s in spans],
            )

    def insert_participant_views(self, pieces: Sequence[Span]) -> None:
        """Rows of `participant_views` (pieces from `domain.ledger.participant_views`)."""
        if pieces:
            self.conn.execute(
                insert(participant_views),
                [{**_span_row(s), "effective_on": s.entry.effective.start} for s in pieces],  # type: ignore[union-attr]
            )

    @staticmethod
    def _covering(truce_id: int, day: dt.date) -> tuple[Any, ...]:
        """Conditions for the spans of a truce that cover `day`, as interval-tree index scans."""
        S = participation_spans
        return (
            S.c.truce_id == truce_id,
            S.c.node.in_(stab_nodes(day)),
            S.c.start_on <= day,
            or_(S.c.until_on.is_(None), S.c.until_on > day),
        )

    def participations_on(self, truce_id: int, day: dt.date) -> dict[int, Participation]:
        """Who is in the truce on `day` ("as known now"), read from the interval-tree covering
        index of `participant_views` alone: the rows read are the answer's views and no others
        (entry sources are not loaded: see `entry_source_ids`). Equal to `fold` over the live
        entries (tests/storage: every day of a random ledger, on both backends).

        This is the hot path of "who is in on D", so it runs one fixed statement on the
        driver's cursor (inside this transaction) and builds the answer from the raw rows in one
        pass, with a cache of the effective dates: SQLAlchemy's row processing and object
        construction measured several times the cost of the index scan itself
        (docs/benchmarks.md, Ledger). An actor with a single view that says "in" (nearly all
        of them: the projection holds views only on days when some party says in) is a
        participant on that party's word; the few with several views go through `resolve`.
        """
        postgres = self.conn.dialect.name == "postgresql"
        # psycopg's binary format: the dates, integers and timestamps need no text parsing.
        dbapi = self.conn.connection
        cursor = dbapi.cursor(binary=True) if postgres else dbapi.cursor()
        try:
            cursor.execute(*span_views_query(self.conn.dialect, truce_id, day))
            rows = cursor.fetchall()
        finally:
            cursor.close()
        out: dict[int, Participation] = {}
        several: dict[int, list[View]] = {}
        kinds = _KINDS
        # Aware UTC datetimes from PostgreSQL, ISO text with its offset from SQLite.
        from_text = None if postgres else dt.datetime.fromisoformat
        for actor_id, party, effective_on, kind, precision, recorded_at, entry_id in rows:
            effective = _effective(effective_on, precision)
            stamp = recorded_at if from_text is None else from_text(recorded_at)
            # Positional arguments: the field order of LedgerEntry (id, truce, actor, kind,
            # effective, recorded_at, asserted_by).
            view = View(
                party,
                LedgerEntry(
                    entry_id, truce_id, actor_id, kinds[kind], effective, stamp, party or None
                ),
            )  # fmt: skip
            group = several.get(actor_id)
            if group is not None:
                group.append(view)
                continue
            first = out.get(actor_id)
            if first is not None:
                several[actor_id] = [first.views[0], view]
            elif kind in _IN_KINDS:
                out[actor_id] = Participation(actor_id, _PARTICIPANT, effective, (view,))
            else:
                several[actor_id] = [view]
        for actor_id, views in several.items():
            views.sort(key=view_order)
            p = resolve(actor_id, views)
            if p is None:
                out.pop(actor_id, None)
            else:
                out[actor_id] = p
        return out

    def span_excluded_actor_ids(self, truce_id: int, day: dt.date) -> set[int]:
        """Actors that some party records as excluded from the truce on `day`."""
        S = participation_spans
        rows = self.conn.execute(
            select(S.c.actor_id).where(
                *self._covering(truce_id, day), S.c.kind == str(EntryKind.EXCLUDED)
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
