"""What an evidence bundle holds: the claims or ledger entries in scope, the documents and
sources they cite, and every stored item behind those documents with its custody and tokens.

Field-report attachments are never public: a bundle holds them only when asked for
(`attachments=True`), which the API allows moderators and admins alone and the CLI (whose user
holds the database) only with `--with-attachments`. Without them the bag holds no trace of them,
not even their hashes; the claim made from the report still cites "Field report N".

Reading is one snapshot (the caller's read-only transaction); `record_export` is the write that
follows a finished bundle: one `exported` custody entry per item it holds.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from trucewatch.domain.errors import NotFound
from trucewatch.services.context import Caller
from trucewatch.services.resolve import resolve_truce
from trucewatch.storage.store import Store


@dataclass
class BundleContent:
    title: str
    scope: dict[str, Any]
    incidents: list[dict[str, Any]] = field(default_factory=list)
    claims: list[dict[str, Any]] = field(default_factory=list)
    ledger: list[dict[str, Any]] = field(default_factory=list)
    sources: list[dict[str, Any]] = field(default_factory=list)
    documents: list[dict[str, Any]] = field(default_factory=list)
    links: list[dict[str, Any]] = field(default_factory=list)  # document -> item (role, locator)
    items: list[dict[str, Any]] = field(default_factory=list)
    derivations: list[dict[str, Any]] = field(default_factory=list)
    custody: list[dict[str, Any]] = field(default_factory=list)
    timestamps: list[dict[str, Any]] = field(default_factory=list)
    # field report -> attachment -> item, only in a bundle made with attachments=True
    attachments: list[dict[str, Any]] = field(default_factory=list)


def _fill(
    store: Store,
    content: BundleContent,
    document_ids: list[int],
    source_ids: list[int],
    attachments: bool = False,
) -> BundleContent:
    content.sources = store.bundle_sources(sorted(set(source_ids)))
    content.documents = store.bundle_documents(sorted(set(document_ids)), sorted(set(source_ids)))
    content.links = store.document_evidence([d["id"] for d in content.documents])
    item_ids = sorted({link["item_id"] for link in content.links})
    # How each linked derivative was made, and from which original (always in the bundle too).
    content.derivations = [
        d
        for d in (store.derivations_of(item_ids) if item_ids else [])
        if d["derivative_id"] in item_ids
    ]
    item_ids = sorted(set(item_ids) | {d["original_id"] for d in content.derivations})
    if attachments and source_ids:
        content.attachments = store.report_attachment_items(sorted(set(source_ids)))
        item_ids = sorted(set(item_ids) | {a["item_id"] for a in content.attachments})
    content.items = store.evidence_items(ids=item_ids) if item_ids else []
    content.custody = store.custody_log(item_ids) if item_ids else []
    content.timestamps = store.timestamps(item_ids) if item_ids else []
    return content


def collect_incident(store: Store, incident_id: int, *, attachments: bool = False) -> BundleContent:
    found = store.bundle_incidents([incident_id])
    if not found:
        raise NotFound("incident", str(incident_id), field="incident")
    content = BundleContent(f"Incident {incident_id}", {"incident": incident_id}, incidents=found)
    content.claims = store.bundle_claims([incident_id])
    docs = [c["document_id"] for c in content.claims if c["document_id"] is not None]
    srcs = [c["source_id"] for c in content.claims] + [i["source_id"] for i in found]
    return _fill(store, content, docs, srcs, attachments)


def collect_truce(
    store: Store,
    truce: str,
    since: dt.date | None,
    until: dt.date | None,
    *,
    attachments: bool = False,
) -> BundleContent:
    truce_id = resolve_truce(store, truce, "truce")
    title = store.get_truce(truce_id).name
    scope = {
        "truce": truce_id,
        "since": since.isoformat() if since else None,
        "until": until.isoformat() if until else None,
    }
    content = BundleContent(
        f"{title}, ledger entries {scope['since'] or '…'} to {scope['until'] or '…'}", scope
    )
    content.ledger = store.bundle_ledger(truce_id, since, until)
    srcs = [s for e in content.ledger for s in e["source_ids"]]
    return _fill(store, content, [], srcs, attachments)


def record_export(store: Store, caller: Caller, content: BundleContent, bundle: str) -> None:
    for item in content.items:
        store.add_custody(
            item["id"],
            "exported",
            user=caller.user,
            interface=caller.interface,
            detail={"bundle": bundle, "scope": content.scope},
        )
