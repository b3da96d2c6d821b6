"""Rules that read the registry: inherited designations and links to excluded actors."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from trucewatch.domain.actors import Designation, Relation, RelationKind
from trucewatch.domain.dates import PartialDate
from trucewatch.services.ports import RegistryReader

# A successor carries its predecessor's listing: the UN list keeps "Jabhat Fateh al-Sham" and
# "Hay'at Tahrir al-Sham" under al-Nusra's entry QDe.137.
SUCCESSION = (RelationKind.RENAMED_TO,)


def inherited_designations(
    store: RegistryReader, actor_id: int, depth: int = 5
) -> list[Designation]:
    """The actor's designations plus those of actors renamed into it (transitively)."""
    return inherited_designations_many(store, [actor_id], depth).get(actor_id, [])


def inherited_designations_many(
    store: RegistryReader, actor_ids: Iterable[int], depth: int = 5
) -> dict[int, list[Designation]]:
    """`inherited_designations` for many actors, with one query per step of the rename chain."""
    # predecessors[a] = actors whose names a carries on (a itself included)
    predecessors: dict[int, set[int]] = {a: {a} for a in actor_ids}
    frontier: dict[int, set[int]] = {a: {a} for a in predecessors}
    for _ in range(depth):
        nodes = {n for ns in frontier.values() for n in ns}
        if not nodes:
            break
        back: dict[int, set[int]] = {}
        for rel in store.relations_touching(nodes):
            if rel.kind in SUCCESSION and rel.object_id in nodes:
                back.setdefault(rel.object_id, set()).add(rel.subject_id)
        nxt: dict[int, set[int]] = {}
        for a, ns in frontier.items():
            new = {p for n in ns for p in back.get(n, ())} - predecessors[a]
            if new:
                predecessors[a] |= new
                nxt[a] = new
        frontier = nxt
    found = store.designations_of({p for ps in predecessors.values() for p in ps})
    return {a: [d for p in sorted(ps) for d in found.get(p, [])] for a, ps in predecessors.items()}


@dataclass(frozen=True)
class Link:
    """A path of relations from a participant to an excluded actor."""

    excluded_id: int
    path: tuple[Relation, ...]


def links_to_excluded(
    store: RegistryReader,
    actor_ids: Iterable[int],
    excluded_ids: set[int],
    on: dt.date,
    max_len: int = 2,
) -> dict[int, Link]:
    """For each actor, the shortest relation path (any direction, valid on `on`) of length
    <= max_len to an excluded actor. Renames are not links: a renamed actor is the same actor."""
    day = PartialDate.of(on)
    start = set(actor_ids) - excluded_ids
    # paths[actor] = list of (node, path)
    frontier: dict[int, list[tuple[int, tuple[Relation, ...]]]] = {a: [(a, ())] for a in start}
    found: dict[int, Link] = {}
    adjacency_cache: dict[int, list[tuple[int, Relation]]] = {}
    for _step in range(max_len):
        nodes = {n for items in frontier.values() for n, _p in items} - set(adjacency_cache)
        for rel in store.relations_touching(nodes) if nodes else []:
            if not rel.holds_on(day):
                continue
            for a, b in ((rel.subject_id, rel.object_id), (rel.object_id, rel.subject_id)):
                if a in nodes:
                    adjacency_cache.setdefault(a, []).append((b, rel))
        for n in nodes:
            adjacency_cache.setdefault(n, [])
        nxt: dict[int, list[tuple[int, tuple[Relation, ...]]]] = {}
        for actor, items in frontier.items():
            if actor in found:
                continue
            for node, path in items:
                for other, rel in adjacency_cache.get(node, []):
                    if other == actor or any(other in (r.subject_id, r.object_id) for r in path):
                        continue
                    new_path = (*path, rel)
                    if other in excluded_ids and actor not in found:
                        found[actor] = Link(other, new_path)
                    nxt.setdefault(actor, []).append((other, new_path))
        frontier = {a: v for a, v in nxt.items() if a not in found}
        if not frontier:
            break
    return found
