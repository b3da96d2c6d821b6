"""Ingest files and URLs: keep each original, read it, extract, and store documents.

The use case behind `trucewatch ingest` and the demo build. It takes the acting user and two
callbacks for what a shell shows while the work streams (an unreadable input, a missing
timestamp); it never prints. It returns the counts and the read problems, for the shell to
render and to choose its exit status.
"""

from __future__ import annotations

import os
from collections import Counter, deque
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from trucewatch.evidence.intake import Kept, read_captured, read_kept
from trucewatch.evidence.store import Stored, open_store
from trucewatch.ingest import Document, ReadProblem
from trucewatch.ingest.readers import DEFAULT_MAX_DOCUMENT_BYTES
from trucewatch.ingest.runners import DaskRunner, ExtractSpec, LocalRunner
from trucewatch.ingest.web import Fetcher, is_url, make_client
from trucewatch.services.context import Caller
from trucewatch.services.evidence import Original, record_original, record_timestamp
from trucewatch.services.ingest import DocumentEvidence, ingest_documents, registry_gazetteer
from trucewatch.storage.db import Database


def _ignore(_: Any) -> None:
    return None


def extraction_item(doc: Document, date: str | None = None) -> dict[str, Any]:
    """What a runner extracts from: the text, its title, and its publication date (`date`, when
    given, wins over the document's own)."""
    published = date or (doc.published.isoformat() if doc.published else None)
    return {"text": doc.text, "title": doc.title, "published": published}


def ingest_paths(
    database: Database,
    who: Caller,
    paths: list[str],
    *,
    format: str = "auto",
    runner: LocalRunner | DaskRunner | None = None,
    max_bytes: int = DEFAULT_MAX_DOCUMENT_BYTES,
    evidence_dir: str | Path | None = None,
    tsa_url: str | None = None,
    on_problem: Callable[[ReadProblem], None] = _ignore,
    on_warning: Callable[[str], None] = _ignore,
) -> tuple[dict[str, int], list[ReadProblem]]:
    """Read, extract (with the registry's gazetteer) and store documents, one unit each.

    Every input file is first kept, byte for byte, in the evidence store (evidence.intake), and
    read from there; a file no reader understands is kept too, marked unreadable. A URL
    (http:// or https://) is fetched politely (ingest.web) and kept as a WARC capture, the page
    read from the kept response record; a refused URL is one problem, the rest go on. With
    `tsa_url` each new original gets an RFC 3161 timestamp token.

    Documents stream through: the runner takes them a batch at a time as they are read, and
    each is stored as soon as its extraction comes back (results come in input order). So the
    good documents before a bad one, or before an interruption, are kept; nothing waits for
    the whole input to be read. `on_problem` hears of each unreadable input as it is met.
    """
    objects = open_store(database.url, evidence_dir)
    tsa_url = tsa_url or os.environ.get("TRUCEWATCH_TSA_URL") or None
    with database.read() as store:
        actors, truces = registry_gazetteer(store)
    spec = ExtractSpec.of(actors or None, truces)
    problems: list[ReadProblem] = []
    pending: deque[tuple[Document, DocumentEvidence | None]] = deque()

    def record(stored: Stored, origin: Original, readable: bool, problem: str | None) -> int:
        with database.write() as store:
            stamped = bool(store.evidence_item(stored.sha256))
            item_id = record_original(
                store, who, stored, origin, readable=readable, problem=problem
            )
        if tsa_url and not stamped:
            # After the commit: the request leaves the machine, and a TSA that is down must not
            # lose the original (the failure is reported; the item simply has no token).
            stamp(database, who, item_id, stored.sha256, tsa_url, on_warning=on_warning)
        return item_id

    def kept_all() -> Iterator[Kept]:
        # In the order given: runs of files, and each URL fetched with one polite client.
        with make_client() as client:
            fetcher = Fetcher(client, max_bytes)
            files: list[str] = []
            for arg in [*paths, None]:
                if arg is not None and not is_url(arg):
                    files.append(arg)
                    continue
                yield from read_kept(files, objects, record, format=format, max_bytes=max_bytes)
                files = []
                if arg is not None:
                    yield from read_captured(
                        arg, fetcher, objects, record, format=format, max_bytes=max_bytes
                    )

    def items() -> Iterator[dict[str, Any]]:
        for kept in kept_all():
            r = kept.result
            if isinstance(r, ReadProblem):
                problems.append(r)
                on_problem(r)
            else:
                evidence = None
                if kept.original_id is not None:
                    evidence = DocumentEvidence(objects, kept.original_id, kept.locator)
                pending.append((r, evidence))
                yield extraction_item(r)

    extracted = (
        (*pending.popleft(), extraction)
        for extraction in (runner or LocalRunner()).run(spec, items())
    )
    counts: Counter[str] = Counter()
    for outcome in ingest_documents(database, who, extracted):
        counts["read"] += 1
        counts[outcome.status] += 1
        counts["candidates"] += outcome.candidates
    summary = {
        "read": counts["read"],
        "new documents": counts["new"],
        "exact duplicates": counts["exact_duplicate"],
        "near duplicates (corroborating sources)": counts["near_duplicate"],
        "review candidates": counts["candidates"],
        "unreadable": len(problems),
    }
    return summary, problems


def stamp(
    database: Database,
    who: Caller,
    item_id: int,
    sha256: str,
    tsa_url: str,
    *,
    on_warning: Callable[[str], None] = _ignore,
) -> bool:
    """Ask the TSA for a token over an item's hash and keep it; False (and a warning) if not."""
    # Imported here: asn1crypto is only needed when a TSA is named.
    from trucewatch.evidence.timestamps import TimestampError, fetch_token

    try:
        token = fetch_token(tsa_url, sha256)
    except TimestampError as exc:
        on_warning(exc.message)
        return False
    with database.write() as store:
        record_timestamp(store, who, item_id, tsa_url, token.der, token.gen_time)
    return True
