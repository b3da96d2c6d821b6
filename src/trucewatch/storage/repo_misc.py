"""Sources, the audit log and places."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.engine import Connection

from trucewatch.domain.dates import utcnow
from trucewatch.storage.tables import audit_log, place_names, places, sources
from trucewatch.storage.types import new_id


def source_key(text: str) -> str:
    return hashlib.sha256(text.strip().encode("utf-8")).hexdigest()[:32]


class MiscRepo:
    conn: Connection

    # --- sources -------------------------------------------------------------------------
    def source_exists(self, source_id: int) -> bool:
        row = self.conn.execute(select(sources.c.id).where(sources.c.id == source_id)).first()
        return row is not None

    def ensure_source(
        self,
        key_text: str,
        *,
        kind: str,
        url: str | None = None,
        citation: str | None = None,
        title: str | None = None,
        publisher: str | None = None,
        published_on: dt.date | None = None,
    ) -> tuple[int, bool]:
        """The source whose key is `key_text` (the same text always gives the same row), made
        from the given fields when there is none yet; (id, created). What a user's reference
        means (`source:ID`, a URL, a citation) is decided in services.sources."""
        key = source_key(key_text)
        row = self.conn.execute(select(sources.c.id).where(sources.c.key == key)).first()
        if row:
            return int(row.id), False
        values = {
            "key": key,
            "kind": kind,
            "url": url,
            "citation": citation,
            "title": title,
            "publisher": publisher,
            "published_on": published_on,
            "created_at": utcnow(),
        }
        if self.conn.dialect.name == "postgresql":
            # Two transactions citing one new source at once: the second waits for the
            # first's row, then takes it (the plain insert failed on the unique key).
            from sqlalchemy.dialects.postgresql import insert as pg_insert

            made = self.conn.execute(
                pg_insert(sources)
                .values(**values)
                .on_conflict_do_nothing(index_elements=["key"])
                .returning(sources.c.id)
            ).first()
            if made is None:
                found = self.conn.execute(select(sources.c.id).where(sources.c.key == key))
                return int(found.scalar_one()), False
            return int(made.id), True
        res = self.conn.execute(insert(sources).values(**values))
        return new_id(res), True

    def sources_by_ids(self, ids: Iterable[int]) -> dict[int, dict[str, Any]]:
        ids = list(set(ids))
        if not ids:
            return {}
        rows = self.conn.execute(select(sources).where(sources.c.id.in_(ids))).mappings()
        return {int(r["id"]): source_public(dict(r)) for r in rows}

    # --- audit ---------------------------------------------------------------------------
    def audit(
        self,
        *,
        user: str,
        interface: str,
        action: str,
        entity: str,
        entity_id: Any,
        before: Any = None,
        after: Any = None,
    ) -> None:
        self.conn.execute(
            insert(audit_log).values(
                at=utcnow(),
                user=user,
                interface=interface,
                action=action,
                entity=entity,
                entity_id=None if entity_id is None else str(entity_id),
                before=None if before is None else json.dumps(before, default=str, sort_keys=True),
                after=None if after is None else json.dumps(after, default=str, sort_keys=True),
            )
        )

    def audit_entries(self, limit: int = 100) -> list[dict[str, Any]]:
        rows = self.conn.execute(
            select(audit_log).order_by(audit_log.c.id.desc()).limit(limit)
        ).mappings()
        return [dict(r) for r in rows]

    # --- places --------------------------------------------------------------------------
    def upsert_place(self, row: dict[str, Any], names: Iterable[tuple[str, str]]) -> str:
        """Insert or update a place; returns 'added', 'updated' or 'unchanged'."""
        gid = row["geonameid"]
        cur = self.conn.execute(select(places).where(places.c.geonameid == gid)).mappings().first()
        status = "unchanged"
        if cur is None:
            self.conn.execute(insert(places).values(**row))
            status = "added"
        elif any(cur[k] != v for k, v in row.items()):
            self.conn.execute(places.update().where(places.c.geonameid == gid).values(**row))
            status = "updated"
        have = {
            r.name
            for r in self.conn.execute(
                select(place_names.c.name).where(place_names.c.geonameid == gid)
            )
        }
        new = {}
        for name, norm in names:
            if name not in have and name not in new and norm:
                new[name] = norm
        if new:
            self.conn.execute(
                insert(place_names),
                [{"geonameid": gid, "name": n, "norm": m} for n, m in new.items()],
            )
            if status == "unchanged":
                status = "updated"
        return status

    def place_norms(self) -> set[str]:
        return {r.norm for r in self.conn.execute(select(place_names.c.norm))}

    def count_places(self) -> int:
        return int(self.conn.execute(select(func.count()).select_from(places)).scalar_one())


def source_public(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": row["id"],
        "kind": row["kind"],
        "url": row["url"],
        "citation": row["citation"],
        "title": row["title"],
        "reliability": row["reliability"],
    }
