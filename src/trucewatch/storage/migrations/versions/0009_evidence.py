"""Evidence: fixity records of stored originals and derivatives, their custody log, the link from
documents to them, and RFC 3161 timestamp tokens.

The bytes live in the content-addressed object store (trucewatch.evidence.store), not here.

Revision ID: 0009
Revises: 0011
Create Date: 2026-12-03 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import trucewatch.storage.types

revision = "0009"
down_revision = "0011"
branch_labels = None
depends_on = None

UTC = trucewatch.storage.types.UTCDateTime


def upgrade() -> None:
    op.create_table(
        "evidence_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("media_type", sa.String(length=128), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("readable", sa.Boolean(), nullable=False),
        sa.Column("problem", sa.Text(), nullable=True),
        sa.Column("acquired_at", UTC(), nullable=False),
        sa.Column("acquired_via", sa.String(length=16), nullable=False),
        sa.Column("acquired_from", sa.Text(), nullable=False),
        sa.Column("acquired_by", sa.Text(), nullable=False),
        sa.Column("tool_version", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evidence_items")),
        sa.UniqueConstraint("sha256", name=op.f("uq_evidence_items_sha256")),
    )
    op.create_table(
        "evidence_derivations",
        sa.Column("derivative_id", sa.Integer(), nullable=False),
        sa.Column("original_id", sa.Integer(), nullable=False),
        sa.Column("method", sa.Text(), nullable=False),
        sa.Column("made_at", UTC(), nullable=False),
        sa.ForeignKeyConstraint(
            ["derivative_id"],
            ["evidence_items.id"],
            name=op.f("fk_evidence_derivations_derivative_id_evidence_items"),
        ),
        sa.ForeignKeyConstraint(
            ["original_id"],
            ["evidence_items.id"],
            name=op.f("fk_evidence_derivations_original_id_evidence_items"),
        ),
        sa.PrimaryKeyConstraint(
            "derivative_id", "original_id", name=op.f("pk_evidence_derivations")
        ),
    )
    op.create_index("ix_evidence_derivations_original", "evidence_derivations", ["original_id"])
    op.create_table(
        "evidence_custody",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("at", UTC(), nullable=False),
        sa.Column("user", sa.Text(), nullable=False),
        sa.Column("interface", sa.String(length=16), nullable=False),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["evidence_items.id"],
            name=op.f("fk_evidence_custody_item_id_evidence_items"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evidence_custody")),
    )
    op.create_index("ix_evidence_custody_item", "evidence_custody", ["item_id", "id"])
    op.create_table(
        "document_evidence",
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("locator", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_document_evidence_document_id_documents"),
        ),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["evidence_items.id"],
            name=op.f("fk_document_evidence_item_id_evidence_items"),
        ),
        sa.PrimaryKeyConstraint("document_id", "item_id", name=op.f("pk_document_evidence")),
    )
    op.create_index("ix_document_evidence_item", "document_evidence", ["item_id"])
    op.create_table(
        "evidence_timestamps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("tsa_url", sa.Text(), nullable=False),
        sa.Column("gen_time", UTC(), nullable=False),
        sa.Column("token", sa.LargeBinary(), nullable=False),
        sa.Column("recorded_at", UTC(), nullable=False),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["evidence_items.id"],
            name=op.f("fk_evidence_timestamps_item_id_evidence_items"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evidence_timestamps")),
    )
    op.create_index("ix_evidence_timestamps_item", "evidence_timestamps", ["item_id"])


def downgrade() -> None:
    op.drop_index("ix_evidence_timestamps_item", table_name="evidence_timestamps")
    op.drop_table("evidence_timestamps")
    op.drop_index("ix_document_evidence_item", table_name="document_evidence")
    op.drop_table("document_evidence")
    op.drop_index("ix_evidence_custody_item", table_name="evidence_custody")
    op.drop_table("evidence_custody")
    op.drop_index("ix_evidence_derivations_original", table_name="evidence_derivations")
    op.drop_table("evidence_derivations")
    op.drop_table("evidence_items")
