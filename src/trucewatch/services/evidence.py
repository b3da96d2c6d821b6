"""Evidence writes and checks: record an original, a derivative, a document's link, a fixity check.

The bytes go to the object store first (content-addressed, so writing them twice is harmless and
a crash leaves at most an unreferenced object); the records go in the caller's transaction. Every
record is insert-only, and every thing done to an item is a custody entry in the same
transaction: acquired, derivative made, verified, exported, accessed, timestamped.
"""

from __future__ import annotations

import mimetypes
import os
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from trucewatch import __version__
from trucewatch.domain.dates import utcnow
from trucewatch.domain.errors import Ambiguous, NotFound
from trucewatch.evidence.store import ObjectStore, Stored
from trucewatch.services.context import Caller
from trucewatch.storage.store import Store

CUSTODY_ACTIONS = ("acquired", "verified", "exported", "derivative", "accessed", "timestamped")
TOOL = f"trucewatch {__version__}"

_BY_FORMAT = {
    "text": "text/plain",
    "html": "text/html",
    "jsonl": "application/x-ndjson",
    "csv": "text/csv",
    "feed": "application/xml",
}


def media_type_of(name: str, format: str | None = None) -> str:
    """The media type a file's name says, else the one its reader format implies."""
    suffix = os.path.splitext(name)[1].lower()
    if suffix in (".jsonl", ".ndjson"):
        return "application/x-ndjson"
    guessed, _enc = mimetypes.guess_type(name, strict=False)
    return guessed or _BY_FORMAT.get(format or "", "application/octet-stream")


@dataclass(frozen=True)
class Original:
    """Where an original came from, as its fixity record and custody log will say."""

    via: str  # file | feed | url | form | dataset
    source: str  # the path, URL, feed or form it came from
    media_type: str


def record_original(
    store: Store,
    caller: Caller,
    stored: Stored,
    origin: Original,
    *,
    readable: bool = True,
    problem: str | None = None,
) -> int:
    """The item for these bytes, recorded on first acquisition; each acquisition is in custody.

    The same bytes acquired again (a re-run, another copy of a file) keep their first fixity
    record; the new acquisition is a custody entry saying from where.
    """
    item = store.evidence_item(stored.sha256)
    detail = {"from": origin.source, "via": origin.via, "size": stored.size}
    if item is None:
        item_id = store.add_evidence_item(
            {
                "sha256": stored.sha256,
                "size": stored.size,
                "media_type": origin.media_type,
                "kind": "original",
                "readable": readable,
                "problem": problem,
                "acquired_at": utcnow(),
                "acquired_via": origin.via,
                "acquired_from": origin.source,
                "acquired_by": caller.user,
                "tool_version": TOOL,
            }
        )
    else:
        item_id = int(item["id"])
        detail["again"] = True
    store.add_custody(
        item_id, "acquired", user=caller.user, interface=caller.interface, detail=detail
    )
    return item_id


def keep_file(
    store: Store, caller: Caller, objects: ObjectStore, path: str | os.PathLike[str], via: str
) -> dict[str, Any]:
    """Keep a whole input file (an imported dataset, a reference file) as an original, in the
    caller's transaction: its id and hash, for the import's summary and audit entry.

    The bytes are copied as the file is when the import starts; they go in first, so a crash
    or a failed import leaves at most an unreferenced object in the store.
    """
    with open(path, "rb") as handle:
        stored = objects.put(handle)
    where = os.path.abspath(path)
    origin = Original(via, where, media_type_of(where))
    item_id = record_original(store, caller, stored, origin)
    return {"item": item_id, "sha256": stored.sha256, "size": stored.size}


