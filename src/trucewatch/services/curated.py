"""Load a curated dataset shipped with the package (e.g. `syria-2016`).

The file is JSON with sources, actors, relations, designations, truces and participation rows,
each citing a source by key. Loading is idempotent: existing actors are linked by external id or
an unambiguous name; a truce that exists by name is kept; a participation row that is already in
the ledger (same truce, actor, kind, date and asserting party) is not appended again.
"""

from __future__ import annotations

import json
from collections import Counter
from importlib import resources
from typing import Any

from trucewatch.domain.actors import Alias, Designation, Relation
from trucewatch.domain.audit import AuditAction
from trucewatch.domain.dates import PartialDate, parse_date
from trucewatch.domain.errors import BadFile, NotFound, TrucewatchError
from trucewatch.domain.ledger import EntryKind
from trucewatch.domain.names import normalize_name
from trucewatch.services.context import Caller
from trucewatch.services.registry import check_country, parse_kind, parse_relation
from trucewatch.services.sources import get_or_create_source
from trucewatch.services.truces import (
    add_truce,
    parse_entry_kind,
    parse_truce_kind,
    record_participation,
)
from trucewatch.storage.store import Store

DATASETS = {"syria-2016": "syria-2016.json"}


def dataset_names() -> list[str]:
    return sorted(DATASETS)


def read_dataset(name: str) -> dict[str, Any]:
    if name not in DATASETS:
        raise NotFound("dataset", name, dataset_names(), field="NAME")
    text = resources.files("trucewatch.data").joinpath(DATASETS[name]).read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def _iso(value: PartialDate | None) -> str | None:
    return str(value) if value else None


