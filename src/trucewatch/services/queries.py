"""Read-side use cases: participants as of a date (and as known at a time), changes, histories.

They return plain dicts, ready for JSON and for tables.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from trucewatch.domain.actors import Actor, Designation
from trucewatch.domain.dates import PartialDate, utcnow
from trucewatch.domain.ledger import (
    EntryKind,
    LedgerEntry,
    Participation,
    changes_between,
    fold,
    latest_views,
    live_entries,
)
from trucewatch.domain.truces import Truce, excluding_designation
from trucewatch.services.ports import (
    ActorLookup,
    LedgerStore,
    RegistryReader,
    TruceQueries,
    TruceStore,
)
from trucewatch.services.resolve import resolve_actor, resolve_truce
from trucewatch.services.rules import (
    Link,
    inherited_designations_many,
    links_to_excluded,
)
from trucewatch.services.versions import RegistryIndex


def _participations(
    store: LedgerStore, truce_id: int, as_of: dt.date, known_on: dt.datetime | None
) -> dict[int, Participation]:
    if known_on is None:
        # Fast path: the participant-views projection holds the views "as known now" of the
        # actors some party says are in, and nothing else (storage.repo_ledger).
        return store.participations_on(truce_id, as_of)
    return fold(store.entries_for_day(truce_id, as_of, known_on), as_of, known_on)


def participants(
    store: TruceQueries,
    truce: str,
    *,
    as_of: dt.date | None = None,
    known_on: dt.datetime | None = None,
    registry: RegistryIndex | None = None,
) -> dict[str, Any]:
    """Participants of a truce on `as_of` (default today), as known at `known_on` (default now).

    `registry` is the registry held in memory for the current registry version; without it the
    exclusion flags read relations and designations from the store."""
    truce_id = resolve_truce(store, truce)
    t = store.get_truce(truce_id)
    day = as_of or utcnow().date()
    parts = _participations(store, truce_id, day, known_on)
    party_ids = {v.party for p in parts.values() for v in p.views if v.party}
    actors = store.get_actors(set(parts) | party_ids)
    entry_sources = store.entry_source_ids(e.id for p in parts.values() for e in p.supporting)
    srcs = store.sources_by_ids({s for ids in entry_sources.values() for s in ids})
    flags = participant_flags(store, truce_id, list(parts), day, known_on, registry)
    return participants_answer(
        truce_id, t.name, day, known_on, parts, actors, entry_sources, srcs, flags
    )


def participants_answer(
    truce_id: int,
    truce_name: str,
    day: dt.date,
    known_on: dt.datetime | None,
    parts: Mapping[int, Participation],
    actors: Mapping[int, Actor],
    entry_sources: Mapping[int, Sequence[int]],
    srcs: Mapping[int, dict[str, Any]],
    flags: Mapping[int, list[dict[str, Any]]],
) -> dict[str, Any]:
    """The participants answer from its parts: the one shape both the per-day reads above and
    the per-version timeline (services.timeline) serialise, so they cannot drift apart."""
    rows = []
    for actor_id, p in parts.items():
        rows.append(
            {
                "actor_id": actor_id,
                "name": actors[actor_id].name,
                "kind": str(actors[actor_id].kind),
                "status": str(p.status),
                "since": p.since.iso(),
                "sources": [
                    srcs[s] for s in sorted({s for e in p.supporting for s in entry_sources[e.id]})
                ],
                "flags": flags.get(actor_id, []),
                "views": [
                    {
                        "asserted_by": actors[v.party].name if v.party else None,
                        "asserted_by_id": v.party or None,
                        "kind": str(v.entry.kind),
                        "effective": v.entry.effective.iso() if v.entry.effective else None,
                        "entry_id": v.entry.id,
                        "sources": sorted(entry_sources[v.entry.id]),
                    }
                    for v in p.views
                ],
            }
        )
    rows.sort(
        key=lambda r: (r["status"] != "participant", str(r["name"]).casefold(), str(r["actor_id"]))
    )
    return {
        "truce": {"id": truce_id, "name": truce_name},
        "as_of": day.isoformat(),
        "known_on": known_on.isoformat() if known_on else None,
        "participants": rows,
    }


def participant_flags(
    store: TruceQueries,
    truce_id: int,
    actor_ids: list[int],
    day: dt.date,
    known_on: dt.datetime | None = None,
    registry: RegistryIndex | None = None,
) -> dict[int, list[dict[str, Any]]]:
    """Flags per participant: under an excluding designation, or linked (<= 2 hops) to an
    excluded actor (designated by an excluded authority, or recorded as excluded)."""
    reg: RegistryReader = registry or store
    t = store.get_truce(truce_id)
    pd = PartialDate.of(day)
    flags = designation_flags(t, actor_ids, inherited_designations_many(reg, actor_ids), pd)
    excluded = designated_excluded(t, reg, pd)
    if known_on is None:
        excluded |= store.span_excluded_actor_ids(truce_id, day)
    else:
        entries = live_entries(store.entries_for_day(truce_id, day, known_on), known_on)
        for actor_id, views in latest_views(entries, day).items():
            if any(v.entry.kind is EntryKind.EXCLUDED for v in views):
                excluded.add(actor_id)
    if not excluded:
        return flags
    links = links_to_excluded(reg, actor_ids, excluded, day)
    names = store.get_actors({lk.excluded_id for lk in links.values()} | set(links))
    add_link_flags(flags, links, lambda actor_id: _name(names, store, actor_id))
    return flags


def designation_flags(
    t: Truce, actor_ids: Iterable[int], inherited: Mapping[int, list[Designation]], pd: PartialDate
) -> dict[int, list[dict[str, Any]]]:
    """The "designated" flag of each actor under a designation the truce excludes on `pd`."""
    flags: dict[int, list[dict[str, Any]]] = {}
    for actor_id in actor_ids:
        d = excluding_designation(t, inherited.get(actor_id, []), pd)
        if d is not None:
            flags.setdefault(actor_id, []).append(
                {
                    "code": "designated",
                    "detail": f"designated by {d.authority}"
                    + (f" ({d.reference})" if d.reference else ""),
                }
            )
    return flags


def designated_excluded(t: Truce, reg: RegistryReader, pd: PartialDate) -> set[int]:
    """Actors under a designation, active on `pd`, by an authority the truce excludes."""
    excluded: set[int] = set()
    designated = reg.designated_actor_ids(t.excluded_authorities)
    for actor_id, ds in reg.designations_of(designated).items():
        if excluding_designation(t, ds, pd) is not None:
            excluded.add(actor_id)
    return excluded


def add_link_flags(
    flags: dict[int, list[dict[str, Any]]],
    links: Mapping[int, Link],
    name_of: Callable[[int], str],
) -> None:
    """Append the "linked_to_excluded" flag of each linked actor, naming the path."""
    for actor_id, link in links.items():
        steps = [
            f"{name_of(rel.subject_id)} {rel.kind} {name_of(rel.object_id)}" for rel in link.path
        ]
        flags.setdefault(actor_id, []).append(
            {
                "code": "linked_to_excluded",
                "detail": f"linked to excluded {name_of(link.excluded_id)}: " + "; ".join(steps),
                "excluded_actor_id": link.excluded_id,
                "path_length": len(link.path),
            }
        )


def _name(cache: dict[int, Actor], store: ActorLookup, actor_id: int) -> str:
    if actor_id not in cache:
        cache.update(store.get_actors([actor_id]))
    return cache[actor_id].name


def _entry_row(
    e: LedgerEntry, names: dict[int, Actor], srcs: dict[int, dict[str, Any]]
) -> dict[str, Any]:
    return {
        "entry_id": e.id,
        "actor_id": e.actor_id,
        "name": names[e.actor_id].name,
        "kind": str(e.kind),
        "effective": e.effective.iso() if e.effective else None,
        "recorded_at": e.recorded_at.isoformat(),
        "asserted_by": names[e.asserted_by].name if e.asserted_by else None,
        "retracts": e.retracts,
        "note": e.note,
        "sources": [srcs[s] for s in e.source_ids if s in srcs],
    }


def changes(
    store: TruceQueries,
    truce: str,
    *,
    since: dt.date,
    until: dt.date | None = None,
    known_on: dt.datetime | None = None,
) -> dict[str, Any]:
    """Entries effective after `since` up to `until`, with the actor's status before and after."""
    truce_id = resolve_truce(store, truce)
    end = until or utcnow().date()
    entries = store.truce_entries(truce_id, known_on=known_on)
    found = changes_between(entries, since, end, known_on)
    names = store.get_actors(
        {c.actor_id for c in found} | {c.entry.asserted_by for c in found if c.entry.asserted_by}
    )
    srcs = store.sources_by_ids({s for c in found for s in c.entry.source_ids})
    rows = []
    for c in found:
        row = _entry_row(c.entry, names, srcs)
        row["status_before"] = str(c.before) if c.before else None
        row["status_after"] = str(c.after) if c.after else None
        rows.append(row)
    return {
        "truce": {"id": truce_id, "name": store.get_truce(truce_id).name},
        "since": since.isoformat(),
        "until": end.isoformat(),
        "changes": rows,
    }


