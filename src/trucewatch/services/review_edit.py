"""Analysts' corrections of event candidates before they decide.

A correction changes the candidate's current payload (type, an actor in a role, place, date,
counts) and stores one row per changed field: who, when, the value before and after. Candidates
are review data, not ledger, so the payload is replaced; the correction rows are its history and
what `review export-gold` turns into evaluation data.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from trucewatch.domain.audit import AuditAction
from trucewatch.domain.dates import parse_date
from trucewatch.domain.errors import InvalidInput
from trucewatch.domain.incidents import check_fatalities
from trucewatch.services.candidate_payload import (
    FATALITY_FIELDS,
    ROLES,
    current_payload,
    fatalities_of,
)
from trucewatch.services.context import Caller
from trucewatch.services.incidents import check_event_type
from trucewatch.services.resolve import resolve_actor
from trucewatch.services.review import event_summary, pending_candidate
from trucewatch.storage.store import Store

ROLE_OPS = ("set", "add", "remove")
CLEAR = object()  # a sentinel: "remove this value" (place, date, a count)


@dataclass(frozen=True)
class RoleEdit:
    """`set` replaces every actor in the role with this one; `add` adds it; `remove` takes it
    out (or, with no actor, empties the role)."""

    op: str
    role: str
    actor: str | None = None


def parse_role_edit(op: str, text: str, field: str) -> RoleEdit:
    """`ROLE=ACTOR` (an actor's registry name, alias or id); for remove, `ROLE` alone too."""
    role, sep, actor = text.partition("=")
    role, actor = role.strip().lower(), actor.strip()
    if role not in ROLES:
        raise InvalidInput(
            f"{field}: {role!r} is not a role; expected ROLE=ACTOR with ROLE one of "
            f"{', '.join(ROLES)}.",
            field=field.lstrip("-"),
        )
    if not actor and op != "remove":
        raise InvalidInput(
            f"{field}: {text!r} names no actor; expected ROLE=ACTOR.", field=field.lstrip("-")
        )
    return RoleEdit(op, role, actor or None) if sep or op == "remove" else RoleEdit(op, role)


def parse_counts(items: Sequence[str], field: str = "--count") -> dict[str, object]:
    """`NAME=N` (or `NAME=` to clear) for NAME in civilians, children, women, non_civilians,
    total, low, high."""
    out: dict[str, object] = {}
    for item in items:
        name, sep, value = item.partition("=")
        name = name.strip().lower().replace("-", "_")
        if name == "best":
            name = "total"
        if not sep or name not in FATALITY_FIELDS:
            raise InvalidInput(
                f"{field}: {item!r} is not NAME=N with NAME one of {', '.join(FATALITY_FIELDS)}.",
                field=field.lstrip("-"),
            )
        value = value.strip()
        if not value:
            out[name] = CLEAR
        elif value.isdigit():
            out[name] = int(value)
        else:
            raise InvalidInput(
                f"{field}: {name}={value!r} is not a whole number of people.",
                field=field.lstrip("-"),
            )
    return out


def correct_candidate(
    store: Store,
    caller: Caller,
    candidate_id: int,
    *,
    type: str | None = None,
    roles: Sequence[RoleEdit] = (),
    place: object = None,
    date: object = None,
    counts: Mapping[str, object] | None = None,
) -> dict[str, Any]:
    """Correct a pending event candidate; returns the corrections stored (empty if nothing
    changed). `place` and `date` take a value, `CLEAR`, or None for "leave as is"."""
    cand = pending_candidate(store, candidate_id)
    if cand["kind"] != "event":
        raise InvalidInput(
            f"ID: candidate {candidate_id} is an actor candidate; only event candidates are "
            "corrected (accept it with --alias-of or --kind).",
            field="ID",
        )
    old_type = cand["type"]
    payload = current_payload(cand["payload"], old_type)
    changes: list[tuple[str, Any, Any]] = []
    new_type = old_type
    if type is not None:
        new_type = check_event_type(type)
        if new_type != old_type:
            changes.append(("type", old_type, new_type))
    changes += _edit_roles(store, payload, roles)
    if place is not None:
        new_place = None if place is CLEAR else str(place).strip() or None
        if new_place != payload.get("place"):
            changes.append(("place", payload.get("place"), new_place))
            payload["place"] = new_place
    if date is not None:
        before = _date_value(payload)
        if date is CLEAR:
            payload["date"], payload["date_precision"] = None, None
        else:
            d = parse_date(str(date), "--date")
            payload["date"], payload["date_precision"] = d.start.isoformat(), str(d.precision)
        if _date_value(payload) != before:
            changes.append(("date", before, _date_value(payload)))
    if counts:
        changes += _edit_counts(payload, counts)
    for field, before, after in changes:
        store.add_candidate_correction(
            candidate_id,
            user=caller.user,
            interface=caller.interface,
            field=field,
            before=before,
            after=after,
        )
    if changes:
        store.update_candidate(
            candidate_id,
            type=new_type,
            summary=event_summary(new_type, payload),
            payload=payload,
        )
        store.audit(
            user=caller.user,
            interface=caller.interface,
            action=AuditAction.CORRECT_CANDIDATE,
            entity="candidate",
            entity_id=candidate_id,
            before={f: b for f, b, _ in changes},
            after={f: a for f, _, a in changes},
        )
    return {
        "id": candidate_id,
        "type": new_type,
        "corrections": [{"field": f, "before": b, "after": a} for f, b, a in changes],
    }


def _date_value(payload: dict[str, Any]) -> str | None:
    if not payload.get("date"):
        return None
    precision = payload.get("date_precision") or "day"
    text = str(payload["date"])
    return text[:4] if precision == "year" else text[:7] if precision == "month" else text[:10]


def _role_view(payload: dict[str, Any], role: str) -> list[dict[str, Any]]:
    return [
        {"name": a.get("name"), "id": a.get("id")}
        for a in payload.get("actors") or []
        if a.get("role") == role
    ]


def _edit_roles(
    store: Store, payload: dict[str, Any], edits: Sequence[RoleEdit]
) -> list[tuple[str, Any, Any]]:
    """Apply the role edits in order; one change per role that ends up different."""
    actors: list[dict[str, Any]] = list(payload.get("actors") or [])
    touched = list(dict.fromkeys(e.role for e in edits))
    before = {role: _role_view(payload, role) for role in touched}
    set_done: set[str] = set()
    for e in edits:
        actor_id = resolve_actor(store, e.actor, f"--{e.op}") if e.actor else None
        if e.op == "remove":
            actors = [
                a
                for a in actors
                if not (a.get("role") == e.role and (actor_id is None or a.get("id") == actor_id))
            ]
            continue
        assert actor_id is not None
        if e.op == "set" and e.role not in set_done:
            # The first --set of a role replaces it; further --set of the same role add to it.
            actors = [a for a in actors if a.get("role") != e.role]
            set_done.add(e.role)
        if any(a.get("role") == e.role and a.get("id") == actor_id for a in actors):
            continue
        name = store.get_actors([actor_id])[actor_id].name
        actors.append({"role": e.role, "name": name, "id": actor_id, "corrected": True})
    payload["actors"] = actors
    changes = []
    for role in touched:
        after = _role_view(payload, role)
        if after != before[role]:
            changes.append((f"role:{role}", before[role], after))
    return changes


def _edit_counts(
    payload: dict[str, Any], counts: Mapping[str, object]
) -> list[tuple[str, Any, Any]]:
    old = dict(payload.get("fatalities") or {})
    new = dict(old)
    for name, value in counts.items():
        new[name] = None if value is CLEAR else value
    check_fatalities(fatalities_of(new))
    payload["fatalities"] = new
    return [
        (f"fatalities.{name}", old.get(name), new.get(name))
        for name in FATALITY_FIELDS
        if old.get(name) != new.get(name)
    ]
