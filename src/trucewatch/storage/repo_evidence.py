"""Evidence items (fixity records), derivations, custody entries, document links, timestamps.

Insert-only: no method here updates or deletes an item or a custody row.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.engine import Connection

from trucewatch.domain.dates import utcnow
from trucewatch.storage.tables import (
    document_evidence,
    evidence_custody,
    evidence_derivations,
    evidence_items,
    evidence_timestamps,
)
from trucewatch.storage.types import new_id

EI = evidence_items
EC = evidence_custody
DE = document_evidence


class EvidenceRepo:
    conn: Connection

    def evidence_item(self, sha256: str) -> dict[str, Any] | None:
        row = self.conn.execute(select(EI).where(EI.c.sha256 == sha256)).mappings().first()
        return dict(row) if row else None

    def evidence_item_by_id(self, item_id: int) -> dict[str, Any] | None:
        row = self.conn.execute(select(EI).where(EI.c.id == item_id)).mappings().first()
        return dict(row) if row else None

    def evidence_items(
        self, ids: list[int] | None = None, prefix: str | None = None
    ) -> list[dict[str, Any]]:
        q = select(EI).order_by(EI.c.id)
        if ids is not None:
            q = q.where(EI.c.id.in_(ids))
        if prefix is not None:
            q = q.where(EI.c.sha256.startswith(prefix))
        return [dict(r) for r in self.conn.execute(q).mappings()]

    def add_evidence_item(self, values: dict[str, Any]) -> int:
        return new_id(self.conn.execute(insert(EI).values(**values)))

    def add_derivation(self, derivative_id: int, original_id: int, method: str) -> bool:
        have = self.conn.execute(
            select(evidence_derivations.c.method).where(
                evidence_derivations.c.derivative_id == derivative_id,
                evidence_derivations.c.original_id == original_id,
            )
        ).first()
        if have:
            return False
        self.conn.execute(
            insert(evidence_derivations).values(
                derivative_id=derivative_id,
                original_id=original_id,
                method=method,
                made_at=utcnow(),
            )
        )
        return True

    def derivations_of(self, item_ids: list[int]) -> list[dict[str, Any]]:
        """Derivations whose derivative or original is one of `item_ids`."""
        D = evidence_derivations
        rows = self.conn.execute(
            select(D)
            .where(D.c.derivative_id.in_(item_ids) | D.c.original_id.in_(item_ids))
            .order_by(D.c.derivative_id, D.c.original_id)
        ).mappings()
        return [dict(r) for r in rows]

    def add_custody(
        self,
        item_id: int,
        action: str,
        *,
        user: str,
        interface: str,
        detail: dict[str, Any] | None = None,
        at: dt.datetime | None = None,
    ) -> None:
        self.conn.execute(
            insert(EC).values(
                item_id=item_id,
                action=action,
                at=at or utcnow(),
                user=user,
                interface=interface,
                detail=None if detail is None else json.dumps(detail, sort_keys=True, default=str),
            )
        )

    def custody_log(self, item_ids: list[int]) -> list[dict[str, Any]]:
        rows = self.conn.execute(
            select(EC).where(EC.c.item_id.in_(item_ids)).order_by(EC.c.id)
        ).mappings()
        return [
            {**dict(r), "detail": json.loads(r["detail"]) if r["detail"] else None} for r in rows
        ]

    def link_document_evidence(
        self, document_id: int, item_id: int, role: str, locator: str | None
    ) -> bool:
        have = self.conn.execute(
            select(DE.c.role).where(DE.c.document_id == document_id, DE.c.item_id == item_id)
        ).first()
        if have:
            return False
        self.conn.execute(
            insert(DE).values(document_id=document_id, item_id=item_id, role=role, locator=locator)
        )
        return True

    def document_evidence(self, document_ids: list[int]) -> list[dict[str, Any]]:
        rows = self.conn.execute(
            select(DE, EI.c.sha256)
            .join(EI, EI.c.id == DE.c.item_id)
            .where(DE.c.document_id.in_(document_ids))
            .order_by(DE.c.document_id, DE.c.role, DE.c.item_id)
        ).mappings()
        return [dict(r) for r in rows]

    def add_timestamp(self, item_id: int, tsa_url: str, gen_time: dt.datetime, token: bytes) -> int:
        res = self.conn.execute(
            insert(evidence_timestamps).values(
                item_id=item_id,
                tsa_url=tsa_url,
                gen_time=gen_time,
                token=token,
                recorded_at=utcnow(),
            )
        )
        return new_id(res)

    def timestamps(self, item_ids: list[int]) -> list[dict[str, Any]]:
        T = evidence_timestamps
        rows = self.conn.execute(
            select(T).where(T.c.item_id.in_(item_ids)).order_by(T.c.id)
        ).mappings()
        return [dict(r) for r in rows]
