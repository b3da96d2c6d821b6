"""ACLED rows as incidents, each with ACLED's coding as one claim; updates and deletions.

An ACLED row is ACLED's account of an event, so it becomes an incident whose first claim has
ACLED (that version of the row) as its source: the notes are the claim's evidence text and the
outlets ACLED cites are kept in the source's citation. ACLED overwrites rows in place; we add
a claim per newer `timestamp` and mark the one it replaces `refuted` with a note saying it was
superseded, which is the claims workflow's way to record a correction without losing the old
text. A deletion marks ACLED's current claim refuted the same way. The row as read is kept per
version in `external_records`, which is also how the exporter writes ACLED's own columns back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from trucewatch.domain.actors import ActorKind
from trucewatch.domain.incidents import Fatalities, IncidentTime, Place, TimePrecision
from trucewatch.domain.provenance import Evidence
from trucewatch.interop import acled
from trucewatch.interop.base import Progress, RowError
from trucewatch.services.incidents import add_claim, file_incident
from trucewatch.services.interop import ImportContext
from trucewatch.services.verification import VerificationStatus, current_status, verify

SCHEME = "acled"
PUBLISHER = "ACLED (Armed Conflict Location & Event Data)"

# ACLED actor categories -> our actor kinds, used only when --create-actors adds an actor.
INTER_KIND: dict[int, ActorKind] = {
    1: ActorKind.STATE_FORCE,
    2: ActorKind.ARMED_GROUP,
    3: ActorKind.ARMED_GROUP,
    4: ActorKind.ARMED_GROUP,
    5: ActorKind.OTHER,
    6: ActorKind.OTHER,
    7: ActorKind.OTHER,
    8: ActorKind.STATE_FORCE,
}


def read_acled(
    ctx: ImportContext, path: Path, progress: Progress | None
) -> Iterator[tuple[int, acled.AcledRecord | RowError]]:
    return acled.read(path, progress=progress)


def read_deletions(
    ctx: ImportContext, path: Path, progress: Progress | None
) -> Iterator[tuple[int, acled.Deletion | RowError]]:
    return acled.read_deletions(path, progress=progress)


def incident_time(when: dt.date, precision: TimePrecision) -> IncidentTime:
    """ACLED gives a day inside the week or month it means; we store the period's first day."""
    if precision is TimePrecision.WEEK:
        return IncidentTime(when - dt.timedelta(days=when.weekday()), precision)
    if precision is TimePrecision.MONTH:
        return IncidentTime(when.replace(day=1), precision)
    return IncidentTime(when, precision)


