"""Field reports: the public submission endpoint and the moderators' queue.

The submission answers the same way whether the report was queued or caught by the honeypot, so
a bot learns nothing. The queue is the one place a reporter's contact is decrypted; every other
response, page, export and log line is built without it.
"""

from __future__ import annotations

import json
import logging
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from trucewatch.api.pagination import decode_cursor, page_fetched
from trucewatch.api.routes_registry import ERRORS
from trucewatch.api.schemas import (
    FieldReportCreate,
    NoteCreate,
    PagePublic,
    ReportAccept,
    ReportReceiptPublic,
)
from trucewatch.domain.accounts import ANONYMOUS
from trucewatch.domain.errors import InvalidInput
from trucewatch.domain.incidents import Place
from trucewatch.domain.reports import check_contact, check_report, parse_status
from trucewatch.evidence.store import configured_store
from trucewatch.server.deps import (
    DEFAULT,
    Cursor,
    Limit,
    ModeratorHidden,
    StoreDep,
    caller,
    json_etag,
    reject_unknown_query,
    services,
)
from trucewatch.server.errors import ApiError
from trucewatch.services import field_reports as svc
from trucewatch.services.field_reports import EvidenceFile, check_files

router = APIRouter(dependencies=[Depends(reject_unknown_query)], responses=ERRORS)
Id = Annotated[int, Path(ge=1, le=2**31 - 1)]
log = logging.getLogger(__name__)
RECEIVED = {
    "status": "received",
    "message": "Thank you. A moderator will review your report; your contact details will never be published.",
}
_TEXT_FIELDS = ("description", "place", "occurred_on", "website")
_CONTACT_FIELDS = ("contact_name", "contact_email", "contact_phone")

_REPORT_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/FieldReportCreate"}},
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["description", "place", "occurred_on"],
                    "properties": {
                        "description": {"type": "string", "maxLength": 10000},
                        "place": {"type": "string", "maxLength": 200},
                        "occurred_on": {"type": "string", "maxLength": 10},
                        "actors": {"type": "array", "items": {"type": "string"}, "maxItems": 20},
                        "contact_name": {"type": "string", "maxLength": 200},
                        "contact_email": {"type": "string", "maxLength": 200},
                        "contact_phone": {"type": "string", "maxLength": 200},
                        "website": {"type": "string", "description": "Leave empty."},
                        "evidence": {
                            "type": "array",
                            "items": {"type": "string", "format": "binary"},
                        },
                    },
                }
            },
        },
    }
}


async def _from_multipart(
    request: Request, max_files: int
) -> tuple[FieldReportCreate, list[EvidenceFile]]:
    form = await request.form(max_files=max_files + 1, max_fields=60)
    try:
        files: list[EvidenceFile] = []
        for value in form.getlist("evidence"):
            if isinstance(value, str):
                raise InvalidInput("evidence: send files, not text.", field="evidence")
            files.append(
                EvidenceFile(
                    value.filename or "evidence", value.content_type or "", await value.read()
                )
            )
        fields: dict[str, Any] = {}
        for name in _TEXT_FIELDS:
            v = form.get(name)
            if v is not None:
                if not isinstance(v, str):
                    raise InvalidInput(f"{name}: send text, not a file.", field=name)
                fields[name] = v
        fields["actors"] = [a for a in form.getlist("actors") if isinstance(a, str)]
        contact = {
            k.removeprefix("contact_"): form.get(k)
            for k in _CONTACT_FIELDS
            if isinstance(form.get(k), str)
        }
        if contact:
            fields["contact"] = contact
        unknown = (
            set(form.keys()) - set(_TEXT_FIELDS) - set(_CONTACT_FIELDS) - {"actors", "evidence"}
        )
        if unknown:
            name = sorted(unknown)[0]
            raise InvalidInput(f"{name}: unknown field.", field=name)
        return FieldReportCreate.model_validate(fields), files
    finally:
        await form.close()


def _validation_error(exc: ValidationError) -> InvalidInput:
    err = exc.errors()[0]
    field = ".".join(str(p) for p in err.get("loc", ())) or None
    return InvalidInput(f"{field}: {err.get('msg', 'invalid value')}.", field=field)


