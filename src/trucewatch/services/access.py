"""Monitors' access log: each denial or restriction of freedom of movement as a record of its own.

Where, when, which party, the reason given, how long monitors were held, and who reported it
(the source). Insert-only: a correction is a new record citing its source.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from trucewatch.domain.audit import AuditAction
from trucewatch.domain.dates import utcnow
from trucewatch.domain.errors import InvalidInput
from trucewatch.services.context import Caller
from trucewatch.services.registry import require_source
from trucewatch.services.resolve import resolve_actor, resolve_truce
from trucewatch.services.sources import get_or_create_source
from trucewatch.storage.store import Store


def add_access_denial(
    store: Store,
    caller: Caller,
    truce: str,
    *,
    day: dt.date,
    place: str,
    party: str,
    reason: str,
    source: str,
    minutes: int | None = None,
    recorded_at: dt.datetime | None = None,
) -> int:
    truce_id = resolve_truce(store, truce)
    party_id = resolve_actor(store, party, field="--party")
    now = recorded_at or utcnow()
    if day > now.date():
        raise InvalidInput(f"--date: {day} is in the future.", field="date")
    place, reason = (place or "").strip(), (reason or "").strip()
    if not place:
        raise InvalidInput("--place: where monitors were stopped is required.", field="place")
    if not reason:
        raise InvalidInput("--reason: the reason given is required.", field="reason")
    if minutes is not None and minutes < 0:
        raise InvalidInput(f"--minutes: {minutes} is negative.", field="minutes")
    source_id = get_or_create_source(store, require_source(source))[0]
    denial_id = store.add_access_denial(
        truce_id=truce_id,
        happened_on=day,
        place=place,
        party_id=party_id,
        reason=reason,
        minutes=minutes,
        source_id=source_id,
        recorded_at=now,
        recorded_by=caller.user,
    )
    store.audit(
        user=caller.user,
        interface=caller.interface,
        action=AuditAction.ADD_ACCESS_DENIAL,
        entity="access_denial",
        entity_id=denial_id,
        after={
            "truce": truce_id,
            "date": day.isoformat(),
            "place": place,
            "party": party_id,
            "reason": reason,
            "minutes": minutes,
            "source": source_id,
        },
    )
    return denial_id


def list_access_denials(
    store: Store,
    truce: str,
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
    known_on: dt.datetime | None = None,
) -> list[dict[str, Any]]:
    truce_id = resolve_truce(store, truce)
    rows = store.access_denial_rows(truce_id, since=since, until=until, known_on=known_on)
    sources = store.sources_by_ids(r["source_id"] for r in rows)
    return [
        {
            "id": r["id"],
            "date": r["happened_on"].isoformat(),
            "place": r["place"],
            "party": r["party"],
            "party_id": r["party_id"],
            "reason": r["reason"],
            "minutes": r["minutes"],
            "source": sources[r["source_id"]],
            "recorded_at": r["recorded_at"].isoformat(),
        }
        for r in rows
    ]