def actor_history(store: TruceQueries, actor: str) -> dict[str, Any]:
    """Every ledger entry about an actor, grouped by truce, with today's status in each."""
    actor_id = resolve_actor(store, actor)
    entries = store.actor_entries(actor_id)
    names = store.get_actors({actor_id} | {e.asserted_by for e in entries if e.asserted_by})
    srcs = store.sources_by_ids({s for e in entries for s in e.source_ids})
    truce_names = store.truce_names({e.truce_id for e in entries})
    today = utcnow().date()
    truces = []
    for truce_id in sorted(truce_names):
        es = [e for e in entries if e.truce_id == truce_id]
        p = fold(es, today).get(actor_id)
        truces.append(
            {
                "truce_id": truce_id,
                "truce": truce_names[truce_id],
                "status_today": str(p.status) if p else "not participating",
                "entries": [_entry_row(e, names, srcs) for e in es],
            }
        )
    return {"actor": {"id": actor_id, "name": names[actor_id].name}, "truces": truces}


def actor_detail(store: TruceQueries, actor: str) -> dict[str, Any]:
    actor_id = resolve_actor(store, actor)
    a = store.get_actors([actor_id])[actor_id]
    rels = store.relations_touching([actor_id])
    others = store.get_actors({r.subject_id for r in rels} | {r.object_id for r in rels})
    srcs = store.sources_by_ids({r.source_id for r in rels if r.source_id})
    des = store.designations_of([actor_id]).get(actor_id, [])
    srcs.update(store.sources_by_ids({d.source_id for d in des if d.source_id}))
    return {
        "id": a.id,
        "name": a.name,
        "kind": str(a.kind),
        "country": a.country,
        "notes": a.notes,
        "aliases": [
            {"name": al.name, "language": al.language, "script": al.script, "origin": al.origin}
            for al in a.aliases
        ],
        "external_ids": a.external_ids,
        "relations": [
            {
                "subject_id": r.subject_id,
                "subject": others[r.subject_id].name,
                "relation": str(r.kind),
                "object_id": r.object_id,
                "object": others[r.object_id].name,
                "from": r.valid_from.iso() if r.valid_from else None,
                "to": r.valid_to.iso() if r.valid_to else None,
                "source": srcs.get(r.source_id) if r.source_id else None,
            }
            for r in rels
        ],
        "designations": [
            {
                "authority": d.authority,
                "reference": d.reference,
                "listed_on": d.listed_on.iso(),
                "delisted_on": d.delisted_on.iso() if d.delisted_on else None,
                "source": srcs.get(d.source_id) if d.source_id else None,
            }
            for d in des
        ],
    }


