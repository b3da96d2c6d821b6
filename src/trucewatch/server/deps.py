"""What every route shares: the database, who is calling, role checks, ETags, strict queries."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from threading import Lock
from typing import Annotated, Any

from fastapi import Depends, Query, Request
from fastapi.responses import JSONResponse, Response

from trucewatch import __version__
from trucewatch.api.pagination import DEFAULT_LIMIT, MAX_LIMIT
from trucewatch.domain.accounts import ANONYMOUS, Principal, Role
from trucewatch.server.cache import AnswerCache
from trucewatch.server.errors import ApiError, forbidden, hidden, unauthorized
from trucewatch.server.front import mark_front
from trucewatch.server.limits import LoginThrottle, TokenBucket
from trucewatch.server.sessions import COOKIE, CSRF_HEADER, SessionSigner
from trucewatch.services import accounts
from trucewatch.services.context import Caller
from trucewatch.services.crypto import ContactCipher
from trucewatch.services.versions import RegistryMemo
from trucewatch.settings import Settings
from trucewatch.storage.db import Database
from trucewatch.storage.store import Store

_SAFE = frozenset({"GET", "HEAD", "OPTIONS"})
LOCK_TIMEOUT_S = 30.0
# How long a shared cache may keep an answer whose `known_on` is settled (services.versions).
# Bitemporal answers as known then never change with appends; a day bounds how long a correction
# of a name in the registry (which is not bitemporal) can stay unseen downstream.
IMMUTABLE_MAX_AGE_S = 86400


@dataclass
class Services:
    """Per-app state, built in the lifespan (never at import time)."""

    settings: Settings
    database: Database
    cipher: ContactCipher
    signer: SessionSigner
    bucket: TokenBucket
    # Failed sign-ins per account; create_app builds it from the settings.
    logins: LoginThrottle = field(default_factory=lambda: LoginThrottle(5, 1.0, 900.0))
    # Computed answers keyed by (resource, parameters, version); create_app sizes it.
    answers: AnswerCache = field(default_factory=lambda: AnswerCache(1024, 32 * 2**20))
    # Relations and designations in memory for the current registry version.
    registry: RegistryMemo = field(default_factory=RegistryMemo)
    _pipeline: Any = None
    _lock: Lock = field(default_factory=Lock)
    _db_lock: Lock = field(default_factory=Lock)

    @contextmanager
    def transaction(self, *, readonly: bool = False, snapshot: bool = False) -> Iterator[Store]:
        """A unit of work (`Database.transaction`); on SQLite, one at a time in this process.

        Handlers are CPU-bound Python under one GIL, so running SQLite transactions one at a
        time costs no throughput (bench/api.py measured letting reads run concurrently: the
        actors page fell from 23.6 to 7.9 req/s with 16 clients) and keeps writes away from
        SQLite's sleeping busy handler. Reads still begin deferred, so they never block a
        writer in another process (the CLI, an import).

        A snapshot read (a streamed export) is the exception: its body is produced while the
        client downloads it, however slowly, and holding the lock that long would stall every
        other request. Under WAL it needs no lock: it reads its snapshot beside the writers.
        """
        if self.database.url.startswith("sqlite") and not (readonly and snapshot):
            # Admission (server/admission.py) keeps this wait short; the timeout is a backstop, so
            # no request can wait here for ever.
            if not self._db_lock.acquire(timeout=LOCK_TIMEOUT_S):
                raise ApiError(
                    "unavailable",
                    "The server is busy; try again shortly.",
                    headers={"Retry-After": "5"},
                )
            try:
                with self.database.transaction(readonly=readonly) as store:
                    yield store
            finally:
                self._db_lock.release()
        else:
            with self.database.transaction(readonly=readonly, snapshot=snapshot) as store:
                yield store

    def pipeline(self) -> Any:
        """The extraction pipeline, loaded once per app on first use."""
        with self._lock:
            if self._pipeline is None:
                from trucewatch.ingest.runners import ExtractSpec, pipeline_for

                self._pipeline = pipeline_for(ExtractSpec.of(None))
            return self._pipeline


def services(request: Request) -> Services:
    svc: Services = request.app.state.services
    return svc


def _store(request: Request) -> Iterator[Store]:
    """One transaction per request: all of a write commits, or none of it. Safe methods read
    in a read-only transaction."""
    readonly = request.method in ("GET", "HEAD", "OPTIONS")
    with services(request).transaction(readonly=readonly) as store:
        yield store


StoreDep = Annotated[Store, Depends(_store, scope="function")]


def current_principal(request: Request, store: StoreDep) -> Principal:
    """A bearer token wins; then the session cookie (with CSRF on unsafe methods); else anonymous.

    It reads in the request's own transaction: a second one would wait on SQLite's write lock.
    """
    svc = services(request)
    auth = request.headers.get("authorization")
    if auth is not None:
        scheme, _, secret = auth.partition(" ")
        if scheme.lower() != "bearer" or not secret.strip():
            raise unauthorized("Authorization: use 'Bearer <token>'.")
        p = accounts.authenticate_token(store, secret.strip())
        if p is None:
            raise unauthorized("The API token is unknown or revoked.")
        return p
    cookie = request.cookies.get(COOKIE)
    if cookie:
        session = svc.signer.read(cookie)
        if session is None:
            return ANONYMOUS
        p = accounts.principal_for_user(store, int(session["uid"]), Role(session["role"]))
        if p is None:
            return ANONYMOUS
        if request.method not in _SAFE and not svc.signer.csrf_ok(
            session, request.headers.get(CSRF_HEADER)
        ):
            raise ApiError("csrf", f"Missing or wrong {CSRF_HEADER} header for this session.")
        return p
    return ANONYMOUS


PrincipalDep = Annotated[Principal, Depends(current_principal)]


def need(role: Role | None, *, hide: bool = False) -> Callable[..., Principal]:
    """A dependency admitting callers with at least `role` (None: published data).

    With `hide`, callers without the role get 404, as if the thing did not exist: unpublished
    items must not be discoverable by probing.
    """

    def check(request: Request, p: PrincipalDep) -> Principal:
        if role is None:
            if p.anonymous and not services(request).settings.public_read:
                raise unauthorized()
            return p
        if p.has(role):
            return p
        if hide:
            raise hidden()
        if p.anonymous:
            raise unauthorized()
        raise forbidden(f"This needs the {role} role or higher.")

    return check


Public = Annotated[Principal, Depends(need(None))]
Viewer = Annotated[Principal, Depends(need(Role.VIEWER))]
Analyst = Annotated[Principal, Depends(need(Role.ANALYST))]
AnalystHidden = Annotated[Principal, Depends(need(Role.ANALYST, hide=True))]
ModeratorHidden = Annotated[Principal, Depends(need(Role.MODERATOR, hide=True))]
Admin = Annotated[Principal, Depends(need(Role.ADMIN))]

Cursor = Annotated[str | None, Query(description="next_cursor from the previous page.")]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Items per page.")]
DEFAULT = DEFAULT_LIMIT


def caller(p: Principal) -> Caller:
    return Caller(user=p.user or "anonymous", interface="api")


def _query_names(dependant: Any, out: set[str]) -> None:
    for param in dependant.query_params:
        out.add(param.alias or param.name)
    for sub in dependant.dependencies:
        _query_names(sub, out)


def reject_unknown_query(request: Request) -> None:
    """Unknown query parameters are errors, not silently ignored filters."""
    route = request.scope.get("route")
    dependant = getattr(route, "dependant", None)
    if dependant is None:
        return
    known: set[str] = set()
    _query_names(dependant, known)
    for name in request.query_params:
        if name not in known:
            allowed = ", ".join(sorted(known)) or "none"
            raise ApiError(
                "invalid_input",
                f"{name}: unknown query parameter; this endpoint takes {allowed}.",
                field=name,
            )


def dump_json(data: Any) -> bytes:
    """The one serialisation of API answers (the cache stores exactly these bytes)."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str).encode("utf-8")


