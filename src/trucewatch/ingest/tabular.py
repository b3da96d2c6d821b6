"""Record files: JSON Lines and CSV, one document per line or row.

A bad record becomes a problem naming the file, the line and the field; the records after it
are still read.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, fields
from typing import Any

from trucewatch.domain.errors import BadFile, shown
from trucewatch.ingest.document import Document, ReadProblem, ReadResult, content_id
from trucewatch.ingest.html import page_text
from trucewatch.ingest.jsontext import parse_json
from trucewatch.ingest.text import DATE_FORMS, check_not_binary_or_empty, parse_published

# Keys a JSON Lines record may carry; any other key is kept in `Document.extra`.
JSONL_KEYS = ("id", "text", "title", "date", "url", "source", "license", "html")
# Rows of real corpora carry whole articles; the csv module's default limit is 128 KiB.
_CSV_FIELD_LIMIT = 64 * 1024 * 1024
# Delimiters a CSV of documents may use, in order of preference on a tie, and how much of the
# file decides which one it uses.
DELIMITERS = (",", ";", "\t", "|")
_SAMPLE_CHARS = 16 * 1024
_SAMPLE_ROWS = 20


def _problem(exc: BadFile, origin: str) -> ReadProblem:
    return ReadProblem(origin=origin, message=exc.message)


def _as_text(value: Any) -> str | None:
    """A metadata value as a string; None for missing or blank values."""
    if value is None:
        return None
    if not isinstance(value, str):
        nested = isinstance(value, list | dict)
        value = json.dumps(value, ensure_ascii=False) if nested else str(value)
    value = value.strip()
    return value or None


def _published(raw: str | None, path: str, line: int, field: str) -> dt.date | None:
    if raw is None:
        return None
    value = parse_published(raw)
    if value is None:
        raise BadFile(
            path, f"{shown(raw)} is not a date; expected {DATE_FORMS}", line=line, field=field
        )
    return value


def _jsonl_record(raw: bytes, path: str, line: int) -> Document:
    origin = f"{path}#line {line}"
    record = parse_json(raw, path, line=line)
    if not isinstance(record, dict):
        raise BadFile(path, f"is a JSON {type(record).__name__}, not an object", line=line)
    text = record.get("text")
    title, date_raw, url = (_as_text(record.get(key)) for key in ("title", "date", "url"))
    if text is None and isinstance(record.get("html"), str):
        page = page_text(record["html"])
        text = page.text
        title = title or page.title
        date_raw = date_raw or page.published_raw
        url = url or page.url
    if not isinstance(text, str):
        problem = "has no text" if text is None else "must be a string"
        raise BadFile(path, f"{problem} (give 'text', or 'html' to extract it)", line=line,
                      field="text")  # fmt: skip
    if not text.strip():
        raise BadFile(path, "is empty", line=line, field="text")
    given_id = _as_text(record.get("id"))
    extra = {key: _as_text(value) or "" for key, value in record.items() if key not in JSONL_KEYS}
    return Document(
        id=given_id or content_id(text),
        text=text,
        title=title,
        published=_published(date_raw, path, line, "date"),
        url=url,
        source_name=_as_text(record.get("source")),
        format="jsonl",
        origin=origin,
        license=_as_text(record.get("license")),
        extra=extra,
    )


def read_jsonl(data: bytes, path: str, *, max_bytes: int | None = None) -> Iterator[ReadResult]:
    """One document per non-blank line. JSON Lines is UTF-8 by definition, so no guessing."""
    try:
        check_not_binary_or_empty(data, path)
    except BadFile as exc:
        yield _problem(exc, path)
        return
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    for number, raw in enumerate(data.split(b"\n"), start=1):
        if not raw.strip():
            continue
        try:
            if max_bytes is not None and len(raw) > max_bytes:
                raise BadFile(
                    path,
                    f"the line is {len(raw):,} bytes, over the limit of {max_bytes:,} for one "
                    "document (--max-document-bytes or TRUCEWATCH_MAX_DOCUMENT_BYTES raise it)",
                    line=number,
                )
            yield _jsonl_record(raw, path, number)
        except BadFile as exc:
            yield _problem(exc, f"{path}#line {number}")


@dataclass(frozen=True)
class ColumnMap:
    """Which CSV column holds what. Set a column to None to not read it.

    With the default map only the text column must exist. When a caller passes its own map,
    every column it names must exist: a misspelt column is a mistake to report, not to ignore.
    """

    text: str = "text"
    id: str | None = "id"
    title: str | None = "title"
    date: str | None = "date"
    url: str | None = "url"
    source: str | None = "source"
    license: str | None = "license"


def detect_delimiter(text: str) -> str:
    """The delimiter among `DELIMITERS` that splits the first lines most consistently.

    Each candidate is tried with the csv module's own parser on a bounded sample (so quoted
    cells are honoured), and the one whose rows most often have the same number of cells, with
    at least two, wins; ties go to the order of `DELIMITERS`, comma first. The work is linear in
    the sample: the standard library's `csv.Sniffer` uses regular expressions that backtrack
    catastrophically on some inputs (a 1.2 KB file took over a minute).
    """
    sample = text[:_SAMPLE_CHARS]
    if len(text) > _SAMPLE_CHARS and "\n" in sample:
        sample = sample[: sample.rindex("\n")]  # no half line at the end
    best, best_score = ",", (0.0, 0)
    for delimiter in DELIMITERS:
        try:
            counts = [
                len(row)
                for row in itertools.islice(
                    csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter), _SAMPLE_ROWS
                )
                if row
            ]
        except csv.Error:
            continue
        if not counts:
            continue
        width, hits = Counter(counts).most_common(1)[0]
        if width < 2:
            continue
        score = (hits / len(counts), width)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def read_csv(
    text: str, path: str, columns: ColumnMap | None = None, *, max_bytes: int | None = None
) -> Iterator[ReadResult]:
    """One document per row after the header; `#line N` is the line the row starts on."""
    strict = columns is not None
    cmap = columns or ColumnMap()
    csv.field_size_limit(max(csv.field_size_limit(), _CSV_FIELD_LIMIT))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=detect_delimiter(text))
    try:
        header = [name.strip().lstrip("\ufeff") for name in next(reader)]
    except (StopIteration, csv.Error) as exc:
        yield ReadProblem(path, BadFile(path, f"has no readable header row ({exc})").message)
        return
    wanted = {f.name: getattr(cmap, f.name) for f in fields(cmap)}
    missing = [
        name
        for key, name in wanted.items()
        if name is not None and name not in header and (strict or key == "text")
    ]
    if missing:
        present = ", ".join(repr(name) for name in header)
        for name in missing:
            problem = f"has no column {shown(name)}; the columns are {present}"
            yield ReadProblem(path, BadFile(path, problem, field=name).message)
        return
    index = {key: header.index(name) for key, name in wanted.items() if name in header}
    used = set(index.values())
    line = reader.line_num + 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield ReadProblem(f"{path}#line {line}", BadFile(path, str(exc), line=line).message)
            line = reader.line_num + 1
            continue
        start, line = line, reader.line_num + 1
        if not any(cell.strip() for cell in row):
            continue
        try:
            size = sum(len(cell) for cell in row)
            if max_bytes is not None and size > max_bytes:
                raise BadFile(
                    path,
                    f"the row is {size:,} characters, over the limit of {max_bytes:,} for one "
                    "document (--max-document-bytes or TRUCEWATCH_MAX_DOCUMENT_BYTES raise it)",
                    line=start,
                )
            yield _csv_row(row, header, index, used, path, start, cmap)
        except BadFile as exc:
            yield _problem(exc, f"{path}#line {start}")


def _csv_row(
    row: list[str],
    header: list[str],
    index: dict[str, int],
    used: set[int],
    path: str,
    line: int,
    cmap: ColumnMap,
) -> Document:
    def cell(key: str) -> str | None:
        position = index.get(key)
        if position is None or position >= len(row):
            return None
        return row[position].strip() or None

    text = row[index["text"]] if index["text"] < len(row) else ""
    if not text.strip():
        raise BadFile(path, "is empty", line=line, field=cmap.text)
    extra = {
        name: row[position]
        for position, name in enumerate(header)
        if position not in used and position < len(row)
    }
    return Document(
        id=cell("id") or content_id(text),
        text=text,
        title=cell("title"),
        published=_published(cell("date"), path, line, cmap.date or "date"),
        url=cell("url"),
        source_name=cell("source"),
        format="csv",
        origin=f"{path}#line {line}",
        license=cell("license"),
        extra=extra,
    )
