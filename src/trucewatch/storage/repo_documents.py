"""Documents, their corroborating sources, and review candidates."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import func, insert, or_, select
from sqlalchemy.engine import Connection

from trucewatch.domain.dates import utcnow
from trucewatch.storage.tables import (
    candidate_corrections,
    candidates,
    document_sources,
    documents,
)
from trucewatch.storage.types import new_id

C = candidates
CC = candidate_corrections
D = documents


class DocumentRepo:
    conn: Connection

    def document_by_hash(self, text_hash: str) -> int | None:
        row = self.conn.execute(select(D.c.id).where(D.c.text_hash == text_hash)).first()
        return int(row.id) if row else None

    def near_duplicate_candidates(self, bands: list[int]) -> list[tuple[int, list[int]]]:
        """Documents sharing at least one simhash band: (id, their bands)."""
        cols = [D.c[f"sim_b{i}"] for i in range(len(bands))]
        rows = self.conn.execute(
            select(D.c.id, *cols)
            .where(or_(*[c == b for c, b in zip(cols, bands, strict=True)]))
            .limit(500)
        )
        return [(int(r[0]), [int(v) for v in r[1:]]) for r in rows]

    def add_document(self, values: dict[str, Any], bands: list[int]) -> int:
        row = dict(values)
        row.update({f"sim_b{i}": b for i, b in enumerate(bands)})
        row["ingested_at"] = utcnow()
        res = self.conn.execute(insert(D).values(**row))
        doc_id = new_id(res)
        self.add_document_source(doc_id, row["source_id"], "original")
        return doc_id

    def add_document_source(self, document_id: int, source_id: int, relation: str) -> bool:
        have = self.conn.execute(
            select(document_sources.c.relation).where(
                document_sources.c.document_id == document_id,
                document_sources.c.source_id == source_id,
            )
        ).first()
        if have:
            return False
        self.conn.execute(
            insert(document_sources).values(
                document_id=document_id, source_id=source_id, relation=relation, added_at=utcnow()
            )
        )
        return True

    def document_source_ids(self, document_id: int) -> list[tuple[int, str]]:
        rows = self.conn.execute(
            select(document_sources.c.source_id, document_sources.c.relation)
            .where(document_sources.c.document_id == document_id)
            .order_by(document_sources.c.added_at, document_sources.c.source_id)
        )
        return [(int(r.source_id), r.relation) for r in rows]

    def get_document(self, document_id: int) -> dict[str, Any] | None:
        row = self.conn.execute(select(D).where(D.c.id == document_id)).mappings().first()
        if row is None:
            return None
        out = {k: row[k] for k in row.keys() if not k.startswith("sim_b")}
        out["extraction"] = json.loads(row["extraction"]) if row["extraction"] else None
        return out

    def count_documents(self) -> int:
        return int(self.conn.execute(select(func.count()).select_from(D)).scalar_one())

    def add_candidate(self, document_id: int, values: dict[str, Any]) -> int:
        res = self.conn.execute(
            insert(C).values(
                document_id=document_id,
                kind=values["kind"],
                type=values["type"],
                summary=values["summary"],
                payload=json.dumps(values["payload"], ensure_ascii=False, sort_keys=True),
                evidence_start=values.get("evidence_start"),
                evidence_end=values.get("evidence_end"),
                evidence_text=values.get("evidence_text"),
                confidence=values.get("confidence"),
                status="pending",
                created_at=utcnow(),
            )
        )
        return new_id(res)

    def list_candidates(
        self, *, status: str | None, kind: str | None, limit: int, after_id: int = 0
    ) -> list[dict[str, Any]]:
        q = select(C, D.c.title.label("document_title")).join(D, D.c.id == C.c.document_id)
        if status:
            q = q.where(C.c.status == status)
        if kind:
            q = q.where(C.c.kind == kind)
        q = q.where(C.c.id > after_id).order_by(C.c.id).limit(limit)
        return [_candidate(dict(r)) for r in self.conn.execute(q).mappings()]

    def get_candidate(self, candidate_id: int) -> dict[str, Any] | None:
        q = select(C, D.c.title.label("document_title")).join(D, D.c.id == C.c.document_id)
        row = self.conn.execute(q.where(C.c.id == candidate_id)).mappings().first()
        return _candidate(dict(row)) if row else None

    def set_candidate_review(
        self, candidate_id: int, *, status: str, user: str, note: str | None, result: str | None
    ) -> None:
        self.conn.execute(
            C.update()
            .where(C.c.id == candidate_id)
            .values(
                status=status,
                reviewed_by=user,
                reviewed_at=utcnow(),
                review_note=note,
                result=result,
            )
        )

    def update_candidate(
        self, candidate_id: int, *, type: str, summary: str, payload: dict[str, Any]
    ) -> None:
        """Replace a pending candidate's current values (its corrections keep the history)."""
        self.conn.execute(
            C.update()
            .where(C.c.id == candidate_id)
            .values(
                type=type,
                summary=summary,
                payload=json.dumps(payload, ensure_ascii=False, sort_keys=True),
            )
        )

    def add_candidate_correction(
        self,
        candidate_id: int,
        *,
        user: str,
        interface: str,
        field: str,
        before: Any,
        after: Any,
        at: dt.datetime | None = None,
    ) -> int:
        res = self.conn.execute(
            insert(CC).values(
                candidate_id=candidate_id,
                at=at or utcnow(),
                user=user,
                interface=interface,
                field=field,
                before=json.dumps(before, ensure_ascii=False, sort_keys=True),
                after=json.dumps(after, ensure_ascii=False, sort_keys=True),
            )
        )
        return new_id(res)

    def candidate_corrections(self, candidate_id: int) -> list[dict[str, Any]]:
        rows = self.conn.execute(
            select(CC).where(CC.c.candidate_id == candidate_id).order_by(CC.c.id)
        ).mappings()
        return [
            {
                "id": r["id"],
                "at": r["at"].isoformat(),
                "user": r["user"],
                "interface": r["interface"],
                "field": r["field"],
                "before": json.loads(r["before"]) if r["before"] is not None else None,
                "after": json.loads(r["after"]) if r["after"] is not None else None,
            }
            for r in rows
        ]

    def gold_candidates(self, *, after_id: int, limit: int) -> list[dict[str, Any]]:
        """Event candidates an analyst vouched for: accepted, or corrected and not rejected."""
        corrected = select(CC.c.candidate_id)
        q = (
            select(C, D.c.title.label("document_title"))
            .join(D, D.c.id == C.c.document_id)
            .where(
                C.c.kind == "event",
                C.c.id > after_id,
                or_(
                    C.c.status == "accepted",
                    (C.c.status == "pending") & C.c.id.in_(corrected),
                ),
            )
            .order_by(C.c.id)
            .limit(limit)
        )
        return [_candidate(dict(r)) for r in self.conn.execute(q).mappings()]

    def candidate_counts(self) -> dict[str, int]:
        rows = self.conn.execute(select(C.c.status, func.count()).group_by(C.c.status))
        return {r[0]: int(r[1]) for r in rows}


def _candidate(row: dict[str, Any]) -> dict[str, Any]:
    row["payload"] = json.loads(row["payload"])
    for k in ("created_at", "reviewed_at"):
        if isinstance(row.get(k), dt.datetime):
            row[k] = row[k].isoformat()
    return row
