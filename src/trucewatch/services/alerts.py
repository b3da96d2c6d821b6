"""Alert subscriptions: a user's trigger on a truce, an actor or a zone, evaluated once per change.

Each subscription keeps the cursor of the last change it evaluated. `evaluate_all` reads the
change feed after it, queues one delivery per matching change and moves the cursor, in one
transaction per subscription: a change is evaluated once, and the delivery log's unique
(subscription, change) key means an alert is never queued twice.

Triggers (what matches a change):
  party_left            a ledger entry withdrew/suspended/excluded (said by anyone) in --truce,
                        of --actor when given
  linked_to_excluded    a new relation between a watched actor (--actor, or a participant of
                        --truce today) and an actor designated by an authority the truce excludes
                        (any designating authority without --truce)
  designation           a new designation of a watched actor
  new_incident          a new incident in --truce's scope (time in force, countries, areas;
                        a truce with area zones has them as its areas, as in incident_queries)
  violations_above_baseline
                        a new incident in --truce's scope after which the truce's incidents in
                        the 7 days up to it exceed --threshold (default 2) times the weekly mean
                        of the 28 days before those 7, and at least 3: the baseline rule
  bulletin              --truce's daily bulletin, once a day for the previous day; it answers
                        no change, see services.bulletin_alerts

With --zone Z (an area or buffer of the truce) the two incident triggers place incidents in Z
instead of the truce's scope: an incident counts when its coordinates lie inside the version of Z
in force on its first day, as known when the alert is evaluated. Incidents without coordinates
cannot be placed and never count for a zone.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import re
import secrets as pysecrets
from typing import Any

from cryptography.fernet import Fernet

from trucewatch.domain.audit import AuditAction
from trucewatch.domain.checks import one_of
from trucewatch.domain.dates import utcnow
from trucewatch.domain.errors import InvalidInput, NotFound
from trucewatch.domain.incidents import in_truce_scope
from trucewatch.domain.ledger import OUT_KINDS
from trucewatch.domain.truces import Truce
from trucewatch.domain.zones import ZoneKind
from trucewatch.services.changes import item
from trucewatch.services.context import Caller
from trucewatch.services.crypto import derive_key
from trucewatch.services.incident_queries import incident_place, incident_time
from trucewatch.services.resolve import resolve_actor, resolve_truce
from trucewatch.services.zone_index import ZoneRelations
from trucewatch.storage.store import Store

TRIGGERS = (
    "party_left",
    "linked_to_excluded",
    "designation",
    "new_incident",
    "violations_above_baseline",
    "bulletin",
)
ZONE_TRIGGERS = ("new_incident", "violations_above_baseline")
DEFAULT_THRESHOLD = 2.0
MIN_WINDOW_INCIDENTS = 3
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_OUT = {str(k) for k in OUT_KINDS}


def secret_box(secret_key: bytes) -> Fernet:
    """Webhook signing secrets are stored encrypted under a key derived from the server's."""
    return Fernet(base64.urlsafe_b64encode(derive_key(secret_key, "trucewatch webhook v1")))


