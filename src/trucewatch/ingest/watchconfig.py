"""The `trucewatch watch` configuration (TOML) and fetching one source. No database here.

[[source]]
url = "https://example.org/feed.xml"   # or: path = "drops/" (a folder) or "drops/x.jsonl"
format = "feed"                        # auto | feed | jsonl | text | html | csv
every = 15                             # minutes between polls
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

import httpx

from trucewatch.domain.checks import one_of
from trucewatch.domain.errors import BadFile, InvalidInput
from trucewatch.ingest.readers import FORMATS

DEFAULT_EVERY = 15.0
TIMEOUT_S = 20.0


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
    body: bytes = b""
    etag: str | None = None
    last_modified: str | None = None


class FetchError(Exception):
    """A source could not be read this time; the message says why, in one line."""


def fetch(
    client: httpx.Client, url: str, *, etag: str | None, last_modified: str | None
) -> Fetched:
    """A conditional GET: 304 is `unchanged`; timeouts, transport errors and non-2xx raise."""
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    try:
        r = client.get(url, headers=headers, timeout=TIMEOUT_S, follow_redirects=True)
    except httpx.TimeoutException:
        raise FetchError(f"{url}: timed out after {TIMEOUT_S:g} s") from None
    except httpx.HTTPError as exc:
        raise FetchError(f"{url}: {type(exc).__name__}: {exc}") from None
    if r.status_code == 304:
        return Fetched("unchanged", etag=etag, last_modified=last_modified)
    if r.status_code >= 300:
        raise FetchError(f"{url}: HTTP {r.status_code}")
    return Fetched("ok", r.content, r.headers.get("etag"), r.headers.get("last-modified"))


def exists(location: str) -> bool:
    return os.path.exists(location)
