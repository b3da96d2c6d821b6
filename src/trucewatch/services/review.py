"""Review of extracted candidates: list, show in context, accept or reject.

Acceptance goes through the same services as the CLI: a truce event becomes a ledger entry
(`record_participation`), a violent or other ACLED-type event becomes an incident with the
document's account as its first claim (`file_incident`), an unknown organisation becomes an
actor or an alias. Statements, appeals and diplomacy stay accepted candidates: they are what a
party said, kept with their evidence.

Who is who comes from the payload's roles (trucewatch.services.candidate_payload), never from
the order of the actors or their names: the party of a truce event is its `subject`, the one
who says so its `claimant` (else the document's publisher when that is a registry actor), an
incident's perpetrators its `perpetrator`s and its targets its `target`s and `victim`s.
"""

from __future__ import annotations

from typing import Any

from trucewatch.domain.audit import AuditAction
from trucewatch.domain.dates import PartialDate, Precision, parse_date
from trucewatch.domain.errors import InvalidInput, NotFound, TrucewatchError
from trucewatch.domain.incidents import IncidentTime, Place, TimePrecision
from trucewatch.domain.ledger import EntryKind
from trucewatch.domain.names import normalize_name
from trucewatch.domain.provenance import Evidence
from trucewatch.domain.taxonomy import EVENT_TYPES
from trucewatch.services.candidate_payload import actor_ids, current_payload, fatalities_of
from trucewatch.services.context import Caller
from trucewatch.services.ports import (
    ActorLookup,
    CandidateDecision,
    CandidateStore,
    CandidateView,
    IncidentUnit,
    ReviewUnit,
)
from trucewatch.services.registry import add_actor, parse_kind
from trucewatch.services.resolve import resolve_actor
from trucewatch.services.truces import record_participation
from trucewatch.storage.db import Database

LEDGER_TYPES = {
    "truce.joined": EntryKind.JOINED,
    "truce.withdrew": EntryKind.WITHDREW,
    "truce.refused": EntryKind.WITHDREW,
}
STATUSES = ("pending", "accepted", "rejected", "merged")


def list_candidates(
    store: CandidateStore,
    *,
    status: str | None = "pending",
    kind: str | None = None,
    limit: int = 50,
    after_id: int = 0,
) -> list[dict[str, Any]]:
    if status is not None and status not in STATUSES:
        raise InvalidInput(
            f"--status: {status!r} is not one of {', '.join(STATUSES)}.", field="status"
        )
    if kind is not None and kind not in ("event", "actor"):
        raise InvalidInput(f"--kind: {kind!r} is not one of event, actor.", field="kind")
    rows = store.list_candidates(status=status, kind=kind, limit=limit, after_id=after_id)
    return [_current(c) for c in rows]


def show_candidate(store: CandidateView, candidate_id: int, context: int = 240) -> dict[str, Any]:
    """The candidate with its evidence in context (the surrounding text of the document)."""
    cand = _get(store, candidate_id)
    doc = store.get_document(cand["document_id"])
    assert doc is not None
    text = doc["text"]
    start, end = cand["evidence_start"], cand["evidence_end"]
    if start is not None and end is not None:
        lo, hi = max(0, start - context), min(len(text), end + context)
        cand["context"] = {
            "before": text[lo:start],
            "evidence": text[start:end],
            "after": text[end:hi],
        }
    cand["document"] = {
        k: doc[k] for k in ("id", "title", "url", "publisher", "published_on", "origin")
    }
    cand["sources"] = [
        {"relation": rel, **store.sources_by_ids([sid])[sid]}
        for sid, rel in store.document_source_ids(doc["id"])
    ]
    cand["corrections"] = store.candidate_corrections(candidate_id)
    return cand


def _get(store: CandidateStore, candidate_id: int) -> dict[str, Any]:
    cand = store.get_candidate(candidate_id)
    if cand is None:
        raise NotFound("candidate", str(candidate_id), field="ID")
    return _current(cand)


def _current(cand: dict[str, Any]) -> dict[str, Any]:
    """An event candidate with its roles in the current vocabulary and a summary that says so."""
    if cand["kind"] == "event":
        cand["payload"] = current_payload(cand["payload"], cand["type"])
        cand["summary"] = event_summary(cand["type"], cand["payload"])
    return cand


