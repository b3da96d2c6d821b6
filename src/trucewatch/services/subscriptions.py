"""What a signed-in user sees of alert subscriptions: their own, and their delivery log.

Used by the API and the pages. A subscription belongs to one user; its owner and admins may read
its delivery log, and to anyone else it does not exist (NotFound, the same answer as a missing
id), so ids cannot be probed. The webhook secret never appears here: `alerts.add_subscription`
returns it once, and only its encrypted form is stored.
"""

from __future__ import annotations

import json
from typing import Any

from trucewatch.domain.errors import NotFound
from trucewatch.services import alerts
from trucewatch.services.context import Caller
from trucewatch.storage.store import Store


def subscription_public(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": int(row["id"]),
        "trigger": row["trigger"],
        "truce_id": row["truce_id"],
        "actor_id": row["actor_id"],
        "zone_id": int(row["zone"]) if row["zone"] else None,
        "threshold": row["threshold"],
        "channel": row["channel"],
        "target": row["target"],
        "status": row["status"],
        "created_at": row["created_at"].isoformat(),
    }


def delivery_public(row: dict[str, Any]) -> dict[str, Any]:
    def iso(v: Any) -> str | None:
        return None if v is None else v.isoformat()

    return {
        "id": int(row["id"]),
        "subscription_id": int(row["subscription_id"]),
        "change_id": int(row["change_id"]),
        "status": row["status"],
        "attempts": int(row["attempts"]),
        "last_error": row["last_error"],
        "created_at": iso(row["created_at"]),
        "next_attempt_at": iso(row["next_attempt_at"]) if row["status"] == "pending" else None,
        "delivered_at": iso(row["delivered_at"]),
        "body": json.loads(row["body"]),
    }


def _user_id(store: Store, user: str) -> int:
    row = store.user_by_name(user)
    if row is None:
        raise NotFound("user", user, field="user")
    return int(row["id"])


def subscriptions_of(store: Store, user: str) -> list[dict[str, Any]]:
    """The user's subscriptions that are not removed, oldest first, with the names of their
    truce, actor and zone beside the ids."""
    rows = [
        r for r in store.subscriptions(user_id=_user_id(store, user)) if r["status"] != "removed"
    ]
    items = [subscription_public(r) for r in rows]
    truces = {t: store.get_truce(t).name for t in {i["truce_id"] for i in items} - {None}}
    actors = store.get_actors({i["actor_id"] for i in items} - {None})
    zone_names = {
        int(z["zone_id"]): z["name"]
        for z in store.zone_version_rows(truce_ids=list(truces))
    } if truces else {}  # fmt: skip
    for i in items:
        i["truce"] = truces.get(i["truce_id"])
        i["actor"] = actors[i["actor_id"]].name if i["actor_id"] in actors else None
        i["zone"] = zone_names.get(i["zone_id"])
    return items


def owned(store: Store, sub_id: int, user: str, *, admin: bool = False) -> dict[str, Any]:
    """The subscription when `user` owns it (or is an admin); NotFound otherwise."""
    row = store.subscription(sub_id)
    if row is None or (not admin and int(row["user_id"]) != _user_id(store, user)):
        raise NotFound("subscription", str(sub_id), field="subscription")
    return row


def deliveries_of(
    store: Store, sub_id: int, user: str, *, admin: bool = False, limit: int = 200
) -> list[dict[str, Any]]:
    """The subscription's delivery log, newest first, for its owner or an admin."""
    owned(store, sub_id, user, admin=admin)
    return [delivery_public(r) for r in store.delivery_log(subscription_id=sub_id, limit=limit)]


def remove_own(
    store: Store, caller: Caller, sub_id: int, user: str, *, admin: bool = False
) -> None:
    """Remove a subscription of `user` (any, for an admin); removed ones are not found again."""
    row = owned(store, sub_id, user, admin=admin)
    if row["status"] == "removed":
        raise NotFound("subscription", str(sub_id), field="subscription")
    alerts.remove_subscription(store, caller, sub_id)
