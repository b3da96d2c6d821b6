"""Read files for ingest from the copies kept in the evidence store, never from the files again.

Each input file is copied byte for byte into the object store first; what extraction reads is
the stored copy, under the file's own name. So the text we extract is provably the text of the
original we keep, a file that changes while it is being ingested cannot make the two differ,
and a file no reader can make sense of is still kept (recorded as unreadable, with the reason).

A URL is fetched (ingest.web: user agent, timeouts, size limit, robots.txt) and kept as a WARC
capture (evidence.warc); the page is read from the response record of the kept capture.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from trucewatch.evidence import warc
from trucewatch.evidence.store import LocalObjectStore, Stored
from trucewatch.ingest.document import Document, ReadProblem, ReadResult
from trucewatch.ingest.readers import (
    DEFAULT_MAX_DOCUMENT_BYTES,
    files_under,
    read_bytes,
    read_path,
)
from trucewatch.ingest.web import Fetcher, FetchRefused
from trucewatch.services.evidence import Original, media_type_of

# (bytes stored, where from, readable, problem) -> the original's item id
Record = Callable[[Stored, Original, bool, "str | None"], int]


@dataclass(frozen=True)
class Kept:
    result: ReadResult
    original_id: int | None  # None: there was no file to keep (missing, unreadable by the OS)
    locator: str | None


def input_files(paths: Iterable[str | Path]) -> Iterator[str]:
    for path in paths:
        where = str(path)
        yield from (files_under(where) if os.path.isdir(where) else [where])


def read_kept(
    paths: Iterable[str | Path],
    objects: LocalObjectStore,
    record: Record,
    *,
    format: str = "auto",
    max_bytes: int = DEFAULT_MAX_DOCUMENT_BYTES,
    via: str = "file",
) -> Iterator[Kept]:
    """Documents and problems, as `read_paths` gives them, each with the original it came from.

    The original is recorded when its first result is known: readable unless that result is a
    problem with the whole file (a problem with one line or item leaves the file readable).
    """
    for file in input_files(paths):
        try:
            with open(file, "rb") as handle:
                stored = objects.put(handle)
        except OSError:
            # Nothing to keep: the reader names the problem (missing, a folder, no permission).
            for r in read_path(file, format=format, max_bytes=max_bytes):
                yield Kept(r, None, None)
            continue
        results = read_path(
            objects.path(stored.sha256), format=format, max_bytes=max_bytes, name=file
        )
        original_id: int | None = None
        for r in results:
            if original_id is None:
                whole = isinstance(r, ReadProblem) and r.origin == file
                fmt = None if isinstance(r, ReadProblem) else r.format
                origin = Original(via, os.path.abspath(file), media_type_of(file, fmt))
                original_id = record(
                    stored, origin, not whole, r.message if isinstance(r, ReadProblem) else None
                )
            locator = (r.origin[len(file) :] or None) if r.origin.startswith(file) else None
            yield Kept(r, original_id, locator)


_FORMAT_BY_TYPE = (
    ("html", "html"),
    ("xhtml", "html"),
    ("rss", "feed"),
    ("atom", "feed"),
    ("xml", "feed"),
    ("ndjson", "jsonl"),
    ("jsonl", "jsonl"),
    ("csv", "csv"),
    ("text/plain", "text"),
)


def format_of(content_type: str | None) -> str:
    """The reader format a response's Content-Type names ("auto" when it names none we read)."""
    kind = (content_type or "").split(";", 1)[0].strip().lower()
    return next((fmt for key, fmt in _FORMAT_BY_TYPE if key in kind), "auto")


def read_captured(
    url: str,
    fetcher: Fetcher,
    objects: LocalObjectStore,
    record: Record,
    *,
    format: str = "auto",
    max_bytes: int = DEFAULT_MAX_DOCUMENT_BYTES,
) -> Iterator[Kept]:
    """Fetch `url`, keep the exchange(s) as one WARC object, and read the page from the kept copy.

    A refused fetch (robots.txt, an HTTP error, too large) keeps nothing and is one problem
    naming the URL. The original's locator names the response record the text was read from.
    """
    try:
        exchanges = fetcher.fetch(url)
    except FetchRefused as exc:
        yield Kept(ReadProblem(url, exc.message), None, None)
        return
    stored = objects.put_bytes(warc.write_capture(exchanges))
    with objects.open(stored.sha256) as handle:
        page = warc.payload(handle)
    assert page is not None  # we just wrote one
    fmt = format_of(page.content_type) if format == "auto" else format
    original_id: int | None = None
    for r in read_bytes(page.body, url, format=fmt, max_bytes=max_bytes):
        if original_id is None:
            whole = isinstance(r, ReadProblem) and r.origin == url
            origin = Original("url", url, warc.MEDIA_TYPE)
            problem = r.message if isinstance(r, ReadProblem) else None
            original_id = record(stored, origin, not whole, problem)
        if isinstance(r, Document) and r.url is None:
            r = replace(r, url=page.url)
        within = r.origin[len(url) :] if r.origin.startswith(url) else ""
        yield Kept(r, original_id, f"#record {page.record_id}{within}")