def load_dataset(store: Store, caller: Caller, name: str) -> dict[str, int]:
    data = read_dataset(name)
    path = f"trucewatch/data/{DATASETS[name]}"
    counts: Counter[str] = Counter()
    sources: dict[str, int] = {}

    def audit(action: AuditAction, entity: str, entity_id: int, after: dict[str, Any]) -> None:
        # Curated rows are writes like any other: each added row gets its audit entry, named
        # with the dataset it came from.
        store.audit(
            user=caller.user, interface=caller.interface, action=action, entity=entity,
            entity_id=entity_id, after={**after, "dataset": name},
        )  # fmt: skip

    def where(section: str, i: int, field: str, problem: str) -> BadFile:
        return BadFile(path, problem, record=f"{section}[{i}]", field=field)

    for i, s in enumerate(data.get("sources", [])):
        ref = s.get("citation") or s.get("url")
        if not ref:
            raise where("sources", i, "citation", "a source needs a citation or a URL")
        sources[s["key"]] = get_or_create_source(
            store, ref, url=s.get("url") if s.get("citation") else None
        )[0]

    def src(section: str, i: int, row: dict[str, Any]) -> int:
        key = row.get("source")
        if key not in sources:
            raise where(section, i, "source", f"unknown source key {key!r}")
        return sources[key]

    def date(section: str, i: int, row: dict[str, Any], field: str) -> PartialDate | None:
        value = row.get(field)
        if value is None:
            return None
        try:
            return parse_date(str(value), field)
        except TrucewatchError as exc:
            raise where(section, i, field, exc.message) from None

    actors: dict[str, int] = {}
    for i, a in enumerate(data.get("actors", [])):
        try:
            kind = parse_kind(a["kind"])
            country = check_country(a.get("country"))
        except TrucewatchError as exc:
            raise where("actors", i, exc.field or "kind", exc.message) from None
        src("actors", i, a)
        # Each curated row is its own actor, identified by its key; successor names (Jabhat Fateh
        # al-Sham after al-Nusra) stay separate actors linked by relations, even where UCDP and
        # the UN keep one id for the whole chain. Such shared ids go to the first row only.
        own_scheme = f"curated:{name}"
        actor_id = store.actor_by_external_id(own_scheme, a["key"])
        if actor_id is None:
            found = store.actor_ids_by_norm(normalize_name(a["name"]))
            actor_id = found[0] if len(found) == 1 else None
        if actor_id is None:
            actor_id = store.add_actor(a["name"], kind, country, a.get("notes"))
            counts["actors added"] += 1
            audit(
                AuditAction.ADD_ACTOR,
                "actor",
                actor_id,
                {"name": a["name"], "kind": str(kind), "country": country, "key": a["key"]},
            )
        if store.actor_by_external_id(own_scheme, a["key"]) is None:
            store.set_external_id(actor_id, own_scheme, a["key"])
        for al in a.get("aliases", []):
            alias = Alias(al["name"], al.get("language"), al.get("script"), f"curated {name}")
            counts["aliases added"] += int(store.add_alias(actor_id, alias, exclusive=True))
        for scheme, value in (a.get("external_ids") or {}).items():
            if scheme != "phoenix" and store.actor_by_external_id(scheme, str(value)) is None:
                store.set_external_id(actor_id, scheme, str(value))
        actors[a["key"]] = actor_id

    def actor(section: str, i: int, row: dict[str, Any], field: str) -> int:
        key = row.get(field)
        if key not in actors:
            raise where(section, i, field, f"unknown actor key {key!r}")
        return actors[key]

    for i, r in enumerate(data.get("relations", [])):
        try:
            relation = parse_relation(r["relation"])
        except TrucewatchError as exc:
            raise where("relations", i, "relation", exc.message) from None
        rel = Relation(
            actor("relations", i, r, "subject"),
            relation,
            actor("relations", i, r, "object"),
            date("relations", i, r, "from"),
            date("relations", i, r, "to"),
            src("relations", i, r),
        )
        rel_id, created = store.add_relation(rel, r.get("note"))
        counts["relations added"] += int(created)
        if created:
            audit(
                AuditAction.RELATE_ACTORS,
                "relation",
                rel_id,
                {
                    "subject": rel.subject_id,
                    "relation": str(relation),
                    "object": rel.object_id,
                    "from": _iso(rel.valid_from),
                    "to": _iso(rel.valid_to),
                    "source": rel.source_id,
                },
            )

    for i, d in enumerate(data.get("designations", [])):
        listed = date("designations", i, d, "listed_on")
        if listed is None:
            raise where("designations", i, "listed_on", "a designation needs listed_on")
        des = Designation(
            actor("designations", i, d, "actor"),
            d["authority"],
            d.get("reference"),
            listed,
            date("designations", i, d, "delisted_on"),
            src("designations", i, d),
        )
        des_id, created = store.add_designation(des)
        counts["designations added"] += int(created)
        if created:
            audit(
                AuditAction.DESIGNATE_ACTOR,
                "designation",
                des_id,
                {
                    "actor": des.actor_id,
                    "authority": des.authority,
                    "reference": des.reference,
                    "listed_on": str(des.listed_on),
                },
            )

    truces: dict[str, int] = {}
    for i, t in enumerate(data.get("truces", [])):
        src("truces", i, t)
        existing = store.truce_ids_by_norm(normalize_name(t["name"]))
        if existing:
            truces[t["key"]] = existing[0]
            continue
        effective = date("truces", i, t, "effective")
        notes = t.get("note")
        if effective is None:
            # Some agreements have a sourced signing date but no sourced start: we say so rather
            # than guess, and let the declared date stand in for the ledger's time axis.
            effective = date("truces", i, t, "declared")
            if effective is None:
                raise where(
                    "truces", i, "effective", "a truce needs an effective or a declared date"
                )
            notes = (
                (notes or "") + " Effective date not sourced; the declared date stands in."
            ).strip()
        source_row = next(s for s in data["sources"] if s["key"] == t["source"])
        truce_id = add_truce(
            store,
            caller,
            t["name"],
            parse_truce_kind(t["kind"]),
            effective=effective,
            declared=date("truces", i, t, "declared"),
            ended=date("truces", i, t, "ended"),
            countries=t.get("countries", []),
            areas=t.get("areas", []),
            guarantors=[str(actor("truces", i, {"g": g}, "g")) for g in t.get("guarantors", [])],
            mediators=[str(actor("truces", i, {"m": m}, "m")) for m in t.get("mediators", [])],
            exclude_designated_by=t.get("exclude_designated_by", []),
            aliases=t.get("aliases", []),
            source=source_row.get("citation") or source_row["url"],
            notes=notes,
        )
        truces[t["key"]] = truce_id
        counts["truces added"] += 1

    for i, p in enumerate(data.get("participation", [])):
        if p.get("truce") not in truces:
            raise where("participation", i, "truce", f"unknown truce key {p.get('truce')!r}")
        truce_id, actor_id = truces[p["truce"]], actor("participation", i, p, "actor")
        party = actor("participation", i, p, "asserted_by") if p.get("asserted_by") else None
        entry_kind = parse_entry_kind(p["kind"])
        effective = date("participation", i, p, "date")
        if effective is None:
            raise where("participation", i, "date", "a participation row needs a date")
        if _already(store, truce_id, actor_id, entry_kind, effective.iso(), party):
            continue
        src_id = src("participation", i, p)
        source_text = store.sources_by_ids([src_id])[src_id]
        record_participation(
            store,
            caller,
            str(truce_id),
            str(actor_id),
            entry_kind,
            effective=effective,
            sources=[source_text["citation"] or source_text["url"]],
            asserted_by=str(party) if party else None,
            note=p.get("note"),
        )
        counts["ledger entries added"] += 1
    return dict(counts)


def _already(
    store: Store, truce_id: int, actor_id: int, kind: EntryKind, day: str, party: int | None
) -> bool:
    for e in store.truce_entries(truce_id, actor_id=actor_id):
        if (
            e.kind is kind
            and e.effective is not None
            and e.effective.iso() == day
            and e.asserted_by == party
        ):
            return True
    return False
