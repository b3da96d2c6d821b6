"""Zones and lines of a truce over time, and monitors' access denials.

Creates `zones` (a name on a truce), `zone_versions` (each shape with its effective/until days,
WKB geometry and bounding box, source and recording time) and `access_denials`. The versions and
the denials are append-only like the ledger (the same triggers as 0003 and 0005); `zones` rows are
never changed either.

Revision ID: 0010
Revises: 0008
Create Date: 2026-12-03 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import trucewatch.storage.types

revision = "0010"
down_revision = "0008"
branch_labels = None
depends_on = None

_APPEND_ONLY = ("zones", "zone_versions", "access_denials")


def upgrade() -> None:
    op.create_table(
        "zones",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("truce_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("recorded_at", trucewatch.storage.types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["truce_id"], ["truces.id"], name=op.f("fk_zones_truce_id_truces")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_zones")),
        sa.UniqueConstraint("truce_id", "name", name=op.f("uq_zones_truce_id_name")),
    )
    op.create_table(
        "zone_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("zone_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("effective_on", sa.Date(), nullable=False),
        sa.Column("until_on", sa.Date(), nullable=True),
        sa.Column("geometry", sa.LargeBinary(), nullable=False),
        sa.Column("min_lon", sa.Float(), nullable=False),
        sa.Column("min_lat", sa.Float(), nullable=False),
        sa.Column("max_lon", sa.Float(), nullable=False),
        sa.Column("max_lat", sa.Float(), nullable=False),
        sa.Column("distance_km", sa.Float(), nullable=True),
        sa.Column("properties", sa.Text(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("recorded_at", trucewatch.storage.types.UTCDateTime(), nullable=False),
        sa.Column("recorded_by", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["zone_id"], ["zones.id"], name=op.f("fk_zone_versions_zone_id_zones")
        ),
        sa.ForeignKeyConstraint(
            ["source_id"], ["sources.id"], name=op.f("fk_zone_versions_source_id_sources")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_zone_versions")),
    )
    op.create_index("ix_zone_versions_zone", "zone_versions", ["zone_id", "recorded_at"])
    op.create_index(
        "ix_zone_versions_bbox", "zone_versions", ["min_lon", "max_lon", "min_lat", "max_lat"]
    )
    op.create_table(
        "access_denials",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("truce_id", sa.Integer(), nullable=False),
        sa.Column("happened_on", sa.Date(), nullable=False),
        sa.Column("place", sa.Text(), nullable=False),
        sa.Column("party_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=True),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("recorded_at", trucewatch.storage.types.UTCDateTime(), nullable=False),
        sa.Column("recorded_by", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["truce_id"], ["truces.id"], name=op.f("fk_access_denials_truce_id_truces")
        ),
        sa.ForeignKeyConstraint(
            ["party_id"], ["actors.id"], name=op.f("fk_access_denials_party_id_actors")
        ),
        sa.ForeignKeyConstraint(
            ["source_id"], ["sources.id"], name=op.f("fk_access_denials_source_id_sources")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_access_denials")),
    )
    op.create_index("ix_access_denials_truce", "access_denials", ["truce_id", "happened_on"])
    for table in _APPEND_ONLY:
        _append_only(table, create=True)


def downgrade() -> None:
    for table in _APPEND_ONLY:
        _append_only(table, create=False)
    op.drop_index("ix_access_denials_truce", table_name="access_denials")
    op.drop_table("access_denials")
    op.drop_index("ix_zone_versions_bbox", table_name="zone_versions")
    op.drop_index("ix_zone_versions_zone", table_name="zone_versions")
    op.drop_table("zone_versions")
    op.drop_table("zones")


def _append_only(table: str, *, create: bool) -> None:
    """The same guard as 0003: PostgreSQL reuses 0001's function, SQLite one trigger per verb."""
    if op.get_bind().dialect.name == "postgresql":
        if create:
            op.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION trucewatch_append_only()"
            )
        else:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
        return
    for verb in ("UPDATE", "DELETE"):
        if create:
            op.execute(
                f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
            )
        else:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_{verb.lower()}")
