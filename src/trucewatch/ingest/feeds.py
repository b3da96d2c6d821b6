"""RSS and Atom feeds: each item is a document, its HTML reduced to text."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from typing import Any

import feedparser
import lxml.etree
import lxml.html

from trucewatch.domain.errors import BadFile
from trucewatch.ingest.document import Document, ReadProblem, ReadResult, content_id
from trucewatch.ingest.text import (
    check_not_binary_or_empty,
    parse_published,
    strip_boilerplate,
    xml_safe,
)

_BLOCKS = ("p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "blockquote", "pre")


def html_fragment_text(fragment: str) -> str:
    """Text of an HTML fragment, one block per line; plain text passes through."""
    if "<" not in fragment and "&" not in fragment:
        return fragment.strip()
    fragment = xml_safe(fragment)
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (lxml.etree.ParserError, ValueError):
        return fragment.strip()
    for bad in root.xpath(".//script | .//style"):
        bad.drop_tree()
    for block in root.iter(*_BLOCKS):
        block.tail = "\n" + (block.tail or "")
    lines = (" ".join(line.split()) for line in root.text_content().split("\n"))
    return "\n".join(line for line in lines if line)


def _entry_date(entry: Any) -> dt.date | None:
    """The date the item states; feedparser's UTC-normalised tuple only when the text is odd."""
    for key in ("published", "updated", "created"):
        value = parse_published(entry.get(key))
        if value is not None:
            return value
    for key in ("published_parsed", "updated_parsed"):
        parsed: time.struct_time | None = entry.get(key)
        if parsed:
            return dt.date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday)
    return None


def _entry_document(entry: Any, path: str, number: int, feed: Any) -> Document:
    content = entry.get("content") or []
    body = next((c.get("value", "") for c in content if c.get("value", "").strip()), "")
    text = strip_boilerplate(html_fragment_text(body or entry.get("summary", "") or ""))
    if not text.strip():
        raise BadFile(path, "has no content or summary", record=f"item {number}")
    title = html_fragment_text(entry.get("title", "")) or None
    return Document(
        id=(entry.get("id") or "").strip() or content_id(text),
        text=text,
        title=title,
        published=_entry_date(entry),
        url=entry.get("link") or None,
        source_name=feed.get("title") or None,
        format="feed",
        origin=f"{path}#item {number}",
        license=entry.get("rights") or feed.get("rights") or None,
        extra={"feed_url": feed["link"]} if feed.get("link") else {},
    )


def read_feed(data: bytes, path: str) -> Iterator[ReadResult]:
    """One document per item; a feed too broken to yield any item is one problem."""
    try:
        check_not_binary_or_empty(data, path)
    except BadFile as exc:
        yield ReadProblem(path, exc.message)
        return
    try:
        parsed = feedparser.parse(data)
    except (UnicodeError, LookupError) as exc:
        # feedparser decodes with the codec the XML declaration names and lets its errors out
        # (encoding="punycode", "undefined", ...).
        yield ReadProblem(
            path, BadFile(path, f"cannot be decoded as its XML declaration says ({exc})").message
        )
        return
    except RecursionError:
        yield ReadProblem(path, BadFile(path, "is XML nested too deeply to read").message)
        return
    if not parsed.entries:
        reason = f" ({parsed.bozo_exception})" if parsed.get("bozo") else ""
        problem = f"is not an RSS or Atom feed with items{reason}"
        yield ReadProblem(path, BadFile(path, problem).message)
        return
    for number, entry in enumerate(parsed.entries, start=1):
        try:
            yield _entry_document(entry, path, number, parsed.feed)
        except BadFile as exc:
            yield ReadProblem(f"{path}#item {number}", exc.message)
