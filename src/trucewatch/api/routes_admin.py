"""Health, who-am-I, browser sessions, users and tokens (admins) and the audit log (admins)."""

from __future__ import annotations

import json
import math
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import JSONResponse, Response

from trucewatch.api.pagination import decode_cursor, page_fetched
from trucewatch.api.routes_registry import ERRORS
from trucewatch.api.schemas import (
    AuditPagePublic,
    CreatedPublic,
    MePublic,
    SessionCreate,
    SessionPublic,
    TokenCreate,
    TokenCreatedPublic,
    UserCreate,
)
from trucewatch.domain.accounts import Role, parse_role
from trucewatch.server.deps import (
    DEFAULT,
    Admin,
    Cursor,
    Limit,
    PrincipalDep,
    StoreDep,
    caller,
    created,
    json_etag,
    reject_unknown_query,
    services,
)
from trucewatch.server.errors import ApiError, unauthorized
from trucewatch.server.sessions import COOKIE
from trucewatch.services import accounts

router = APIRouter(dependencies=[Depends(reject_unknown_query)], responses=ERRORS)
Id = Annotated[int, Path(ge=1, le=2**31 - 1)]


@router.get("/health", tags=["service"])
def health(request: Request) -> dict[str, str]:
    """Ready when the database answers (used by tests and load balancers)."""
    with services(request).transaction() as store:
        dialect = store.dialect
    return {"status": "ok", "database": dialect}


@router.get("/me", response_model=MePublic, tags=["accounts"])
def me(p: PrincipalDep) -> dict[str, Any]:
    return {"user": p.user, "role": str(p.role) if p.role else None, "via": p.via}


@router.post("/session", response_model=SessionPublic, tags=["accounts"])
def login(request: Request, body: SessionCreate, store: StoreDep) -> JSONResponse:
    """Sign in with a password; sets the session cookie and returns the CSRF token to send
    back in X-CSRF-Token on every unsafe request made with the cookie.

    The body must be declared `application/json`: a cross-site page can only send that type
    after a CORS preflight, which this server never grants, so no other site can sign a browser
    in (login CSRF). FastAPI's strict content type refuses an undeclared body today; this
    check keeps the rule if that default ever changes.
    """
    svc = services(request)
    kind = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if kind != "application/json":
        raise ApiError(
            "unsupported_media_type", "Send the sign-in as Content-Type: application/json."
        )
    wait = svc.logins.attempt(body.name)
    if wait > 0:
        seconds = math.ceil(wait)
        raise ApiError(
            "rate_limited",
            f"Too many failed sign-ins for this account; try again in {seconds} s.",
            headers={"Retry-After": str(seconds)},
        )
    user = accounts.authenticate_password(store, body.name, body.password)
    if user is None:
        raise unauthorized("Wrong user name or password.")
    svc.logins.succeeded(body.name)
    cookie = svc.signer.issue(int(user["id"]), user["role"])
    session = svc.signer.read(cookie)
    assert session is not None
    resp = JSONResponse(
        {"user": user["name"], "role": user["role"], "csrf_token": svc.signer.csrf_token(session)}
    )
    resp.set_cookie(
        COOKIE,
        cookie,
        max_age=svc.settings.session_max_age_s,
        httponly=True,
        samesite="lax",
        secure=svc.settings.cookie_secure,
        path="/",
    )
    return resp


@router.delete("/session", status_code=204, tags=["accounts"])
def logout() -> Response:
    resp = Response(status_code=204)
    resp.delete_cookie(COOKIE, path="/")
    return resp


@router.get("/cache", tags=["service"])
def cache_stats(request: Request, _p: Admin) -> dict[str, Any]:
    """This process's answer cache: entries, bytes, hits, answers computed, 304s, and how often
    the registry was loaded into memory (once per registry version)."""
    svc = services(request)
    stats = svc.answers.stats()
    return {
        "entries": stats.entries,
        "bytes": stats.bytes,
        "max_entries": svc.answers.max_entries,
        "max_bytes": svc.answers.max_bytes,
        "hits": stats.hits,
        "computed": stats.computed,
        "not_modified": stats.not_modified,
        "registry_loads": svc.registry.loads,
    }


# --- users and tokens (admins) -----------------------------------------------------------
@router.get("/users", tags=["accounts"])
def list_users(request: Request, store: StoreDep, _p: Admin) -> Response:
    return json_etag(request, accounts.list_users(store))


@router.post("/users", status_code=201, response_model=CreatedPublic, tags=["accounts"])
def add_user(body: UserCreate, store: StoreDep, p: Admin) -> Response:
    user_id = accounts.add_user(
        store, caller(p), body.name, parse_role(body.role), password=body.password
    )
    return created({"id": user_id})


@router.post(
    "/users/{name}/tokens", status_code=201, response_model=TokenCreatedPublic, tags=["accounts"]
)
def create_token(
    name: Annotated[str, Path(max_length=64)], body: TokenCreate, store: StoreDep, p: Admin
) -> Response:
    """A new API token for the user; the secret is in this response and nowhere else."""
    role: Role | None = parse_role(body.role) if body.role else None
    token_id, secret = accounts.create_token(store, caller(p), name, role=role, label=body.label)
    granted = store.get_token(token_id)
    assert granted is not None
    return created({"id": token_id, "token": secret, "role": granted["role"]})


@router.delete("/tokens/{token_id}", tags=["accounts"])
def revoke_token(token_id: Id, store: StoreDep, p: Admin) -> dict[str, Any]:
    return accounts.revoke_token(store, caller(p), token_id)


# --- audit -------------------------------------------------------------------------------
def _audit(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": row["id"],
        "at": row["at"].isoformat(),
        "user": row["user"],
        "interface": row["interface"],
        "action": row["action"],
        "entity": row["entity"],
        "entity_id": row["entity_id"],
        "before": json.loads(row["before"]) if row["before"] else None,
        "after": json.loads(row["after"]) if row["after"] else None,
    }


@router.get("/audit", response_model=AuditPagePublic, tags=["audit"])
def audit(
    request: Request,
    store: StoreDep,
    _p: Admin,
    entity: Annotated[str | None, Query(max_length=32)] = None,
    user: Annotated[str | None, Query(max_length=64)] = None,
    cursor: Cursor = None,
    limit: Limit = DEFAULT,
) -> Response:
    """Every write: who, when, what, before/after, through which interface. Newest first."""
    rows = store.audit_page(
        before_id=decode_cursor(cursor), limit=limit + 1, entity=entity, user=user
    )
    return json_etag(request, page_fetched([_audit(r) for r in rows], lambda r: r["id"], limit))
