"""Writes of `trucewatch watch`: one item ingested with its cursor, a source's poll outcome.

`ingest_watched` stores the item's document (through the normal `ingest_document`: dedup,
candidates for review) and marks the item read in `watch_items`, in the caller's one
transaction: a restart after a crash finds either both or neither, so it neither loses nor
repeats an item.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from trucewatch.domain.dates import utcnow
from trucewatch.ingest.document import Document
from trucewatch.services.context import Caller
from trucewatch.services.ingest import DocumentEvidence, IngestOutcome, ingest_document
from trucewatch.storage.store import Store

# Back-off after errors: the interval doubles with each consecutive failure, up to a day.
MAX_BACKOFF_MINUTES = 24 * 60


def item_key(location: str, doc: Document) -> str:
    """A stable key of one item of one source: its id (a feed's guid, a JSONL id, else a hash
    of its text) within the file it came from."""
    where = doc.origin.split("#", 1)[0]
    return hashlib.sha256(f"{location}\n{where}\n{doc.id}".encode()).hexdigest()


def ingest_watched(
    store: Store,
    caller: Caller,
    source_id: int,
    key: str,
    doc: Document,
    extraction: dict[str, Any],
    evidence: DocumentEvidence | None = None,
) -> IngestOutcome | None:
    """Ingest one new item and record it read; None when it was read before (by a run that
    committed after this one looked). With `evidence`, the item's document is linked to the
    kept feed capture it was read from, and its text kept as a derivative of it."""
    if store.watch_item_seen(source_id, key):
        return None
    outcome = ingest_document(store, caller, doc, extraction, evidence)
    store.add_watch_item(source_id, key, outcome.document_id)
    return outcome


def backoff_minutes(every: float, failures: int) -> float:
    return float(min(every * 2 ** max(failures, 0), MAX_BACKOFF_MINUTES))


def record_poll(
    store: Store,
    source_id: int,
    *,
    every: float,
    error: str | None,
    failures: int,
    etag: str | None = None,
    last_modified: str | None = None,
    now: dt.datetime | None = None,
) -> None:
    """A poll's outcome: validators and the next poll on success, the error and a later retry
    (back-off) on failure."""
    now = now or utcnow()
    if error is None:
        values: dict[str, Any] = {
            "failures": 0,
            "last_error": None,
            "next_poll_at": now + dt.timedelta(minutes=every),
        }
        if etag is not None or last_modified is not None:
            values |= {"etag": etag, "last_modified": last_modified}
    else:
        failures += 1
        values = {
            "failures": failures,
            "last_error": error[:500],
            "next_poll_at": now + dt.timedelta(minutes=backoff_minutes(every, failures)),
        }
    store.update_watch_source(source_id, last_polled_at=now, **values)