def record_derivative(
    store: Store,
    caller: Caller,
    stored: Stored,
    original_id: int,
    method: str,
    media_type: str = "text/plain; charset=utf-8",
) -> int:
    """A derivative item (extracted text, translation, redacted copy) made from an original."""
    item = store.evidence_item(stored.sha256)
    if item is None:
        original = store.evidence_item_by_id(original_id)
        assert original is not None
        item_id = store.add_evidence_item(
            {
                "sha256": stored.sha256,
                "size": stored.size,
                "media_type": media_type,
                "kind": "derivative",
                "readable": True,
                "problem": None,
                "acquired_at": utcnow(),
                "acquired_via": "derived",
                "acquired_from": f"sha256:{original['sha256']}",
                "acquired_by": caller.user,
                "tool_version": TOOL,
            }
        )
    else:
        item_id = int(item["id"])
    if item_id != original_id and store.add_derivation(item_id, original_id, method):
        detail = {"derivative": stored.sha256, "method": method}
        store.add_custody(
            original_id, "derivative", user=caller.user, interface=caller.interface, detail=detail
        )
    return item_id


def attach_document_text(
    store: Store,
    caller: Caller,
    objects: ObjectStore,
    document_id: int,
    original_id: int,
    locator: str | None,
    text: str,
    method: str,
) -> None:
    """Link a document to the original it was read from and to its text, kept as a derivative."""
    import io

    stored = objects.put(io.BytesIO(text.encode("utf-8")))
    text_id = record_derivative(store, caller, stored, original_id, method)
    store.link_document_evidence(document_id, original_id, "original", locator)
    if text_id != original_id:
        store.link_document_evidence(document_id, text_id, "text", None)


# --- fixity checks ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Check:
    item_id: int
    sha256: str
    status: str  # intact | altered | missing
    size: int | None  # the size found (None: missing)
    found: str | None  # the hash found when altered

    def as_dict(self) -> dict[str, Any]:
        return {
            "item": self.item_id,
            "sha256": self.sha256,
            "status": self.status,
            "size": self.size,
            "found_sha256": self.found,
        }


def find_items(store: Store, ref: str | None) -> list[dict[str, Any]]:
    """All items (`ref` None), or the one an id or a hash (or a hash prefix of 8+) names."""
    if ref is None:
        return store.evidence_items()
    ref = ref.strip().lower().removeprefix("sha256:")
    if ref.isdigit() and len(ref) < 8:
        item = store.evidence_item_by_id(int(ref))
        if item is None:
            raise NotFound("evidence item", ref, field="ITEM")
        return [item]
    if len(ref) < 8:
        raise NotFound("evidence item", ref, field="ITEM")
    found = store.evidence_items(prefix=ref)
    if not found:
        raise NotFound("evidence item", ref, field="ITEM")
    if len(found) > 1:
        raise Ambiguous(
            f"ITEM: {ref!r} is the start of {len(found)} hashes; give more of it.", field="ITEM"
        )
    return found


def check_items(objects: ObjectStore, items: Iterable[dict[str, Any]]) -> list[Check]:
    """Re-hash each stored item (no database writes: run it outside a transaction)."""
    out = []
    for item in items:
        now = objects.hash_of(item["sha256"])
        if now is None:
            out.append(Check(item["id"], item["sha256"], "missing", None, None))
        elif now[0] != item["sha256"] or now[1] != item["size"]:
            out.append(Check(item["id"], item["sha256"], "altered", now[1], now[0]))
        else:
            out.append(Check(item["id"], item["sha256"], "intact", now[1], None))
    return out


def record_checks(store: Store, caller: Caller, checks: Iterable[Check], where: str) -> None:
    """One custody entry per fixity check, with its result."""
    for c in checks:
        detail: dict[str, Any] = {"result": c.status, "store": where}
        if c.status == "altered":
            detail.update(found_sha256=c.found, found_size=c.size)
        store.add_custody(
            c.item_id, "verified", user=caller.user, interface=caller.interface, detail=detail
        )


def record_timestamp(
    store: Store, caller: Caller, item_id: int, tsa_url: str, der: bytes, gen_time: Any
) -> int:
    """Keep an RFC 3161 token for an item (already checked against its hash)."""
    stamp_id = store.add_timestamp(item_id, tsa_url, gen_time, der)
    store.add_custody(
        item_id,
        "timestamped",
        user=caller.user,
        interface=caller.interface,
        detail={"tsa": tsa_url, "gen_time": gen_time, "token": stamp_id},
    )
    return stamp_id
