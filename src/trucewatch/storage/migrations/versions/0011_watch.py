"""The change feed, watched sources and alert subscriptions.

Creates `changes` (one row per append to the record), `watch_sources` and `watch_items` (what
`trucewatch watch` polls and the per-source cursor of items already ingested), `subscriptions`
and `deliveries` (alerts and their delivery log). The change feed is filled from the record
already stored, table by table in id order, so replaying it from the start rebuilds the ledger
of an existing database too.

Revision ID: 0011
Revises: 0012
Create Date: 2026-12-05 10:00:00
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import sqlalchemy as sa
from alembic import op

import trucewatch.storage.types

revision = "0011"
down_revision = "0012"
branch_labels = None
depends_on = None

UTC = trucewatch.storage.types.UTCDateTime

# (table, entity, truce column or None, extra condition) filled into the feed, in this order.
_BACKFILL: tuple[tuple[str, str, str | None, str], ...] = (
    ("actors", "actor", None, ""),
    ("truces", "truce", "id", ""),
    ("relations", "relation", None, ""),
    ("designations", "designation", None, ""),
    ("ledger_entries", "ledger_entry", "truce_id", ""),
    ("incidents", "incident", None, ""),
    ("claims", "claim", None, ""),
    ("verification_events", "verification", None, ""),
    ("external_records", "external_record", "truce_id", " WHERE kind = 'deleted'"),
)
_PRIVATE = {"recorded_by", "rated_by", "reviewed_by", "notes", "data"}


def _value(v: Any) -> Any:
    return v.isoformat() if isinstance(v, dt.date | dt.datetime) else v


def _backfill() -> None:
    conn = op.get_bind()
    changes = sa.table(
        "changes",
        sa.column("txid", sa.BigInteger),
        sa.column("at", UTC()),
        sa.column("kind", sa.String),
        sa.column("entity", sa.String),
        sa.column("entity_id", sa.Integer),
        sa.column("truce_id", sa.Integer),
        sa.column("data", sa.Text),
    )
    now = dt.datetime.now(dt.UTC)
    for table, entity, truce_col, where in _BACKFILL:
        sources: dict[int, list[int]] = {}
        if table == "ledger_entries":
            for e, s in conn.execute(
                sa.text("SELECT entry_id, source_id FROM ledger_entry_sources")
            ):
                sources.setdefault(int(e), []).append(int(s))
        rows = conn.execute(sa.text(f"SELECT * FROM {table}{where} ORDER BY id")).mappings()  # noqa: S608
        batch = []
        for r in rows:
            data = {k: _value(v) for k, v in r.items() if k not in _PRIVATE}
            kind = "created"
            if table == "ledger_entries":
                data["source_ids"] = sorted(sources.get(int(r["id"]), []))
                kind = "retracted" if r["kind"] == "retracted" else "created"
            elif table == "external_records":
                kind = "deleted"
            batch.append(
                {
                    "txid": 0,
                    "at": now,
                    "kind": kind,
                    "entity": entity,
                    "entity_id": int(r["id"]),
                    "truce_id": r[truce_col] if truce_col else None,
                    "data": json.dumps(data, sort_keys=True, default=str, ensure_ascii=False),
                }
            )
            if len(batch) >= 5000:
                conn.execute(sa.insert(changes), batch)
                batch = []
        if batch:
            conn.execute(sa.insert(changes), batch)


def upgrade() -> None:
    op.create_table(
        "changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("txid", sa.BigInteger(), nullable=False),
        sa.Column("at", UTC(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("entity", sa.String(length=32), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("truce_id", sa.Integer(), nullable=True),
        sa.Column("data", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_changes")),
    )
    op.create_index("ix_changes_order", "changes", ["txid", "id"])
    op.create_index("ix_changes_truce", "changes", ["truce_id", "txid", "id"])
    op.create_table(
        "watch_sources",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("location", sa.Text(), nullable=False),
        sa.Column("etag", sa.Text(), nullable=True),
        sa.Column("last_modified", sa.Text(), nullable=True),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("last_polled_at", UTC(), nullable=True),
        sa.Column("next_poll_at", UTC(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_watch_sources")),
        sa.UniqueConstraint("location", name=op.f("uq_watch_sources_location")),
    )
    op.create_table(
        "watch_items",
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("item_key", sa.String(length=64), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=True),
        sa.Column("ingested_at", UTC(), nullable=False),
        sa.ForeignKeyConstraint(
            ["source_id"], ["watch_sources.id"], name=op.f("fk_watch_items_source_id_watch_sources")
        ),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], name=op.f("fk_watch_items_document_id_documents")
        ),
        sa.PrimaryKeyConstraint("source_id", "item_key", name=op.f("pk_watch_items")),
    )
    op.create_table(
        "subscriptions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("trigger", sa.String(length=32), nullable=False),
        sa.Column("truce_id", sa.Integer(), nullable=True),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("zone", sa.Text(), nullable=True),
        sa.Column("threshold", sa.Float(), nullable=True),
        sa.Column("channel", sa.String(length=8), nullable=False),
        sa.Column("target", sa.Text(), nullable=False),
        sa.Column("secret_encrypted", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("cursor_txid", sa.BigInteger(), nullable=False),
        sa.Column("cursor_id", sa.Integer(), nullable=False),
        sa.Column("created_at", UTC(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_subscriptions_user_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["truce_id"], ["truces.id"], name=op.f("fk_subscriptions_truce_id_truces")
        ),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["actors.id"], name=op.f("fk_subscriptions_actor_id_actors")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_subscriptions")),
    )
    op.create_index("ix_subscriptions_user", "subscriptions", ["user_id"])
    op.create_table(
        "deliveries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subscription_id", sa.Integer(), nullable=False),
        sa.Column("change_id", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", UTC(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", UTC(), nullable=False),
        sa.Column("delivered_at", UTC(), nullable=True),
        sa.ForeignKeyConstraint(
            ["subscription_id"],
            ["subscriptions.id"],
            name=op.f("fk_deliveries_subscription_id_subscriptions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deliveries")),
        sa.UniqueConstraint(
            "subscription_id", "change_id", name=op.f("uq_deliveries_subscription_id_change_id")
        ),
    )
    op.create_index("ix_deliveries_status", "deliveries", ["status", "next_attempt_at"])
    _backfill()


def downgrade() -> None:
    op.drop_index("ix_deliveries_status", table_name="deliveries")
    op.drop_table("deliveries")
    op.drop_index("ix_subscriptions_user", table_name="subscriptions")
    op.drop_table("subscriptions")
    op.drop_table("watch_items")
    op.drop_table("watch_sources")
    op.drop_index("ix_changes_truce", table_name="changes")
    op.drop_index("ix_changes_order", table_name="changes")
    op.drop_table("changes")
