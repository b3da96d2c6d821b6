"""Who is looking at a page, and the CSRF check for page forms.

Pages only accept the signed session cookie (no bearer tokens: a browser does not send them).
Forms carry the session's CSRF token in a hidden `csrf_token` field, because a plain HTML form
cannot set the `X-CSRF-Token` header the API expects; the token is the same HMAC.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import Request

from trucewatch.domain.accounts import ANONYMOUS, Principal, Role
from trucewatch.server.deps import Services, services
from trucewatch.server.errors import ApiError
from trucewatch.server.sessions import COOKIE
from trucewatch.services import accounts
from trucewatch.storage.store import Store


class PageNotFound(Exception):
    """Raised for unknown or hidden things: the page handler renders the 404 page."""


class LoginRequired(Exception):
    """Raised when an anonymous caller needs to sign in (published data with public_read off)."""


@dataclass(frozen=True)
class Viewer:
    """The principal plus the session's CSRF token (None when not signed in)."""

    principal: Principal
    csrf: str | None

    @property
    def user(self) -> str | None:
        return self.principal.user

    @property
    def role(self) -> str | None:
        return str(self.principal.role) if self.principal.role else None

    def has(self, role: Role) -> bool:
        return self.principal.has(role)


def _session(svc: Services, request: Request) -> dict[str, Any] | None:
    cookie = request.cookies.get(COOKIE)
    return svc.signer.read(cookie) if cookie else None


def viewer(request: Request, store: Store) -> Viewer:
    """The caller of a page; the role is re-read from the database (a demotion is immediate)."""
    svc = services(request)
    session = _session(svc, request)
    if session is None:
        return Viewer(ANONYMOUS, None)
    p = accounts.principal_for_user(store, int(session["uid"]), Role(session["role"]))
    if p is None:
        return Viewer(ANONYMOUS, None)
    return Viewer(p, svc.signer.csrf_token(session))


def check_csrf(request: Request, token: str | None) -> None:
    """A form post made with the cookie must carry the session's token."""
    svc = services(request)
    session = _session(svc, request)
    if session is None or not svc.signer.csrf_ok(session, token):
        raise ApiError("csrf", "This form has expired or did not come from this site; reload it.")


def require(request: Request, who: Viewer, role: Role | None, *, hide: bool = False) -> None:
    """The API's rule for pages: hidden things are 404 below the role, others need sign-in."""
    if role is None:
        if who.principal.anonymous and not services(request).settings.public_read:
            raise LoginRequired()
        return
    if who.has(role):
        return
    if hide:
        raise PageNotFound()
    if who.principal.anonymous:
        raise LoginRequired()
    raise ApiError("forbidden", f"This page needs the {role} role or higher.")
