"""Writes to the actor registry: actors, aliases, relations, designations."""

from __future__ import annotations

from collections.abc import Sequence

from trucewatch.domain.actors import ActorKind, Alias, Designation, Relation, RelationKind
from trucewatch.domain.audit import AuditAction
from trucewatch.domain.checks import country_code, parse_enum
from trucewatch.domain.dates import PartialDate
from trucewatch.domain.errors import InvalidInput
from trucewatch.domain.names import normalize_name
from trucewatch.services.context import Caller
from trucewatch.services.ports import RegistryUnit
from trucewatch.services.resolve import resolve_actor
from trucewatch.services.sources import get_or_create_source


def parse_kind(value: str, field: str = "kind") -> ActorKind:
    return parse_enum(ActorKind, value, field, "an actor kind")


def parse_relation(value: str, field: str = "relation") -> RelationKind:
    return parse_enum(RelationKind, value, field, "a relation", normalise=_relation_spelling)


def _relation_spelling(value: str) -> str:
    return value.strip().lower().replace("-", "_")


def check_country(country: str | None) -> str | None:
    if country is None:
        return None
    return country_code(country, "country")


def add_actor(
    store: RegistryUnit,
    caller: Caller,
    name: str,
    kind: ActorKind,
    *,
    aliases: Sequence[str] = (),
    country: str | None = None,
    notes: str | None = None,
) -> int:
    """Register an actor. A name that already resolves to an actor is refused (use an alias)."""
    name = name.strip()
    if not normalize_name(name):
        raise InvalidInput("name: an actor needs a name with letters or digits.", field="name")
    country = check_country(country)
    existing = store.actor_ids_by_norm(normalize_name(name))
    if existing:
        raise InvalidInput(
            f"name: {name!r} already names actor {existing[0]}; add it as an alias or use that actor.",
            field="name",
        )
    actor_id = store.add_actor(name, kind, country, notes)
    for a in aliases:
        store.add_alias(actor_id, Alias(a.strip(), origin=f"added by {caller.user}"))
    store.audit(
        user=caller.user,
        interface=caller.interface,
        action=AuditAction.ADD_ACTOR,
        entity="actor",
        entity_id=actor_id,
        after={"name": name, "kind": str(kind), "country": country, "aliases": list(aliases)},
    )
    return actor_id


def relate_actors(
    store: RegistryUnit,
    caller: Caller,
    subject: str,
    relation: RelationKind,
    obj: str,
    *,
    source: str,
    valid_from: PartialDate | None = None,
    valid_to: PartialDate | None = None,
    note: str | None = None,
) -> int:
    subject_id = resolve_actor(store, subject, "A")
    object_id = resolve_actor(store, obj, "B")
    if subject_id == object_id:
        raise InvalidInput("B: an actor cannot be related to itself.", field="B")
    if valid_from and valid_to and valid_to.end < valid_from.start:
        raise InvalidInput(f"--to: {valid_to} is before --from {valid_from}.", field="to")
    source_id, _ = get_or_create_source(store, require_source(source))
    rel_id, _created = store.add_relation(
        Relation(subject_id, relation, object_id, valid_from, valid_to, source_id), note
    )
    store.audit(
        user=caller.user,
        interface=caller.interface,
        action=AuditAction.RELATE_ACTORS,
        entity="relation",
        entity_id=rel_id,
        after={
            "subject": subject_id,
            "relation": str(relation),
            "object": object_id,
            "from": str(valid_from) if valid_from else None,
            "to": str(valid_to) if valid_to else None,
            "source": source_id,
        },
    )
    return rel_id


def designate_actor(
    store: RegistryUnit,
    caller: Caller,
    actor: str,
    *,
    authority: str,
    listed_on: PartialDate,
    source: str,
    reference: str | None = None,
    delisted_on: PartialDate | None = None,
) -> int:
    actor_id = resolve_actor(store, actor)
    authority = authority.strip()
    if not authority:
        raise InvalidInput(
            "--authority: name the designating authority, e.g. UNSC-1267.", field="authority"
        )
    source_id, _ = get_or_create_source(store, require_source(source))
    des_id, _created = store.add_designation(
        Designation(actor_id, authority, reference, listed_on, delisted_on, source_id)
    )
    store.audit(
        user=caller.user,
        interface=caller.interface,
        action=AuditAction.DESIGNATE_ACTOR,
        entity="designation",
        entity_id=des_id,
        after={
            "actor": actor_id,
            "authority": authority,
            "reference": reference,
            "listed_on": str(listed_on),
        },
    )
    return des_id


def require_source(source: str) -> str:
    if not source or not source.strip():
        raise InvalidInput(
            "--source: every fact needs a source (a URL or a citation).", field="source"
        )
    return source.strip()
