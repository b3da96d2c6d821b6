"""The `trucewatch watch` configuration (TOML) and fetching one source. No database here.

[[source]]
url = "https://example.org/feed.xml"   # or: path = "drops/" (a folder) or "drops/x.jsonl"
format = "feed"                        # auto | feed | jsonl | text | html | csv
every = 15                             # minutes between polls
"""

from __future__ import annotations

import io
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

import httpx

from trucewatch.domain.checks import one_of
from trucewatch.domain.errors import BadFile, InvalidInput
from trucewatch.evidence import warc
from trucewatch.ingest.readers import DEFAULT_MAX_DOCUMENT_BYTES, FORMATS
from trucewatch.ingest.web import MAX_REDIRECTS, FetchRefused, get_raw

DEFAULT_EVERY = 15.0


@dataclass(frozen=True)
class WatchSource:
    location: str  # the URL, or the path as written in the file (resolved against it)
    is_url: bool
    format: str
    every: float  # minutes


def load_config(path: str | Path) -> list[WatchSource]:
    """Parse the file; a bad one raises BadFile naming the file, the source and the field."""
    where = str(path)
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise BadFile(where, "does not exist") from None
    except OSError as exc:
        raise BadFile(where, f"cannot be read ({exc.strerror})") from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise BadFile(where, f"is not valid TOML ({exc})") from None
    tables = data.get("source")
    if not isinstance(tables, list) or not tables:
        raise BadFile(where, "has no [[source]] tables", field="source")
    base = Path(path).resolve().parent
    out = []
    for n, t in enumerate(tables, start=1):
        rec = f"source {n}"
        if not isinstance(t, dict):
            raise BadFile(where, "expected a table", record=rec)
        unknown = sorted(set(t) - {"url", "path", "format", "every"})
        if unknown:
            raise BadFile(where, f"unknown key {unknown[0]!r}", record=rec, field=unknown[0])
        url, p = t.get("url"), t.get("path")
        if (url is None) == (p is None):
            raise BadFile(where, "expected exactly one of url or path", record=rec, field="url")
        fmt = t.get("format", "auto")
        try:
            one_of(str(fmt), FORMATS, "format", "a source format")
        except InvalidInput as exc:
            raise BadFile(
                where, exc.message.split(": ", 1)[1].rstrip("."), record=rec, field="format"
            ) from None
        every = t.get("every", DEFAULT_EVERY)
        if isinstance(every, bool) or not isinstance(every, int | float) or every <= 0:
            raise BadFile(
                where,
                f"expected a positive number of minutes, got {every!r}",
                record=rec,
                field="every",
            )
        if url is not None:
            if not isinstance(url, str) or not url.startswith(("http://", "https://")):
                raise BadFile(
                    where, f"expected an http(s) URL, got {url!r}", record=rec, field="url"
                )
            out.append(WatchSource(url, True, fmt, float(every)))
        else:
            if not isinstance(p, str) or not p:
                raise BadFile(where, "expected a file or folder path", record=rec, field="path")
            out.append(WatchSource(str(base / p), False, fmt, float(every)))
    return out


@dataclass(frozen=True)
class Fetched:
    status: str  # ok | unchanged
    body: bytes = b""  # the feed, content-decoded, as read back from `capture`
    etag: str | None = None
    last_modified: str | None = None
    capture: bytes = b""  # the exchange(s) as a WARC file, kept as the feed's original
    record_id: str | None = None  # the capture's response record, that `body` was read from


class FetchError(Exception):
    """A source could not be read this time; the message says why, in one line."""


def fetch(
    client: httpx.Client,
    url: str,
    *,
    etag: str | None,
    last_modified: str | None,
    max_bytes: int = DEFAULT_MAX_DOCUMENT_BYTES,
) -> Fetched:
    """A conditional GET, redirects followed (at most MAX_REDIRECTS): 304 is `unchanged`;
    timeouts, transport errors, non-2xx and a body over `max_bytes` raise FetchError. What was
    sent and received is returned as a WARC capture (evidence.warc)."""
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    exchanges = []
    current = url
    while True:
        try:
            got = get_raw(client, current, max_bytes, headers)
        except FetchRefused as exc:
            raise FetchError(exc.message) from None
        exchanges.append(got)
        location = {k.lower(): v for k, v in got.response_headers}.get("location")
        if got.status in (301, 302, 303, 307, 308) and location:
            if len(exchanges) > MAX_REDIRECTS:
                raise FetchError(f"{url}: more than {MAX_REDIRECTS} redirects")
            current = urljoin(current, location)
            continue
        break
    if got.status == 304:
        return Fetched("unchanged", etag=etag, last_modified=last_modified)
    if got.status >= 300:
        raise FetchError(f"{url}: HTTP {got.status}")
    capture = warc.write_capture(exchanges)
    page = warc.payload(io.BytesIO(capture))
    assert page is not None  # we just wrote one
    given = {k.lower(): v for k, v in got.response_headers}
    return Fetched(
        "ok", page.body, given.get("etag"), given.get("last-modified"), capture, page.record_id
    )


def exists(location: str) -> bool:
    return os.path.exists(location)
