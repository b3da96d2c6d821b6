"""Field reports: submission from the public, the moderation queue, acceptance and rejection.

A report never publishes itself. A moderator accepts it into an incident claim whose source has
kind "field_report" and a citation that names only the report number; the reporter's contact is
encrypted before it is written and decrypted only for the moderator queue (`queue`,
`show_report`). Audit entries record that a contact was given, never what it was.

Each attachment's bytes are also kept as an original in the evidence store (`acquired_via =
form`, acquired by the submitting session, which is "anonymous" for the public form; acquired
from "field report N, attachment M": never the file's name or anything the reporter typed).
The database copy stays what moderators download; the store's copy is what fixity checks and
moderators' bundles cover. Attachments are never public (services.evidence_bundle).
"""

from __future__ import annotations

import hashlib
import io
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from trucewatch.domain.audit import AuditAction
from trucewatch.domain.dates import utcnow
from trucewatch.domain.errors import InvalidInput, NotFound
from trucewatch.domain.incidents import IncidentTime, Place, TimePrecision
from trucewatch.domain.reports import FieldReport, ReportStatus
from trucewatch.evidence.store import ObjectStore
from trucewatch.services.context import Caller
from trucewatch.services.crypto import ContactCipher
from trucewatch.services.evidence import Original, record_original
from trucewatch.services.sources import get_or_create_source
from trucewatch.storage.store import Store