def if_none_match(request: Request, tag: str) -> bool:
    """Whether the request's If-None-Match names `tag` (or is `*`)."""
    inm = request.headers.get("if-none-match")
    return inm is not None and (
        inm.strip() == "*" or tag in [t.strip().removeprefix("W/") for t in inm.split(",")]
    )


def json_etag(request: Request, data: Any, status_code: int = 200) -> Response:
    """JSON with a strong validator; 304 when the client's If-None-Match still matches."""
    raw = dump_json(data)
    tag = '"' + hashlib.sha256(raw).hexdigest()[:32] + '"'
    headers = {"ETag": tag, "Cache-Control": "private, no-cache", "Vary": "Authorization, Cookie"}
    if if_none_match(request, tag):
        return Response(status_code=304, headers=headers)
    return Response(raw, status_code=status_code, media_type="application/json", headers=headers)


def version_tag(key: Hashable) -> str:
    """A strong ETag named by what the answer depends on, not by its bytes."""
    return '"' + hashlib.sha256(repr((__version__, key)).encode()).hexdigest()[:32] + '"'


def cache_control(request: Request, p: Principal, *, settled: bool) -> str:
    """Shared caches may keep a settled answer of a public resource, and nothing else.

    Published reads give every caller the same answer, but a resource behind a login (public
    reads off) and any caller with a role above viewer stay private.
    """
    if settled and services(request).settings.public_read and not p.has(Role.ANALYST):
        return f"public, max-age={IMMUTABLE_MAX_AGE_S}, immutable"
    return "private, no-cache"


def cached_json(
    request: Request,
    p: Principal,
    key: Hashable,
    version: Hashable | None,
    compute: Callable[[], Any],
    *,
    settled: bool = False,
) -> Response:
    """An answer as a cacheable resource.

    `key` names the resource and its resolved parameters (a default "today" resolved to the
    day); `version` names the data it depends on (services.versions), None when the thing does
    not exist. A matching If-None-Match is answered 304 before anything is computed; otherwise
    the body comes from the process's answer cache or from `compute`, which then fills it.
    """
    if version is None:
        return json_etag(request, compute())
    svc = services(request)
    mark_front(request)
    full = (key, version)
    headers = {
        "ETag": version_tag(full),
        "Cache-Control": cache_control(request, p, settled=settled),
        "Vary": "Authorization, Cookie",
    }
    if if_none_match(request, headers["ETag"]):
        svc.answers.count_not_modified()
        return Response(status_code=304, headers=headers)
    raw = svc.answers.get(full)
    if raw is None:
        raw = dump_json(compute())
        svc.answers.put(full, raw)
    return Response(raw, media_type="application/json", headers=headers)


def created(data: Any, status_code: int = 201) -> JSONResponse:
    return JSONResponse(data, status_code=status_code)
