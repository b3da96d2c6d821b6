"""Versions of what the read side shows: one indexed query each, no hashing of data.

Every table they look at is insert-only (the ledger by trigger, the registry and the incident
record by having no update or delete path; `sources.reliability` changes only with a new
`source_ratings` row), and an integer primary key grows with each insert, so the largest id of
each table names the state of that table. A version is a tuple of such ids: it changes exactly
when a row that an answer may depend on is added.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Table, func, select
from sqlalchemy.engine import Connection

from trucewatch.storage.tables import (
    actor_aliases,
    actors,
    claim_ratings,
    claims,
    designations,
    external_records,
    incidents,
    investigation_events,
    investigations,
    ledger_entries,
    relations,
    source_ratings,
    sources,
    truces,
    verification_events,
)

# What names, kinds, designations, relations, sources and truce rules show (the registry).
REGISTRY_TABLES: tuple[Table, ...] = (
    actors,
    actor_aliases,
    relations,
    designations,
    truces,
    sources,
    source_ratings,
)
# The incident record; ledger entries too, since violations are derived from participation.
INCIDENT_TABLES: tuple[Table, ...] = (
    incidents,
    claims,
    claim_ratings,
    verification_events,
    investigations,
    investigation_events,
    external_records,
    ledger_entries,
)


def _head_columns(tables: tuple[Table, ...]) -> list[Any]:
    return [
        select(func.coalesce(func.max(t.c.id), 0)).scalar_subquery().label(t.name) for t in tables
    ]


def _heads(conn: Connection, tables: tuple[Table, ...]) -> tuple[int, ...]:
    """max(id) of each table in one statement (each an index lookup on both backends)."""
    row = conn.execute(select(*_head_columns(tables))).one()
    return tuple(int(v) for v in row)


class VersionRepo:
    conn: Connection

    def ledger_version(self, truce_id: int) -> tuple[int, ...] | None:
        """The newest entry id of the truce's ledger (0 when empty) followed by the registry's
        heads, in one statement; None if there is no such truce."""
        newest = (
            select(func.coalesce(func.max(ledger_entries.c.id), 0))
            .where(ledger_entries.c.truce_id == truces.c.id)
            .scalar_subquery()
        )
        q = select(newest, *_head_columns(REGISTRY_TABLES)).where(truces.c.id == truce_id)
        row = self.conn.execute(q).first()
        return None if row is None else tuple(int(v) for v in row)

    def registry_version(self) -> tuple[int, ...]:
        return _heads(self.conn, REGISTRY_TABLES)

    def incidents_version(self) -> tuple[int, ...]:
        return _heads(self.conn, INCIDENT_TABLES)