# Magic numbers of the evidence types we take: a declared type must match the bytes.
_MAGIC: dict[str, tuple[bytes, ...]] = {
    "image/jpeg": (b"\xff\xd8\xff",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "application/pdf": (b"%PDF",),
}
_SAFE_NAME = re.compile(r"[^A-Za-z0-9._ -]+")


@dataclass(frozen=True)
class EvidenceFile:
    filename: str
    content_type: str
    data: bytes

    def __repr__(self) -> str:
        return f"EvidenceFile({self.content_type}, {len(self.data)} bytes)"


def check_files(
    files: Sequence[EvidenceFile], *, max_files: int, max_bytes: int, types: frozenset[str]
) -> None:
    if len(files) > max_files:
        raise InvalidInput(f"evidence: at most {max_files} files.", field="evidence")
    for f in files:
        if f.content_type not in types:
            raise InvalidInput(
                f"evidence: {f.content_type!r} is not accepted; use one of {', '.join(sorted(types))}.",
                field="evidence",
            )
        if len(f.data) > max_bytes:
            raise InvalidInput(
                f"evidence: a file is larger than {max_bytes // 1024} KiB.", field="evidence"
            )
        if not f.data:
            raise InvalidInput("evidence: a file is empty.", field="evidence")
        magic = _MAGIC.get(f.content_type)
        if magic and not f.data.startswith(magic):
            raise InvalidInput(
                f"evidence: a file declared as {f.content_type} is not one.", field="evidence"
            )


def _safe_filename(name: str) -> str:
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    return (_SAFE_NAME.sub("_", base).strip(" .") or "evidence")[:120]


def submit_report(
    store: Store,
    caller: Caller,
    report: FieldReport,
    cipher: ContactCipher,
    files: Sequence[EvidenceFile] = (),
    objects: ObjectStore | None = None,
) -> int:
    """Queue a report for moderation. The contact is stored only as ciphertext.

    With `objects`, each file is kept as an original there too, in this transaction (the bytes
    first: a crash leaves at most an unreferenced object, never a record without its bytes).
    """
    report_id = store.add_field_report(
        {
            "description": report.description,
            "place": report.place,
            "occurred_on": report.occurred.start,
            "occurred_precision": str(report.occurred.precision),
            "actors": json.dumps(list(report.actors), ensure_ascii=False),
            "contact_encrypted": cipher.encrypt(report.contact) if report.contact else None,
            "status": str(ReportStatus.PENDING),
            "received_at": utcnow(),
        }
    )
    kept: list[int] = []
    for f in files:
        file_id = store.add_report_file(
            report_id,
            {
                "filename": _safe_filename(f.filename),
                "content_type": f.content_type,
                "size": len(f.data),
                "sha256": hashlib.sha256(f.data).hexdigest(),
                "data": f.data,
            },
        )
        if objects is not None:
            stored = objects.put(io.BytesIO(f.data))
            origin = Original(
                "form", f"field report {report_id}, attachment {file_id}", f.content_type
            )
            kept.append(record_original(store, caller, stored, origin))
    store.audit(
        user=caller.user,
        interface=caller.interface,
        action=AuditAction.SUBMIT_FIELD_REPORT,
        entity="field_report",
        entity_id=report_id,
        after={
            "place": report.place,
            "occurred": report.occurred.iso(),
            "contact_given": report.contact is not None,
            "files": len(files),
            "evidence_items": kept,
        },
    )
    return report_id


def _view(
    row: dict[str, Any], files: list[dict[str, Any]], cipher: ContactCipher
) -> dict[str, Any]:
    """The moderator's view of a report: the only place a contact is decrypted."""
    contact = cipher.decrypt(row["contact_encrypted"]) if row["contact_encrypted"] else None
    return {
        "id": row["id"],
        "status": row["status"],
        "description": row["description"],
        "place": row["place"],
        "occurred_on": row["occurred_on"].isoformat(),
        "occurred_precision": row["occurred_precision"],
        "actors": json.loads(row["actors"] or "[]"),
        "contact": None
        if contact is None
        else {"name": contact.name, "email": contact.email, "phone": contact.phone},
        "received_at": row["received_at"].isoformat(),
        "reviewed_by": row["reviewed_by"],
        "reviewed_at": row["reviewed_at"].isoformat() if row["reviewed_at"] else None,
        "review_note": row["review_note"],
        "result": row["result"],
        "files": [
            {k: f[k] for k in ("id", "filename", "content_type", "size", "sha256")} for f in files
        ],
    }


def queue(
    store: Store,
    cipher: ContactCipher,
    *,
    status: ReportStatus | None = ReportStatus.PENDING,
    after_id: int = 0,
    limit: int = 50,
) -> list[dict[str, Any]]:
    rows = store.list_field_reports(
        status=str(status) if status else None, after_id=after_id, limit=limit
    )
    files = store.report_files([r["id"] for r in rows])
    return [_view(r, files[r["id"]], cipher) for r in rows]


def _require(store: Store, report_id: int) -> dict[str, Any]:
    row = store.get_field_report(report_id)
    if row is None:
        raise NotFound("field report", str(report_id), field="report_id")
    return row


def show_report(store: Store, cipher: ContactCipher, report_id: int) -> dict[str, Any]:
    row = _require(store, report_id)
    return _view(row, store.report_files([report_id])[report_id], cipher)


def report_file(store: Store, report_id: int, file_id: int) -> dict[str, Any]:
    _require(store, report_id)
    f = store.report_file_data(report_id, file_id)
    if f is None:
        raise NotFound("evidence file", str(file_id), field="file_id")
    return f


def _pending(store: Store, report_id: int) -> dict[str, Any]:
    row = _require(store, report_id)
    if row["status"] != ReportStatus.PENDING:
        raise InvalidInput(
            f"report_id: report {report_id} was already {row['status']} by {row['reviewed_by']}.",
            field="report_id",
        )
    return row


def citation(row: dict[str, Any]) -> str:
    """The published citation of an accepted report: its number and day, nothing about who."""
    return f"Field report {row['id']} (received {row['received_at'].date().isoformat()})"


def accept_report(
    store: Store,
    caller: Caller,
    report_id: int,
    *,
    type: str,
    incident_id: int | None = None,
    summary: str | None = None,
    place: Place | None = None,
    perpetrators: Sequence[str] = (),
    targets: Sequence[str] = (),
    note: str | None = None,
) -> dict[str, Any]:
    """Publish a report as a claim: on `incident_id`, or as a new incident of `type`.

    The moderator's `summary` (default: the description) is what gets published, so they can
    strip anything that identifies the reporter. The claim's source has kind "field_report".
    """
    from trucewatch.services import incidents as incident_svc

    row = _pending(store, report_id)
    ref = citation(row)
    source_id, _ = get_or_create_source(
        store, ref, kind="field_report", title=f"Field report {report_id}"
    )
    text = (summary or row["description"]).strip()
    if incident_id is not None:
        claim_id = incident_svc.add_claim(
            store,
            caller,
            incident_id,
            source=ref,
            perpetrators=perpetrators,
            targets=targets,
            type=type,
            place_name=(place.name if place else None) or row["place"],
            note=text,
        )
    else:
        precision = {"day": TimePrecision.DAY}.get(row["occurred_precision"], TimePrecision.MONTH)
        if row["occurred_precision"] == "year":
            raise InvalidInput(
                "occurred_on: the report gives only a year; attach it to an existing incident "
                "(incident_id) instead.",
                field="incident_id",
            )
        incident_id, claim_id = incident_svc.file_incident(
            store,
            caller,
            type=type,
            occurred=IncidentTime(row["occurred_on"], precision),
            place=place or Place(name=row["place"], precision=3),
            source=ref,
            perpetrators=perpetrators,
            targets=targets,
            summary=text,
        )
    result = f"incident:{incident_id}/claim:{claim_id}"
    store.set_field_report_review(
        report_id,
        status=str(ReportStatus.ACCEPTED),
        user=caller.user,
        at=utcnow(),
        note=note,
        source_id=source_id,
        result=result,
    )
    store.audit(
        user=caller.user,
        interface=caller.interface,
        action=AuditAction.ACCEPT_FIELD_REPORT,
        entity="field_report",
        entity_id=report_id,
        before={"status": "pending"},
        after={"status": "accepted", "result": result, "source": source_id},
    )
    return {
        "id": report_id,
        "status": "accepted",
        "incident_id": incident_id,
        "claim_id": claim_id,
        "source_id": source_id,
    }


def reject_report(
    store: Store, caller: Caller, report_id: int, *, note: str | None = None
) -> dict[str, Any]:
    _pending(store, report_id)
    store.set_field_report_review(
        report_id,
        status=str(ReportStatus.REJECTED),
        user=caller.user,
        at=utcnow(),
        note=note,
        source_id=None,
        result=None,
    )
    store.audit(
        user=caller.user,
        interface=caller.interface,
        action=AuditAction.REJECT_FIELD_REPORT,
        entity="field_report",
        entity_id=report_id,
        before={"status": "pending"},
        after={"status": "rejected", "note": note},
    )
    return {"id": report_id, "status": "rejected"}
