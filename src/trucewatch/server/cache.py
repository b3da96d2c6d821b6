"""A bounded in-process cache of computed answers (JSON bodies), least recently used first out.

Keys carry the version of the data the answer depends on (services.versions), so an entry is
never stale: after an append the key changes and the old entry just ages out. Bounded by the
number of entries and by the bytes of the bodies, whichever is reached first. One per process:
with `serve --workers N` each worker keeps its own.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass
from threading import Lock


@dataclass
class CacheStats:
    entries: int
    bytes: int
    hits: int
    computed: int
    not_modified: int


class AnswerCache:
    def __init__(self, max_entries: int, max_bytes: int) -> None:
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self._items: OrderedDict[Hashable, bytes] = OrderedDict()
        self._bytes = 0
        self._lock = Lock()
        self.hits = 0
        self.computed = 0
        self.not_modified = 0

    def get(self, key: Hashable) -> bytes | None:
        with self._lock:
            raw = self._items.get(key)
            if raw is not None:
                self._items.move_to_end(key)
                self.hits += 1
            return raw

    def put(self, key: Hashable, raw: bytes) -> None:
        """Keep `raw` under `key`; a body larger than the whole budget is not kept."""
        with self._lock:
            self.computed += 1
            if len(raw) > self.max_bytes or self.max_entries <= 0:
                return
            old = self._items.pop(key, None)
            if old is not None:
                self._bytes -= len(old)
            self._items[key] = raw
            self._bytes += len(raw)
            while len(self._items) > self.max_entries or self._bytes > self.max_bytes:
                _k, dropped = self._items.popitem(last=False)
                self._bytes -= len(dropped)

    def count_front_hit(self) -> None:
        """A repeat answered whole by the fast path (server/front.py): a hit too."""
        with self._lock:
            self.hits += 1

    def count_not_modified(self) -> None:
        with self._lock:
            self.not_modified += 1

    def stats(self) -> CacheStats:
        with self._lock:
            return CacheStats(
                len(self._items), self._bytes, self.hits, self.computed, self.not_modified
            )
