"""A truce's participants on every day at once, "as known now", for one ledger and registry version.

A reader asking about a different day each time made every request compute the answer from the
store: the span query, the actors' names, the entries' sources, the exclusion flags, about a
dozen statements. But "as known now" an answer is a function of the truce's live entries and the
registry, and both are named by the version (services.versions): read them once per version and
every day is a bisect over the stored pieces plus the flags and the serialisation.

`ParticipantsTimeline.answer(day)` equals `queries.participants(store, truce, as_of=day)` for the
version it was built at (tests/api/test_timeline.py over random ledgers); both serialise through
`queries.participants_answer`. Answers "as known on" a past moment are not served from here:
they are settled, and the answer cache keeps each one.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from trucewatch.domain.actors import Actor, Designation
from trucewatch.domain.dates import PartialDate
from trucewatch.domain.ledger import (
    EntryKind,
    LedgerEntry,
    Participation,
    View,
    live_entries,
    participant_views,
    resolve,
    spans_for,
    view_order,
)
from trucewatch.domain.truces import Truce
from trucewatch.services import queries
from trucewatch.services.rules import inherited_designations_many, links_to_excluded
from trucewatch.services.versions import RegistryIndex
from trucewatch.storage.store import Store

# Days whose participations are kept per timeline (the answers between two boundaries of the
# pieces are the same participations); past this the memo starts again.
_MEMO_DAYS = 512
# A rough per-object weight for sizing a timeline in the answer cache's byte budget.
_OBJECT_BYTES = 256


@dataclass(frozen=True)
class _Piece:
    start: dt.date
    until: dt.date | None
    view: View


class ParticipantsTimeline:
    """Everything a participants answer "as known now" reads, for one truce and version."""

    def __init__(
        self,
        truce_id: int,
        truce: Truce,
        pieces: list[_Piece],
        excluded_spans: list[tuple[dt.date, dt.date | None, int]],
        actors: dict[int, Actor],
        entry_sources: dict[int, tuple[int, ...]],
        sources: dict[int, dict[str, Any]],
        inherited: dict[int, list[Designation]],
        registry: RegistryIndex,
    ) -> None:
        self.truce_id = truce_id
        self.truce = truce
        self._pieces = sorted(pieces, key=lambda p: p.start)
        self._starts = [p.start for p in self._pieces]
        bounds = {p.start for p in pieces} | {p.until for p in pieces if p.until is not None}
        self._bounds = sorted(bounds)
        self._excluded_spans = excluded_spans
        self._actors = actors
        self._entry_sources = entry_sources
        self._sources = sources
        self._inherited = inherited
        self._registry = registry
        self._memo: dict[int, dict[int, Participation]] = {}
        self.nbytes = _OBJECT_BYTES * (
            len(pieces) + len(actors) + len(entry_sources) + len(sources) + len(excluded_spans) + 1
        )

    @classmethod
    def build(cls, store: Store, truce_id: int, registry: RegistryIndex) -> ParticipantsTimeline:
        """Read the truce's ledger and what its answers name, in a handful of statements."""
        truce = store.get_truce(truce_id)
        entries = store.truce_entries(truce_id)
        spans = spans_for(live_entries(entries))
        pieces = [
            _Piece(s.start, s.until, View(s.party, s.entry)) for s in participant_views(spans)
        ]
        excluded = [
            (s.start, s.until, s.actor_id) for s in spans if s.entry.kind is EntryKind.EXCLUDED
        ]
        members = {p.view.entry.actor_id for p in pieces}
        parties = {p.view.party for p in pieces if p.view.party}
        # Flags name the actors on relation paths of up to two steps from a participant.
        near = _neighbours(registry, _neighbours(registry, members))
        actors = store.get_actors(members | parties | near | {a for _s, _u, a in excluded})
        supporting: dict[int, LedgerEntry] = {p.view.entry.id: p.view.entry for p in pieces}
        entry_sources = {i: e.source_ids for i, e in supporting.items()}
        sources = store.sources_by_ids({s for ids in entry_sources.values() for s in ids})
        inherited = inherited_designations_many(registry, sorted(members))
        return cls(
            truce_id, truce, pieces, excluded, actors, entry_sources, sources, inherited, registry
        )

    def participations(self, day: dt.date) -> dict[int, Participation]:
        """Who is in on `day`: the fold of the live entries (as `Store.participations_on`)."""
        segment = bisect_right(self._bounds, day)
        memo = self._memo.get(segment)
        if memo is not None:
            return memo
        by_actor: dict[int, list[View]] = {}
        for piece in self._pieces[: bisect_right(self._starts, day)]:
            if piece.until is None or piece.until > day:
                by_actor.setdefault(piece.view.entry.actor_id, []).append(piece.view)
        out: dict[int, Participation] = {}
        for actor_id, views in by_actor.items():
            views.sort(key=view_order)
            p = resolve(actor_id, views)
            if p is not None:
                out[actor_id] = p
        if len(self._memo) >= _MEMO_DAYS:
            self._memo.clear()
        self._memo[segment] = out
        return out

    def answer(self, day: dt.date) -> dict[str, Any]:
        """The participants answer on `day` as known now (`queries.participants`' shape)."""
        parts = self.participations(day)
        return queries.participants_answer(
            self.truce_id,
            self.truce.name,
            day,
            None,
            parts,
            self._actors,
            self._entry_sources,
            self._sources,
            self._flags(list(parts), day),
        )

    def _flags(self, actor_ids: list[int], day: dt.date) -> dict[int, list[dict[str, Any]]]:
        """`queries.participant_flags` for known_on None, from memory."""
        pd = PartialDate.of(day)
        flags = queries.designation_flags(self.truce, actor_ids, self._inherited, pd)
        excluded = queries.designated_excluded(self.truce, self._registry, pd)
        excluded |= {a for s, u, a in self._excluded_spans if s <= day and (u is None or u > day)}
        if excluded:
            links = links_to_excluded(self._registry, actor_ids, excluded, day)
            queries.add_link_flags(flags, links, lambda actor_id: self._actors[actor_id].name)
        return flags


def _neighbours(registry: RegistryIndex, actor_ids: Iterable[int]) -> set[int]:
    """The actors and every actor one relation away from them (on any day)."""
    ids = set(actor_ids)
    for rel in registry.relations_touching(ids):
        ids.add(rel.subject_id)
        ids.add(rel.object_id)
    return ids
