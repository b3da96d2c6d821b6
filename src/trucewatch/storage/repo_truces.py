"""Truces with their aliases, guarantor/mediator roles and exclusion rules."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.engine import Connection

from trucewatch.domain.dates import PartialDate, Precision, utcnow
from trucewatch.domain.names import normalize_name
from trucewatch.domain.truces import Truce, TruceKind
from trucewatch.storage.repo_changes import log_change
from trucewatch.storage.tables import truce_aliases, truce_exclusions, truce_roles, truces
from trucewatch.storage.types import new_id


def _pd(day: Any, precision: Any) -> PartialDate | None:
    return None if day is None else PartialDate(day, Precision(precision or "day"))


def _cols(prefix: str, value: PartialDate | None) -> dict[str, Any]:
    return {
        f"{prefix}_on": value.start if value else None,
        f"{prefix}_precision": str(value.precision) if value else None,
    }


class TruceRepo:
    conn: Connection

    def add_truce(self, truce: Truce, *, source_id: int | None, notes: str | None = None) -> int:
        values = dict(
            name=truce.name,
            kind=str(truce.kind),
            **_cols("declared", truce.declared),
            **_cols("effective", truce.effective),
            **_cols("ended", truce.ended),
            countries=",".join(truce.countries) or None,
            areas=json.dumps(truce.areas) if truce.areas else None,
            notes=notes,
            source_id=source_id,
            created_at=utcnow(),
        )
        truce_id = new_id(self.conn.execute(insert(truces).values(**values)))
        excluded = {"excluded_authorities": sorted(truce.excluded_authorities)}
        log_change(self.conn, "created", "truce", truce_id, values | excluded, truce_id=truce_id)
        self.add_truce_alias(truce_id, truce.name)
        for authority in truce.excluded_authorities:
            self.conn.execute(
                insert(truce_exclusions).values(truce_id=truce_id, authority=authority)
            )
        return truce_id

    def add_truce_alias(self, truce_id: int, name: str) -> None:
        have = self.conn.execute(
            select(truce_aliases.c.name).where(
                truce_aliases.c.truce_id == truce_id, truce_aliases.c.name == name
            )
        ).first()
        if have is None:
            self.conn.execute(
                insert(truce_aliases).values(
                    truce_id=truce_id, name=name, norm=normalize_name(name)
                )
            )

    def add_truce_role(self, truce_id: int, actor_id: int, role: str) -> None:
        have = self.conn.execute(
            select(truce_roles.c.role).where(
                truce_roles.c.truce_id == truce_id,
                truce_roles.c.actor_id == actor_id,
                truce_roles.c.role == role,
            )
        ).first()
        if have is None:
            self.conn.execute(
                insert(truce_roles).values(truce_id=truce_id, actor_id=actor_id, role=role)
            )

    def truce_ids_by_norm(self, norm: str) -> list[int]:
        rows = self.conn.execute(
            select(truce_aliases.c.truce_id).where(truce_aliases.c.norm == norm).distinct()
        )
        return sorted(int(r.truce_id) for r in rows)

    def truce_alias_index(self) -> list[tuple[str, int, str]]:
        rows = self.conn.execute(
            select(truce_aliases.c.norm, truce_aliases.c.truce_id, truce_aliases.c.name)
        )
        return [(r.norm, int(r.truce_id), r.name) for r in rows]

    def truce_exists(self, truce_id: int) -> bool:
        return (
            self.conn.execute(select(truces.c.id).where(truces.c.id == truce_id)).first()
            is not None
        )

    def get_truce(self, truce_id: int) -> Truce:
        r = self.conn.execute(select(truces).where(truces.c.id == truce_id)).mappings().one()
        effective = _pd(r["effective_on"], r["effective_precision"])
        assert effective is not None
        excluded = [
            row.authority
            for row in self.conn.execute(
                select(truce_exclusions.c.authority)
                .where(truce_exclusions.c.truce_id == truce_id)
                .order_by(truce_exclusions.c.authority)
            )
        ]
        return Truce(
            id=int(r["id"]),
            name=r["name"],
            kind=TruceKind(r["kind"]),
            effective=effective,
            declared=_pd(r["declared_on"], r["declared_precision"]),
            ended=_pd(r["ended_on"], r["ended_precision"]),
            countries=[c for c in (r["countries"] or "").split(",") if c],
            areas=json.loads(r["areas"]) if r["areas"] else [],
            excluded_authorities=excluded,
        )

    def truce_extras(self, truce_id: int) -> dict[str, Any]:
        r = self.conn.execute(
            select(truces.c.notes, truces.c.source_id).where(truces.c.id == truce_id)
        ).one()
        roles: dict[str, list[int]] = {"guarantor": [], "mediator": []}
        for row in self.conn.execute(
            select(truce_roles)
            .where(truce_roles.c.truce_id == truce_id)
            .order_by(truce_roles.c.actor_id)
        ):
            roles.setdefault(row.role, []).append(int(row.actor_id))
        aliases = [
            row.name
            for row in self.conn.execute(
                select(truce_aliases.c.name).where(truce_aliases.c.truce_id == truce_id)
            )
        ]
        return {"notes": r.notes, "source_id": r.source_id, "roles": roles, "aliases": aliases}

    def list_truce_ids(self) -> list[int]:
        return [
            int(r.id)
            for r in self.conn.execute(
                select(truces.c.id).order_by(truces.c.effective_on, truces.c.id)
            )
        ]

    def truce_names(self, ids: Iterable[int]) -> dict[int, str]:
        ids = sorted(set(ids))
        if not ids:
            return {}
        return {
            int(r.id): r.name
            for r in self.conn.execute(
                select(truces.c.id, truces.c.name).where(truces.c.id.in_(ids))
            )
        }
