"""The participant-views projection: the as-of query reads only its answer's rows.

Creates `participant_views` (see trucewatch.domain.ledger.participant_views: each party's span
clipped to the days on which some party says the actor is in) and fills it from the ledger
already stored, one (truce, actor) at a time, with the domain's own functions. It is a
projection of the ledger; no ledger row changes.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29 21:30:00
"""

from __future__ import annotations

import itertools
from typing import Any

import sqlalchemy as sa
from alembic import op

import trucewatch.storage.types
from trucewatch.domain.dates import PartialDate, Precision
from trucewatch.domain.intervals import span_node
from trucewatch.domain.ledger import (
    EntryKind,
    LedgerEntry,
    live_entries,
    participant_views,
    spans_for,
)

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

COVERED = (
    "until_on",
    "actor_id",
    "party",
    "effective_on",
    "kind",
    "precision",
    "recorded_at",
    "entry_id",
)


def upgrade() -> None:
    views = op.create_table(
        "participant_views",
        sa.Column("truce_id", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=False),
        sa.Column("party", sa.Integer(), nullable=False),
        sa.Column("start_on", sa.Date(), nullable=False),
        sa.Column("until_on", sa.Date(), nullable=True),
        sa.Column("effective_on", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("precision", sa.String(length=8), nullable=False),
        sa.Column("recorded_at", trucewatch.storage.types.UTCDateTime(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("node", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["actors.id"], name=op.f("fk_participant_views_actor_id_actors")
        ),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["ledger_entries.id"],
            name=op.f("fk_participant_views_entry_id_ledger_entries"),
        ),
        sa.ForeignKeyConstraint(
            ["truce_id"], ["truces.id"], name=op.f("fk_participant_views_truce_id_truces")
        ),
    )
    assert views is not None
    entries = sa.table(
        "ledger_entries",
        sa.column("id", sa.Integer()),
        sa.column("truce_id", sa.Integer()),
        sa.column("actor_id", sa.Integer()),
        sa.column("kind", sa.String()),
        sa.column("effective_on", sa.Date()),
        sa.column("effective_precision", sa.String()),
        sa.column("recorded_at", trucewatch.storage.types.UTCDateTime()),
        sa.column("asserted_by_id", sa.Integer()),
        sa.column("retracts_id", sa.Integer()),
    )
    bind = op.get_bind()
    rows = bind.execute(
        sa.select(entries).order_by(entries.c.truce_id, entries.c.actor_id, entries.c.id)
    )
    batch: list[dict[str, Any]] = []
    for _, group in itertools.groupby(rows, key=lambda r: (r.truce_id, r.actor_id)):
        ledger = [
            LedgerEntry(
                r.id,
                r.truce_id,
                r.actor_id,
                EntryKind(r.kind),
                None
                if r.effective_on is None
                else PartialDate(r.effective_on, Precision(r.effective_precision)),
                r.recorded_at,
                r.asserted_by_id,
                r.retracts_id,
            )
            for r in group
        ]
        for s in participant_views(spans_for(live_entries(ledger))):
            assert s.entry.effective is not None
            batch.append(
                {
                    "truce_id": s.truce_id,
                    "actor_id": s.actor_id,
                    "party": s.party,
                    "start_on": s.start,
                    "until_on": s.until,
                    "effective_on": s.entry.effective.start,
                    "kind": str(s.entry.kind),
                    "precision": str(s.entry.effective.precision),
                    "recorded_at": s.entry.recorded_at,
                    "entry_id": s.entry.id,
                    "node": span_node(s.start, s.until),
                }
            )
        if len(batch) >= 5000:
            bind.execute(sa.insert(views), batch)
            batch = []
    if batch:
        bind.execute(sa.insert(views), batch)
    op.create_index(
        "ix_participant_views_stab", "participant_views", ["truce_id", "node", "start_on", *COVERED]
    )
    op.create_index("ix_participant_views_actor", "participant_views", ["truce_id", "actor_id"])


def downgrade() -> None:
    op.drop_index("ix_participant_views_actor", table_name="participant_views")
    op.drop_index("ix_participant_views_stab", table_name="participant_views")
    op.drop_table("participant_views")
