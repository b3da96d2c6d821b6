"""Writes about truces: declaring one, and appending participation entries to the ledger."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from trucewatch.domain.audit import AuditAction
from trucewatch.domain.checks import country_code, not_in_future, parse_enum
from trucewatch.domain.dates import PartialDate, utcnow
from trucewatch.domain.errors import InvalidInput, NotFound
from trucewatch.domain.ledger import EntryKind
from trucewatch.domain.names import normalize_name
from trucewatch.domain.truces import Truce, TruceKind, check_eligible
from trucewatch.services.context import Caller
from trucewatch.services.ports import LedgerUnit, TruceUnit
from trucewatch.services.registry import require_source
from trucewatch.services.resolve import resolve_actor, resolve_truce
from trucewatch.services.rules import inherited_designations
from trucewatch.services.sources import get_or_create_source


def parse_truce_kind(value: str, field: str = "kind") -> TruceKind:
    return parse_enum(TruceKind, value, field, "a truce kind", normalise=_truce_kind_spelling)


def _truce_kind_spelling(value: str) -> str:
    return value.strip().lower().replace("-", "_").replace(" ", "_")


def parse_entry_kind(value: str, field: str = "kind") -> EntryKind:
    """A participation entry a user may record (a retraction is made by `retract_entry`)."""
    return parse_enum(
        EntryKind, value, field, "a participation entry", exclude=(EntryKind.RETRACTED,)
    )


def add_truce(
    store: TruceUnit,
    caller: Caller,
    name: str,
    kind: TruceKind,
    *,
    effective: PartialDate,
    declared: PartialDate | None = None,
    ended: PartialDate | None = None,
    countries: Sequence[str] = (),
    areas: Sequence[str] = (),
    guarantors: Sequence[str] = (),
    mediators: Sequence[str] = (),
    exclude_designated_by: Sequence[str] = (),
    aliases: Sequence[str] = (),
    source: str | None = None,
    notes: str | None = None,
) -> int:
    name = name.strip()
    if not normalize_name(name):
        raise InvalidInput("name: a truce needs a name.", field="name")
    if store.truce_ids_by_norm(normalize_name(name)):
        raise InvalidInput(f"name: a truce named {name!r} exists already.", field="name")
    if declared and declared.start > effective.end:
        raise InvalidInput(
            f"--declared: {declared} is after --effective {effective}.", field="declared"
        )
    if ended and ended.end < effective.start:
        raise InvalidInput(f"--ended: {ended} is before --effective {effective}.", field="ended")
    cc = [country_code(c.strip().upper()) for c in countries if c.strip()]
    guarantor_ids = [resolve_actor(store, g, "--guarantor") for g in guarantors]
    mediator_ids = [resolve_actor(store, m, "--mediator") for m in mediators]
    source_id = get_or_create_source(store, source)[0] if source else None
    truce = Truce(
        id=None,
        name=name,
        kind=kind,
        effective=effective,
        declared=declared,
        ended=ended,
        countries=cc,
        areas=[a.strip() for a in areas if a.strip()],
        excluded_authorities=sorted({a.strip() for a in exclude_designated_by if a.strip()}),
    )
    truce_id = store.add_truce(truce, source_id=source_id, notes=notes)
    for alias in aliases:
        store.add_truce_alias(truce_id, alias.strip())
    for gid in guarantor_ids:
        store.add_truce_role(truce_id, gid, "guarantor")
    for mid in mediator_ids:
        store.add_truce_role(truce_id, mid, "mediator")
    store.audit(
        user=caller.user,
        interface=caller.interface,
        action=AuditAction.ADD_TRUCE,
        entity="truce",
        entity_id=truce_id,
        after={
            "name": name,
            "kind": str(kind),
            "effective": str(effective),
            "declared": str(declared) if declared else None,
            "guarantors": guarantor_ids,
            "excluded_authorities": truce.excluded_authorities,
        },
    )
    return truce_id


def record_participation(
    store: TruceUnit,
    caller: Caller,
    truce: str,
    actor: str,
    kind: EntryKind,
    *,
    effective: PartialDate,
    sources: Sequence[str],
    asserted_by: str | None = None,
    note: str | None = None,
    recorded_at: dt.datetime | None = None,
) -> int:
    """Append one participation entry. Joins by actors a truce excludes are refused."""
    if kind is EntryKind.RETRACTED:
        raise InvalidInput("kind: use retract_entry to retract an entry.", field="kind")
    if not sources:
        raise InvalidInput(
            "--source: every ledger entry needs a source (a URL or a citation).", field="source"
        )
    truce_id = resolve_truce(store, truce)
    actor_id = resolve_actor(store, actor)
    party = resolve_actor(store, asserted_by, "--asserted-by") if asserted_by else None
    now = recorded_at or utcnow()
    not_in_future(effective.start, now, "--date", shown=effective)
    t = store.get_truce(truce_id)
    if kind in (EntryKind.JOINED, EntryKind.RESUMED):
        name = store.get_actors([actor_id])[actor_id].name
        check_eligible(t, name, inherited_designations(store, actor_id), effective)
    source_ids = [get_or_create_source(store, require_source(s))[0] for s in sources]
    entry_id = store.append_entry(
        truce_id=truce_id,
        actor_id=actor_id,
        kind=kind,
        effective=effective,
        recorded_at=now,
        asserted_by=party,
        source_ids=source_ids,
        note=note,
        recorded_by=caller.user,
    )
    store.rebuild_spans(truce_id, actor_id)
    store.audit(
        user=caller.user,
        interface=caller.interface,
        action=AuditAction.RECORD_PARTICIPATION,
        entity="ledger_entry",
        entity_id=entry_id,
        after={
            "truce": truce_id,
            "actor": actor_id,
            "kind": str(kind),
            "effective": str(effective),
            "asserted_by": party,
            "sources": source_ids,
        },
    )
    return entry_id


def retract_entry(
    store: LedgerUnit,
    caller: Caller,
    entry_id: int,
    *,
    source: str,
    note: str | None = None,
    recorded_at: dt.datetime | None = None,
) -> int:
    """Append a retraction of an earlier entry; the earlier row stays as it was."""
    target = store.entries_by_ids([entry_id]).get(entry_id)
    if target is None:
        raise NotFound("ledger entry", str(entry_id), field="entry")
    # Two concurrent retractions of one entry: the second waits here, then finds the first.
    store.lock_pair(target.truce_id, target.actor_id)
    if target.kind is EntryKind.RETRACTED:
        raise InvalidInput(
            f"entry: {entry_id} is itself a retraction; it cannot be retracted.", field="entry"
        )
    already = [
        e.id
        for e in store.truce_entries(target.truce_id, actor_id=target.actor_id)
        if e.retracts == entry_id
    ]
    if already:
        raise InvalidInput(
            f"entry: {entry_id} was already retracted by entry {already[0]}.", field="entry"
        )
    source_id = get_or_create_source(store, require_source(source))[0]
    new_id = store.append_entry(
        truce_id=target.truce_id,
        actor_id=target.actor_id,
        kind=EntryKind.RETRACTED,
        effective=None,
        recorded_at=recorded_at or utcnow(),
        asserted_by=target.asserted_by,
        source_ids=[source_id],
        retracts=entry_id,
        note=note,
        recorded_by=caller.user,
    )
    store.rebuild_spans(target.truce_id, target.actor_id)
    store.audit(
        user=caller.user,
        interface=caller.interface,
        action=AuditAction.RETRACT_ENTRY,
        entity="ledger_entry",
        entity_id=new_id,
        after={"retracts": entry_id, "source": source_id, "note": note},
    )
    return new_id
