"""Opaque cursors over a stable ordering (ids), so pages neither skip nor repeat rows.

A cursor is base64url JSON holding the last key seen. It is opaque to clients by contract:
they pass back `next_cursor` and nothing else. A cursor that does not decode is a 400 naming
the `cursor` field.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from trucewatch.domain.errors import InvalidInput

T = TypeVar("T")
DEFAULT_LIMIT = 50
MAX_LIMIT = 200


def encode_cursor(key: int) -> str:
    return base64.urlsafe_b64encode(json.dumps({"k": key}).encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> int | None:
    if cursor is None or cursor == "":
        return None
    try:
        data = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        key = data["k"]
        if isinstance(key, bool) or not isinstance(key, int):
            raise ValueError
        return key
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        raise InvalidInput(
            "cursor: not a cursor this API issued; use next_cursor.", field="cursor"
        ) from None


def page(
    items: Sequence[T], key: Callable[[T], int], cursor: str | None, limit: int
) -> dict[str, Any]:
    """A page of `items` (already in ascending `key` order) after the cursor's key."""
    after = decode_cursor(cursor)
    rest = [i for i in items if after is None or key(i) > after]
    chunk = rest[:limit]
    nxt = encode_cursor(key(chunk[-1])) if len(rest) > limit else None
    return {"items": list(chunk), "next_cursor": nxt}


def page_fetched(rows: list[T], key: Callable[[T], int], limit: int) -> dict[str, Any]:
    """A page from a keyset query that fetched `limit + 1` rows."""
    chunk = rows[:limit]
    nxt = encode_cursor(key(chunk[-1])) if len(rows) > limit else None
    return {"items": list(chunk), "next_cursor": nxt}


def page_of(items: list[T], last_key: int | None) -> dict[str, Any]:
    """A page a service cut itself, with the key to continue after (None: the last page)."""
    return {"items": items, "next_cursor": None if last_key is None else encode_cursor(last_key)}
