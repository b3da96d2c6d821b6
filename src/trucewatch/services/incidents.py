"""Writes about incidents: filing one, adding claims, and grading sources and claims.

Each function is one use case in the caller's transaction and appends its audit entry there.
Everything is checked before the first row is written, so a refused call leaves nothing behind
(and the transaction would roll back anyway). Review of extracted candidates calls
`file_incident` and `add_claim` exactly as the CLI does.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Sequence
from typing import Any

from trucewatch.domain.audit import AuditAction
from trucewatch.domain.checks import country_code, not_in_future
from trucewatch.domain.dates import utcnow
from trucewatch.domain.errors import InvalidInput, NotFound
from trucewatch.domain.incidents import (
    Fatalities,
    IncidentTime,
    Place,
    check_fatalities,
    check_place,
)
from trucewatch.domain.provenance import Evidence, parse_credibility, parse_reliability
from trucewatch.domain.taxonomy import EVENT_TYPES
from trucewatch.services.context import Caller
from trucewatch.services.ports import DocumentStore, IncidentStore, IncidentUnit
from trucewatch.services.registry import require_source
from trucewatch.services.resolve import resolve_actor
from trucewatch.services.sources import get_or_create_source


def check_event_type(value: str, field: str = "--type") -> str:
    """An id from domain.taxonomy; unknown ids fail with the closest known ones."""
    v = (value or "").strip().lower()
    if v in EVENT_TYPES:
        return v
    close = difflib.get_close_matches(v, list(EVENT_TYPES), n=3, cutoff=0.5)
    hint = (" Closest: " + ", ".join(close) + ".") if close else " See docs/taxonomy.md."
    raise InvalidInput(f"{field}: {value!r} is not an event type id.{hint}", field="type")


def require_incident(
    store: IncidentStore, incident_id: int, field: str = "INCIDENT"
) -> dict[str, Any]:
    rows = store.incident_rows(ids=[incident_id])
    if not rows:
        raise NotFound("incident", str(incident_id), field=field)
    return rows[0]


def _check_evidence(store: DocumentStore, evidence: Evidence | None) -> None:
    if evidence is None:
        return
    evidence.check()
    if evidence.document_id is not None and not store.document_exists(evidence.document_id):
        raise NotFound("document", str(evidence.document_id), field="document")


def fatality_columns(f: Fatalities) -> dict[str, int | None]:
    return {
        "fatalities_low": f.low,
        "fatalities_best": f.best,
        "fatalities_high": f.high,
        "fatalities_civilians": f.civilians,
        "fatalities_non_civilians": f.non_civilians,
        "fatalities_children": f.children,
        "fatalities_women": f.women,
    }


def check_new_incident(
    *,
    type: str,
    occurred: IncidentTime,
    place: Place,
    now: dt.datetime,
    fatalities: Fatalities | None = None,
) -> str:
    """The rules every new incident meets, whichever path writes it; its event type id.

    There are two writers of incidents: `file_incident`, one at a time with its audit row, and
    the bulk path of dataset imports (services.interop_acled.AcledBatch), which inserts a chunk
    of rows at once. Both call this, so the same bad row is refused with the same sentence by
    either. `fatalities` is the first claim's count, for a writer that does not check it
    through `add_claim`'s fields.
    """
    event_type = check_event_type(type)
    not_in_future(occurred.start, now, "--date")
    check_place(place)
    if place.country is not None:
        country_code(place.country)  # checked as given; stored as given
    if fatalities is not None:
        check_fatalities(fatalities)
    return event_type


def file_incident(
    store: IncidentUnit,
    caller: Caller,
    *,
    type: str,
    occurred: IncidentTime,
    place: Place,
    source: str,
    claimant: str | None = None,
    perpetrators: Sequence[str] = (),
    targets: Sequence[str] = (),
    fatalities: Fatalities | None = None,
    credibility: int | None = None,
    summary: str | None = None,
    evidence: Evidence | None = None,
    recorded_at: dt.datetime | None = None,
) -> tuple[int, int]:
    """File an incident and its first claim (the filing source's account); (incident, claim).

    The incident row holds only what identifies the event (type, time, place, the filing
    source); who did it and how many died are always claims, so a later claim can disagree
    without anything being overwritten.
    """
    now = recorded_at or utcnow()
    event_type = check_new_incident(type=type, occurred=occurred, place=place, now=now)
    source_ref = require_source(source)
    claim_fields = _claim_fields(
        store, claimant, perpetrators, targets, fatalities or Fatalities(), credibility, evidence
    )
    source_id = get_or_create_source(store, source_ref)[0]
    incident_id = store.insert_incident(
        type=event_type,
        summary=summary,
        occurred_on=occurred.start,
        occurred_precision=str(occurred.precision),
        place_name=place.name,
        admin1=place.admin1,
        country=place.country.upper() if place.country else None,
        lat=place.lat,
        lon=place.lon,
        geo_precision=place.precision,
        source_id=source_id,
        recorded_at=now,
        recorded_by=caller.user,
    )
    store.audit(
        user=caller.user,
        interface=caller.interface,
        action=AuditAction.FILE_INCIDENT,
        entity="incident",
        entity_id=incident_id,
        after={
            "type": event_type,
            "occurred": occurred.iso(),
            "place": place.label(),
            "geo_precision": place.precision,
            "source": source_id,
        },
    )
    claim_id = _insert_claim(
        store, caller, incident_id, source_id, claim_fields, now, type=event_type, place=place
    )
    return incident_id, claim_id


def add_claim(
    store: IncidentUnit,
    caller: Caller,
    incident_id: int,
    *,
    source: str,
    claimant: str | None = None,
    perpetrators: Sequence[str] = (),
    targets: Sequence[str] = (),
    fatalities: Fatalities | None = None,
    type: str | None = None,
    place_name: str | None = None,
    admin1: str | None = None,
    credibility: int | None = None,
    same_story_as: int | None = None,
    evidence: Evidence | None = None,
    note: str | None = None,
    recorded_at: dt.datetime | None = None,
) -> int:
    """Append a claim about an incident. Claims are never edited; a correction is a new claim
    and, if the old one was wrong, a `refuted` transition on it."""
    incident = require_incident(store, incident_id)
    now = recorded_at or utcnow()
    if now < incident["recorded_at"]:
        raise InvalidInput(
            f"--recorded-at: {now.isoformat()} is before incident {incident_id} was recorded."
        )
    event_type = check_event_type(type) if type else None
    if same_story_as is not None and store.claim_incident(same_story_as) != incident_id:
        raise InvalidInput(
            f"--same-story-as: claim {same_story_as} is not a claim about incident {incident_id}.",
            field="same_story_as",
        )
    fields = _claim_fields(
        store, claimant, perpetrators, targets, fatalities or Fatalities(), credibility, evidence
    )
    fields["same_story_as"] = same_story_as
    fields["note"] = note
    source_id = get_or_create_source(store, require_source(source))[0]
    place = Place(name=place_name, admin1=admin1)
    return _insert_claim(
        store, caller, incident_id, source_id, fields, now, type=event_type, place=place
    )


def _claim_fields(
    store: IncidentUnit,
    claimant: str | None,
    perpetrators: Sequence[str],
    targets: Sequence[str],
    fatalities: Fatalities,
    credibility: int | None,
    evidence: Evidence | None,
) -> dict[str, Any]:
    """Resolve and check everything a claim needs before anything is written."""
    check_fatalities(fatalities)
    _check_evidence(store, evidence)
    return {
        "claimant_id": resolve_actor(store, claimant, "--claimant") if claimant else None,
        "perpetrators": [resolve_actor(store, p, "--perpetrator") for p in perpetrators],
        "targets": [resolve_actor(store, t, "--target") for t in targets],
        "fatalities": fatalities,
        "credibility": parse_credibility(credibility) if credibility is not None else None,
        "evidence": evidence or Evidence(),
    }


def _insert_claim(
    store: IncidentUnit,
    caller: Caller,
    incident_id: int,
    source_id: int,
    fields: dict[str, Any],
    now: dt.datetime,
    *,
    type: str | None,
    place: Place,
) -> int:
    ev: Evidence = fields["evidence"]
    claim_id = store.insert_claim(
        {
            "incident_id": incident_id,
            "claimant_id": fields["claimant_id"],
            "source_id": source_id,
            "document_id": ev.document_id,
            "evidence_start": ev.start,
            "evidence_end": ev.end,
            "evidence_text": ev.text,
            "type": type,
            "place_name": place.name,
            "admin1": place.admin1,
            "same_story_as": fields.get("same_story_as"),
            "note": fields.get("note"),
            "recorded_at": now,
            "recorded_by": caller.user,
            **fatality_columns(fields["fatalities"]),
        },
        fields["perpetrators"],
        fields["targets"],
    )
    if fields["credibility"] is not None:
        store.insert_claim_rating(
            claim_id, fields["credibility"], note="graded when recorded", at=now, by=caller.user
        )
    f: Fatalities = fields["fatalities"]
    store.audit(
        user=caller.user,
        interface=caller.interface,
        action=AuditAction.ADD_CLAIM,
        entity="claim",
        entity_id=claim_id,
        after={
            "incident": incident_id,
            "source": source_id,
            "claimant": fields["claimant_id"],
            "perpetrators": sorted(fields["perpetrators"]),
            "targets": sorted(fields["targets"]),
            "fatalities": [f.low, f.best, f.high],
            "credibility": fields["credibility"],
            "same_story_as": fields.get("same_story_as"),
        },
    )
    return claim_id


def rate_source(
    store: IncidentUnit,
    caller: Caller,
    source: str,
    reliability: str,
    *,
    note: str | None = None,
    rated_at: dt.datetime | None = None,
) -> int:
    """Grade a source's reliability (A-F). The grade history is kept; the latest one counts."""
    grade = parse_reliability(reliability)
    source_id = store.find_source(source)
    if source_id is None:
        raise NotFound("source", source, field="SOURCE")
    before = store.reliability_as_of([source_id]).get(source_id)
    rating_id = store.insert_source_rating(
        source_id, grade, note=note, at=rated_at or utcnow(), by=caller.user
    )
    store.audit(
        user=caller.user,
        interface=caller.interface,
        action=AuditAction.RATE_SOURCE,
        entity="source",
        entity_id=source_id,
        before={"reliability": before},
        after={"reliability": grade, "note": note},
    )
    return rating_id


def rate_claim(
    store: IncidentUnit,
    caller: Caller,
    claim_id: int,
    credibility: int | str,
    *,
    note: str | None = None,
    source: str | None = None,
    rated_at: dt.datetime | None = None,
) -> int:
    """Grade one claim's credibility (1-6): information is graded per claim, not per source.

    With `source`, the claim must come from that source (a guard for `source rate --claim`).
    """
    grade = parse_credibility(credibility)
    incident_id = store.claim_incident(claim_id)
    if incident_id is None:
        raise NotFound("claim", str(claim_id), field="claim")
    if source is not None:
        source_id = store.find_source(source)
        if source_id is None:
            raise NotFound("source", source, field="SOURCE")
        row = next(r for r in store.claim_rows([incident_id]) if r["id"] == claim_id)
        if row["source_id"] != source_id:
            raise InvalidInput(
                f"--claim: claim {claim_id} comes from source {row['source_id']}, "
                f"not from {source!r}.",
                field="claim",
            )
    before = store.credibility_as_of([claim_id]).get(claim_id)
    rating_id = store.insert_claim_rating(
        claim_id, grade, note=note, at=rated_at or utcnow(), by=caller.user
    )
    store.audit(
        user=caller.user,
        interface=caller.interface,
        action=AuditAction.RATE_CLAIM,
        entity="claim",
        entity_id=claim_id,
        before={"credibility": before},
        after={"credibility": grade, "note": note},
    )
    return rating_id
