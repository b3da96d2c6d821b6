"""Reference imports: UCDP actors, the UN sanctions list, Phoenix dictionaries, GeoNames places.

Each import is idempotent and runs in the caller's transaction (one file, one transaction: a
broken record rolls the whole file back). Records are linked to existing actors by external id
first, then by an unambiguous name or alias match, so the curated dataset, the UN list and UCDP
describe one "Jabhat al-Nusra" instead of three.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from trucewatch.domain.actors import ActorKind, Alias, Designation, Relation, RelationKind
from trucewatch.domain.audit import AuditAction
from trucewatch.domain.checks import one_of
from trucewatch.domain.errors import InvalidInput
from trucewatch.domain.names import normalize_name
from trucewatch.evidence.store import ObjectStore
from trucewatch.reference.records import ActorRecord, PlaceRecord
from trucewatch.services.context import Caller
from trucewatch.services.sources import get_or_create_source
from trucewatch.storage.store import Store

Progress = Callable[[int], None]

KINDS = ("ucdp-actors", "un-sanctions", "phoenix", "places")
# CAMEO country/sector prefixes kept from the Phoenix dictionaries unless told otherwise.
PHOENIX_DEFAULT = "SYR,RUS,TUR,IRN,USA,IGO"
CITATIONS = {
    "ucdp": "UCDP Actor Dataset (Uppsala Conflict Data Program; Pettersson 2022, UCDP Actor Dataset Codebook)",
    "un": "United Nations Security Council Consolidated Sanctions List, https://scsanctions.un.org/resources/xml/en/consolidated.xml",
    "phoenix": "Phoenix/PETRARCH2 actor dictionaries, Open Event Data Alliance (MIT licence)",
    "geonames": "GeoNames (geonames.org), CC BY 4.0",
}


def _link(store: Store, rec: ActorRecord) -> int | None:
    """An existing actor for a record: same external id, else one unambiguous name match in the
    same country. Names alone are not enough across sources ("Jaish al-Islam" names groups in
    Syria, Gaza and Pakistan), so a record without a country is linked by id only."""
    found = store.actor_by_external_id(rec.scheme, rec.external_id)
    if found is not None:
        return found
    for scheme, value in rec.external_ids.items():
        if scheme != "phoenix":
            found = store.actor_by_external_id(scheme, value)
            if found is not None:
                return found
    if rec.country is None:
        return None
    for name in [rec.name, *(a.name for a in rec.aliases)]:
        candidates = store.actor_ids_by_norm(normalize_name(name))
        if len(candidates) > 1:
            return None
        if len(candidates) == 1:
            actor = store.get_actors(candidates)[candidates[0]]
            same_kind = (actor.kind is ActorKind.PERSON) == (rec.kind is ActorKind.PERSON)
            return candidates[0] if same_kind and actor.country == rec.country else None
    return None


def import_actor_records(
    store: Store,
    caller: Caller,
    records: Iterable[ActorRecord],
    *,
    file: str,
    progress: Progress | None = None,
    skip_alias: Callable[[ActorRecord, Alias], bool] | None = None,
    evidence: dict[str, Any] | None = None,
) -> dict[str, int]:
    """Add or update actors from parsed records; returns counts for the summary. `evidence`
    (the file kept as an original: item, sha256) goes into the audit entry."""
    counts: Counter[str] = Counter()
    pending: list[tuple[int, ActorRecord]] = []
    source_ids: dict[str, int] = {}
    for n, rec in enumerate(records, 1):
        if rec.scheme not in source_ids:
            citation = f"{CITATIONS.get(rec.scheme, rec.scheme)}; file {Path(file).name}"
            source_ids[rec.scheme] = get_or_create_source(store, citation)[0]
        actor_id = _link(store, rec)
        changed = False
        if actor_id is None:
            actor_id = store.add_actor(rec.name, rec.kind, rec.country, rec.notes)
            counts["added"] += 1
            changed = True
        else:
            changed |= store.add_alias(
                actor_id, Alias(rec.name, origin=_origin(rec)), exclusive=True
            )
        if store.actor_by_external_id(rec.scheme, rec.external_id) is None:
            store.set_external_id(actor_id, rec.scheme, rec.external_id)
            changed = True
        for alias in rec.aliases:
            if skip_alias and skip_alias(rec, alias):
                counts["aliases skipped"] += 1
                continue
            added = store.add_alias(actor_id, alias, exclusive=True)
            changed |= added
        for d in rec.designations:
            _id, new = store.add_designation(
                Designation(
                    actor_id,
                    d.authority,
                    d.reference,
                    d.listed_on,
                    d.delisted_on,
                    source_ids[rec.scheme],
                )
            )
            changed |= new
            counts["designations added"] += int(new)
        if rec.relations:
            pending.append((actor_id, rec))
        counts["records"] += 1
        if changed:
            counts["changed"] += 1
        if progress:
            progress(n)
    for actor_id, rec in pending:
        for r in rec.relations:
            target = _relation_target(
                store, actor_id, rec, r.kind, r.target_scheme, r.target_id, r.target_name
            )
            if target is None:
                counts["relations unresolved"] += 1
                continue
            if target == actor_id:
                # UCDP keeps one id across renames: a rename to itself is name history, an alias.
                store.add_alias(
                    actor_id,
                    Alias(r.target_name, origin=f"{_origin(rec)} (new name)"),
                    exclusive=True,
                )
                continue
            _rid, new = store.add_relation(
                Relation(
                    actor_id, r.kind, target, r.valid_from, r.valid_to, source_ids[rec.scheme]
                ),
                r.note,
            )
            counts["relations added"] += int(new)
    summary = {
        "records": counts["records"],
        "added": counts["added"],
        "updated": counts["changed"] - counts["added"],
        "unchanged": counts["records"] - counts["changed"],
        "designations_added": counts["designations added"],
        "relations_added": counts["relations added"],
        "relations_unresolved": counts["relations unresolved"],
        "aliases_skipped": counts["aliases skipped"],
    }
    store.audit(
        user=caller.user,
        interface=caller.interface,
        action=AuditAction.IMPORT_REFERENCE,
        entity="file",
        entity_id=Path(file).name,
        after={**summary, "evidence": evidence} if evidence else summary,
    )
    return summary


def _origin(rec: ActorRecord) -> str:
    return {"ucdp": "UCDP Actor", "un": "UN list", "phoenix": "Phoenix"}.get(
        rec.scheme, rec.scheme
    ) + f" {rec.external_id}"


def _relation_target(
    store: Store,
    actor_id: int,
    rec: ActorRecord,
    kind: RelationKind,
    scheme: str,
    target_id: str | None,
    name: str,
) -> int | None:
    if target_id:
        found = store.actor_by_external_id(scheme, target_id)
        if found is not None:
            return found
    candidates = store.actor_ids_by_norm(normalize_name(name))
    return candidates[0] if len(candidates) == 1 else None


def import_places(
    store: Store,
    caller: Caller,
    records: Iterable[PlaceRecord],
    *,
    file: str,
    progress: Progress | None = None,
    evidence: dict[str, Any] | None = None,
) -> dict[str, int]:
    counts: Counter[str] = Counter()
    for n, rec in enumerate(records, 1):
        if rec.geonameid is None:
            raise InvalidInput(
                f"{file}: line {rec.line} has no GeoNames id; import the places file "
                "(syria_places_geonames_pop500.csv), not the admin1 code table.",
                field="FILE",
            )
        row = {
            "geonameid": rec.geonameid,
            "name": rec.name,
            "feature": rec.feature,
            "country": rec.country,
            "admin1_code": rec.admin1_code,
            "admin1_name": rec.admin1_name,
            "lat": rec.lat,
            "lon": rec.lon,
            "population": rec.population,
        }
        names = [(x, normalize_name(x)) for x in (rec.name, *rec.alternate_names)]
        counts[store.upsert_place(row, names)] += 1
        if progress:
            progress(n)
    summary = {
        "records": sum(counts.values()),
        "added": counts["added"],
        "updated": counts["updated"],
        "unchanged": counts["unchanged"],
    }
    store.audit(
        user=caller.user,
        interface=caller.interface,
        action=AuditAction.IMPORT_PLACES,
        entity="file",
        entity_id=Path(file).name,
        after={**summary, "evidence": evidence} if evidence else summary,
    )
    return summary


def import_reference_file(
    store: Store,
    caller: Caller,
    kind: str,
    file: str | Path,
    *,
    phoenix_countries: str = PHOENIX_DEFAULT,
    progress: Progress | None = None,
    objects: ObjectStore | None = None,
) -> dict[str, Any]:
    """Parse and import one reference file of `kind` (one of KINDS) in the caller's
    transaction; an unknown kind is refused before the file is opened. With `objects`, the file
    is kept there first as an original, named in the audit entry and the summary."""
    from trucewatch.reference import geonames, phoenix, ucdp, unsanctions
    from trucewatch.services.evidence import keep_file

    one_of(kind, KINDS, "KIND", "a reference kind")
    path = str(file)
    kept = keep_file(store, caller, objects, Path(file), "dataset") if objects else None
    summary: dict[str, Any]
    if kind == "ucdp-actors":
        summary = import_actor_records(
            store, caller, ucdp.parse_ucdp_actors(path), file=path, progress=progress,
            evidence=kept,
        )  # fmt: skip
    elif kind == "un-sanctions":
        summary = import_actor_records(
            store, caller, unsanctions.parse_un_sanctions(path), file=path, progress=progress,
            evidence=kept,
        )  # fmt: skip
    elif kind == "phoenix":
        countries = {c.strip().upper() for c in phoenix_countries.split(",") if c.strip()} or None
        summary = import_actor_records(
            store,
            caller,
            phoenix.parse_phoenix(path, countries),
            file=path,
            progress=progress,
            skip_alias=place_alias_rule(store.place_norms()),
            evidence=kept,
        )
    else:  # places
        summary = import_places(
            store, caller, geonames.parse_places(path), file=path, progress=progress,
            evidence=kept,
        )  # fmt: skip
    return {**summary, "evidence_item": kept["item"]} if kept else summary


def place_alias_rule(place_norms: set[str]) -> Callable[[ActorRecord, Alias], bool]:
    """Phoenix lists cities as aliases of countries ("ALEPPO" under SYRIA): those are places,
    not names of the state, so a state's alias that is a known place name is skipped."""

    def skip(rec: ActorRecord, alias: Alias) -> bool:
        return rec.kind is ActorKind.STATE and normalize_name(alias.name) in place_norms

    return skip
