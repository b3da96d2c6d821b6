"""Alert subscriptions and their delivery log."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.engine import Connection

from trucewatch.storage.tables import deliveries, subscriptions
from trucewatch.storage.types import new_id

S, D = subscriptions, deliveries


class AlertRepo:
    conn: Connection

    def add_subscription(self, **values: Any) -> int:
        return new_id(self.conn.execute(insert(S).values(**values)))

    def subscriptions(
        self, *, user_id: int | None = None, status: str | None = None
    ) -> list[dict[str, Any]]:
        q = select(S).order_by(S.c.id)
        if user_id is not None:
            q = q.where(S.c.user_id == user_id)
        if status is not None:
            q = q.where(S.c.status == status)
        return [dict(r) for r in self.conn.execute(q).mappings()]

    def subscription(self, sub_id: int) -> dict[str, Any] | None:
        row = self.conn.execute(select(S).where(S.c.id == sub_id)).mappings().first()
        return dict(row) if row else None

    def update_subscription(self, sub_id: int, **values: Any) -> None:
        self.conn.execute(S.update().where(S.c.id == sub_id).values(**values))

    def add_delivery(self, **values: Any) -> bool:
        """Queue a delivery unless this subscription already has one for this change."""
        exists = self.conn.execute(
            select(D.c.id).where(
                D.c.subscription_id == values["subscription_id"],
                D.c.change_id == values["change_id"],
            )
        ).first()
        if exists:
            return False
        self.conn.execute(insert(D).values(**values))
        return True

    def delivered_change_ids(self, subscription_id: int, change_ids: list[int]) -> set[int]:
        """Which of these keys the subscription has a delivery for already."""
        if not change_ids:
            return set()
        q = select(D.c.change_id).where(
            D.c.subscription_id == subscription_id, D.c.change_id.in_(change_ids)
        )
        return {int(r[0]) for r in self.conn.execute(q)}

    def deliveries_due(self, now: dt.datetime) -> list[dict[str, Any]]:
        q = select(D).where(D.c.status == "pending", D.c.next_attempt_at <= now).order_by(D.c.id)
        return [dict(r) for r in self.conn.execute(q).mappings()]

    def update_delivery(self, delivery_id: int, **values: Any) -> None:
        self.conn.execute(D.update().where(D.c.id == delivery_id).values(**values))

    def delivery_log(
        self, *, user_id: int | None = None, subscription_id: int | None = None, limit: int = 200
    ) -> list[dict[str, Any]]:
        q = select(D).join(S, S.c.id == D.c.subscription_id).order_by(D.c.id.desc()).limit(limit)
        if user_id is not None:
            q = q.where(S.c.user_id == user_id)
        if subscription_id is not None:
            q = q.where(D.c.subscription_id == subscription_id)
        return [dict(r) for r in self.conn.execute(q).mappings()]