def add_subscription(
    store: Store,
    caller: Caller,
    user: str,
    trigger: str,
    *,
    secret_key: bytes,
    truce: str | None = None,
    actor: str | None = None,
    zone: str | None = None,
    email: str | None = None,
    webhook: str | None = None,
    threshold: float | None = None,
) -> tuple[int, str | None]:
    """Subscribe; returns the id and, for a webhook, its signing secret (shown only now)."""
    row = store.user_by_name(user)
    if row is None:
        raise NotFound("user", user, field="user")
    one_of(trigger, TRIGGERS, "--on", "an alert trigger", field="on")
    if (email is None) == (webhook is None):
        raise InvalidInput("Give exactly one of --email or --webhook.", field="email")
    if email is not None and not _EMAIL.match(email):
        raise InvalidInput(f"--email: {email!r} is not an e-mail address.", field="email")
    if webhook is not None and not webhook.startswith(("http://", "https://")):
        raise InvalidInput(f"--webhook: {webhook!r} is not an http(s) URL.", field="webhook")
    truce_id = resolve_truce(store, truce) if truce else None
    actor_id = resolve_actor(store, actor, "--actor") if actor else None
    zone_id = None
    if zone is not None:
        if trigger not in ZONE_TRIGGERS:
            raise InvalidInput(
                f"--zone: the {trigger} trigger takes no zone (only {', '.join(ZONE_TRIGGERS)}).",
                field="zone",
            )
        zone_id, truce_id = resolve_zone(store, zone, truce_id)
    if trigger == "bulletin" and actor_id is not None:
        raise InvalidInput("--actor: the bulletin trigger takes a truce only.", field="actor")
    if trigger in ("new_incident", "violations_above_baseline", "bulletin") and truce_id is None:
        raise InvalidInput(f"--truce: the {trigger} trigger needs a truce.", field="truce")
    if truce_id is None and actor_id is None:
        raise InvalidInput("Give --truce or --actor (or both).", field="truce")
    if threshold is not None and threshold <= 0:
        raise InvalidInput("--threshold: expected a positive number.", field="threshold")
    secret = pysecrets.token_urlsafe(32) if webhook else None
    cursor = store.last_change() or (0, 0)
    sub_id = store.add_subscription(
        user_id=int(row["id"]),
        trigger=trigger,
        truce_id=truce_id,
        actor_id=actor_id,
        zone=None if zone_id is None else str(zone_id),
        threshold=threshold,
        channel="email" if email else "webhook",
        target=email or webhook,
        secret_encrypted=secret_box(secret_key).encrypt(secret.encode()).decode()
        if secret
        else None,
        status="active",
        cursor_txid=cursor[0],
        cursor_id=cursor[1],
        created_at=utcnow(),
    )
    store.audit(
        user=caller.user,
        interface=caller.interface,
        action=AuditAction.ADD_SUBSCRIPTION,
        entity="subscription",
        entity_id=sub_id,
        after={
            "user": user,
            "trigger": trigger,
            "truce": truce_id,
            "actor": actor_id,
            "zone": zone_id,
        },
    )
    return sub_id, secret


def resolve_zone(store: Store, zone: str, truce_id: int | None) -> tuple[int, int]:
    """(zone id, its truce id) for a zone name of --truce, or a zone id. Lines are refused: no
    incident lies inside a line."""
    rows = store.zone_version_rows(truce_ids=None if truce_id is None else [truce_id])
    found = [r for r in rows if r["name"] == zone.strip()]
    if not found and zone.strip().isdigit():
        found = [r for r in rows if int(r["zone_id"]) == int(zone)]
    if not found:
        where = "this truce" if truce_id is not None else "any truce (give --truce with a name)"
        raise InvalidInput(f"--zone: no zone {zone!r} on {where}.", field="zone")
    if len({int(r["zone_id"]) for r in found}) > 1:
        raise InvalidInput(
            f"--zone: {zone!r} names zones of several truces; give --truce.", field="zone"
        )
    if all(ZoneKind(r["kind"]).is_line for r in found):
        raise InvalidInput(
            f"--zone: {zone!r} is a line; zone alerts take an area or a buffer.", field="zone"
        )
    return int(found[0]["zone_id"]), int(found[0]["truce_id"])


def remove_subscription(
    store: Store, caller: Caller, sub_id: int, *, user_id: int | None = None
) -> None:
    sub = store.subscription(sub_id)
    if sub is None or (user_id is not None and sub["user_id"] != user_id):
        raise NotFound("subscription", str(sub_id), field="subscription")
    store.update_subscription(sub_id, status="removed")
    store.audit(
        user=caller.user,
        interface=caller.interface,
        action=AuditAction.REMOVE_SUBSCRIPTION,
        entity="subscription",
        entity_id=sub_id,
    )


