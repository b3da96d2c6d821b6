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
# Formats whose file is one document (a feed is parsed whole too), so the size cap applies to
# the file; JSON Lines and CSV files hold many, and the cap applies to each record.
_WHOLE_FILE = ("text", "html", "feed")
# The default cap on one document: a 20 MB text took 1.5 GB of memory to extract. News
# articles are a few tens of kilobytes; a report with annexes is a few hundred.
DEFAULT_MAX_DOCUMENT_BYTES = 5 * 1024 * 1024
MAX_BYTES_HINT = "--max-document-bytes or TRUCEWATCH_MAX_DOCUMENT_BYTES"


def too_large(where: str, size: int, max_bytes: int, what: str = "the document") -> BadFile:
    return BadFile(
        where,
        f"{what} is {size:,} bytes, over the limit of {max_bytes:,} ({MAX_BYTES_HINT} raise it)",
    )


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
    data: bytes,
    where: str,
    *,
    format: str = "auto",
    csv_columns: ColumnMap | None = None,
    max_bytes: int = DEFAULT_MAX_DOCUMENT_BYTES,
) -> Iterator[ReadResult]:
    """Read already-loaded bytes; `where` names them in origins and messages.

    A document over `max_bytes` is a problem, not a document: for text, HTML and feeds the
    whole input, for JSON Lines a line, for CSV a row's text.
    """
    if format not in FORMATS:
        raise ValueError(f"unknown format {format!r}; expected one of {', '.join(FORMATS)}")
    try:
        if not data.strip():
            raise BadFile(where, "is empty")
        chosen = _format_for(where, data) if format == "auto" else format
        if chosen in _WHOLE_FILE and len(data) > max_bytes:
            raise too_large(where, len(data), max_bytes, "the file")
        if chosen == "jsonl":
            yield from read_jsonl(data, where, max_bytes=max_bytes)
        elif chosen == "feed":
            yield from read_feed(data, where)
        elif chosen == "csv":
            yield from read_csv(decode_bytes(data, where), where, csv_columns, max_bytes=max_bytes)
        elif chosen == "html":
            yield html_document(decode_html(data, where), where)
        else:
            yield text_document(decode_bytes(data, where), where)
    except BadFile as exc:
        yield ReadProblem(where, exc.message)


def read_path(
    path: str | Path,
    *,
    format: str = "auto",
    csv_columns: ColumnMap | None = None,
    max_bytes: int = DEFAULT_MAX_DOCUMENT_BYTES,
    name: str | None = None,
) -> Iterator[ReadResult]:
    """Read one file (or every file under a folder) as documents and problems.

    `format="auto"` goes by the file extension and looks at the content when that says nothing.
    A one-document file over `max_bytes` is refused before it is read into memory. `name`, when
    given, stands for the path in origins, messages and format guessing (ingest reads the copy
    kept in the evidence store under the name it was given).
    """
    if os.path.isdir(path) and name is None:
        yield from read_paths([path], format=format, csv_columns=csv_columns, max_bytes=max_bytes)
        return
    where = name if name is not None else str(path)
    try:
        with open(path, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > max_bytes:
                head = handle.read(4096)
                chosen = format if format != "auto" else _format_for(where, head)
                if chosen in _WHOLE_FILE:
                    problem = too_large(where, size, max_bytes, "the file")
                    yield ReadProblem(where, problem.message)
                    return
                data = head + handle.read()
            else:
                data = handle.read()
    except FileNotFoundError:
        yield ReadProblem(where, BadFile(where, "does not exist").message)
        return
    except BadFile as exc:
        yield ReadProblem(where, exc.message)
        return
    except OSError as exc:
        yield ReadProblem(where, BadFile(where, f"cannot be read ({exc.strerror})").message)
        return
    yield from read_bytes(data, where, format=format, csv_columns=csv_columns, max_bytes=max_bytes)


def files_under(folder: str) -> list[str]:
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
    paths: Iterable[str | Path],
    *,
    format: str = "auto",
    csv_columns: ColumnMap | None = None,
    max_bytes: int = DEFAULT_MAX_DOCUMENT_BYTES,
) -> Iterator[ReadResult]:
    """Read files and folders in the order given; a folder is read recursively, sorted."""
    for path in paths:
        where = str(path)
        files = files_under(where) if os.path.isdir(where) else [where]
        for file in files:
            yield from read_path(file, format=format, csv_columns=csv_columns, max_bytes=max_bytes)


def read_stdin(
    stream: IO[str] | IO[bytes],
    *,
    format: str = "auto",
    csv_columns: ColumnMap | None = None,
    name: str = "<stdin>",
    max_bytes: int = DEFAULT_MAX_DOCUMENT_BYTES,
) -> Iterator[ReadResult]:
    """Read a stream (sys.stdin, or any file object) as if it were one file named `name`.

    The bytes underneath a text stream are read when there are any, so the encoding is
    detected rather than taken from the terminal's locale.
    """
    buffer = getattr(stream, "buffer", None)
    raw = buffer.read() if buffer is not None else stream.read()
    data = raw.encode("utf-8") if isinstance(raw, str) else raw
    yield from read_bytes(data, name, format=format, csv_columns=csv_columns, max_bytes=max_bytes)
