"""Evidence over HTTP, for analysts and above: the bag `trucewatch evidence bundle` writes, as
one zip file, and what stands behind one document (its originals, hashes and custody log).

The bag is written to a temporary folder, zipped, sent and deleted; its items get an `exported`
custody entry naming the caller, in the request's transaction (so a POST). Anonymous callers
and viewers get 404, as if the route did not exist: originals are never public. A field report's
attachments go into a bag only when a moderator or admin asks (`"attachments": true`); an
analyst who asks is refused (403), and an analyst's bag holds no trace of them.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi import Path as PathParam
from fastapi.responses import FileResponse, Response
from pydantic import BaseModel, ConfigDict, Field
from starlette.background import BackgroundTask

from trucewatch.api.routes_registry import ERRORS
from trucewatch.domain.accounts import Role
from trucewatch.domain.dates import parse_day
from trucewatch.domain.errors import InvalidInput, NotFound
from trucewatch.evidence.bundle import write_bundle
from trucewatch.evidence.store import open_store
from trucewatch.server.deps import (
    AnalystHidden,
    StoreDep,
    caller,
    json_etag,
    reject_unknown_query,
    services,
)
from trucewatch.server.errors import forbidden
from trucewatch.services.context import Caller
from trucewatch.services.custody import DocumentCustody, document_custody, record_access
from trucewatch.services.evidence_bundle import collect_incident, collect_truce, record_export

Id = Annotated[int, PathParam(ge=1, le=2**31 - 1)]
router = APIRouter(dependencies=[Depends(reject_unknown_query)], responses=ERRORS)


class BundleRequest(BaseModel):
    """Either an incident, or a truce with an optional period of effective dates."""

    model_config = ConfigDict(extra="forbid")

    incident: int | None = Field(
        default=None, ge=1, le=2**31 - 1, description="One incident's claims."
    )
    truce: str | None = Field(
        default=None, max_length=200, description="A truce's ledger entries (id or name)."
    )
    since: str | None = Field(default=None, max_length=10, description="YYYY-MM-DD")
    until: str | None = Field(default=None, max_length=10, description="YYYY-MM-DD")
    attachments: bool = Field(
        default=False,
        description="Include field-report attachments (moderators and admins only).",
    )


@router.post("/evidence/bundles", tags=["evidence"])
def bundle(
    request: Request, store: StoreDep, p: AnalystHidden, body: BundleRequest
) -> FileResponse:
    """Make a BagIt bag (zip) of the originals, derivatives, records and custody behind an
    incident's claims or a truce's ledger entries.

    A POST because it writes: each item in the bag gets an `exported` custody entry, in the
    request's transaction.
    """
    if (body.incident is None) == (body.truce is None):
        raise InvalidInput("Give either incident or truce.", field="incident")
    if body.incident is not None and (body.since or body.until):
        raise InvalidInput("since and until go with truce.", field="since")
    if body.attachments and not p.has(Role.MODERATOR):
        raise forbidden("attachments: field-report attachments go only to moderators and admins.")
    settings = services(request).settings
    objects = open_store(settings.database_url, settings.evidence_dir)
    if body.incident is not None:
        content = collect_incident(store, body.incident, attachments=body.attachments)
        name = f"trucewatch-incident-{body.incident}"
    else:
        assert body.truce is not None
        content = collect_truce(
            store,
            body.truce,
            parse_day(body.since, "since") if body.since else None,
            parse_day(body.until, "until") if body.until else None,
            attachments=body.attachments,
        )
        name = f"trucewatch-truce-{content.scope['truce']}"
    work = Path(tempfile.mkdtemp(prefix="tw-bundle-"))
    try:
        write_bundle(content, objects, work / name)
        archive = shutil.make_archive(str(work / name), "zip", root_dir=work, base_dir=name)
        record_export(store, caller(p), content, f"api:{name}.zip")
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return FileResponse(
        archive,
        media_type="application/zip",
        filename=f"{name}.zip",
        background=BackgroundTask(shutil.rmtree, work, ignore_errors=True),
    )


def _accesses(request: Request) -> Iterator[list[tuple[Caller, DocumentCustody]]]:
    """What the handler showed, recorded as `accessed` custody entries once it returns.

    Declared before the store, this dependency is entered first and so left last: after the
    request's read-only transaction has ended (reads never take SQLite's write lock), and
    before the answer is sent.
    """
    shown: list[tuple[Caller, DocumentCustody]] = []
    yield shown
    if shown:
        with services(request).transaction() as store:
            for who, custody in shown:
                record_access(store, who, custody)


Accesses = Annotated[list[tuple[Caller, DocumentCustody]], Depends(_accesses, scope="function")]


@router.get("/documents/{document_id}/evidence", tags=["evidence"])
def document_evidence(
    accesses: Accesses, request: Request, store: StoreDep, p: AnalystHidden, document_id: Id
) -> Response:
    """A document's original(s) and text, with their fixity records (hash, size, media type,
    when, from where, by whom), derivations, timestamps and custody log, oldest first. Each
    read is an `accessed` custody entry on each item, shown by the next read."""
    found = document_custody(store, document_id)
    if found is None:
        raise NotFound("document", str(document_id), field="document_id")
    if found.items:
        accesses.append((caller(p), found))
    return json_etag(request, found.as_dict())
