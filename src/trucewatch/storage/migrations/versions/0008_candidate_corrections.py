"""Analysts' corrections of review candidates, one row per changed field.

Creates `candidate_corrections` (who, when, which field, before and after as JSON). Candidates
are review data, not ledger: their payload holds the corrected values, these rows their history.
Candidates stored with the old role names (`source`, `recipient`) are not rewritten: the review
service maps them on read (trucewatch.services.candidate_payload).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import trucewatch.storage.types

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "candidate_corrections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("candidate_id", sa.Integer(), nullable=False),
        sa.Column("at", trucewatch.storage.types.UTCDateTime(), nullable=False),
        sa.Column("user", sa.Text(), nullable=False),
        sa.Column("interface", sa.String(length=16), nullable=False),
        sa.Column("field", sa.String(length=64), nullable=False),
        sa.Column("before", sa.Text(), nullable=True),
        sa.Column("after", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["candidate_id"],
            ["candidates.id"],
            name=op.f("fk_candidate_corrections_candidate_id_candidates"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_candidate_corrections")),
    )
    op.create_index(
        "ix_candidate_corrections_candidate",
        "candidate_corrections",
        ["candidate_id", "id"],
    )


def downgrade() -> None:
    op.drop_index("ix_candidate_corrections_candidate", table_name="candidate_corrections")
    op.drop_table("candidate_corrections")