def truce_detail(
    store: TruceQueries, truce: str, registry: RegistryIndex | None = None
) -> dict[str, Any]:
    truce_id = resolve_truce(store, truce)
    t = store.get_truce(truce_id)
    extra = store.truce_extras(truce_id)
    role_ids = {i for ids in extra["roles"].values() for i in ids}
    names = store.get_actors(role_ids)
    src = store.sources_by_ids([extra["source_id"]] if extra["source_id"] else [])
    today = participants(store, str(truce_id), registry=registry)
    return {
        "id": truce_id,
        "name": t.name,
        "kind": str(t.kind),
        "declared": t.declared.iso() if t.declared else None,
        "effective": t.effective.iso(),
        "ended": t.ended.iso() if t.ended else None,
        "countries": t.countries,
        "areas": t.areas,
        "aliases": sorted(a for a in extra["aliases"] if a != t.name),
        "guarantors": [
            {"id": i, "name": names[i].name} for i in extra["roles"].get("guarantor", [])
        ],
        "mediators": [{"id": i, "name": names[i].name} for i in extra["roles"].get("mediator", [])],
        "excludes_designated_by": t.excluded_authorities,
        "notes": extra["notes"],
        "source": src.get(extra["source_id"]) if extra["source_id"] else None,
        "participants_today": len(today["participants"]),
    }


def list_truces(store: TruceStore) -> list[dict[str, Any]]:
    out = []
    for truce_id in store.list_truce_ids():
        t = store.get_truce(truce_id)
        out.append(
            {
                "id": truce_id,
                "name": t.name,
                "kind": str(t.kind),
                "declared": t.declared.iso() if t.declared else None,
                "effective": t.effective.iso(),
                "ended": t.ended.iso() if t.ended else None,
                "countries": t.countries,
            }
        )
    return out