class _Context:
    """What the rules read, loaded once per subscription evaluation."""

    def __init__(self, store: Store, sub: dict[str, Any]) -> None:
        self.store, self.sub = store, sub
        self.truce: Truce | None = store.get_truce(sub["truce_id"]) if sub["truce_id"] else None
        self._watched: set[int] | None = None
        self.zone_id: int | None = int(sub["zone"]) if sub.get("zone") else None
        self._zones: ZoneRelations | None = None

    def watched(self) -> set[int]:
        if self._watched is None:
            ids = set()
            if self.sub["actor_id"]:
                ids.add(int(self.sub["actor_id"]))
            elif self.truce is not None and self.truce.id is not None:
                ids |= set(self.store.participations_on(self.truce.id, utcnow().date()))
            self._watched = ids
        return self._watched

    def excluded(self, actor_id: int) -> bool:
        authorities = set(self.truce.excluded_authorities) if self.truce else None
        for d in self.store.designations_of([actor_id]).get(actor_id, []):
            if authorities is None or d.authority in authorities:
                return True
        return False

    def zones(self) -> ZoneRelations:
        if self._zones is None:
            assert self.truce is not None and self.truce.id is not None
            self._zones = ZoneRelations(self.store, truce_ids=[self.truce.id])
        return self._zones

    def placed(self, rows: list[dict[str, Any]]) -> list[bool]:
        """Whether each incident row counts: inside the zone (with --zone), else in the truce's
        scope, where a truce with area zones has them as its areas."""
        t = self.truce
        assert t is not None
        zoned = self.zone_id is not None or t.id in self.zones().zoned_truces
        located = {
            i: (i, r["occurred_on"], r["lon"], r["lat"])
            for i, r in enumerate(rows)
            if zoned and r["lat"] is not None and r["lon"] is not None
        }
        related = self.zones().relate(located.values())
        out = []
        for i, r in enumerate(rows):
            when, place = incident_time(r), incident_place(r)
            if i not in located:
                out.append(self.zone_id is None and in_truce_scope(t, when, place))
                continue
            inside = any(
                z["inside"]
                and (z["zone_id"] == self.zone_id if self.zone_id else z["truce_id"] == t.id)
                for z in related[i]
            )
            if self.zone_id is None:
                inside = inside and in_truce_scope(t, when, place, named_areas=False)
            out.append(inside)
        return out

    def in_scope(self, data: dict[str, Any]) -> bool:
        row = {**data, "occurred_on": dt.date.fromisoformat(data["occurred_on"])}
        return self.placed([row])[0]

    def above_baseline(self, data: dict[str, Any]) -> bool:
        assert self.truce is not None
        day = dt.date.fromisoformat(data["occurred_on"])
        rows = self.store.incident_rows(occurred_from=day - dt.timedelta(days=34), occurred_to=day)
        days = [r["occurred_on"] for r, ok in zip(rows, self.placed(rows), strict=True) if ok]
        window = sum(1 for d in days if day - dt.timedelta(days=6) <= d <= day)
        before = sum(1 for d in days if d < day - dt.timedelta(days=6))
        weekly = before / 4
        threshold = self.sub["threshold"] or DEFAULT_THRESHOLD
        return window >= MIN_WINDOW_INCIDENTS and window > threshold * weekly


def matches(ctx: _Context, change: dict[str, Any]) -> bool:
    """Whether one change (a feed item) fires the subscription."""
    trigger, sub, entity, data = ctx.sub["trigger"], ctx.sub, change["entity"], change["data"]
    if trigger == "party_left":
        return (
            entity == "ledger_entry"
            and data.get("kind") in _OUT
            and (sub["truce_id"] is None or change["truce_id"] == sub["truce_id"])
            and (sub["actor_id"] is None or data.get("actor_id") == sub["actor_id"])
        )
    if trigger == "designation":
        return entity == "designation" and data.get("actor_id") in ctx.watched()
    if trigger == "linked_to_excluded":
        if entity != "relation":
            return False
        a, b = data.get("subject_id"), data.get("object_id")
        watched = ctx.watched()
        return (a in watched and ctx.excluded(b)) or (b in watched and ctx.excluded(a))
    if trigger == "new_incident":
        return entity == "incident" and ctx.in_scope(data)
    if trigger == "violations_above_baseline":
        return entity == "incident" and ctx.in_scope(data) and ctx.above_baseline(data)
    return False


def evaluate_subscription(store: Store, sub: dict[str, Any], *, page: int = 500) -> int:
    """Evaluate the changes after the subscription's cursor; queue deliveries; move the cursor.
    Returns how many deliveries were queued."""
    ctx = _Context(store, sub)
    after = (int(sub["cursor_txid"]), int(sub["cursor_id"]))
    queued = 0
    while True:
        rows = store.changes_page(after=after, limit=page)
        for r in rows:
            change = item(r)
            if matches(ctx, change):
                body = {
                    "subscription": sub["id"],
                    "trigger": sub["trigger"],
                    "truce_id": sub["truce_id"],
                    "actor_id": sub["actor_id"],
                    "zone_id": int(sub["zone"]) if sub.get("zone") else None,
                    "change": change,
                }
                queued += store.add_delivery(
                    subscription_id=sub["id"],
                    change_id=int(r["id"]),
                    body=json.dumps(body, sort_keys=True, ensure_ascii=False),
                    status="pending",
                    attempts=0,
                    next_attempt_at=utcnow(),
                    created_at=utcnow(),
                )
        if rows:
            after = (int(rows[-1]["txid"]), int(rows[-1]["id"]))
        if len(rows) < page:
            break
    store.update_subscription(sub["id"], cursor_txid=after[0], cursor_id=after[1])
    return queued
