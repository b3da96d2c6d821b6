"""Watched sources and their per-item cursor (`watch_items`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.engine import Connection

from trucewatch.domain.dates import utcnow
from trucewatch.storage.tables import watch_items, watch_sources
from trucewatch.storage.types import new_id

W = watch_sources


class WatchRepo:
    conn: Connection

    def watch_source(self, location: str) -> dict[str, Any]:
        """The state of a watched source, created on first sight."""
        row = self.conn.execute(select(W).where(W.c.location == location)).mappings().first()
        if row is None:
            new = new_id(self.conn.execute(insert(W).values(location=location, failures=0)))
            row = self.conn.execute(select(W).where(W.c.id == new)).mappings().one()
        return dict(row)

    def update_watch_source(self, source_id: int, **values: Any) -> None:
        self.conn.execute(W.update().where(W.c.id == source_id).values(**values))

    def watch_item_seen(self, source_id: int, item_key: str) -> bool:
        row = self.conn.execute(
            select(watch_items.c.item_key).where(
                watch_items.c.source_id == source_id, watch_items.c.item_key == item_key
            )
        ).first()
        return row is not None

    def add_watch_item(self, source_id: int, item_key: str, document_id: int | None) -> None:
        self.conn.execute(
            insert(watch_items).values(
                source_id=source_id,
                item_key=item_key,
                document_id=document_id,
                ingested_at=utcnow(),
            )
        )

    def watch_item_count(self, source_id: int | None = None) -> int:
        q = select(func.count()).select_from(watch_items)
        if source_id is not None:
            q = q.where(watch_items.c.source_id == source_id)
        return int(self.conn.execute(q).scalar_one())

    def watch_sources_due(self, now: dt.datetime) -> list[dict[str, Any]]:
        rows = self.conn.execute(
            select(W).where((W.c.next_poll_at.is_(None)) | (W.c.next_poll_at <= now))
        ).mappings()
        return [dict(r) for r in rows]
