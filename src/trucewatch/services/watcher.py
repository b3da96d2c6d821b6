"""`trucewatch watch`: poll each configured source when due and ingest its new items.

Each item is extracted, then stored with its cursor row in one transaction
(services.watch.ingest_watched); the source's HTTP validators and next poll time are written only
after all its items are stored. So a run killed mid-poll leaves the items already stored marked
read, the rest unread, and the validators of the previous good poll: the next run fetches the
feed again and stores exactly the items that are missing.

A feed fetched over HTTP is kept in the evidence store as a WARC capture (request and response,
evidence.warc) when it brings new items, recorded as an original acquired from its URL, and each
item's document is linked to it (the locator names the response record and the item), its text
a derivative of it. A 304, or a feed with nothing new, keeps nothing: it holds no new evidence.

A source that fails (timeout, 5xx, a malformed feed, a missing folder) is logged, backed off
and tried again later; it never stops the other sources.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx

from trucewatch.domain.dates import utcnow
from trucewatch.evidence import warc
from trucewatch.evidence.store import LocalObjectStore, open_store
from trucewatch.ingest import Document, ReadProblem, read_path
from trucewatch.ingest.readers import read_bytes
from trucewatch.ingest.runners import ExtractSpec, LocalRunner
from trucewatch.ingest.watchconfig import Fetched, FetchError, WatchSource, exists, fetch
from trucewatch.ingest.web import make_client
from trucewatch.services.context import Caller
from trucewatch.services.evidence import Original, record_original
from trucewatch.services.ingest import DocumentEvidence, registry_gazetteer
from trucewatch.services.watch import ingest_watched, item_key, record_poll
from trucewatch.storage.db import Database


@dataclass
class PollResult:
    location: str
    status: str  # read | unchanged | failed
    new: int = 0
    problems: list[str] = field(default_factory=list)
    error: str | None = None


def _spec(database: Database) -> ExtractSpec:
    with database.transaction(readonly=True) as store:
        actors, truces = registry_gazetteer(store)
    return ExtractSpec.of(actors or None, truces)


def _item(doc: Document) -> dict[str, Any]:
    published = doc.published.isoformat() if doc.published else None
    return {"text": doc.text, "title": doc.title, "published": published}


def poll_source(
    database: Database,
    caller: Caller,
    src: WatchSource,
    client: httpx.Client,
    runner: LocalRunner,
    spec: ExtractSpec,
    objects: LocalObjectStore | None = None,
) -> PollResult:
    with database.transaction() as store:
        state = store.watch_source(src.location)
    sid = int(state["id"])
    etag = last_modified = None
    got: Fetched | None = None
    try:
        if src.is_url:
            got = fetch(
                client, src.location, etag=state["etag"], last_modified=state["last_modified"]
            )
            if got.status == "unchanged":
                with database.transaction() as store:
                    record_poll(store, sid, every=src.every, error=None, failures=0)
                return PollResult(src.location, "unchanged")
            etag, last_modified = got.etag, got.last_modified
            results = list(read_bytes(got.body, src.location, format=src.format))
        else:
            if not exists(src.location):
                raise FetchError(f"{src.location}: does not exist")
            results = list(read_path(src.location, format=src.format))
    except FetchError as exc:
        with database.transaction() as store:
            record_poll(store, sid, every=src.every, error=str(exc), failures=state["failures"])
        return PollResult(src.location, "failed", error=str(exc))
    docs = [r for r in results if isinstance(r, Document)]
    problems = [r.message for r in results if isinstance(r, ReadProblem)]
    if not docs and problems:
        # Nothing readable at all (a malformed feed): a failure, retried later.
        with database.transaction() as store:
            record_poll(store, sid, every=src.every, error=problems[0], failures=state["failures"])
        return PollResult(src.location, "failed", problems=problems, error=problems[0])
    with database.transaction(readonly=True) as store:
        keyed = [(item_key(src.location, d), d) for d in docs]
        fresh = [(k, d) for k, d in keyed if not store.watch_item_seen(sid, k)]
    original_id = None
    if fresh and got is not None and objects is not None:
        stored = objects.put_bytes(got.capture)
        with database.transaction() as store:
            original_id = record_original(
                store, caller, stored, Original("feed", src.location, warc.MEDIA_TYPE)
            )
    new = 0
    for (key, doc), extraction in zip(
        fresh, runner.run(spec, (_item(d) for _, d in fresh)), strict=True
    ):
        evidence = None
        if original_id is not None and objects is not None and got is not None:
            within = doc.origin[len(src.location) :]
            locator = f"#record {got.record_id}{within}"
            evidence = DocumentEvidence(objects, original_id, locator)
        with database.transaction() as store:
            if ingest_watched(store, caller, sid, key, doc, extraction, evidence) is not None:
                new += 1
    with database.transaction() as store:
        record_poll(
            store,
            sid,
            every=src.every,
            error=None,
            failures=0,
            etag=etag,
            last_modified=last_modified,
        )
    return PollResult(src.location, "read", new=new, problems=problems)


def poll_all(
    database: Database,
    caller: Caller,
    sources: list[WatchSource],
    *,
    due_only: bool,
    evidence_dir: str | None = None,
) -> Iterator[PollResult]:
    """Poll every source (or only those due), one after another; feed captures go to the
    evidence store (`evidence_dir`, else the default beside the SQLite file)."""
    spec = _spec(database)
    runner = LocalRunner()
    now = utcnow()
    objects = open_store(database.url, evidence_dir) if any(s.is_url for s in sources) else None
    with make_client() as client:
        for src in sources:
            if due_only:
                with database.transaction() as store:
                    state = store.watch_source(src.location)
                if state["next_poll_at"] is not None and state["next_poll_at"] > now:
                    continue
            yield poll_source(database, caller, src, client, runner, spec, objects)


def watch_forever(
    database: Database,
    caller: Caller,
    sources: list[WatchSource],
    report: Callable[[PollResult], None],
    after_round: Callable[[], None] | None = None,
    tick_s: float = 30.0,
    evidence_dir: str | None = None,
) -> None:
    """Poll sources as they fall due until interrupted."""
    while True:
        for result in poll_all(database, caller, sources, due_only=True, evidence_dir=evidence_dir):
            report(result)
        if after_round is not None:
            after_round()
        time.sleep(tick_s)