def event_summary(type_id: str, payload: dict[str, Any]) -> str:
    who = ", ".join(
        f"{a.get('role')}: {a.get('name')}" for a in payload.get("actors") or [] if a.get("name")
    )
    return f"{type_id} ({who})" if who else type_id


def pending_candidate(store: CandidateStore, candidate_id: int) -> dict[str, Any]:
    cand = _get(store, candidate_id)
    if cand["status"] != "pending":
        raise InvalidInput(
            f"ID: candidate {candidate_id} was already {cand['status']} by {cand['reviewed_by']}.",
            field="ID",
        )
    return cand


def accept_candidate(
    store: ReviewUnit,
    caller: Caller,
    candidate_id: int,
    *,
    truce: str | None = None,
    actor: str | None = None,
    claimant: str | None = None,
    alias_of: str | None = None,
    kind: str | None = None,
    perpetrators: tuple[str, ...] = (),
    targets: tuple[str, ...] = (),
    note: str | None = None,
    merged: tuple[int, ...] = (),
) -> dict[str, Any]:
    """Accept a candidate; the reviewer may name the truce, the party (`actor`), the claimant,
    an actor candidate's kind, or the alleged perpetrators and targets, over the payload's roles.

    `merged` names other pending event candidates that report the same event: they are marked
    merged into this one, and their documents become further sources of the ledger entry or
    further claims about the incident.
    """
    cand = pending_candidate(store, candidate_id)
    payload = cand["payload"]
    doc = store.get_document(cand["document_id"])
    assert doc is not None
    others = _merge_set(store, cand, merged)
    result: str | None = None
    merged_results: dict[int, str] = {}
    if cand["kind"] == "actor":
        if alias_of:
            target = resolve_actor(store, alias_of, "--alias-of")
            from trucewatch.domain.actors import Alias

            store.add_alias(
                target, Alias(payload["name"], origin=f"review of candidate {candidate_id}")
            )
            result = f"alias:{target}"
        else:
            new_id = add_actor(
                store, caller, payload["name"], parse_kind(kind or cand["type"], "--kind")
            )
            result = f"actor:{new_id}"
    elif cand["type"] in LEDGER_TYPES:
        truce_ref = truce or (
            str(payload["truce"]) if isinstance(payload.get("truce"), int) else None
        )
        if truce_ref is None:
            raise InvalidInput(
                f"--truce: the text names the truce as {payload.get('truce')!r}, which is not a registry truce; "
                "pass --truce NAME_OR_ID.",
                field="truce",
            )
        subjects = actor_ids(payload, "subject")
        actor_ref = actor or (subjects[0] if subjects else None)
        if actor_ref is None:
            raise InvalidInput(
                "--actor: the candidate has no registry actor in the role subject (who joined, "
                "withdrew or refused); pass --actor NAME_OR_ID.",
                field="actor",
            )
        effective = _event_date(payload, doc)
        sources = [f"source:{doc['source_id']}"]
        for other in others:
            other_doc = store.get_document(other["document_id"])
            assert other_doc is not None
            if f"source:{other_doc['source_id']}" not in sources:
                sources.append(f"source:{other_doc['source_id']}")
        entry_id = record_participation(
            store,
            caller,
            truce_ref,
            actor_ref,
            LEDGER_TYPES[cand["type"]],
            effective=effective,
            sources=sources,
            asserted_by=claimant or _claimant(store, payload, doc),
            note=f"accepted from candidate {candidate_id}: {cand['evidence_text']}",
        )
        result = f"ledger_entry:{entry_id}"
        merged_results = {o["id"]: f"merged_into:{candidate_id},{result}" for o in others}
    elif is_incident_type(cand["type"]):
        incident_id, claim_id = _file_incident(
            store, caller, cand, doc, perpetrators, targets, claimant
        )
        result = f"incident:{incident_id},claim:{claim_id}"
        for other in others:
            other_claim = _merge_claim(store, caller, incident_id, other)
            merged_results[other["id"]] = (
                f"merged_into:{candidate_id},incident:{incident_id},claim:{other_claim}"
            )
    elif others:
        merged_results = {o["id"]: f"merged_into:{candidate_id}" for o in others}
    _decide(
        store, caller, candidate_id, "accepted", AuditAction.ACCEPT_CANDIDATE, note, result,
        {"result": result, "merged": sorted(merged_results)},
    )  # fmt: skip
    for other_id, other_result in merged_results.items():
        _decide(
            store, caller, other_id, "merged", AuditAction.MERGE_CANDIDATE, note, other_result,
            {"result": other_result},
        )  # fmt: skip
    out: dict[str, Any] = {"id": candidate_id, "status": "accepted", "result": result}
    if merged_results:
        out["merged"] = [{"id": i, "result": r} for i, r in merged_results.items()]
    return out


