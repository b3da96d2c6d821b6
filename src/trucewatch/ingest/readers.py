"""Entry points: read a file, several files and folders, or a stream, in any supported format.

Every reader yields `Document`s and `ReadProblem`s and never raises for bad input, so a batch
of ten thousand files is not stopped by one broken line; the caller decides on exit codes.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from trucewatch.domain.errors import BadFile
from trucewatch.ingest.document import ReadProblem, ReadResult
from trucewatch.ingest.feeds import read_feed
from trucewatch.ingest.html import decode_html, html_document
from trucewatch.ingest.tabular import ColumnMap, read_csv, read_jsonl
from trucewatch.ingest.text import decode_bytes, text_document

FORMATS = ("auto", "text", "html", "jsonl", "csv", "feed")

_BY_SUFFIX = {
    ".txt": "text",
    ".text": "text",
    ".md": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".tsv": "csv",
    ".xml": "feed",
    ".rss": "feed",
    ".atom": "feed",
}
_FEED_ROOT = re.compile(rb"<(rss|feed|rdf:RDF)[\s>]", re.I)
_HTML_START = re.compile(rb"<(!doctype html|html|head|body|div|p|article)[\s>]", re.I)


def sniff_format(data: bytes) -> str:
    """Guess a format from the content when the file name does not tell us."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"{"):
        return "jsonl"
    if _FEED_ROOT.search(head):
        return "feed"
    if _HTML_START.search(head):
        return "html"
    return "text"


def _format_for(path: str, data: bytes) -> str:
    suffix = os.path.splitext(path)[1].lower()
    guessed = _BY_SUFFIX.get(suffix)
    if guessed == "feed" and not _FEED_ROOT.search(data[:4096]):
        raise BadFile(path, "is XML but not an RSS or Atom feed (no <rss>, <feed> or <rdf:RDF>)")
    return guessed or sniff_format(data)


def read_bytes(
    data: bytes, where: str, *, format: str = "auto", csv_columns: ColumnMap | None = None
) -> Iterator[ReadResult]:
    """Read already-loaded bytes; `where` names them in origins and messages."""
    if format not in FORMATS:
        raise ValueError(f"unknown format {format!r}; expected one of {', '.join(FORMATS)}")
    try:
        if not data.strip():
            raise BadFile(where, "is empty")
        chosen = _format_for(where, data) if format == "auto" else format
        if chosen == "jsonl":
            yield from read_jsonl(data, where)
        elif chosen == "feed":
            yield from read_feed(data, where)
        elif chosen == "csv":
            yield from read_csv(decode_bytes(data, where), where, csv_columns)
        elif chosen == "html":
            yield html_document(decode_html(data, where), where)
        else:
            yield text_document(decode_bytes(data, where), where)
    except BadFile as exc:
        yield ReadProblem(where, exc.message)


def read_path(
    path: str | Path, *, format: str = "auto", csv_columns: ColumnMap | None = None
) -> Iterator[ReadResult]:
    """Read one file (or every file under a folder) as documents and problems.

    `format="auto"` goes by the file extension and looks at the content when that says nothing.
    """
    where = str(path)
    if os.path.isdir(where):
        yield from read_paths([where], format=format, csv_columns=csv_columns)
        return
    try:
        with open(where, "rb") as handle:
            data = handle.read()
    except FileNotFoundError:
        yield ReadProblem(where, BadFile(where, "does not exist").message)
        return
    except OSError as exc:
        yield ReadProblem(where, BadFile(where, f"cannot be read ({exc.strerror})").message)
        return
    yield from read_bytes(data, where, format=format, csv_columns=csv_columns)


def _files_under(folder: str) -> list[str]:
    """Every non-hidden file under `folder`, sorted by path, so runs are reproducible."""
    found: list[tuple[tuple[str, ...], str]] = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            if not name.startswith("."):
                path = os.path.join(root, name)
                found.append((Path(os.path.relpath(path, folder)).parts, path))
    return [path for _, path in sorted(found)]


def read_paths(
    paths: Iterable[str | Path], *, format: str = "auto", csv_columns: ColumnMap | None = None
) -> Iterator[ReadResult]:
    """Read files and folders in the order given; a folder is read recursively, sorted."""
    for path in paths:
        where = str(path)
        if os.path.isdir(where):
            for file in _files_under(where):
                yield from read_path(file, format=format, csv_columns=csv_columns)
        else:
            yield from read_path(where, format=format, csv_columns=csv_columns)


def read_stdin(
    stream: IO[str] | IO[bytes],
    *,
    format: str = "auto",
    csv_columns: ColumnMap | None = None,
    name: str = "<stdin>",
) -> Iterator[ReadResult]:
    """Read a stream (sys.stdin, or any file object) as if it were one file named `name`.

    The bytes underneath a text stream are read when there are any, so the encoding is
    detected rather than taken from the terminal's locale.
    """
    buffer = getattr(stream, "buffer", None)
    raw = buffer.read() if buffer is not None else stream.read()
    data = raw.encode("utf-8") if isinstance(raw, str) else raw
    yield from read_bytes(data, name, format=format, csv_columns=csv_columns)
