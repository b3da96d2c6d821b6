"""Guards that run before a request body reaches FastAPI: a size limit and a rate limit.

Both are plain ASGI so that an oversized or too-frequent request costs us almost nothing: the
body is counted as it arrives and the request is refused at the limit, never parsed.
"""

from __future__ import annotations

import ipaddress
import json
import math
import threading
import time
from collections.abc import Callable
from typing import Any

ASGIApp = Callable[..., Any]
_WRITE = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class TokenBucket:
    """`rate_per_minute` tokens refill continuously up to `burst`; one request takes one."""

    def __init__(self, rate_per_minute: float, burst: int, max_keys: int = 100_000) -> None:
        self.rate = rate_per_minute / 60.0
        self.burst = max(1, burst)
        self.max_keys = max_keys
        self._state: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def take(self, key: str, now: float | None = None) -> float:
        """0 when allowed; otherwise the seconds until a token is free."""
        now = time.monotonic() if now is None else now
        with self._lock:
            tokens, last = self._state.get(key, (float(self.burst), now))
            tokens = min(float(self.burst), tokens + (now - last) * self.rate)
            if tokens >= 1:
                if len(self._state) >= self.max_keys and key not in self._state:
                    self._state.clear()  # crude but bounded: a flood of addresses resets all
                self._state[key] = (tokens - 1, now)
                return 0.0
            self._state[key] = (tokens, now)
            return (1 - tokens) / self.rate if self.rate > 0 else 3600.0


Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip().strip("[]"))
    except ValueError:
        return None


def _trusted(text: str, proxies: tuple[Network, ...]) -> bool:
    addr = _address(text)
    return addr is not None and any(addr in net for net in proxies)


def client_key(scope: dict[str, Any], trusted_proxies: tuple[Network, ...] = ()) -> str:
    """The address a rate limit counts: the peer, or what our own proxies say the peer was.

    `X-Forwarded-For` is read only when the peer is one of `trusted_proxies`, and then from the
    right: each trusted proxy appends the address it saw, so the rightmost entry that is not a
    trusted proxy is the first hop we did not configure. Entries left of it were written by the
    client and may be anything, so they are never used.
    """
    client = scope.get("client")
    peer = str(client[0]) if client else "unknown"
    if not trusted_proxies or not _trusted(peer, trusted_proxies):
        return peer
    hops: list[str] = []
    for name, value in scope.get("headers", []):
        if name == b"x-forwarded-for":
            hops += [h.strip() for h in value.decode("latin-1").split(",") if h.strip()]
    for hop in reversed(hops):
        if not _trusted(hop, trusted_proxies):
            return hop
    return hops[0] if hops else peer


class LoginThrottle:
    """Failed sign-ins per account, with exponential back-off; shared by the page and the API.

    The `free`-th failure locks the account for `base_s`; each failure after a lock has run
    out locks it for twice as long as the last, up to `max_s`, whatever address the attempts
    come from (a per-address limit alone lets many addresses share the guessing). While locked every
    attempt is refused unread, the right password too, so a lock is no oracle. An attempt is
    counted when it starts, so parallel attempts cannot slip past the count; a success clears
    the account. Unknown names are counted the same way, so the answer reveals nothing about
    which accounts exist. A day without failures forgets an account.
    """

    FORGET_AFTER_S = 86_400.0

    def __init__(self, free: int, base_s: float, max_s: float, max_keys: int = 100_000) -> None:
        self.free = max(1, free)
        self.base_s = base_s
        self.max_s = max_s
        self.max_keys = max_keys
        self._state: dict[str, tuple[int, float, float]] = {}  # failures, locked until, last
        self._lock = threading.Lock()

    @staticmethod
    def key(name: str) -> str:
        return name.strip().casefold()

    def attempt(self, name: str, now: float | None = None) -> float:
        """0 to go ahead (the attempt is counted as failed until `succeeded`); else the wait."""
        now = time.monotonic() if now is None else now
        key = self.key(name)
        with self._lock:
            failures, until, last = self._state.get(key, (0, 0.0, now))
            if now - last > self.FORGET_AFTER_S:
                failures, until = 0, 0.0
            if until > now:
                return until - now
            failures += 1
            if failures >= self.free:
                until = now + min(self.max_s, self.base_s * 2 ** (failures - self.free))
            if key not in self._state and len(self._state) >= self.max_keys:
                self._evict(now)
            self._state[key] = (failures, until, now)
            return 0.0

    def succeeded(self, name: str) -> None:
        with self._lock:
            self._state.pop(self.key(name), None)

    def _evict(self, now: float) -> None:
        """Unlocked accounts go first; only a flood of locked names drops the oldest locks."""
        for k in [k for k, (_, until, _) in self._state.items() if until <= now]:
            del self._state[k]
        while len(self._state) >= self.max_keys:
            del self._state[next(iter(self._state))]


async def _refuse(
    send: Callable[..., Any],
    status: int,
    code: str,
    message: str,
    extra: list[tuple[bytes, bytes]] | None = None,
) -> None:
    data = json.dumps({"code": code, "message": message, "field": None}).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(data)).encode())]
    await send(
        {"type": "http.response.start", "status": status, "headers": headers + (extra or [])}
    )
    await send({"type": "http.response.body", "body": data})


class GuardMiddleware:
    """Refuse oversized bodies (413) and, on public write paths, too many requests (429)."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        limit_for: Callable[[str], int],
        rate_limited: Callable[[str, str], bool],
        bucket: TokenBucket,
        trusted_proxies: tuple[Network, ...] = (),
    ) -> None:
        self.app = app
        self.limit_for = limit_for
        self.rate_limited = rate_limited
        self.bucket = bucket
        self.trusted_proxies = trusted_proxies

    async def __call__(
        self, scope: dict[str, Any], receive: Callable[..., Any], send: Callable[..., Any]
    ) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        method, path = scope["method"], scope["path"]
        if self.rate_limited(method, path):
            wait = self.bucket.take(client_key(scope, self.trusted_proxies))
            if wait > 0:
                await _refuse(
                    send,
                    429,
                    "rate_limited",
                    "Too many requests; try again later.",
                    [(b"retry-after", str(math.ceil(wait)).encode())],
                )
                return
        if method not in _WRITE:
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(path)
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    await _refuse(send, 400, "invalid_input", "Content-Length is not a number.")
                    return
                if declared > limit:
                    await _refuse(
                        send, 413, "too_large", f"The request body is larger than {limit} bytes."
                    )
                    return
        chunks: list[bytes] = []
        size = 0
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                await _refuse(
                    send, 413, "too_large", f"The request body is larger than {limit} bytes."
                )
                return
            chunks.append(chunk)
            more = message.get("more_body", False)
        body = b"".join(chunks)
        sent = False

        async def replay() -> dict[str, Any]:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)