@router.post(
    "/reports",
    status_code=202,
    response_model=ReportReceiptPublic,
    tags=["field reports"],
    openapi_extra=_REPORT_BODY,
)
async def submit_report(request: Request) -> JSONResponse:
    """Submit a field report (JSON, or multipart with evidence files). Anyone may; it is queued
    for moderators and never published by itself. The contact is private."""
    app = services(request)
    settings = app.settings
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    try:
        if ctype == "application/json":
            try:
                raw = json.loads(await request.body())
            except ValueError:
                raise InvalidInput("The body is not valid JSON.", field=None) from None
            except RecursionError:
                # json.loads recurses once per level: "[[[[..." deep enough ends the stack.
                raise InvalidInput(
                    "The body is JSON nested too deeply; a report is a flat object.", field=None
                ) from None
            body = FieldReportCreate.model_validate(raw)
            files: list[EvidenceFile] = []
        elif ctype == "multipart/form-data":
            body, files = await _from_multipart(request, settings.max_files)
        else:
            raise ApiError(
                "unsupported_media_type", "Send application/json or multipart/form-data."
            )
    except ValidationError as exc:
        raise _validation_error(exc) from None
    if body.website:  # the honeypot: people never see this field, bots fill it in
        return JSONResponse(RECEIVED, status_code=202)
    check_files(
        files,
        max_files=settings.max_files,
        max_bytes=settings.max_file_bytes,
        types=settings.evidence_types,
    )
    contact = (
        check_contact(body.contact.name, body.contact.email, body.contact.phone)
        if body.contact
        else None
    )
    report = check_report(body.description, body.place, body.occurred_on, body.actors, contact)

    # Attachments are kept as originals too, acquired by "anonymous" whoever is signed in:
    # the report is the public's, and evidence records must not say who sent it.
    objects = configured_store(settings.database_url, settings.evidence_dir) if files else None
    if files and objects is None:
        log.warning("No evidence folder configured: report attachments kept in the database only.")

    def write() -> None:
        with app.transaction() as store:
            svc.submit_report(store, caller(ANONYMOUS), report, app.cipher, files, objects)

    await run_in_threadpool(write)
    return JSONResponse(RECEIVED, status_code=202)


# --- moderation --------------------------------------------------------------------------
@router.get("/moderation/reports", response_model=PagePublic, tags=["moderation"])
def moderation_queue(
    request: Request,
    store: StoreDep,
    _p: ModeratorHidden,
    status: Annotated[
        str, Query(max_length=16, description="pending, accepted, rejected or all")
    ] = "pending",
    cursor: Cursor = None,
    limit: Limit = DEFAULT,
) -> Response:
    """The queue, with each reporter's contact decrypted: moderators only."""
    st = None if status == "all" else parse_status(status)
    rows = svc.queue(
        store,
        services(request).cipher,
        status=st,
        after_id=decode_cursor(cursor) or 0,
        limit=limit + 1,
    )
    return json_etag(request, page_fetched(rows, lambda r: int(r["id"]), limit))


@router.get("/moderation/reports/{report_id}", tags=["moderation"])
def moderation_show(
    request: Request, store: StoreDep, _p: ModeratorHidden, report_id: Id
) -> Response:
    return json_etag(request, svc.show_report(store, services(request).cipher, report_id))


@router.get("/moderation/reports/{report_id}/files/{file_id}", tags=["moderation"])
def moderation_file(store: StoreDep, _p: ModeratorHidden, report_id: Id, file_id: Id) -> Response:
    """An evidence file, as an attachment (never rendered inline by the browser)."""
    f = svc.report_file(store, report_id, file_id)
    return Response(
        f["data"],
        media_type=f["content_type"],
        headers={
            "Content-Disposition": f'attachment; filename="{f["filename"]}"',
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": "private, no-store",
        },
    )


@router.post("/moderation/reports/{report_id}/accept", tags=["moderation"])
def moderation_accept(
    report_id: Id, body: ReportAccept, store: StoreDep, p: ModeratorHidden
) -> dict[str, Any]:
    """Publish the report as a claim (source kind "field_report"); the contact stays private."""
    place = None
    if body.place or body.admin1 or body.lat is not None:
        place = Place(
            name=body.place,
            admin1=body.admin1,
            country=body.country,
            lat=body.lat,
            lon=body.lon,
            precision=body.geo_precision,
        )
    return svc.accept_report(
        store,
        caller(p),
        report_id,
        type=body.type,
        incident_id=body.incident_id,
        summary=body.summary,
        place=place,
        perpetrators=body.perpetrators,
        targets=body.targets,
        note=body.note,
    )


@router.post("/moderation/reports/{report_id}/reject", tags=["moderation"])
def moderation_reject(
    report_id: Id, body: NoteCreate, store: StoreDep, p: ModeratorHidden
) -> dict[str, Any]:
    return svc.reject_report(store, caller(p), report_id, note=body.note)
