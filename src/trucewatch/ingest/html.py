"""HTML pages: the article text without the page around it, and the metadata the page declares.

Trafilatura settings (measured on tests/fixtures/ingest/*.html, see the tests):
`include_comments=False` so readers' comments never pass as the source's words, and
`favor_precision=True` because on a non-semantic "div soup" page the default and
`favor_recall` settings kept the share bar and the footer, while precision kept every article
paragraph. `fast=True` (no fallback extractors) lost the whole article on that page, so the
fallbacks stay on. Whatever trafilatura still lets through at the end (a comment form that is
not marked up as one) is cut by `strip_boilerplate`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import lxml.etree
import lxml.html
import trafilatura

from trucewatch.domain.errors import BadFile
from trucewatch.ingest.document import Document, content_id
from trucewatch.ingest.text import (
    decode_bytes,
    parse_published,
    strip_boilerplate,
    tidy_lines,
    xml_safe,
)

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_DROP_TAGS = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form", "template")
_BLOCK_TAGS = (
    "p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "article", "section",
    "blockquote", "pre", "dd", "dt", "td", "th",
)  # fmt: skip


@dataclass(frozen=True)
class PageText:
    """What we take from a page: its main text and the metadata it declares."""

    text: str
    title: str | None
    published_raw: str | None
    url: str | None
    site_name: str | None
    license: str | None


def decode_html(data: bytes, where: str) -> str:
    """Decode an HTML file, trusting its meta charset over guessing when UTF-8 fails."""
    declared = _META_CHARSET.search(data[:4096])
    return decode_bytes(data, where, declared.group(1).decode("ascii") if declared else None)


def _parse_tree(html: str) -> lxml.html.HtmlElement | None:
    # lxml refuses str input with an encoding declaration, and raises on empty documents.
    try:
        return lxml.html.document_fromstring(xml_safe(html).encode("utf-8"), parser=_utf8_parser())
    except (lxml.etree.ParserError, ValueError):
        return None


def _utf8_parser() -> lxml.html.HTMLParser:
    return lxml.html.HTMLParser(encoding="utf-8", remove_comments=True)


def _first(tree: lxml.html.HtmlElement, *xpaths: str) -> str | None:
    for xpath in xpaths:
        for value in tree.xpath(xpath):
            text = str(value).strip()
            if text:
                return text
    return None


def _fallback_text(tree: lxml.html.HtmlElement) -> str:
    """Every visible text node, one block per line: for pages trafilatura finds nothing in."""
    for bad in tree.xpath("//" + " | //".join(_DROP_TAGS)):
        bad.drop_tree()
    for block in tree.iter(*_BLOCK_TAGS):
        block.tail = "\n" + (block.tail or "")
    body = tree.find("body")
    raw = (body if body is not None else tree).text_content()
    lines = (" ".join(line.split()) for line in raw.split("\n"))
    return "\n".join(line for line in lines if line)


def _field(extracted: Any, name: str) -> str | None:
    """A field of trafilatura's result: a dict before 2.0, a Document object since."""
    value = extracted.get(name) if isinstance(extracted, dict) else getattr(extracted, name, None)
    return value if isinstance(value, str) and value.strip() else None


def page_text(html: str) -> PageText:
    """Main text and metadata of a page. Never raises on broken markup; text may be empty.

    Metadata the page states outright (og:title, article:published_time, <time datetime>) is
    preferred to what trafilatura infers, which may come from the URL or the body text.
    """
    tree = _parse_tree(html)
    extracted = None
    if tree is not None:
        try:
            extracted = trafilatura.bare_extraction(
                html,
                with_metadata=True,
                include_comments=False,
                favor_precision=True,
                include_tables=True,
            )
        except Exception:  # trafilatura fails in many ways on broken pages; fall back below
            extracted = None
    text = _field(extracted, "text") or ""
    if not text.strip():
        fresh = _parse_tree(html)  # the fallback drops elements; keep `tree` whole for metadata
        if fresh is not None:
            text = _fallback_text(fresh)
    text = strip_boilerplate("\n".join(line.strip() for line in tidy_lines(text).split("\n")))
    if tree is None:
        return PageText(text, None, None, None, None, None)
    return PageText(
        text=text,
        title=_first(
            tree,
            "//meta[@property='og:title']/@content",
            "//meta[@name='twitter:title']/@content",
        )
        or _field(extracted, "title")
        or _first(tree, "//title/text()", "//h1//text()"),
        published_raw=_first(
            tree,
            "//meta[@property='article:published_time']/@content",
            "//meta[@itemprop='datePublished']/@content",
            "//meta[@name='date' or @name='dc.date' or @name='DC.date']/@content",
            "//time/@datetime",
        )
        or _field(extracted, "date"),
        url=_first(tree, "//meta[@property='og:url']/@content", "//link[@rel='canonical']/@href")
        or _field(extracted, "url"),
        site_name=_first(tree, "//meta[@property='og:site_name']/@content")
        or _field(extracted, "sitename"),
        license=_first(tree, "//link[@rel='license']/@href", "//a[@rel='license']/@href")
        or _field(extracted, "license"),
    )


def html_document(html: str, origin: str) -> Document:
    """An HTML file as one document."""
    page = page_text(html)
    if not page.text.strip():
        raise BadFile(origin, "has no readable text (no article found and no visible text)")
    return Document(
        id=content_id(page.text),
        text=page.text,
        title=page.title,
        published=parse_published(page.published_raw),
        url=page.url,
        source_name=page.site_name,
        format="html",
        origin=origin,
        license=page.license,
    )
