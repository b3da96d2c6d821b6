"""Guards that run before a request body reaches FastAPI: a size limit and a rate limit.

Both are plain ASGI so that an oversized or too-frequent request costs us almost nothing: the
body is counted as it arrives and the request is refused at the limit, never parsed.
"""

from __future__ import annotations

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


def client_key(scope: dict[str, Any], trust_forwarded_for: bool) -> str:
    if trust_forwarded_for:
        for name, value in scope.get("headers", []):
            if name == b"x-forwarded-for":
                return value.decode("latin-1").split(",")[0].strip()
    client = scope.get("client")
    return str(client[0]) if client else "unknown"


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
        trust_forwarded_for: bool = False,
    ) -> None:
        self.app = app
        self.limit_for = limit_for
        self.rate_limited = rate_limited
        self.bucket = bucket
        self.trust_forwarded_for = trust_forwarded_for

    async def __call__(
        self, scope: dict[str, Any], receive: Callable[..., Any], send: Callable[..., Any]
    ) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        method, path = scope["method"], scope["path"]
        if self.rate_limited(method, path):
            wait = self.bucket.take(client_key(scope, self.trust_forwarded_for))
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
