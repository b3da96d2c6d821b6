"""The change feed: one `changes` row per append to the record, in the writer's transaction.

The repositories that append ledger entries, incidents, claims, ratings, verification and
investigation steps, registry rows (actors, relations, designations, truces) and dataset
deletions call `log_change` right after their INSERT, on the same connection, so a change row
exists exactly when the row it describes does.

Order and cursors. On SQLite writers are serialised, so ids grow in commit order and a cursor is
the last id read. On PostgreSQL ids come from a sequence and a transaction that took id 5 can
commit after one that took id 6; a reader that had moved past 6 would never see 5. So each row
also stores its writer's transaction id (`txid_current()`), the feed is ordered by (txid, id),
and a reader only returns rows of transactions older than the oldest one still running
(`txid_snapshot_xmin`): every later row then sorts after every row already returned. A
long-running writer holds the feed back until it ends; it never loses or reorders a row.

`data` holds the public columns of the appended row as JSON: never `recorded_by`/`rated_by`
(account names) and nothing from field reports.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import and_, func, insert, literal, or_, select, text
from sqlalchemy.engine import Connection

from trucewatch.domain.dates import utcnow
from trucewatch.domain.errors import InvalidInput
from trucewatch.storage.tables import changes

C = changes

# Columns that name an account, not a fact: kept out of the public feed.
_PRIVATE = frozenset({"recorded_by", "rated_by", "reviewed_by", "contact_encrypted"})


def _json_value(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def change_data(values: Mapping[str, Any]) -> dict[str, Any]:
    """The public columns of an appended row, JSON-ready."""
    return {k: _json_value(v) for k, v in values.items() if k not in _PRIVATE}


def _row(
    kind: str, entity: str, entity_id: int, truce_id: int | None, data: Mapping[str, Any]
) -> dict[str, Any]:
    return {
        "at": utcnow(),
        "kind": kind,
        "entity": entity,
        "entity_id": int(entity_id),
        "truce_id": truce_id,
        "data": json.dumps(change_data(data), sort_keys=True, default=str, ensure_ascii=False),
    }


def _txid(conn: Connection) -> Any:
    return func.txid_current() if conn.dialect.name == "postgresql" else literal(0)


def log_change(
    conn: Connection,
    kind: str,
    entity: str,
    entity_id: int,
    data: Mapping[str, Any],
    *,
    truce_id: int | None = None,
) -> None:
    """Append one change row in the caller's transaction."""
    row = _row(kind, entity, entity_id, truce_id, data)
    conn.execute(insert(C).values(txid=_txid(conn), **row))


def log_changes(
    conn: Connection,
    kind: str,
    entity: str,
    items: Iterable[tuple[int, Mapping[str, Any], int | None]],
) -> None:
    """Append many change rows (entity id, data, truce id) in one executemany."""
    rows = [_row(kind, entity, i, t, d) for i, d, t in items]
    if not rows:
        return
    if conn.dialect.name == "postgresql":
        txid = conn.execute(text("SELECT txid_current()")).scalar_one()
    else:
        txid = 0
    for r in rows:
        r["txid"] = txid
    conn.execute(insert(C), rows)


def encode_cursor(txid: int, change_id: int) -> str:
    raw = f"{txid}.{change_id}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, field: str = "since") -> tuple[int, int]:
    """(txid, id) of a cursor; a clear error for anything this feed did not hand out."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        txid_s, id_s = base64.urlsafe_b64decode(padded.encode()).decode().split(".")
        txid, change_id = int(txid_s), int(id_s)
        if txid < 0 or change_id < 0:
            raise ValueError
    except (ValueError, UnicodeError, binascii.Error):
        raise InvalidInput(
            f"{field}: {cursor!r} is not a change cursor (use a 'cursor' or 'next' value "
            "from the change feed).",
            field=field,
        ) from None
    return txid, change_id


class ChangeRepo:
    conn: Connection

    def changes_page(
        self,
        *,
        after: tuple[int, int] | None,
        limit: int,
        truce_id: int | None = None,
        entities: Iterable[str] | None = None,
    ) -> list[dict[str, Any]]:
        """Change rows after the (txid, id) `after`, in feed order, only settled ones."""
        q = select(C)
        if after is not None:
            q = q.where(
                or_(C.c.txid > after[0], and_(C.c.txid == after[0], C.c.id > after[1]))
                if self.conn.dialect.name == "postgresql"
                else C.c.id > after[1]
            )
        if self.conn.dialect.name == "postgresql":
            q = q.where(C.c.txid < func.txid_snapshot_xmin(func.txid_current_snapshot()))
        if truce_id is not None:
            q = q.where(C.c.truce_id == truce_id)
        if entities is not None:
            q = q.where(C.c.entity.in_(list(entities)))
        q = q.order_by(C.c.txid, C.c.id).limit(limit)
        out = []
        for r in self.conn.execute(q).mappings():
            row = dict(r)
            row["data"] = json.loads(row["data"])
            out.append(row)
        return out

    def last_change(self) -> tuple[int, int] | None:
        """The (txid, id) of the last settled change, or None on an empty feed."""
        q = select(C.c.txid, C.c.id)
        if self.conn.dialect.name == "postgresql":
            q = q.where(C.c.txid < func.txid_snapshot_xmin(func.txid_current_snapshot()))
        r = self.conn.execute(q.order_by(C.c.txid.desc(), C.c.id.desc()).limit(1)).first()
        return None if r is None else (int(r.txid), int(r.id))