def _merge_set(
    store: CandidateStore, cand: dict[str, Any], merged: tuple[int, ...]
) -> list[dict[str, Any]]:
    """The other candidates to merge into `cand`: pending event candidates, each once."""
    out: list[dict[str, Any]] = []
    for other_id in dict.fromkeys(merged):
        if other_id == cand["id"]:
            raise InvalidInput(
                f"--merge: candidate {other_id} cannot be merged into itself.", field="merge"
            )
        other = pending_candidate(store, other_id)
        if other["kind"] != "event" or cand["kind"] != "event":
            raise InvalidInput(
                f"--merge: only event candidates merge; candidate "
                f"{other_id if other['kind'] != 'event' else cand['id']} is an actor candidate.",
                field="merge",
            )
        out.append(other)
    return out


def _merge_claim(
    store: IncidentUnit, caller: Caller, incident_id: int, other: dict[str, Any]
) -> int:
    """A merged candidate's account of the incident, as a further claim with its evidence."""
    from trucewatch.services.incidents import add_claim

    doc = store.get_document(other["document_id"])
    assert doc is not None
    payload = other["payload"]
    return add_claim(
        store,
        caller,
        incident_id,
        source=f"source:{doc['source_id']}",
        claimant=_claimant(store, payload, doc),
        perpetrators=actor_ids(payload, "perpetrator"),
        targets=actor_ids(payload, "target", "victim"),
        fatalities=fatalities_of(payload.get("fatalities")),
        type=other["type"] if is_incident_type(other["type"]) else None,
        place_name=payload.get("place") or None,
        evidence=Evidence(
            doc["id"], other["evidence_start"], other["evidence_end"], other["evidence_text"]
        ),
        note=f"merged from candidate {other['id']}",
    )


def _claimant(store: ActorLookup, payload: dict[str, Any], doc: dict[str, Any]) -> str | None:
    """Who says so: the payload's claimant, else the document's publisher if it is an actor."""
    claimants = actor_ids(payload, "claimant")
    if claimants:
        return claimants[0]
    publisher = (doc.get("publisher") or "").strip()
    if publisher:
        ids = store.actor_ids_by_norm(normalize_name(publisher))
        if len(ids) == 1:
            return str(ids[0])
    return None


def is_incident_type(type_id: str) -> bool:
    """ACLED-type events (violence, battles, protests, riots, strategic developments) are incidents."""
    et = EVENT_TYPES.get(type_id)
    return (
        et is not None and et.acled_sub_event_type is not None and not type_id.startswith("truce.")
    )


def _file_incident(
    store: IncidentUnit,
    caller: Caller,
    cand: dict[str, Any],
    doc: dict[str, Any],
    perpetrators: tuple[str, ...],
    targets: tuple[str, ...],
    claimant: str | None,
) -> tuple[int, int]:
    from trucewatch.services.incidents import file_incident

    payload = cand["payload"]
    when = _event_date(payload, doc)
    precision = TimePrecision.DAY if when.precision is Precision.DAY else TimePrecision.MONTH
    place = _place(payload, doc)
    fatalities = fatalities_of(payload.get("fatalities"))
    source = f"source:{doc['source_id']}"
    incident_id, claim_id = file_incident(
        store,
        caller,
        type=cand["type"],
        occurred=IncidentTime(when.start, precision),
        place=place,
        source=source,
        claimant=claimant or _claimant(store, payload, doc),
        perpetrators=list(perpetrators) or actor_ids(payload, "perpetrator"),
        targets=list(targets) or actor_ids(payload, "target", "victim"),
        fatalities=fatalities,
        summary=cand["evidence_text"],
        evidence=Evidence(
            doc["id"], cand["evidence_start"], cand["evidence_end"], cand["evidence_text"]
        ),
    )
    return incident_id, claim_id


