"""What stands behind one document: its original(s), its text, their hashes and custody logs.

A read for analysts and above (the document page and `GET /documents/{id}/evidence`): an
original's fixity record says where a file sat or which URL was fetched, and custody entries
name people, so none of it is public. `document_custody` only reads; `record_access` is the write
that follows it: one `accessed` custody entry per item shown, naming who read it and where.
The API and the page call it in a transaction of its own once the read one has ended (reads
never take SQLite's write lock), before the answer is sent; a read shows the accesses before it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from trucewatch.services.context import Caller
from trucewatch.storage.store import Store

_ITEM_FIELDS = (
    "id",
    "sha256",
    "size",
    "media_type",
    "kind",
    "readable",
    "problem",
    "acquired_at",
    "acquired_via",
    "acquired_from",
    "acquired_by",
    "tool_version",
)


@dataclass(frozen=True)
class DocumentCustody:
    document_id: int
    items: list[dict[str, Any]]  # originals first, then texts; each with role and locator
    custody: list[dict[str, Any]]  # every custody entry of those items, oldest first

    def as_dict(self) -> dict[str, Any]:
        return {"document": self.document_id, "items": self.items, "custody": self.custody}


def document_custody(store: Store, document_id: int) -> DocumentCustody | None:
    """None when there is no such document; a document read before evidence was kept has an
    empty list of items."""
    if store.get_document(document_id) is None:
        return None
    links = store.document_evidence([document_id])
    ids = [int(link["item_id"]) for link in links]
    records = {int(r["id"]): r for r in store.evidence_items(ids)} if ids else {}
    derived = {
        int(d["derivative_id"]): d
        for d in (store.derivations_of(ids) if ids else [])
        if d["derivative_id"] in records and d["original_id"] in records
    }
    stamps: dict[int, list[dict[str, Any]]] = {}
    for t in store.timestamps(ids) if ids else []:
        stamps.setdefault(int(t["item_id"]), []).append(
            {"tsa_url": t["tsa_url"], "gen_time": t["gen_time"]}
        )
    items = []
    for link in sorted(links, key=lambda x: (x["role"] != "original", x["item_id"])):
        item = records[int(link["item_id"])]
        d = derived.get(int(item["id"]))
        items.append(
            {
                "role": link["role"],
                "locator": link["locator"],
                **{k: item[k] for k in _ITEM_FIELDS},
                "derived_from": d["original_id"] if d else None,
                "method": d["method"] if d else None,
                "timestamps": stamps.get(int(item["id"]), []),
            }
        )
    custody = [
        {
            "item": c["item_id"],
            "action": c["action"],
            "at": c["at"],
            "user": c["user"],
            "interface": c["interface"],
            "detail": c["detail"],
        }
        for c in (store.custody_log(ids) if ids else [])
    ]
    return DocumentCustody(document_id, items, custody)


def record_access(store: Store, caller: Caller, shown: DocumentCustody) -> None:
    """An `accessed` custody entry on each item a caller was shown."""
    for item in shown.items:
        store.add_custody(
            int(item["id"]),
            "accessed",
            user=caller.user,
            interface=caller.interface,
            detail={"document": shown.document_id},
        )
