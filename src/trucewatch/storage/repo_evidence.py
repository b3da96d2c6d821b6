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
    claims,
    document_evidence,
    document_sources,
    documents,
    evidence_custody,
    evidence_derivations,
    evidence_items,
    evidence_timestamps,
    field_report_files,
    field_reports,
    incidents,
    ledger_entries,
    ledger_entry_sources,
    sources,
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

    # --- what a bundle cites ---------------------------------------------------------------------
    def bundle_incidents(self, incident_ids: list[int]) -> list[dict[str, Any]]:
        q = select(incidents).where(incidents.c.id.in_(incident_ids)).order_by(incidents.c.id)
        return [dict(r) for r in self.conn.execute(q).mappings()]

    def bundle_claims(self, incident_ids: list[int]) -> list[dict[str, Any]]:
        q = (
            select(claims)
            .where(claims.c.incident_id.in_(incident_ids))
            .order_by(claims.c.incident_id, claims.c.id)
        )
        return [dict(r) for r in self.conn.execute(q).mappings()]

    def bundle_ledger(
        self, truce_id: int, since: dt.date | None, until: dt.date | None
    ) -> list[dict[str, Any]]:
        """A truce's ledger entries whose effective date falls in [since, until]."""
        L = ledger_entries
        q = select(L).where(L.c.truce_id == truce_id)
        if since is not None:
            q = q.where(L.c.effective_on >= since)
        if until is not None:
            q = q.where(L.c.effective_on <= until)
        out = [dict(r) for r in self.conn.execute(q.order_by(L.c.effective_on, L.c.id)).mappings()]
        cited: dict[int, list[int]] = {}
        if out:
            for r in self.conn.execute(
                select(ledger_entry_sources).where(
                    ledger_entry_sources.c.entry_id.in_([e["id"] for e in out])
                )
            ):
                cited.setdefault(int(r.entry_id), []).append(int(r.source_id))
        for e in out:
            e["source_ids"] = sorted(cited.get(e["id"], []))
        return out

    def bundle_sources(self, source_ids: list[int]) -> list[dict[str, Any]]:
        q = select(sources).where(sources.c.id.in_(source_ids)).order_by(sources.c.id)
        return [dict(r) for r in self.conn.execute(q).mappings()]

    def bundle_documents(
        self, document_ids: list[int], source_ids: list[int]
    ) -> list[dict[str, Any]]:
        """Documents by id, and every document a source in `source_ids` published or copied."""
        via = select(document_sources.c.document_id).where(
            document_sources.c.source_id.in_(source_ids)
        )
        cols = [c for c in documents.c if c.name != "extraction" and not c.name.startswith("sim_")]
        q = (
            select(*cols)
            .where(documents.c.id.in_(document_ids) | documents.c.id.in_(via))
            .order_by(documents.c.id)
        )
        return [dict(r) for r in self.conn.execute(q).mappings()]

    def report_attachment_items(self, source_ids: list[int]) -> list[dict[str, Any]]:
        """The kept originals of the attachments of the field reports published as these
        sources: report, attachment, source and item ids (no file names, no contacts)."""
        F, R = field_report_files, field_reports
        q = (
            select(
                R.c.id.label("report_id"),
                F.c.id.label("file_id"),
                R.c.source_id,
                EI.c.id.label("item_id"),
            )
            .join(F, F.c.report_id == R.c.id)
            .join(EI, EI.c.sha256 == F.c.sha256)
            .where(R.c.source_id.in_(source_ids))
            .order_by(R.c.id, F.c.id)
        )
        return [dict(r) for r in self.conn.execute(q).mappings()]
