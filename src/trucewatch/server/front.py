"""A pure ASGI fast path for repeated and conditional GETs of public answers.

Most requests in a busy news cycle ask again what was just answered. The answer cache
(server/cache.py) already spares the computation, but each request still went through routing,
FastAPI's dependency resolution, a thread-pool hop, the SQLite process lock, a transaction and
the version statement: about 2.5 ms of server time, against under 0.2 ms for the framework's
hello-world. This middleware answers such a request before any of that: from a small table
of whole responses (status 200, headers, body) keyed by the request's path and query.

What it may keep, and for whom:
- only responses that the route marked as versioned public answers (`mark_front`: the API's
  `cached_json` and the public pages with a validator), with no Set-Cookie;
- only for requests with no Authorization and no Cookie header (anonymous callers): a signed-in
  caller may see more, and always goes the long way;
- only while the database's change counter (`Database.change_counter`) is the one read before
  the response was computed: any commit anywhere, by this server or by an `ingest` in another
  process, retires every entry. Where the backend has no cheap counter (PostgreSQL) the fast
  path stays off and the versioned path (one statement per request) answers;
- only on the UTC day it was computed, since an answer without `as_of` means "today".

A hit answers 304 when If-None-Match names the stored ETag, else the stored body. The outer
middlewares still run: admission, the guard, the security headers (CSP, nosniff) and CatchAll.

A route may also leave a *family* answerer with its response (`mark_front_family`): a function
from another query string of the same path to the whole response the route would send, or None
when it cannot say (then the request goes the long way). The participants route leaves one
built on the truce's timeline (server/timelines.py), so a different as-of day per request is
answered here too, under the same rules: kept only with a kept response, for anonymous
requests, while the change counter and the UTC day are those it was computed under.
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from threading import Lock
from typing import Any

_FRONT = "trucewatch.front"
_FAMILY = "trucewatch.front.family"
# A family answerer: query string -> (headers, body) of a 200 response, or None.
FamilyAnswer = Callable[[bytes], "tuple[list[tuple[bytes, bytes]], bytes] | None"]
_PRIVATE = (b"authorization", b"cookie")
_NOT_MODIFIED_HEADERS = (b"etag", b"cache-control", b"vary")


def mark_front(request: Any) -> None:
    """Let the fast path keep this response (a versioned answer, the same for every anonymous
    caller). The route calls it; the middleware still checks who asked and what came back."""
    request.scope.setdefault("state", {})[_FRONT] = True


def mark_front_family(request: Any, answer: FamilyAnswer) -> None:
    """Offer the fast path `answer` for other query strings of this path (see the module
    docstring); it must return exactly what the route would, or None."""
    request.scope.setdefault("state", {})[_FAMILY] = answer


@dataclass(frozen=True)
class _Family:
    counter: int
    day: dt.date
    answer: FamilyAnswer


@dataclass(frozen=True)
class _Entry:
    counter: int
    day: dt.date
    etag: bytes
    headers: list[tuple[bytes, bytes]]
    body: bytes


class FrontCache:
    """The middleware (innermost, inside admission). Bounded by `max_entries` responses and
    `max_bytes` of bodies, least recently used out first (sized like the answer cache)."""

    def __init__(self, app: Any, *, max_entries: int = 1024, max_bytes: int = 32 << 20) -> None:
        self.app = app
        self.max_entries = max_entries
        self.max_body = max_bytes // 4
        self.max_bytes = max_bytes
        self._entries: OrderedDict[tuple[str, bytes], _Entry] = OrderedDict()
        self._families: OrderedDict[str, _Family] = OrderedDict()
        self._bytes = 0
        self._lock = Lock()

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["method"] != "GET" or self.max_entries <= 0:
            await self.app(scope, receive, send)
            return
        inm: bytes | None = None
        for name, value in scope["headers"]:
            if name in _PRIVATE:
                await self.app(scope, receive, send)
                return
            if name == b"if-none-match":
                inm = value
        services = getattr(scope["app"].state, "services", None)
        counter = services.database.change_counter() if services is not None else None
        if counter is None:
            await self.app(scope, receive, send)
            return
        key = (scope["path"], scope["query_string"])
        today = dt.datetime.now(dt.UTC).date()
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                if entry.counter == counter and entry.day == today:
                    self._entries.move_to_end(key)
                else:
                    self._bytes -= len(self._entries.pop(key).body)
                    entry = None
        if entry is None:
            entry = self._from_family(key, counter, today)
        if entry is not None:
            await self._answer(entry, inm, services, send)
            return
        await self._compute(scope, receive, send, key, counter, today)

    def _from_family(self, key: tuple[str, bytes], counter: int, today: dt.date) -> _Entry | None:
        """A response made by the path's family answerer, kept like a computed one."""
        with self._lock:
            family = self._families.get(key[0])
            if family is not None and (family.counter != counter or family.day != today):
                del self._families[key[0]]
                family = None
        if family is None:
            return None
        made = family.answer(key[1])
        if made is None:
            return None
        headers, body = made
        etag = next((v for k, v in headers if k == b"etag"), None)
        if etag is None or len(body) > self.max_body:
            return None
        entry = _Entry(counter, today, etag, headers, body)
        self._store(key, entry)
        return entry

    async def _answer(self, entry: _Entry, inm: bytes | None, services: Any, send: Any) -> None:
        if inm is not None and _matches(inm, entry.etag):
            services.answers.count_not_modified()
            headers = [(k, v) for k, v in entry.headers if k in _NOT_MODIFIED_HEADERS]
            await send({"type": "http.response.start", "status": 304, "headers": headers})
            await send({"type": "http.response.body", "body": b""})
            return
        services.answers.count_front_hit()
        await send({"type": "http.response.start", "status": 200, "headers": entry.headers})
        await send({"type": "http.response.body", "body": entry.body})

    async def _compute(
        self,
        scope: dict[str, Any],
        receive: Any,
        send: Any,
        key: tuple[str, bytes],
        counter: int,
        today: dt.date,
    ) -> None:
        start: dict[str, Any] = {}
        chunks: list[bytes] = []
        size = 0

        async def capture(message: dict[str, Any]) -> None:
            nonlocal size
            if message["type"] == "http.response.start":
                start.update(message)
            elif message["type"] == "http.response.body" and start.get("status") == 200:
                size += len(message.get("body", b""))
                if size <= self.max_body:
                    chunks.append(message.get("body", b""))
                if not message.get("more_body", False):
                    self._keep(scope, key, counter, today, start, chunks, size)
            await send(message)

        await self.app(scope, receive, capture)

    def _keep(
        self,
        scope: dict[str, Any],
        key: tuple[str, bytes],
        counter: int,
        today: dt.date,
        start: dict[str, Any],
        chunks: list[bytes],
        size: int,
    ) -> None:
        if not scope.get("state", {}).get(_FRONT) or size > self.max_body:
            return
        headers = [(bytes(k).lower(), bytes(v)) for k, v in start.get("headers", [])]
        etag = next((v for k, v in headers if k == b"etag"), None)
        if etag is None or any(k == b"set-cookie" for k, _ in headers):
            return
        entry = _Entry(counter, today, etag, headers, b"".join(chunks))
        family = scope["state"].get(_FAMILY)
        if family is not None:
            with self._lock:
                self._families[key[0]] = _Family(counter, today, family)
                self._families.move_to_end(key[0])
                while len(self._families) > self.max_entries:
                    self._families.popitem(last=False)
        self._store(key, entry)

    def _store(self, key: tuple[str, bytes], entry: _Entry) -> None:
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self._bytes -= len(old.body)
            self._entries[key] = entry
            self._bytes += len(entry.body)
            while len(self._entries) > self.max_entries or self._bytes > self.max_bytes:
                self._bytes -= len(self._entries.popitem(last=False)[1].body)


def _matches(inm: bytes, etag: bytes) -> bool:
    """If-None-Match names `etag` (weak or strong), or is `*` (as deps.if_none_match)."""
    text = inm.strip()
    if text == b"*":
        return True
    return etag in [t.strip().removeprefix(b"W/") for t in text.split(b",")]