def _place(payload: dict[str, Any], doc: dict[str, Any]) -> Place:
    """The event's place with coordinates from the document's extraction (GeoNames)."""
    name = payload.get("place")
    for p in (doc.get("extraction") or {}).get("places", []):
        if p.get("name") == name:
            lat, lon = p.get("lat"), p.get("lon")
            return Place(
                name=name,
                admin1=p.get("admin1"),
                country="SY" if lat is not None else None,
                lat=lat,
                lon=lon,
                precision=1 if lat is not None else 3,
            )
    if name:
        return Place(name=name, precision=3)
    raise InvalidInput("The candidate names no place; an incident needs one.", field="place")


def accept_matching(
    database: Database,
    caller: Caller,
    *,
    type_id: str,
    min_confidence: float = 0.0,
    publisher: str | None = None,
    perpetrators: tuple[str, ...] = (),
    claimant: str | None = None,
    limit: int = 1000,
) -> dict[str, Any]:
    """Accept every pending candidate of a type (above a confidence, from a publisher), each in
    a write unit of its own; candidates that cannot be accepted are left pending and listed.
    The pending queue is read a page at a time in read units, which take no write lock."""
    accepted: list[dict[str, Any]] = []
    skipped: list[dict[str, Any]] = []
    after = 0
    while len(accepted) + len(skipped) < limit:
        with database.read() as store:
            batch = store.list_candidates(status="pending", kind="event", limit=200, after_id=after)
        if not batch:
            break
        for c in batch:
            after = c["id"]
            if c["type"] != type_id or (c["confidence"] or 0) < min_confidence:
                continue
            if len(accepted) + len(skipped) >= limit:
                break
            try:
                with database.write() as store:
                    if publisher:
                        doc = store.get_document(c["document_id"])
                        if publisher.casefold() not in (doc or {}).get("publisher", "").casefold():
                            continue
                    accepted.append(
                        accept_candidate(
                            store,
                            caller,
                            c["id"],
                            perpetrators=perpetrators,
                            claimant=claimant,
                        )
                    )
            except TrucewatchError as exc:
                skipped.append({"id": c["id"], "reason": exc.message})
    return {"accepted": len(accepted), "skipped": skipped, "results": accepted}


def reject_candidate(
    store: CandidateDecision, caller: Caller, candidate_id: int, *, note: str | None = None
) -> dict[str, Any]:
    pending_candidate(store, candidate_id)
    _decide(
        store,
        caller,
        candidate_id,
        "rejected",
        AuditAction.REJECT_CANDIDATE,
        note,
        None,
        {"note": note},
    )
    return {"id": candidate_id, "status": "rejected"}


def _decide(
    store: CandidateDecision,
    caller: Caller,
    candidate_id: int,
    status: str,
    action: AuditAction,
    note: str | None,
    result: str | None,
    details: dict[str, Any],
) -> None:
    """A pending candidate's new status, and its audit entry (pending -> status, details)."""
    store.set_candidate_review(
        candidate_id, status=status, user=caller.user, note=note, result=result
    )
    store.audit(
        user=caller.user,
        interface=caller.interface,
        action=action,
        entity="candidate",
        entity_id=candidate_id,
        before={"status": "pending"},
        after={"status": status, **details},
    )


def _event_date(payload: dict[str, Any], doc: dict[str, Any]) -> PartialDate:
    if payload.get("date"):
        precision = payload.get("date_precision") or "day"
        text = str(payload["date"])
        if precision in ("month", "year"):
            text = text[: 7 if precision == "month" else 4]
        try:
            return parse_date(text, "date")
        except InvalidInput:
            pass
    if doc.get("published_on"):
        return PartialDate(doc["published_on"], Precision.DAY)
    raise InvalidInput(
        "The candidate has no date and its document no publication date.", field="date"
    )
