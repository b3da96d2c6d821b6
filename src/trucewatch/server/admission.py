"""Admission: how many requests may run at once, and what the rest do meanwhile.

Handlers are synchronous: each runs on a thread of the server's pool (anyio's default limiter,
40 threads). On SQLite a unit of work also takes the process's database lock
(`Services.transaction`), and it takes it on one pool thread while its handler needs another.
Let in more requests than there are threads and every thread can end up waiting for the lock
while the lock's holder waits for a thread: the server hangs for good (41 concurrent requests
were enough).

So requests wait *here*, in the event loop, holding no thread, until one of `max_active` slots
is free; `max_active` is kept below the thread pool's size, so a request that holds the lock
always finds a thread. The wait is bounded twice: at most `max_queue` requests wait (the next
one is refused at once), and none waits longer than `queue_timeout_s`. A refusal is a 503 with
Retry-After, which clients and load balancers know how to handle; a hang is not.

The health check has a lane of its own (`priority_paths`, a few slots, its own queue), so a burst of
requests never leaves the server unable to say that it is alive. Streamed exports have another
(`stream_prefixes`): a slow download holds its slot until the client has read the last byte, and
must not hold one that ordinary requests need. Static files take no slot. All the lanes
together stay below the thread pool's size.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Collection
from typing import Any

import anyio

ASGIApp = Callable[..., Any]

DEFAULT_MAX_ACTIVE = 16
DEFAULT_MAX_QUEUE = 512
DEFAULT_QUEUE_TIMEOUT_S = 15.0
_PRIORITY_SLOTS = 4
_STREAM_SLOTS = 8


class Lane:
    """A counting gate with a bounded queue and a bounded wait."""

    def __init__(self, slots: int, max_queue: int, timeout_s: float) -> None:
        self.slots = max(1, slots)
        self.max_queue = max(0, max_queue)
        self.timeout_s = timeout_s
        self.active = 0
        self.waiting = 0
        self._semaphore: anyio.Semaphore | None = None  # made in the server's event loop

    def semaphore(self) -> anyio.Semaphore:
        if self._semaphore is None:
            self._semaphore = anyio.Semaphore(self.slots)
        return self._semaphore

    async def enter(self) -> bool:
        """True once a slot is held; False when the queue is full or the wait timed out."""
        sem = self.semaphore()
        if sem.value == 0 and self.waiting >= self.max_queue:
            return False
        self.waiting += 1
        try:
            with anyio.move_on_after(self.timeout_s):
                await sem.acquire()
                self.active += 1
                return True
            return False
        finally:
            self.waiting -= 1

    def leave(self) -> None:
        self.active -= 1
        self.semaphore().release()


class AdmissionMiddleware:
    """Bound the requests in flight (see the module docstring); refuse the excess with 503."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        max_active: int = DEFAULT_MAX_ACTIVE,
        max_queue: int = DEFAULT_MAX_QUEUE,
        queue_timeout_s: float = DEFAULT_QUEUE_TIMEOUT_S,
        priority_paths: Collection[str] = (),
        stream_prefixes: tuple[str, ...] = (),
        free_prefixes: tuple[str, ...] = ("/static/",),
        thread_pool_size: int = 40,
    ) -> None:
        self.app = app
        # The lanes together stay below the thread pool, one thread each at a time.
        ceiling = max(1, thread_pool_size - _PRIORITY_SLOTS - _STREAM_SLOTS - 1)
        self.main = Lane(min(max_active, ceiling), max_queue, queue_timeout_s)
        # Health checks queue too (bench/load.py: with no queue, a fifth concurrent probe was
        # refused); the lane is theirs alone, so a burst elsewhere never fills it.
        self.priority = Lane(_PRIORITY_SLOTS, max_queue, queue_timeout_s)
        self.streams = Lane(_STREAM_SLOTS, max_queue, queue_timeout_s)
        self.priority_paths = frozenset(priority_paths)
        self.stream_prefixes = stream_prefixes
        self.free_prefixes = free_prefixes
        self.retry_after = max(1, math.ceil(queue_timeout_s / 3))

    async def __call__(
        self, scope: dict[str, Any], receive: Callable[..., Any], send: Callable[..., Any]
    ) -> None:
        if scope["type"] != "http" or scope["path"].startswith(self.free_prefixes):
            await self.app(scope, receive, send)
            return
        path = scope["path"]
        lane = self.main
        if path in self.priority_paths:
            lane = self.priority
        elif self.stream_prefixes and path.startswith(self.stream_prefixes):
            lane = self.streams
        if not await lane.enter():
            await self._refuse(send)
            return
        try:
            await self.app(scope, receive, send)
        finally:
            lane.leave()

    async def _refuse(self, send: Callable[..., Any]) -> None:
        data = json.dumps(
            {
                "code": "unavailable",
                "message": "The server is busy; try again shortly.",
                "field": None,
            }
        ).encode()
        headers = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(data)).encode()),
            (b"retry-after", str(self.retry_after).encode()),
        ]
        await send({"type": "http.response.start", "status": 503, "headers": headers})
        await send({"type": "http.response.body", "body": data})
