"""What a reader produces: a `Document`, or a `ReadProblem` saying what was wrong and where."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import TypeAlias

_WHITESPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Document:
    """One text to extract from, with the metadata its source gave us.

    `origin` says where it came from precisely enough to find it again: the file path, plus
    `#line N` or `#item N` when the file holds many documents. `id` is the input's own id when
    it has one, else `content_id(text)`, so re-reading the same file gives the same ids.
    """

    id: str
    text: str
    title: str | None
    published: dt.date | None
    url: str | None
    source_name: str | None
    format: str
    origin: str
    license: str | None = None
    extra: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ReadProblem:
    """One file, line or item that could not be read; `message` names the file, line and field."""

    origin: str
    message: str


ReadResult: TypeAlias = Document | ReadProblem


def normalise_for_hash(text: str) -> str:
    """NFC, whitespace runs collapsed to one space, ends trimmed.

    Two copies of an article that differ only in line wrapping or Unicode composition are the
    same content and should get the same id.
    """
    return _WHITESPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


def content_id(text: str) -> str:
    """A stable id for a text without one: first 16 hex digits of sha256 of its normal form."""
    return hashlib.sha256(normalise_for_hash(text).encode("utf-8")).hexdigest()[:16]
