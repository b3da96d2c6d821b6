"""UCDP GED events as incidents, GDELT events as review candidates, PA-X rows as truces.

Each use case is idempotent through `external_records`: a record already stored at the same
version is unchanged. UCDP rows are human-coded accounts of one event, like ACLED's, so they
become incidents with one claim whose source is the article GED codes from. GDELT rows are
machine-coded leads, so they become candidates in the review queue with their corroboration
(distinct outlets from the mentions file), never ledger entries. PA-X agreements with ceasefire
provisions become truces; their signatories that the registry knows become "joined" entries.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from trucewatch.domain.actors import ActorKind
from trucewatch.domain.dates import PartialDate
from trucewatch.domain.incidents import Place
from trucewatch.domain.ledger import EntryKind
from trucewatch.domain.names import normalize_name
from trucewatch.domain.provenance import Evidence
from trucewatch.domain.taxonomy import EVENT_TYPES
from trucewatch.ingest.dedup import bands, simhash, text_hash
from trucewatch.interop import gdelt, pax, ucdp_ged
from trucewatch.interop.base import Progress, RowError
from trucewatch.services.import_context import ImportContext
from trucewatch.services.incidents import add_claim, file_incident
from trucewatch.services.interop_acled import refute_claims
from trucewatch.services.sources import get_or_create_source
from trucewatch.services.truces import add_truce, record_participation

# --- UCDP GED --------------------------------------------------------------------------------


def read_ucdp(
    ctx: ImportContext, path: Path, progress: Progress | None
) -> Iterator[tuple[int, ucdp_ged.GedRecord | RowError]]:
    return ucdp_ged.read(path, progress=progress)


def _ucdp_note(rec: ucdp_ged.GedRecord) -> str:
    d = rec.deaths_by_side
    parts = [
        f"UCDP GED {rec.id}: deaths side A ({rec.side_a}) {d['deaths_a']}, side B "
        f"({rec.side_b or '-'}) {d['deaths_b']}, civilians {d['deaths_civilians']}, "
        f"unknown {d['deaths_unknown']}",
        f"where_prec {rec.raw.get('where_prec')}, date_prec {rec.raw.get('date_prec')}",
    ]
    if rec.coarser_than_month:
        parts.append(
            f"dates {rec.raw.get('date_start')}..{rec.raw.get('date_end')} span more than a month"
        )
    if rec.raw.get("source_original"):
        parts.append(f"original source: {rec.raw['source_original']}")
    return "; ".join(parts)


def import_ucdp_record(ctx: ImportContext, rec: ucdp_ged.GedRecord) -> str:
    if ctx.since is not None and rec.occurred.end < ctx.since:
        return "filtered"
    versions = ctx.store.external_versions("ucdp-ged", rec.id)
    if any(v["version"] == rec.version for v in versions):
        return "unchanged"
    citation = f"UCDP GED event {rec.id}: " + (rec.source_article or "source article not given")
    source_id = get_or_create_source(
        ctx.store,
        citation,
        identity=f"ucdp-ged:{rec.id}@{rec.version}",
        title=rec.source_headline,
        publisher="UCDP Georeferenced Event Dataset",
        published_on=rec.source_date,
        kind="dataset",
    )[0]
    a_kind = ActorKind.STATE if rec.side_a.startswith("Government of") else ActorKind.ARMED_GROUP
    perps = _ids(ctx, [(rec.side_a, rec.side_a_id, a_kind)])
    targets = (
        []
        if rec.one_sided or not rec.side_b
        else _ids(ctx, [(rec.side_b, rec.side_b_id, ActorKind.ARMED_GROUP)])
    )
    missing = [
        n for n, ok in ((rec.side_a, perps), (rec.side_b, targets or rec.one_sided)) if n and not ok
    ]
    evidence = Evidence(text=rec.source_headline) if rec.source_headline else None
    if not versions:
        incident_id, claim_id = file_incident(
            ctx.store,
            ctx.caller,
            type=rec.type_id,
            occurred=rec.occurred,
            place=_place(rec),
            source=f"source:{source_id}",
            perpetrators=perps,
            targets=targets,
            fatalities=rec.fatalities,
            summary=rec.raw.get("where_description") or rec.source_headline,
            evidence=evidence,
            recorded_at=ctx.now,
        )
        outcome = "created"
    else:
        incident_id = int(versions[-1]["incident_id"])
        claim_id = add_claim(
            ctx.store,
            ctx.caller,
            incident_id,
            source=f"source:{source_id}",
            perpetrators=perps,
            targets=targets,
            fatalities=rec.fatalities,
            type=rec.type_id,
            place_name=rec.place,
            admin1=rec.admin1,
            evidence=evidence,
            note=_ucdp_note(rec),
            recorded_at=ctx.now,
        )
        refute_claims(
            ctx,
            incident_id,
            [int(v["claim_id"]) for v in versions if v["claim_id"] is not None],
            source_id,
            f"superseded by a changed UCDP GED row {rec.id}",
        )
        outcome = "updated"
    ctx.store.add_external_record(
        scheme="ucdp-ged",
        record_id=rec.id,
        version=rec.version,
        kind="record",
        incident_id=incident_id,
        claim_id=claim_id,
        source_id=source_id,
        data=rec.raw | {"note": _ucdp_note(rec)},
        recorded_at=ctx.now,
        recorded_by=ctx.caller.user,
    )
    if missing:
        ctx.summary.unmatched += 1
    return outcome


def _place(rec: ucdp_ged.GedRecord) -> Place:
    return Place(
        name=rec.place,
        admin1=rec.admin1,
        country=rec.country,
        lat=rec.lat,
        lon=rec.lon,
        precision=rec.geo_precision,
    )


def _ids(ctx: ImportContext, names: list[tuple[str, str | None, ActorKind]]) -> list[str]:
    out = []
    for name, ext, kind in names:
        found = ctx.actor(name, kind, scheme="ucdp" if ext else None, external_id=ext)
        if found is not None:
            out.append(str(found))
    return out


# --- GDELT ------------------------------------------------------------------------------------


def read_gdelt(
    ctx: ImportContext, path: Path, progress: Progress | None
) -> Iterator[tuple[int, gdelt.GdeltEvent | RowError]]:
    """Two passes when a mentions file is given: the first finds the relevant events, so only
    their mentions are counted (a mentions file is much larger than the events it covers)."""
    mentions: Path | None = ctx.options.get("mentions")
    if mentions is not None:
        ids = [
            rec.id
            for _line, rec in gdelt.read_events(path)
            if isinstance(rec, gdelt.GdeltEvent) and gdelt.relevant(rec.code)
        ]
        ctx.options["corroboration"] = gdelt.read_mentions(mentions, ids)
    return gdelt.read_events(path, progress=progress)


def _gdelt_text(ev: gdelt.GdeltEvent) -> str:
    label = EVENT_TYPES[ev.type_id].label if ev.type_id in EVENT_TYPES else ev.type_id
    who = " → ".join(x for x in (ev.actor1, ev.actor2) if x) or "unnamed actors"
    where = f" at {ev.place}" if ev.place else ""
    return (
        f"GDELT event {ev.id} on {ev.day}: {who}, CAMEO {ev.code} ({label}){where}. "
        f"Reported in {ev.num_articles} articles from {ev.num_sources} sources"
        + (f"; first seen at {ev.source_url}" if ev.source_url else "")
        + "."
    )


def import_gdelt_event(ctx: ImportContext, ev: gdelt.GdeltEvent) -> str:
    if not gdelt.relevant(ev.code) or (ctx.since is not None and ev.day < ctx.since):
        return "filtered"
    if ctx.store.external_versions("gdelt", ev.id):
        return "unchanged"
    source_id = get_or_create_source(
        ctx.store,
        ev.source_url or f"GDELT 2.0 event {ev.id}",
        identity=f"gdelt:{ev.id}",
        title=f"GDELT 2.0 event {ev.id}",
        publisher="GDELT Project (machine-coded)",
        published_on=ev.day,
        kind="dataset",
    )[0]
    body = _gdelt_text(ev)
    doc_id = ctx.store.add_document(
        {
            "source_id": source_id,
            "external_id": f"gdelt:{ev.id}",
            "title": f"GDELT 2.0 event {ev.id}",
            "published_on": ev.day,
            "url": ev.source_url,
            "publisher": "GDELT Project",
            "license": "GDELT: free and open, with citation of the GDELT Project",
            "format": "gdelt",
            "origin": str(ctx.path),
            "text": body,
            "text_hash": text_hash(body),
        },
        bands(simhash(body)),
    )
    corroboration = ctx.options.get("corroboration", {}).get(ev.id)
    payload: dict[str, Any] = {
        "type": ev.type_id,
        "date": ev.day.isoformat(),
        "date_precision": "day",
        "place": ev.place,
        "lat": ev.lat,
        "lon": ev.lon,
        "actors": [
            {"role": role, "name": name, "id": None}
            for role, name in (("actor", ev.actor1), ("target", ev.actor2))
            if name
        ],
        "cameo": ev.code,
        "gdelt": {
            "GlobalEventID": ev.id,
            "NumMentions": ev.num_mentions,
            "NumSources": ev.num_sources,
            "NumArticles": ev.num_articles,
            "SOURCEURL": ev.source_url,
        },
        "corroboration": corroboration.to_dict() if corroboration else None,
    }
    independent = len(corroboration.sources) if corroboration else None
    summary = f"{ev.type_id} ({' → '.join(x for x in (ev.actor1, ev.actor2) if x) or '?'})"
    if independent is not None:
        summary += f"; {independent} independent source{'s' if independent != 1 else ''}"
    candidate_id = ctx.store.add_candidate(
        doc_id,
        {
            "kind": "event",
            "type": ev.type_id,
            "summary": summary,
            "payload": payload,
            "evidence_start": 0,
            "evidence_end": len(body),
            "evidence_text": body,
            # GDELT's own confidence is per mention (0-100); without mentions we have none.
            "confidence": (
                sum(corroboration.confidence) / len(corroboration.confidence) / 100
                if corroboration and corroboration.confidence
                else None
            ),
        },
    )
    ctx.store.add_external_record(
        scheme="gdelt",
        record_id=ev.id,
        version=ev.raw.get("DATEADDED") or "1",
        kind="record",
        candidate_id=candidate_id,
        source_id=source_id,
        data=ev.raw,
        recorded_at=ctx.now,
        recorded_by=ctx.caller.user,
    )
    return "created"


# --- PA-X -------------------------------------------------------------------------------------


def read_pax(
    ctx: ImportContext, path: Path, progress: Progress | None
) -> Iterator[tuple[int, pax.Agreement | RowError]]:
    return pax.read(path, progress=progress)


def _registry_match(ctx: ImportContext, segment: str) -> int | None:
    """A free-text PA-X party that is exactly a registry name or alias (never created)."""
    ids = ctx.store.actor_ids_by_norm(normalize_name(segment))
    return ids[0] if len(ids) == 1 else None


def import_pax_agreement(ctx: ImportContext, agt: pax.Agreement) -> str:
    if not agt.ceasefire or (ctx.since is not None and agt.date < ctx.since):
        return "filtered"
    versions = ctx.store.external_versions("pax", agt.id)
    if any(v["version"] == agt.version for v in versions):
        return "unchanged"
    source_ref = f"{pax.CITATION} Agreement {agt.id} (version {agt.version}): {agt.name}"
    source_id = get_or_create_source(
        ctx.store,
        source_ref,
        url=agt.url,
        title=agt.name,
        publisher="PA-X Peace Agreements Database (University of Edinburgh)",
        published_on=agt.date,
        kind="dataset",
    )[0]
    if versions:
        truce_id = int(versions[-1]["truce_id"])
        ctx.summary.notes.append(
            f"PA-X {agt.id}: version {agt.version} recorded; the truce's fields were not changed."
        )
        outcome = "updated"
    else:
        truce_id = _new_truce(ctx, agt, source_id)
        outcome = "created"
    ctx.store.add_external_record(
        scheme="pax",
        record_id=agt.id,
        version=agt.version,
        kind="record",
        truce_id=truce_id,
        source_id=source_id,
        data=agt.raw | {"licence": pax.LICENCE},
        recorded_at=ctx.now,
        recorded_by=ctx.caller.user,
    )
    return outcome


def _new_truce(ctx: ImportContext, agt: pax.Agreement, source_id: int) -> int:
    name = agt.name
    if ctx.store.truce_ids_by_norm(normalize_name(name)):
        name = f"{name} (PA-X {agt.id})"
    day = PartialDate.of(agt.date)
    notes = (
        f"From PA-X agreement {agt.id} (version {agt.version}); the effective date is PA-X's "
        f"agreement date. Stage {agt.raw.get('Stage') or '-'}/{agt.raw.get('StageSub') or '-'}, "
        f"type {agt.raw.get('Agtp') or '-'}, ceasefire provisions Ce={agt.raw.get('Ce') or '0'}. "
        f"Parties as PA-X writes them: {agt.raw.get('Part') or '-'}. Third parties: "
        f"{agt.raw.get('ThrdPart') or '-'}. Licence: {pax.LICENCE}"
    )
    truce_id = add_truce(
        ctx.store,
        ctx.caller,
        name,
        agt.kind,
        effective=day,
        declared=day,
        countries=list(agt.countries),
        aliases=[f"PA-X {agt.id}"],
        source=f"source:{source_id}",
        notes=notes,
    )
    matched = False
    for segment in agt.parties:
        actor_id = _registry_match(ctx, segment)
        if actor_id is None:
            ctx.summary.unresolved[segment] += 1
            continue
        matched = True
        record_participation(
            ctx.store,
            ctx.caller,
            str(truce_id),
            str(actor_id),
            EntryKind.JOINED,
            effective=day,
            sources=[f"source:{source_id}"],
            note=f"signatory of PA-X agreement {agt.id}",
            recorded_at=ctx.now,
        )
    for segment in agt.third_parties:
        actor_id = _registry_match(ctx, segment)
        if actor_id is None:
            ctx.summary.unresolved[segment] += 1
            continue
        ctx.store.add_truce_role(truce_id, actor_id, "third_party")
    if (agt.parties or agt.third_parties) and not matched:
        ctx.summary.unmatched += 1
    return truce_id
