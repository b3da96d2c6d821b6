"""What every reader shares: row problems with line and column, streamed CSV, value parsers.

A reader yields `(line, record)` or `(line, RowError)` and keeps going, so the caller decides
whether a bad row stops the import (the default) or is skipped (`--skip-bad`). Files are read
as a stream; only the current row is in memory.
"""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from trucewatch.domain.errors import BadFile, shown

# Some exports carry long free-text cells (ACLED notes, PA-X party lists).
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


class RowProblem(Exception):
    """Raised inside a row parser: what is wrong, and in which column."""

    def __init__(self, column: str | None, problem: str) -> None:
        super().__init__(problem)
        self.column = column
        self.problem = problem


@dataclass(frozen=True)
class RowError:
    """A row we could not read, by line number (1 is the first line of the file) and column."""

    line: int
    column: str | None
    problem: str

    def as_bad_file(self, path: str) -> BadFile:
        return BadFile(path, self.problem, line=self.line, field=self.column)

    def to_dict(self) -> dict[str, object]:
        return {"line": self.line, "column": self.column, "problem": self.problem}


Progress = Callable[[int], None]  # bytes read so far


def open_text(path: Path, encoding: str = "utf-8-sig") -> IO[str]:
    """A text stream over a file; `newline=""` as the csv module wants."""
    return open(path, encoding=encoding, newline="")  # noqa: SIM115 - closed by the caller


def byte_position(stream: IO[str]) -> int:
    """How far into the file a text stream has read (its buffer's position; for progress)."""
    buffer = getattr(stream, "buffer", None)
    try:
        return int(buffer.tell()) if buffer is not None else 0
    except (OSError, ValueError):
        return 0


def csv_records(
    stream: IO[str],
    *,
    delimiter: str = ",",
    progress: Progress | None = None,
    every: int = 2000,
    quoted: bool = True,
) -> Iterator[tuple[int, list[str]]]:
    """Raw CSV records with the line each starts on (quoted cells may span lines). GDELT's
    tab-separated files never quote, so a stray quote mark there is text (`quoted=False`)."""
    reader = csv.reader(
        stream, delimiter=delimiter, quoting=csv.QUOTE_MINIMAL if quoted else csv.QUOTE_NONE
    )
    last = 0
    n = 0
    try:
        for record in reader:
            start = last + 1
            last = reader.line_num
            n += 1
            if progress is not None and n % every == 0:
                progress(byte_position(stream))
            yield start, record
    except csv.Error as exc:
        raise BadFile(
            getattr(stream, "name", "input"), f"not valid CSV ({exc})", line=last + 1
        ) from None
    except UnicodeDecodeError as exc:
        raise BadFile(
            getattr(stream, "name", "input"),
            f"not UTF-8 text ({exc.reason} at byte {exc.start}); save it as UTF-8",
            line=last + 1,
        ) from None
    if progress is not None:
        progress(byte_position(stream))


def dict_records(
    stream: IO[str],
    required: tuple[str, ...],
    *,
    path: str,
    delimiter: str = ",",
    progress: Progress | None = None,
) -> Iterator[tuple[int, dict[str, str]]]:
    """CSV records as dicts keyed by a header that must hold every `required` column."""
    records = csv_records(stream, delimiter=delimiter, progress=progress)
    first = next(records, None)
    if first is None:
        raise BadFile(path, "the file is empty", line=1)
    header = [h.strip().lstrip("\ufeff") for h in first[1]]
    missing = [c for c in required if c not in header]
    if missing:
        raise BadFile(path, "the header lacks " + ", ".join(missing), line=1)
    for line, rec in records:
        if not any(cell.strip() for cell in rec):
            continue
        if len(rec) != len(header):
            yield line, {"__error__": f"{len(rec)} cells where the header has {len(header)}"}
            continue
        yield line, dict(zip(header, rec, strict=True))


# --- value parsers (raise RowProblem with the column) ----------------------------------------


def text(row: dict[str, str], column: str) -> str | None:
    v = (row.get(column) or "").strip()
    return v or None


def required_text(row: dict[str, str], column: str) -> str:
    v = text(row, column)
    if v is None:
        raise RowProblem(column, "is empty")
    return v


def whole_number(raw: str) -> int | None:
    """`raw` as a count when it is plain ASCII digits of a sane length, else None. (`str.isdigit`
    also accepts "²" and 5,000-digit strings, which `int` refuses with a ValueError.)"""
    if raw and len(raw) <= 18 and raw.isascii() and raw.isdigit():
        return int(raw)
    return None


def integer(row: dict[str, str], column: str, *, minimum: int | None = None) -> int | None:
    raw = text(row, column)
    if raw is None:
        return None
    try:
        value = int(raw)
    except ValueError:
        try:
            as_float = float(raw)
        except ValueError:
            raise RowProblem(column, f"{shown(raw)} is not a whole number") from None
        if not as_float.is_integer():
            raise RowProblem(column, f"{shown(raw)} is not a whole number") from None
        value = int(as_float)
    if minimum is not None and value < minimum:
        raise RowProblem(column, f"{value} is below {minimum}")
    return value


def number(row: dict[str, str], column: str, lo: float, hi: float) -> float | None:
    raw = text(row, column)
    if raw is None:
        return None
    try:
        value = float(raw)
    except ValueError:
        raise RowProblem(column, f"{shown(raw)} is not a number") from None
    if not lo <= value <= hi:
        raise RowProblem(column, f"{value} is outside {lo:g}..{hi:g}")
    return value


def split_names(value: str | None) -> list[str]:
    """ACLED and UCDP list several actors in one cell separated by semicolons."""
    return [p.strip() for p in (value or "").split(";") if p.strip()]


def string_io(text_value: str) -> IO[str]:
    return io.StringIO(text_value, newline="")
