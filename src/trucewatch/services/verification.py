"""Writes of the verification workflow: status transitions and investigation events.

Transitions are append-only rows. The current status of an incident (or of one claim) is the
last transition recorded for it, "reported" when there is none; a move the workflow does not
allow is refused with the moves it does allow (domain.incidents.TRANSITIONS).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from enum import StrEnum
from typing import Any

from trucewatch.domain.audit import AuditAction
from trucewatch.domain.checks import not_in_future, parse_enum
from trucewatch.domain.dates import utcnow
from trucewatch.domain.errors import InvalidInput, NotFound
from trucewatch.domain.incidents import VerificationStatus, check_transition
from trucewatch.services.context import Caller
from trucewatch.services.incidents import require_incident
from trucewatch.services.registry import require_source
from trucewatch.services.resolve import resolve_actor
from trucewatch.services.sources import get_or_create_source
from trucewatch.storage.store import Store


class InvestigationStep(StrEnum):
    REQUESTED = "requested"
    OPPOSED = "opposed"
    DEPLOYED = "deployed"
    REPORTED = "reported"


def parse_step(value: str, field: str = "--event") -> InvestigationStep:
    return parse_enum(InvestigationStep, value, field, "an investigation event", field="event")


def current_status(
    rows: Iterable[dict[str, Any]], claim_id: int | None = None
) -> VerificationStatus:
    """The latest status among transition rows (already in recording order) of one target."""
    status = VerificationStatus.REPORTED
    for r in rows:
        if r["claim_id"] == claim_id:
            status = VerificationStatus(r["status"])
    return status


def _check_day(day: dt.date, incident: dict[str, Any], now: dt.datetime, field: str) -> None:
    not_in_future(day, now, field, field="date")
    if day < incident["occurred_on"]:
        raise InvalidInput(
            f"{field}: {day} is before incident {incident['id']} happened "
            f"({incident['occurred_on']}).",
            field="date",
        )


def verify(
    store: Store,
    caller: Caller,
    incident_id: int,
    status: VerificationStatus,
    *,
    source: str,
    by: str | None = None,
    on: dt.date | None = None,
    claim_id: int | None = None,
    note: str | None = None,
    recorded_at: dt.datetime | None = None,
) -> int:
    """Move an incident (or, with `claim_id`, one of its claims) to a new verification status.

    `by` is who established it (a monitoring mission, an investigator), `on` when they did.
    """
    incident = require_incident(store, incident_id)
    now = recorded_at or utcnow()
    day = on or now.date()
    _check_day(day, incident, now, "--date")
    if claim_id is not None and store.claim_incident(claim_id) != incident_id:
        raise InvalidInput(
            f"--claim: claim {claim_id} is not a claim about incident {incident_id}.", field="claim"
        )
    what = f"claim {claim_id}" if claim_id is not None else f"incident {incident_id}"
    previous = current_status(store.verification_rows([incident_id]), claim_id)
    check_transition(previous, status, what)
    actor_id = resolve_actor(store, by, "--by") if by else None
    source_id = get_or_create_source(store, require_source(source))[0]
    event_id = store.insert_verification(
        incident_id=incident_id,
        claim_id=claim_id,
        status=str(status),
        previous=str(previous),
        actor_id=actor_id,
        happened_on=day,
        source_id=source_id,
        note=note,
        recorded_at=now,
        recorded_by=caller.user,
    )
    store.audit(
        user=caller.user,
        interface=caller.interface,
        action=AuditAction.VERIFY,
        entity="claim" if claim_id is not None else "incident",
        entity_id=claim_id if claim_id is not None else incident_id,
        before={"status": str(previous)},
        after={"status": str(status), "by": actor_id, "on": day, "source": source_id},
    )
    return event_id


def investigate(
    store: Store,
    caller: Caller,
    incident_id: int,
    step: InvestigationStep,
    *,
    body: str,
    source: str,
    by: str | None = None,
    on: dt.date | None = None,
    finding: str | None = None,
    note: str | None = None,
    recorded_at: dt.datetime | None = None,
) -> tuple[int, int]:
    """Record a step of an investigation by `body` into an incident; (investigation, event).

    Requests and oppositions name who made them (`by`); a report closes the investigation and
    carries its finding. Nothing is recorded after the report.
    """
    incident = require_incident(store, incident_id)
    now = recorded_at or utcnow()
    day = on or now.date()
    _check_day(day, incident, now, "--date")
    if step in (InvestigationStep.REQUESTED, InvestigationStep.OPPOSED) and not by:
        raise InvalidInput(f"--by: say who {step} the investigation.", field="by")
    if step is InvestigationStep.REPORTED and not (finding and finding.strip()):
        raise InvalidInput("--finding: a report needs its finding (a sentence).", field="finding")
    if step is not InvestigationStep.REPORTED and finding:
        raise InvalidInput("--finding: only a 'reported' event carries a finding.", field="finding")
    body_id = resolve_actor(store, body, "--body")
    actor_id = resolve_actor(store, by, "--by") if by else None
    existing = [i for i in store.investigation_rows([incident_id]) if i["body_id"] == body_id]
    if existing:
        kinds = [e["kind"] for e in existing[0]["events"]]
        if "reported" in kinds:
            raise InvalidInput(
                f"The investigation of incident {incident_id} by {body} has reported already; "
                "record new evidence as a claim or a verification transition.",
                field="event",
            )
        if step is InvestigationStep.DEPLOYED and "deployed" in kinds:
            raise InvalidInput(f"The investigation by {body} is already deployed.", field="event")
    source_id = get_or_create_source(store, require_source(source))[0]
    inv_id, _created = store.get_or_create_investigation(
        incident_id, body_id, at=now, by=caller.user
    )
    event_id = store.insert_investigation_event(
        investigation_id=inv_id,
        kind=str(step),
        actor_id=actor_id,
        happened_on=day,
        source_id=source_id,
        finding=finding.strip() if finding else None,
        note=note,
        recorded_at=now,
        recorded_by=caller.user,
    )
    store.audit(
        user=caller.user,
        interface=caller.interface,
        action=AuditAction.INVESTIGATE,
        entity="investigation",
        entity_id=inv_id,
        after={
            "incident": incident_id,
            "body": body_id,
            "event": str(step),
            "by": actor_id,
            "on": day,
            "source": source_id,
            "finding": finding,
        },
    )
    return inv_id, event_id


def require_claim(store: Store, claim_id: int) -> int:
    incident_id = store.claim_incident(claim_id)
    if incident_id is None:
        raise NotFound("claim", str(claim_id), field="claim")
    return incident_id
