"""Participation spans keyed by interval-tree node, so as-of reads only the covering spans.

Adds `participation_spans.node` (see trucewatch.domain.intervals), fills it for the spans
already stored, and replaces the (truce_id, start_on, ...) covering index with one led by
(truce_id, node, start_on). The spans are a projection of the ledger; no ledger row changes.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29 16:05:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from trucewatch.domain.intervals import span_node

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

COVERED = ("until_on", "is_in", "actor_id", "party", "kind", "precision", "recorded_at", "entry_id")


def upgrade() -> None:
    op.add_column("participation_spans", sa.Column("node", sa.Integer(), nullable=True))
    spans = sa.table(
        "participation_spans",
        sa.column("start_on", sa.Date()),
        sa.column("until_on", sa.Date()),
        sa.column("node", sa.Integer()),
    )
    bind = op.get_bind()
    # The node depends only on (start_on, until_on): one UPDATE per distinct pair.
    pairs = bind.execute(sa.select(spans.c.start_on, spans.c.until_on).distinct()).all()
    for start_on, until_on in pairs:
        bind.execute(
            sa.update(spans)
            .where(
                spans.c.start_on == start_on,
                spans.c.until_on.is_(None) if until_on is None else spans.c.until_on == until_on,
            )
            .values(node=span_node(start_on, until_on))
        )
    op.drop_index("ix_participation_spans_asof", table_name="participation_spans")
    with op.batch_alter_table("participation_spans") as batch:
        batch.alter_column("node", existing_type=sa.Integer(), nullable=False)
    op.create_index(
        "ix_participation_spans_stab",
        "participation_spans",
        ["truce_id", "node", "start_on", *COVERED],
    )


def downgrade() -> None:
    op.drop_index("ix_participation_spans_stab", table_name="participation_spans")
    op.create_index(
        "ix_participation_spans_asof", "participation_spans", ["truce_id", "start_on", *COVERED]
    )
    with op.batch_alter_table("participation_spans") as batch:
        batch.drop_column("node")
