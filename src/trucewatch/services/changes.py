"""The change feed: every append to the record, in order, behind a stable opaque cursor.

`list_changes` is the one read behind `GET /api/v1/changes`, `trucewatch changes` and the Atom
feed. Rows are written by the repositories in the appending transaction (storage/repo_changes.py),
so the feed holds exactly what was committed; see there for how order survives concurrent
writers on PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from xml.sax.saxutils import escape

from trucewatch.domain.dates import utcnow
from trucewatch.services.resolve import resolve_truce
from trucewatch.storage.repo_changes import decode_cursor, encode_cursor
from trucewatch.storage.store import Store

DEFAULT_LIMIT = 100
MAX_LIMIT = 1000
# Entities whose rows say something about one truce: what the Atom feed of a truce shows.
TRUCE_ENTITIES = ("ledger_entry", "truce", "external_record")


def item(row: dict[str, Any]) -> dict[str, Any]:
    """A change row as the feed shows it."""
    return {
        "cursor": encode_cursor(int(row["txid"]), int(row["id"])),
        "at": row["at"].isoformat(),
        "kind": row["kind"],
        "entity": row["entity"],
        "id": int(row["entity_id"]),
        "truce_id": row["truce_id"],
        "data": row["data"],
    }


def list_changes(
    store: Store,
    *,
    since: str | None = None,
    truce: str | None = None,
    limit: int = DEFAULT_LIMIT,
) -> dict[str, Any]:
    """Changes after `since` (from the beginning without it), at most `limit`.

    `next` is the cursor to pass as `since` for the following page, or None when this page
    reached the end; to poll for new changes later, pass the last item's cursor."""
    after = decode_cursor(since) if since else None
    truce_id = resolve_truce(store, truce) if truce else None
    rows = store.changes_page(after=after, limit=limit + 1, truce_id=truce_id)
    items = [item(r) for r in rows[:limit]]
    more = len(rows) > limit
    return {"items": items, "next": items[-1]["cursor"] if more and items else None}


def _entry_text(store: Store, names: dict[int, str], data: dict[str, Any]) -> str:
    def name(actor_id: Any) -> str:
        if actor_id is None:
            return "unattributed"
        if actor_id not in names:
            found = store.get_actors([int(actor_id)])
            names[actor_id] = found[int(actor_id)].name if found else f"actor {actor_id}"
        return names[actor_id]

    if data.get("kind") == "retracted":
        return f"Entry {data.get('retracts_id')} retracted"
    said = f", according to {name(data['asserted_by_id'])}" if data.get("asserted_by_id") else ""
    return f"{name(data.get('actor_id'))}: {data.get('kind')} on {data.get('effective_on')}{said}"


def truce_atom(store: Store, truce: str, *, base_url: str, limit: int = 200) -> str:
    """The latest changes of one truce as an Atom feed (RFC 4287), newest first.

    Only ledger entries, the truce itself and dataset deletions: public record, never field
    reports (their reporters' contact details stay with moderators) nor account names."""
    truce_id = resolve_truce(store, truce)
    t = store.get_truce(truce_id)
    rows: list[dict[str, Any]] = []
    after = None
    while True:  # the newest `limit` rows: page through (feeds of one truce stay small)
        page = store.changes_page(
            after=after, limit=1000, truce_id=truce_id, entities=TRUCE_ENTITIES
        )
        rows = (rows + page)[-limit:]
        if len(page) < 1000:
            break
        after = (int(page[-1]["txid"]), int(page[-1]["id"]))
    names: dict[int, str] = {}
    updated = rows[-1]["at"] if rows else utcnow()
    feed_id = f"{base_url}/api/v1/truces/{truce_id}/changes.atom"
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom">',
        f"<title>{escape(t.name)} — trucewatch changes</title>",
        f"<id>{escape(feed_id)}</id>",
        f'<link rel="self" href="{escape(feed_id)}"/>',
        f"<updated>{_iso(updated)}</updated>",
        "<author><name>trucewatch</name></author>",
    ]
    for r in reversed(rows):
        data = r["data"]
        if r["entity"] == "ledger_entry":
            title = _entry_text(store, names, data)
        elif r["entity"] == "truce":
            title = f"Truce recorded: {data.get('name')}"
        else:
            title = f"Deleted from {data.get('scheme')}: record {data.get('record_id')}"
        cursor = encode_cursor(int(r["txid"]), int(r["id"]))
        out += [
            "<entry>",
            f"<id>{escape(feed_id)}#{cursor}</id>",
            f"<title>{escape(title)}</title>",
            f"<updated>{_iso(r['at'])}</updated>",
            f'<category term="{escape(r["entity"])}.{escape(r["kind"])}"/>',
            f'<content type="text">{escape(title)}</content>',
            "</entry>",
        ]
    out.append("</feed>")
    return "\n".join(out) + "\n"


def _iso(at: dt.datetime) -> str:
    return at.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")
