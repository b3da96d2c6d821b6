"""The participation ledger: append-only, bitemporal entries and the as-of fold.

Each entry says that, according to an asserting party, an actor joined, withdrew from, suspended,
resumed or was excluded from a truce on an effective date; we also keep when we recorded it. A
`retracted` entry withdraws an earlier entry (a correction is a retraction plus a new entry).

The fold answers "who participates in truce T on date D, as known at time K":

1. keep entries recorded at or before K; drop entries retracted by a retraction recorded at or
   before K;
2. keep entries effective on or before D;
3. for each actor and each asserting party, the party's *view* is its latest entry (by effective
   date; same-day entries are ordered by kind precedence, never by recording order);
4. an actor is a *participant* when every party's view is "in" (joined/resumed), *disputed* when
   some parties say in and others out, and absent when no party says in.

The answer depends only on the set of entries known at K, not on the order they were recorded in,
and appending an entry never changes an answer for a K before it was recorded.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import NamedTuple

from trucewatch.domain.dates import PartialDate


class EntryKind(StrEnum):
    JOINED = "joined"
    WITHDREW = "withdrew"
    SUSPENDED = "suspended"
    RESUMED = "resumed"
    EXCLUDED = "excluded"
    RETRACTED = "retracted"


IN_KINDS = frozenset({EntryKind.JOINED, EntryKind.RESUMED})
OUT_KINDS = frozenset({EntryKind.WITHDREW, EntryKind.SUSPENDED, EntryKind.EXCLUDED})
# On one effective day, a later step of a lifecycle wins: join < resume < suspend < withdraw < exclude.
KIND_PRECEDENCE = {
    EntryKind.JOINED: 0,
    EntryKind.RESUMED: 1,
    EntryKind.SUSPENDED: 2,
    EntryKind.WITHDREW: 3,
    EntryKind.EXCLUDED: 4,
}
UNATTRIBUTED = 0  # the party key of entries with no asserting party


class Status(StrEnum):
    PARTICIPANT = "participant"
    DISPUTED = "disputed"


# Module-level names for the members used on the as-of hot path: reading a member off its Enum
# class goes through a descriptor and costs several times a global look-up.
_JOINED, _RESUMED = EntryKind.JOINED, EntryKind.RESUMED
_PARTICIPANT, _DISPUTED = Status.PARTICIPANT, Status.DISPUTED


class LedgerEntry(NamedTuple):
    """One ledger row. Immutable; a named tuple rather than a dataclass because the as-of path
    builds one per view and a frozen dataclass costs four times as much to construct."""

    id: int
    truce_id: int
    actor_id: int
    kind: EntryKind
    effective: PartialDate | None  # None only for retractions
    recorded_at: dt.datetime
    asserted_by: int | None = None
    retracts: int | None = None
    source_ids: tuple[int, ...] = ()
    note: str | None = None

    @property
    def party(self) -> int:
        return self.asserted_by if self.asserted_by is not None else UNATTRIBUTED

    @property
    def is_in(self) -> bool:
        kind = self.kind
        return kind is _JOINED or kind is _RESUMED

    def order_key(self) -> tuple[dt.date, int, int]:
        """Effective day, then kind precedence; exact repeats fall back to the later entry."""
        assert self.effective is not None
        return (self.effective.start, KIND_PRECEDENCE[self.kind], self.id)


class View(NamedTuple):
    """One party's latest word on one actor."""

    party: int
    entry: LedgerEntry

    @property
    def is_in(self) -> bool:
        return self.entry.is_in


class Participation(NamedTuple):
    actor_id: int
    status: Status
    since: PartialDate
    views: tuple[View, ...]

    @property
    def supporting(self) -> tuple[LedgerEntry, ...]:
        return tuple(v.entry for v in self.views)


def live_entries(
    entries: Iterable[LedgerEntry], known_on: dt.datetime | None = None
) -> list[LedgerEntry]:
    """Entries known at `known_on` and not retracted as of then (all of them when None)."""
    known = [e for e in entries if known_on is None or e.recorded_at <= known_on]
    retracted = {e.retracts for e in known if e.kind is EntryKind.RETRACTED}
    return [e for e in known if e.kind is not EntryKind.RETRACTED and e.id not in retracted]


def view_order(v: View) -> tuple[int, int]:
    """The order of one actor's views in every answer: by party, then entry id."""
    return (v.party, v.entry.id)


def latest_views(entries: Iterable[LedgerEntry], as_of: dt.date) -> dict[int, list[View]]:
    """For each actor, each party's latest live entry effective on or before `as_of`."""
    best: dict[tuple[int, int], LedgerEntry] = {}
    for e in entries:
        if e.effective is None or e.effective.start > as_of:
            continue
        key = (e.actor_id, e.party)
        cur = best.get(key)
        if cur is None or e.order_key() > cur.order_key():
            best[key] = e
    views: dict[int, list[View]] = defaultdict(list)
    for (actor_id, party), e in best.items():
        views[actor_id].append(View(party, e))
    for vs in views.values():
        vs.sort(key=view_order)
    return views


