"""Reviewed candidates as evaluation data (docs/formats.md, "Gold events from review").

One JSON object per accepted or corrected event candidate: the evidence sentence, the event
type, role spans (role and text, as a role scorer reads them), place, date and counts, after the
analyst's corrections. Rejected and merged candidates are left out: the first are not events,
the second are the accepted candidate's event told again.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from trucewatch.services.candidate_payload import FATALITY_FIELDS, current_payload
from trucewatch.storage.store import Store


def gold_records(store: Store, batch: int = 500) -> Iterator[dict[str, Any]]:
    after = 0
    docs: dict[int, dict[str, Any]] = {}
    while True:
        rows = store.gold_candidates(after_id=after, limit=batch)
        if not rows:
            return
        for cand in rows:
            after = cand["id"]
            doc_id = cand["document_id"]
            if doc_id not in docs:
                docs[doc_id] = store.get_document(doc_id) or {}
            corrections = store.candidate_corrections(cand["id"])
            yield gold_record(cand, docs[doc_id], corrected=bool(corrections))


def gold_record(cand: dict[str, Any], doc: dict[str, Any], *, corrected: bool) -> dict[str, Any]:
    payload = current_payload(cand["payload"], cand["type"])
    sentence = cand.get("evidence_text") or ""
    spans = []
    for a in payload.get("actors") or []:
        if not a.get("role") or not (a.get("text") or a.get("name")):
            continue
        span: dict[str, Any] = {"role": a["role"], "text": _span_text(a, sentence)}
        if a.get("name"):
            span["actor"] = a["name"]
        if isinstance(a.get("id"), int):
            span["actor_id"] = a["id"]
        spans.append(span)
    f = payload.get("fatalities") or {}
    return {
        "candidate": cand["id"],
        "status": cand["status"],
        "corrected": corrected,
        "document": {
            "id": cand["document_id"],
            "external_id": doc.get("external_id"),
            "title": doc.get("title"),
            "url": doc.get("url"),
            "publisher": doc.get("publisher"),
            "published": _iso(doc.get("published_on")),
        },
        "sentence": sentence,
        "evidence": {"start": cand.get("evidence_start"), "end": cand.get("evidence_end")},
        "type": cand["type"],
        "spans": spans,
        "place": payload.get("place"),
        "date": payload.get("date"),
        "date_precision": payload.get("date_precision") if payload.get("date") else None,
        "fatalities": {k: f.get(k) for k in FATALITY_FIELDS if k in f or k not in ("low", "high")},
    }


def _span_text(actor: dict[str, Any], sentence: str) -> str:
    """The words of the sentence that name the actor when extraction kept them, else its name."""
    for key in ("text", "mention"):
        if isinstance(actor.get(key), str) and actor[key]:
            return str(actor[key])
    for m in actor.get("mentions") or []:
        t = m.get("text") if isinstance(m, dict) else None
        if t and t in sentence:
            return str(t)
    return str(actor["name"])


def _iso(value: Any) -> str | None:
    return value.isoformat() if hasattr(value, "isoformat") else value
