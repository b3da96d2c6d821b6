"""What a read answer depends on, as versions, and the registry held in memory per version.

An answer is a function of its parameters and of the rows it reads. The versions here name those
rows cheaply (storage.repo_versions: the newest id of each insert-only table, one indexed query
each), so a cache keyed by (resource, parameters, version) can never serve an answer that an
append has changed: the append changes the version first.

`RegistryIndex` is the part of the registry that exclusion flags walk (relations, designations),
loaded in two queries and kept for as long as the registry version stays the same, so the walk
of relations behind "linked to excluded" reads no rows per request.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from threading import Lock

from trucewatch.domain.actors import Designation, Relation
from trucewatch.domain.dates import utcnow
from trucewatch.storage.store import Store

# An answer as known at a moment at least this far in the past is final. The margin covers
# writes stamped when their transaction began and committed later (an import stamps every row
# with its start time).
SETTLED_AFTER = dt.timedelta(hours=1)

Version = tuple[int, ...]


def settled(known_on: dt.datetime | None, now: dt.datetime | None = None) -> bool:
    """True when an answer as known at `known_on` can no longer change with later appends."""
    return known_on is not None and known_on <= (now or utcnow()) - SETTLED_AFTER


def ledger(store: Store, truce_id: int) -> Version | None:
    """The truce's ledger and the registry it names; None when there is no such truce."""
    return store.ledger_version(truce_id)


def everything(store: Store) -> Version:
    """The whole record: every ledger entry, the incident record and the registry (an actor's
    history spans truces; the overview shows a truce with its incidents)."""
    return (*store.incidents_version(), *store.registry_version())


def incidents(store: Store) -> Version:
    """The incident record (claims, grades, transitions, investigations), the ledger that
    violations are derived from, and the registry."""
    return (*store.incidents_version(), *store.registry_version())


@dataclass
class RegistryIndex:
    """Relations and designations in memory, answering as the `Store` methods of the same
    names do (same rows, same order), so the rules can walk either."""

    relations: list[Relation]
    designations: list[Designation]
    _touching: dict[int, list[int]] = field(default_factory=dict)
    _by_actor: dict[int, list[Designation]] = field(default_factory=dict)
    _by_authority: dict[str, set[int]] = field(default_factory=dict)

    @classmethod
    def load(cls, store: Store) -> RegistryIndex:
        index = cls(store.all_relations(), store.all_designations())
        for i, rel in enumerate(index.relations):
            index._touching.setdefault(rel.subject_id, []).append(i)
            if rel.object_id != rel.subject_id:
                index._touching.setdefault(rel.object_id, []).append(i)
        for d in index.designations:
            index._by_actor.setdefault(d.actor_id, []).append(d)
            index._by_authority.setdefault(d.authority, set()).add(d.actor_id)
        return index

    def relations_touching(self, actor_ids: Iterable[int]) -> list[Relation]:
        found = {i for a in set(actor_ids) for i in self._touching.get(a, ())}
        return [self.relations[i] for i in sorted(found)]

    def designations_of(self, actor_ids: Iterable[int]) -> dict[int, list[Designation]]:
        out: dict[int, list[Designation]] = defaultdict(list)
        for a in set(actor_ids):
            if a in self._by_actor:
                out[a] = list(self._by_actor[a])
        return out

    def designated_actor_ids(self, authorities: Iterable[str]) -> list[int]:
        return sorted({a for auth in authorities for a in self._by_authority.get(auth, ())})


class RegistryMemo:
    """The `RegistryIndex` of the newest registry version seen; rebuilt when it changes.

    One per process (the API's Services): it holds one index, so its size is the registry's.
    """

    def __init__(self) -> None:
        self._lock = Lock()
        self._version: Version | None = None
        self._index: RegistryIndex | None = None
        self.loads = 0

    def get(self, store: Store, version: Version | None = None) -> RegistryIndex:
        version = version if version is not None else store.registry_version()
        with self._lock:
            if self._index is not None and self._version == version:
                return self._index
        index = RegistryIndex.load(store)
        with self._lock:
            self._version, self._index = version, index
            self.loads += 1
        return index