def _stamp(ts: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(ts, dt.UTC)


def _version_source(ctx: ImportContext, rec: acled.AcledRecord) -> int:
    stamp = _stamp(rec.timestamp)
    citation = f"ACLED event {rec.event_id_cnty}, as coded at {stamp:%Y-%m-%d %H:%M} UTC"
    if rec.source:
        citation += f"; ACLED's sources: {rec.source}"
    return ctx.store.get_or_create_source(
        citation,
        identity=f"acled:{rec.event_id_cnty}@{rec.timestamp}",
        title=f"ACLED {rec.event_id_cnty}",
        publisher=PUBLISHER,
        published_on=stamp.date(),
        kind="dataset",
    )[0]


def _actor_ids(
    ctx: ImportContext, rec: acled.AcledRecord
) -> tuple[list[str], list[str], list[str]]:
    """(perpetrator ids, target ids, names not in the registry), ids as text for the services."""
    inter1 = acled.parse_inter(rec.raw.get("inter1"), "inter1") or 0
    inter2 = acled.parse_inter(rec.raw.get("inter2"), "inter2") or 0
    missing: list[str] = []

    def ids(names: tuple[str, ...], inter: int) -> list[str]:
        out = []
        for n in names:
            found = ctx.actor(n, INTER_KIND.get(inter, ActorKind.OTHER))
            if found is None:
                missing.append(n)
            elif str(found) not in out:
                out.append(str(found))
        return out

    return ids(rec.perpetrators, inter1), ids(rec.targets, inter2), missing


def _note(rec: acled.AcledRecord, missing: list[str]) -> str:
    parts = [f"ACLED {rec.event_id_cnty} (timestamp {rec.timestamp})"]
    if rec.raw.get("civilian_targeting"):
        parts.append(f"civilian targeting: {rec.raw['civilian_targeting']}")
    if missing:
        parts.append("actors not in the registry: " + "; ".join(missing))
    return "; ".join(parts)


def import_acled_record(ctx: ImportContext, rec: acled.AcledRecord) -> str:
    if ctx.since is not None and incident_time(rec.event_date, rec.time_precision).end < ctx.since:
        return "filtered"
    versions = ctx.store.external_versions(SCHEME, rec.event_id_cnty)
    if any(v["version"] == str(rec.timestamp) for v in versions):
        return "unchanged"
    records = [v for v in versions if v["kind"] == "record"]
    if records and max(int(v["version"]) for v in records) > rec.timestamp:
        ctx.summary.notes.append(
            f"{rec.event_id_cnty}: the file's version ({rec.timestamp}) is older than the stored "
            "one; kept as is."
        )
        return "unchanged"
    source_id = _version_source(ctx, rec)
    perps, targets, missing = _actor_ids(ctx, rec)
    fatalities = Fatalities(best=rec.fatalities) if rec.fatalities is not None else None
    evidence = Evidence(text=rec.notes) if rec.notes else None
    if not records:
        incident_id, claim_id = file_incident(
            ctx.store,
            ctx.caller,
            type=rec.type_id,
            occurred=incident_time(rec.event_date, rec.time_precision),
            place=Place(
                name=rec.location,
                admin1=rec.admin1,
                country=rec.country,
                lat=rec.latitude,
                lon=rec.longitude,
                precision=rec.geo_precision,
            ),
            source=f"source:{source_id}",
            perpetrators=perps,
            targets=targets,
            fatalities=fatalities,
            summary=rec.notes,
            evidence=evidence,
            recorded_at=ctx.now,
        )
        outcome = "created"
    else:
        incident_id = int(records[-1]["incident_id"])
        claim_id = add_claim(
            ctx.store,
            ctx.caller,
            incident_id,
            source=f"source:{source_id}",
            perpetrators=perps,
            targets=targets,
            fatalities=fatalities,
            type=rec.type_id,
            place_name=rec.location,
            admin1=rec.admin1,
            evidence=evidence,
            note=_note(rec, missing),
            recorded_at=ctx.now,
        )
        _refute(
            ctx,
            incident_id,
            [int(v["claim_id"]) for v in versions if v["claim_id"] is not None],
            source_id,
            f"superseded by ACLED's revision of {rec.event_id_cnty} at timestamp {rec.timestamp}",
        )
        outcome = "updated"
    ctx.store.add_external_record(
        scheme=SCHEME,
        record_id=rec.event_id_cnty,
        version=str(rec.timestamp),
        kind="record",
        incident_id=incident_id,
        claim_id=claim_id,
        source_id=source_id,
        data=rec.raw,
        recorded_at=ctx.now,
        recorded_by=ctx.caller.user,
    )
    if missing:
        # Still imported (the names stay in the stored row); counted so the user can add them.
        ctx.summary.unmatched += 1
    return outcome


def _refute(
    ctx: ImportContext, incident_id: int, claim_ids: list[int], source_id: int, note: str
) -> None:
    rows = ctx.store.verification_rows([incident_id])
    for cid in claim_ids:
        if current_status(rows, cid) is not VerificationStatus.REFUTED:
            verify(
                ctx.store,
                ctx.caller,
                incident_id,
                VerificationStatus.REFUTED,
                source=f"source:{source_id}",
                claim_id=cid,
                note=note,
                recorded_at=ctx.now,
            )


def import_deletion(ctx: ImportContext, rec: acled.Deletion) -> str:
    """Retract an event ACLED deleted: its claims are marked refuted, nothing is removed."""
    versions = ctx.store.external_versions(SCHEME, rec.event_id_cnty)
    records = [v for v in versions if v["kind"] == "record"]
    if not records:
        return "unmatched"
    version = f"deleted@{rec.deleted_timestamp}"
    if any(v["version"] == version for v in versions):
        return "unchanged"
    stamp = _stamp(rec.deleted_timestamp)
    source_id = ctx.store.get_or_create_source(
        f"ACLED deleted events list: {rec.event_id_cnty} deleted at {stamp:%Y-%m-%d %H:%M} UTC",
        identity=f"acled-deleted:{rec.event_id_cnty}@{rec.deleted_timestamp}",
        title=f"ACLED deletion of {rec.event_id_cnty}",
        publisher=PUBLISHER,
        published_on=stamp.date(),
        kind="dataset",
    )[0]
    incident_id = int(records[-1]["incident_id"])
    _refute(
        ctx,
        incident_id,
        [int(v["claim_id"]) for v in records if v["claim_id"] is not None],
        source_id,
        f"deleted by ACLED at timestamp {rec.deleted_timestamp}",
    )
    data: dict[str, Any] = {
        "event_id_cnty": rec.event_id_cnty,
        "deleted_timestamp": rec.deleted_timestamp,
    }
    ctx.store.add_external_record(
        scheme=SCHEME,
        record_id=rec.event_id_cnty,
        version=version,
        kind="deleted",
        incident_id=incident_id,
        source_id=source_id,
        data=data,
        recorded_at=ctx.now,
        recorded_by=ctx.caller.user,
    )
    return "updated"
