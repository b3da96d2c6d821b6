"""Store read documents and their extraction: sources, documents, corroborations, candidates.

`ingest_document` is the one write per document. It is idempotent: the same text again (exact
or near duplicate) adds a corroborating source to the known document instead of a new record,
so a re-run after a crash, or a Dask worker retrying a batch, adds nothing twice.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from trucewatch.domain.audit import AuditAction
from trucewatch.evidence.store import ObjectStore
from trucewatch.extract.gazetteer import ActorEntry
from trucewatch.extract.truces import TruceEntry
from trucewatch.ingest.dedup import NEAR_BITS, bands, from_bands, hamming, simhash, text_hash
from trucewatch.ingest.document import Document
from trucewatch.services.context import Caller
from trucewatch.services.evidence import TOOL, attach_document_text
from trucewatch.services.sources import get_or_create_source
from trucewatch.storage.db import Database
from trucewatch.storage.store import Store

# Which extracted events become review candidates: all of them; what acceptance does depends on
# the type (see services.review).


@dataclass(frozen=True)
class IngestOutcome:
    status: str  # new | exact_duplicate | near_duplicate
    document_id: int
    candidates: int


def registry_gazetteer(store: Store) -> tuple[list[ActorEntry], list[TruceEntry]]:
    """Actor and truce gazetteer entries from the registry (ids are registry ids)."""
    names: dict[int, list[str]] = {}
    for _norm, actor_id, alias in store.alias_index():
        names.setdefault(actor_id, []).append(alias)
    actors = store.get_actors(names)
    entries = [
        ActorEntry(a.id, a.name, str(a.kind), tuple(n for n in names[i] if n != a.name), a.country)
        for i, a in actors.items()
        if a.id is not None
    ]
    truce_names: dict[int, list[str]] = {}
    for _norm, truce_id, alias in store.truce_alias_index():
        truce_names.setdefault(truce_id, []).append(alias)
    titles = store.truce_names(truce_names)
    truces = [
        TruceEntry(i, titles[i], tuple(n for n in truce_names[i] if n != titles[i]))
        for i in sorted(truce_names)
    ]
    return entries, truces


def _document_source(store: Store, doc: Document) -> int:
    if doc.url:
        # Some publishers give one URL for many releases: the title and date tell them apart.
        identity = "\n".join(str(x) for x in (doc.url, doc.title, doc.published) if x)
        return get_or_create_source(
            store,
            doc.url,
            identity=identity,
            title=doc.title,
            publisher=doc.source_name,
            published_on=doc.published,
            kind="document",
        )[0]
    citation = " — ".join(x for x in (doc.source_name, doc.title, doc.origin) if x)
    return get_or_create_source(
        store,
        citation,
        title=doc.title,
        publisher=doc.source_name,
        published_on=doc.published,
        kind="document",
    )[0]


@dataclass(frozen=True)
class DocumentEvidence:
    """The stored original a document was read from, and where in it (`#line 3`, `#item 2`)."""

    objects: ObjectStore
    original_id: int
    locator: str | None


def ingest_document(
    store: Store,
    caller: Caller,
    doc: Document,
    extraction: dict[str, Any],
    evidence: DocumentEvidence | None = None,
) -> IngestOutcome:
    """Store one document (or note a copy of a known one), its candidates and its evidence.

    With `evidence`, the document is linked to its original and to its text, kept as a
    derivative of that original, whatever the outcome: a copy's original corroborates too.
    """
    outcome = _store_document(store, caller, doc, extraction)
    if evidence is not None:
        text = extraction.get("text") or doc.text
        part = f" on {evidence.locator} of the original" if evidence.locator else ""
        method = (
            f"{TOOL}: {doc.format} reader{part}, then text cleaning (extract.clean); the "
            "offsets of the document's extraction index into this text"
        )
        attach_document_text(
            store,
            caller,
            evidence.objects,
            outcome.document_id,
            evidence.original_id,
            evidence.locator,
            text,
            method,
        )
    return outcome


def _store_document(
    store: Store, caller: Caller, doc: Document, extraction: dict[str, Any]
) -> IngestOutcome:
    source_id = _document_source(store, doc)
    # The extraction's text is the cleaned input; offsets index into it, so it is what we keep.
    text = extraction.get("text") or doc.text
    digest = text_hash(text)
    known = store.document_by_hash(digest)
    if known is not None:
        store.add_document_source(known, source_id, "exact_copy")
        return IngestOutcome("exact_duplicate", known, 0)
    sh = simhash(text)
    my_bands = bands(sh)
    for other_id, other_bands in store.near_duplicate_candidates(my_bands):
        if hamming(sh, from_bands(other_bands)) <= NEAR_BITS:
            store.add_document_source(other_id, source_id, "near_duplicate")
            return IngestOutcome("near_duplicate", other_id, 0)
    doc_id = store.add_document(
        {
            "source_id": source_id,
            "external_id": doc.id,
            "title": extraction.get("title") or doc.title,
            "published_on": doc.published,
            "url": doc.url,
            "publisher": doc.source_name,
            "license": doc.license,
            "format": doc.format,
            "origin": doc.origin,
            "text": text,
            "text_hash": digest,
            "extraction": json.dumps(extraction, ensure_ascii=False),
        },
        my_bands,
    )
    n = 0
    for event in extraction.get("events", []):
        ev = event.get("evidence") or {}
        who = ", ".join(f"{a['role']}: {a['name']}" for a in event.get("actors", []))
        store.add_candidate(
            doc_id,
            {
                "kind": "event",
                "type": event["type"],
                "summary": f"{event['type']} ({who})" if who else event["type"],
                "payload": event,
                "evidence_start": ev.get("start"),
                "evidence_end": ev.get("end"),
                "evidence_text": ev.get("text"),
                "confidence": event.get("confidence"),
            },
        )
        n += 1
    for actor in extraction.get("actors", []):
        if actor.get("resolved"):
            continue
        first = (actor.get("mentions") or [{}])[0]
        store.add_candidate(
            doc_id,
            {
                "kind": "actor",
                "type": actor.get("kind") or "other",
                "summary": f"new actor? {actor['name']}",
                "payload": actor,
                "evidence_start": first.get("start"),
                "evidence_end": first.get("end"),
                "evidence_text": first.get("text"),
                "confidence": None,
            },
        )
        n += 1
    store.audit(
        user=caller.user,
        interface=caller.interface,
        action=AuditAction.INGEST_DOCUMENT,
        entity="document",
        entity_id=doc_id,
        after={"origin": doc.origin, "source": source_id, "candidates": n},
    )
    return IngestOutcome("new", doc_id, n)


def ingest_documents(
    database: Database,
    caller: Caller,
    extracted: Iterable[tuple[Document, DocumentEvidence | None, dict[str, Any]]],
) -> Iterator[IngestOutcome]:
    """Store documents (with their evidence, if kept) as their extractions arrive, each in a
    write unit of its own.

    One unit per document keeps the documents stored before a bad one or an interruption, and
    holds SQLite's write lock only while one document is written, never while the next one is
    read or extracted. Outcomes are yielded as each unit commits.
    """
    for doc, evidence, extraction in extracted:
        with database.write() as store:
            outcome = ingest_document(store, caller, doc, extraction, evidence)
        yield outcome
