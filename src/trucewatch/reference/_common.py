"""Helpers the readers share: encoding detection, CSV rows with line numbers, alias lists.

Kept private so each reader's public surface is one function.
"""

from __future__ import annotations

import codecs
import csv
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from trucewatch.domain.actors import Alias
from trucewatch.domain.errors import BadFile
from trucewatch.domain.names import normalize_name, script_of

_CHUNK = 1 << 16


def detect_encoding(path: Path) -> str:
    """Return "utf-8-sig", "utf-8", "latin-1" or "latin-1-bom" for a text file.

    "latin-1-bom" is a file that starts with a UTF-8 byte-order mark but is not UTF-8 after it
    (`open_detected` skips the mark and reads the rest as latin-1).

    The whole file is checked as UTF-8 in chunks, so a latin-1 byte deep in the file is found
    before any record is yielded; reading then streams with the chosen codec. Latin-1 decodes any
    byte string, so it is the fallback rather than a guess among many codecs.
    """
    bom = False
    try:
        with path.open("rb") as fh:
            head = fh.read(3)
            bom = head == codecs.BOM_UTF8
            decoder = codecs.getincrementaldecoder("utf-8")()
            decoder.decode(head)
            while chunk := fh.read(_CHUNK):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        # A byte-order mark says UTF-8, but the bytes after it are not: the mark is a
        # leftover of an editor, and latin-1 (which decodes anything) reads the rest.
        return "latin-1-bom" if bom else "latin-1"
    except OSError as exc:
        raise BadFile(str(path), f"cannot read the file ({exc.strerror or exc}).") from None
    return "utf-8-sig" if bom else "utf-8"


def open_detected(path: Path, encoding: str | None = None) -> IO[str]:
    """A text stream over `path` in `encoding` (detected when None), without a byte-order mark.

    Decoding errors (possible only when the caller names the encoding) surface as
    `UnicodeDecodeError` from reads; `csv_rows` and the readers turn them into `BadFile`.
    """
    enc = encoding or detect_encoding(path)
    fh = path.open(encoding="latin-1" if enc == "latin-1-bom" else enc, newline="")
    if enc == "latin-1-bom":
        fh.read(3)  # the mark, as three latin-1 characters
    return fh


def not_utf8(path: Path, exc: UnicodeDecodeError, line: int | None) -> BadFile:
    """The error for a file that must be UTF-8 and is not."""
    return BadFile(
        str(path),
        f"is not UTF-8 text ({exc.reason}, byte 0x{exc.object[exc.start]:02x}); save it as UTF-8.",
        line=line,
    )


def csv_rows(
    path: Path, required: Iterable[str], encoding: str | None = None
) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (line the row starts on, row) from a CSV file with a header.

    The header must hold every required column; the error names the first one missing. A row
    with more cells than the header is an error too, since its values would shift columns.
    """
    with open_detected(path, encoding) as fh:
        reader = csv.reader(fh)
        try:
            header = [h.strip().lstrip("\ufeff") for h in next(reader)]
        except StopIteration:
            raise BadFile(str(path), "the file is empty; expected a header row.", line=1) from None
        except csv.Error as exc:
            raise BadFile(str(path), f"cannot read the header ({exc}).", line=1) from None
        except UnicodeDecodeError as exc:
            raise not_utf8(path, exc, 1) from None
        for column in required:
            if column not in header:
                raise BadFile(str(path), "missing required column.", line=1, field=column)
        start = reader.line_num + 1
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise BadFile(str(path), f"malformed CSV ({exc}).", line=start) from None
            except UnicodeDecodeError as exc:
                raise not_utf8(path, exc, start) from None
            line, start = start, reader.line_num + 1
            if not any(c.strip() for c in cells):
                continue
            if len(cells) > len(header):
                raise BadFile(
                    str(path),
                    f"{len(cells)} cells but the header has {len(header)} columns.",
                    line=line,
                )
            cells += [""] * (len(header) - len(cells))
            yield line, dict(zip(header, cells, strict=True))


def split_list(value: str) -> list[str]:
    """Split a comma-separated cell, dropping blanks: "652, 640" -> ["652", "640"]."""
    return [part.strip() for part in value.split(",") if part.strip()]


class AliasList:
    """Collects aliases in order, skipping blanks, "n/a" and repeats under `normalize_name`."""

    def __init__(self, name: str, origin: str) -> None:
        self._origin = origin
        self._seen = {normalize_name(name)}
        self._aliases: list[Alias] = []

    def add(self, text: str | None, language: str | None = None) -> None:
        value = " ".join((text or "").split())
        if not value or value.casefold() in {"n/a", "na", "-"}:
            return
        key = normalize_name(value)
        if not key or key in self._seen:
            return
        self._seen.add(key)
        script = script_of(value)
        self._aliases.append(Alias(value, language, script, self._origin))

    def result(self) -> tuple[Alias, ...]:
        return tuple(self._aliases)
