"""A bounded in-process cache of computed answers (JSON bodies), least recently used first out.

Keys carry the version of the data the answer depends on (services.versions), so an entry is
never stale: after an append the key changes and the old entry just ages out. Bounded by the
number of entries and by the bytes of the bodies, whichever is reached first. One per process:
with `serve --workers N` each worker keeps its own.

Besides bodies it keeps a few computed objects under the same bounds, sized by their builder's
estimate: a truce's participants timeline (services.timeline) for one version, from which any
as-of day's answer is a lookup.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass
from threading import Lock
from typing import Any


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
        self._items: OrderedDict[Hashable, tuple[Any, int]] = OrderedDict()
        self._bytes = 0
        self._lock = Lock()
        self.hits = 0
        self.computed = 0
        self.not_modified = 0

    def get(self, key: Hashable) -> bytes | None:
        raw = self.get_object(key)
        if raw is not None:
            with self._lock:
                self.hits += 1
        assert raw is None or isinstance(raw, bytes)
        return raw

    def put(self, key: Hashable, raw: bytes) -> None:
        """Keep `raw` under `key`; a body larger than the whole budget is not kept."""
        with self._lock:
            self.computed += 1
        self.put_object(key, raw, len(raw))

    def get_object(self, key: Hashable) -> Any:
        """What `put_object` kept under `key` (None if nothing); not counted as a hit."""
        with self._lock:
            item = self._items.get(key)
            if item is None:
                return None
            self._items.move_to_end(key)
            return item[0]

    def put_object(self, key: Hashable, value: Any, nbytes: int) -> None:
        """Keep `value`, weighing `nbytes` against the byte budget; too large, it is not kept."""
        with self._lock:
            if nbytes > self.max_bytes or self.max_entries <= 0:
                return
            old = self._items.pop(key, None)
            if old is not None:
                self._bytes -= old[1]
            self._items[key] = (value, nbytes)
            self._bytes += nbytes
            while len(self._items) > self.max_entries or self._bytes > self.max_bytes:
                _k, (_v, dropped) = self._items.popitem(last=False)
                self._bytes -= dropped

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
