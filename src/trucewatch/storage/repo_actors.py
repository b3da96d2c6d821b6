"""Actors, aliases, external ids, relations and designations."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from sqlalchemy import and_, insert, or_, select
from sqlalchemy.engine import Connection

from trucewatch.domain.actors import Actor, ActorKind, Alias, Designation, Relation, RelationKind
from trucewatch.domain.dates import PartialDate, Precision, utcnow
from trucewatch.domain.names import normalize_name, script_of
from trucewatch.storage.repo_changes import log_change
from trucewatch.storage.tables import (
    actor_aliases,
    actor_external_ids,
    actors,
    designations,
    relations,
)
from trucewatch.storage.types import new_id


def _pd(day: Any, precision: Any) -> PartialDate | None:
    if day is None:
        return None
    return PartialDate(day, Precision(precision or "day"))


def _relation(r: Any) -> Relation:
    return Relation(
        subject_id=int(r["subject_id"]),
        kind=RelationKind(r["kind"]),
        object_id=int(r["object_id"]),
        valid_from=_pd(r["valid_from_on"], r["valid_from_precision"]),
        valid_to=_pd(r["valid_to_on"], r["valid_to_precision"]),
        source_id=r["source_id"],
    )


def _designation(r: Any) -> Designation:
    listed = _pd(r["listed_on"], r["listed_precision"])
    assert listed is not None
    return Designation(
        actor_id=int(r["actor_id"]),
        authority=r["authority"],
        reference=r["reference"],
        listed_on=listed,
        delisted_on=_pd(r["delisted_on"], r["delisted_precision"]),
        source_id=r["source_id"],
    )


class ActorRepo:
    conn: Connection

    def add_actor(
        self, name: str, kind: ActorKind, country: str | None = None, notes: str | None = None
    ) -> int:
        res = self.conn.execute(
            insert(actors).values(
                name=name, kind=str(kind), country=country, notes=notes, created_at=utcnow()
            )
        )
        actor_id = new_id(res)
        data = {"name": name, "kind": str(kind), "country": country}
        log_change(self.conn, "created", "actor", actor_id, data)
        self.add_alias(actor_id, Alias(name, script=script_of(name), origin="canonical name"))
        return actor_id

    def update_actor(self, actor_id: int, **values: Any) -> None:
        self.conn.execute(actors.update().where(actors.c.id == actor_id).values(**values))

    def add_alias(self, actor_id: int, alias: Alias, *, exclusive: bool = False) -> bool:
        """Add an alias unless the actor already has this exact name; True when added.

        With `exclusive`, a name that already resolves to another actor is not added: importers
        must not make a name ambiguous (the UN list files "HTS" under al-Nusra's entry, while the
        registry keeps Hay'at Tahrir al-Sham as its own actor linked by `renamed_to`).
        """
        name = alias.name.strip()
        norm = normalize_name(name)
        if not name or not norm:
            return False
        if exclusive and any(i != actor_id for i in self.actor_ids_by_norm(norm)):
            return False
        exists = self.conn.execute(
            select(actor_aliases.c.id).where(
                actor_aliases.c.actor_id == actor_id, actor_aliases.c.name == name
            )
        ).first()
        if exists:
            return False
        self.conn.execute(
            insert(actor_aliases).values(
                actor_id=actor_id,
                name=name,
                norm=norm,
                language=alias.language,
                script=alias.script or script_of(name),
                origin=alias.origin,
            )
        )
        return True

    def set_external_id(self, actor_id: int, scheme: str, value: str) -> None:
        cur = self.conn.execute(
            select(actor_external_ids.c.value).where(
                actor_external_ids.c.actor_id == actor_id, actor_external_ids.c.scheme == scheme
            )
        ).first()
        if cur is None:
            self.conn.execute(
                insert(actor_external_ids).values(actor_id=actor_id, scheme=scheme, value=value)
            )

    def actor_by_external_id(self, scheme: str, value: str) -> int | None:
        row = self.conn.execute(
            select(actor_external_ids.c.actor_id).where(
                actor_external_ids.c.scheme == scheme, actor_external_ids.c.value == value
            )
        ).first()
        return int(row.actor_id) if row else None

    def actor_ids_by_norm(self, norm: str) -> list[int]:
        rows = self.conn.execute(
            select(actor_aliases.c.actor_id).where(actor_aliases.c.norm == norm).distinct()
        )
        return sorted(int(r.actor_id) for r in rows)

    def alias_index(self) -> list[tuple[str, int, str]]:
        """(normalised alias, actor id, alias as written) for fuzzy suggestions and gazetteers."""
        rows = self.conn.execute(
            select(actor_aliases.c.norm, actor_aliases.c.actor_id, actor_aliases.c.name)
        )
        return [(r.norm, int(r.actor_id), r.name) for r in rows]

    def actor_exists(self, actor_id: int) -> bool:
        return (
            self.conn.execute(select(actors.c.id).where(actors.c.id == actor_id)).first()
            is not None
        )

    def get_actors(self, ids: Iterable[int]) -> dict[int, Actor]:
        ids = sorted(set(ids))
        if not ids:
            return {}
        out: dict[int, Actor] = {}
        for r in self.conn.execute(select(actors).where(actors.c.id.in_(ids))).mappings():
            out[int(r["id"])] = Actor(
                id=int(r["id"]),
                name=r["name"],
                kind=ActorKind(r["kind"]),
                country=r["country"],
                notes=r["notes"],
            )
        for r in self.conn.execute(
            select(actor_aliases)
            .where(actor_aliases.c.actor_id.in_(ids))
            .order_by(actor_aliases.c.id)
        ).mappings():
            a = out[int(r["actor_id"])]
            if r["name"] != a.name:
                a.aliases.append(Alias(r["name"], r["language"], r["script"], r["origin"]))
        for r in self.conn.execute(
            select(actor_external_ids).where(actor_external_ids.c.actor_id.in_(ids))
        ).mappings():
            out[int(r["actor_id"])].external_ids[r["scheme"]] = r["value"]
        return out

    def list_actors(self, kind: str | None = None) -> list[tuple[int, str, str, str | None]]:
        q = select(actors.c.id, actors.c.name, actors.c.kind, actors.c.country).order_by(
            actors.c.name, actors.c.id
        )
        if kind:
            q = q.where(actors.c.kind == kind)
        return [(int(r.id), r.name, r.kind, r.country) for r in self.conn.execute(q)]

    def actors_page(
        self, *, after_id: int, limit: int, kind: str | None = None
    ) -> list[tuple[int, str, str, str | None]]:
        """Up to `limit` actors with ids above `after_id`, in id order (keyset)."""
        q = select(actors.c.id, actors.c.name, actors.c.kind, actors.c.country).where(
            actors.c.id > after_id
        )
        if kind:
            q = q.where(actors.c.kind == kind)
        q = q.order_by(actors.c.id).limit(limit)
        return [(int(r.id), r.name, r.kind, r.country) for r in self.conn.execute(q)]

    # --- relations ------------------------------------------------------------------------
    def add_relation(self, rel: Relation, note: str | None = None) -> tuple[int, bool]:
        """Add a relation unless the same (subject, kind, object, from, to) exists."""
        vf, vt = rel.valid_from, rel.valid_to
        cond = and_(
            relations.c.subject_id == rel.subject_id,
            relations.c.kind == str(rel.kind),
            relations.c.object_id == rel.object_id,
            relations.c.valid_from_on.is_(None)
            if vf is None
            else relations.c.valid_from_on == vf.start,
            relations.c.valid_to_on.is_(None)
            if vt is None
            else relations.c.valid_to_on == vt.start,
        )
        row = self.conn.execute(select(relations.c.id).where(cond)).first()
        if row:
            return int(row.id), False
        res = self.conn.execute(
            insert(relations).values(
                subject_id=rel.subject_id,
                kind=str(rel.kind),
                object_id=rel.object_id,
                valid_from_on=vf.start if vf else None,
                valid_from_precision=str(vf.precision) if vf else None,
                valid_to_on=vt.start if vt else None,
                valid_to_precision=str(vt.precision) if vt else None,
                source_id=rel.source_id,
                note=note,
            )
        )
        rel_id = new_id(res)
        log_change(
            self.conn,
            "created",
            "relation",
            rel_id,
            {
                "subject_id": rel.subject_id,
                "kind": str(rel.kind),
                "object_id": rel.object_id,
                "valid_from_on": vf.start if vf else None,
                "valid_from_precision": str(vf.precision) if vf else None,
                "valid_to_on": vt.start if vt else None,
                "valid_to_precision": str(vt.precision) if vt else None,
                "source_id": rel.source_id,
            },
        )
        return rel_id, True

    def relations_touching(self, actor_ids: Iterable[int]) -> list[Relation]:
        ids = sorted(set(actor_ids))
        if not ids:
            return []
        rows = self.conn.execute(
            select(relations)
            .where(or_(relations.c.subject_id.in_(ids), relations.c.object_id.in_(ids)))
            .order_by(relations.c.id)
        ).mappings()
        return [_relation(r) for r in rows]

    def all_relations(self) -> list[Relation]:
        """Every relation in id order (the order `relations_touching` keeps)."""
        rows = self.conn.execute(select(relations).order_by(relations.c.id)).mappings()
        return [_relation(r) for r in rows]

    # --- designations ---------------------------------------------------------------------
    def add_designation(self, d: Designation) -> tuple[int, bool]:
        cond = and_(
            designations.c.actor_id == d.actor_id,
            designations.c.authority == d.authority,
            designations.c.reference.is_(None)
            if d.reference is None
            else designations.c.reference == d.reference,
        )
        row = self.conn.execute(select(designations.c.id).where(cond)).first()
        if row:
            return int(row.id), False
        values = {
            "actor_id": d.actor_id,
            "authority": d.authority,
            "reference": d.reference,
            "listed_on": d.listed_on.start,
            "listed_precision": str(d.listed_on.precision),
            "delisted_on": d.delisted_on.start if d.delisted_on else None,
            "delisted_precision": str(d.delisted_on.precision) if d.delisted_on else None,
            "source_id": d.source_id,
        }
        des_id = new_id(self.conn.execute(insert(designations).values(**values)))
        log_change(self.conn, "created", "designation", des_id, values)
        return des_id, True

    def designations_of(self, actor_ids: Iterable[int]) -> dict[int, list[Designation]]:
        ids = sorted(set(actor_ids))
        out: dict[int, list[Designation]] = defaultdict(list)
        if not ids:
            return out
        rows = self.conn.execute(
            select(designations)
            .where(designations.c.actor_id.in_(ids))
            .order_by(designations.c.listed_on, designations.c.id)
        ).mappings()
        for r in rows:
            out[int(r["actor_id"])].append(_designation(r))
        return out

    def all_designations(self) -> list[Designation]:
        """Every designation, in the order `designations_of` gives each actor's."""
        rows = self.conn.execute(
            select(designations).order_by(designations.c.listed_on, designations.c.id)
        ).mappings()
        return [_designation(r) for r in rows]

    def designated_actor_ids(self, authorities: Iterable[str]) -> list[int]:
        auths = list(authorities)
        if not auths:
            return []
        rows = self.conn.execute(
            select(designations.c.actor_id).where(designations.c.authority.in_(auths)).distinct()
        )
        return sorted(int(r.actor_id) for r in rows)
