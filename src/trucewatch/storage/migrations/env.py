"""Alembic environment: runs migrations on the connection trucewatch hands over."""

from __future__ import annotations

from alembic import context

from trucewatch.storage.tables import metadata

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - only when run through the alembic command line
    from trucewatch.storage.engine import make_engine

    engine = make_engine(config.get_main_option("sqlalchemy.url") or "sqlite:///trucewatch.db")
    connection = engine.connect()

context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