def resolve(actor_id: int, views: list[View]) -> Participation | None:
    """Turn one actor's party views into a participation, or None when no party says "in"."""
    if len(views) == 1:  # the common case: one party's word
        v = views[0]
        if not v.entry.is_in or v.entry.effective is None:
            return None
        return Participation(actor_id, _PARTICIPANT, v.entry.effective, (v,))
    ins = [v for v in views if v.is_in]
    if not ins:
        return None
    status = _PARTICIPANT if len(ins) == len(views) else _DISPUTED
    since = min(v.entry.effective for v in ins if v.entry.effective is not None)
    return Participation(actor_id, status, since, tuple(views))


def fold(
    entries: Iterable[LedgerEntry], as_of: dt.date, known_on: dt.datetime | None = None
) -> dict[int, Participation]:
    """Participants of one truce on `as_of`, as known at `known_on` (see the module docstring)."""
    views = latest_views(live_entries(entries, known_on), as_of)
    out: dict[int, Participation] = {}
    for actor_id, vs in views.items():
        p = resolve(actor_id, vs)
        if p is not None:
            out[actor_id] = p
    return out


@dataclass(frozen=True)
class Span:
    """A party's view of an actor held from `start` until the day before `until` (open when None).

    Spans are the stored projection of the ledger "as known now": the participants on D are the
    spans with start <= D < until, grouped by actor. They are recomputed from the live entries of
    one (truce, actor, party) on every append, so they never disagree with `fold`.
    """

    truce_id: int
    actor_id: int
    party: int
    entry: LedgerEntry
    start: dt.date
    until: dt.date | None


def spans_for(entries: Iterable[LedgerEntry]) -> list[Span]:
    """Spans of live entries (already filtered by `live_entries`) of any truces/actors/parties."""
    groups: dict[tuple[int, int, int], list[LedgerEntry]] = defaultdict(list)
    for e in entries:
        if e.effective is not None:
            groups[(e.truce_id, e.actor_id, e.party)].append(e)
    spans: list[Span] = []
    for (truce_id, actor_id, party), es in groups.items():
        es.sort(key=LedgerEntry.order_key)
        # Same-day entries: only the one with the highest precedence is ever a latest view.
        dedup: list[LedgerEntry] = []
        for e in es:
            if dedup and dedup[-1].order_key()[0] == e.order_key()[0]:
                dedup[-1] = e
            else:
                dedup.append(e)
        for i, e in enumerate(dedup):
            assert e.effective is not None
            nxt = dedup[i + 1].effective if i + 1 < len(dedup) else None
            spans.append(
                Span(truce_id, actor_id, party, e, e.effective.start, nxt.start if nxt else None)
            )
    return spans


def participant_views(spans: Iterable[Span]) -> list[Span]:
    """The spans clipped to the days on which some party says their actor is in.

    Those days are the only ones on which an as-of answer needs an actor's views: an actor that
    no party says is in is not a participant, and a party's "out" view counts only beside
    another party's "in" (then the actor is disputed). So the views covering D in these pieces
    are exactly the views of D's participants, and the as-of query that reads them reads its
    answer and nothing else (table `participant_views`). A party's spans never overlap, so
    neither do its pieces: on any day each party still has at most one view.

    `spans` are the spans of any truces and actors, all parties included (`spans_for`).
    """
    groups: dict[tuple[int, int], list[Span]] = defaultdict(list)
    for s in spans:
        groups[(s.truce_id, s.actor_id)].append(s)
    end = dt.date.max  # an open span (until None) runs to the end of representable days
    pieces: list[Span] = []
    for group in groups.values():
        # The days some party says "in", as disjoint [start, until) runs.
        ins: list[list[dt.date]] = []
        for lo, hi in sorted((s.start, s.until or end) for s in group if s.entry.is_in):
            if ins and lo <= ins[-1][1]:
                ins[-1][1] = max(ins[-1][1], hi)
            else:
                ins.append([lo, hi])
        for s in group:
            until = s.until or end
            for lo, hi in ins:
                a, b = max(s.start, lo), min(until, hi)
                if a < b:
                    pieces.append(
                        Span(s.truce_id, s.actor_id, s.party, s.entry, a, None if b == end else b)
                    )
    return pieces


@dataclass(frozen=True)
class Change:
    """A change in one actor's status between two dates."""

    actor_id: int
    entry: LedgerEntry
    before: Status | None
    after: Status | None


def changes_between(
    entries: Iterable[LedgerEntry],
    since: dt.date,
    until: dt.date,
    known_on: dt.datetime | None = None,
) -> list[Change]:
    """Live entries effective in (since, until], each with the actor's status just before and after."""
    live = live_entries(entries, known_on)
    by_actor: dict[int, list[LedgerEntry]] = defaultdict(list)
    for e in live:
        by_actor[e.actor_id].append(e)
    out: list[Change] = []
    for actor_id, es in by_actor.items():
        window = sorted(
            (e for e in es if e.effective is not None and since < e.effective.start <= until),
            key=LedgerEntry.order_key,
        )
        for e in window:
            assert e.effective is not None
            day = e.effective.start
            before = resolve(
                actor_id, latest_views(es, day - dt.timedelta(days=1)).get(actor_id, [])
            )
            after = resolve(actor_id, latest_views(es, day).get(actor_id, []))
            out.append(
                Change(
                    actor_id,
                    e,
                    before.status if before else None,
                    after.status if after else None,
                )
            )
    out.sort(key=lambda c: c.entry.order_key())
    return out
