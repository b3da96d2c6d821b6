"""Field reports and their evidence files; also the published sources listing.

The contact column holds ciphertext only; this module never sees the key. Listings page by id
(keyset), so a cursor stays valid while new rows arrive.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.engine import Connection

from trucewatch.storage.tables import audit_log, field_report_files, field_reports, sources
from trucewatch.storage.types import new_id

_FR = field_reports
_FILE_META = (
    field_report_files.c.id,
    field_report_files.c.report_id,
    field_report_files.c.filename,
    field_report_files.c.content_type,
    field_report_files.c.size,
    field_report_files.c.sha256,
)


class ReportRepo:
    conn: Connection

    def add_field_report(self, values: dict[str, Any]) -> int:
        return new_id(self.conn.execute(insert(_FR).values(**values)))

    def add_report_file(self, report_id: int, values: dict[str, Any]) -> int:
        res = self.conn.execute(insert(field_report_files).values(report_id=report_id, **values))
        return new_id(res)

    def get_field_report(self, report_id: int) -> dict[str, Any] | None:
        row = self.conn.execute(select(_FR).where(_FR.c.id == report_id)).mappings().first()
        return dict(row) if row else None

    def list_field_reports(
        self, *, status: str | None, after_id: int, limit: int
    ) -> list[dict[str, Any]]:
        q = select(_FR).where(_FR.c.id > after_id)
        if status:
            q = q.where(_FR.c.status == status)
        q = q.order_by(_FR.c.id).limit(limit)
        return [dict(r) for r in self.conn.execute(q).mappings()]

    def report_files(self, report_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
        out: dict[int, list[dict[str, Any]]] = {i: [] for i in report_ids}
        if not report_ids:
            return out
        q = (
            select(*_FILE_META)
            .where(field_report_files.c.report_id.in_(report_ids))
            .order_by(field_report_files.c.id)
        )
        for r in self.conn.execute(q).mappings():
            out[int(r["report_id"])].append(dict(r))
        return out

    def report_file_data(self, report_id: int, file_id: int) -> dict[str, Any] | None:
        q = select(*_FILE_META, field_report_files.c.data).where(
            field_report_files.c.id == file_id, field_report_files.c.report_id == report_id
        )
        row = self.conn.execute(q).mappings().first()
        return dict(row) if row else None

    def set_field_report_review(
        self,
        report_id: int,
        *,
        status: str,
        user: str,
        at: dt.datetime,
        note: str | None,
        source_id: int | None,
        result: str | None,
    ) -> None:
        self.conn.execute(
            _FR.update()
            .where(_FR.c.id == report_id)
            .values(
                status=status,
                reviewed_by=user,
                reviewed_at=at,
                review_note=note,
                source_id=source_id,
                result=result,
            )
        )

    # --- published listings the API pages through -------------------------------------
    def list_sources(self, *, after_id: int, limit: int) -> list[dict[str, Any]]:
        q = select(sources).where(sources.c.id > after_id).order_by(sources.c.id).limit(limit)
        return [dict(r) for r in self.conn.execute(q).mappings()]

    def get_source(self, source_id: int) -> dict[str, Any] | None:
        row = self.conn.execute(select(sources).where(sources.c.id == source_id)).mappings().first()
        return dict(row) if row else None

    def audit_page(
        self,
        *,
        before_id: int | None,
        limit: int,
        entity: str | None = None,
        user: str | None = None,
    ) -> list[dict[str, Any]]:
        """Newest first; `before_id` continues a page."""
        q = select(audit_log)
        if before_id is not None:
            q = q.where(audit_log.c.id < before_id)
        if entity:
            q = q.where(audit_log.c.entity == entity)
        if user:
            q = q.where(audit_log.c.user == user)
        q = q.order_by(audit_log.c.id.desc()).limit(limit)
        return [dict(r) for r in self.conn.execute(q).mappings()]
