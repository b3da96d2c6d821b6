"""Page routes: parse the request, call one view or service, render a template.

Errors become pages, not JSON: a hidden or unknown thing is the 404 page (the same for both, as
in the API), a missing sign-in redirects to /login, and bad input is a 400 page naming the field.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from trucewatch.domain.accounts import ANONYMOUS, Role
from trucewatch.domain.dates import query_day, utcnow
from trucewatch.domain.errors import InvalidInput, NotFound, TrucewatchError
from trucewatch.domain.provenance import link_url
from trucewatch.domain.reports import check_contact, check_report
from trucewatch.reports.bulletin import build_bulletin
from trucewatch.reports.render import STYLE_SHEET, render_html
from trucewatch.server.deps import if_none_match, services, version_tag
from trucewatch.server.errors import ApiError, status_of
from trucewatch.server.front import mark_front
from trucewatch.server.headers import content_security_policy, style_hash
from trucewatch.server.limits import client_key
from trucewatch.server.sessions import COOKIE, LOGIN_COOKIE
from trucewatch.services import accounts, field_reports, review, review_edit, versions
from trucewatch.services.context import Caller
from trucewatch.services.custody import record_access
from trucewatch.web import views
from trucewatch.web.auth import LoginRequired, PageNotFound, Viewer, check_csrf, require, viewer
from trucewatch.web.views_map import MapFilters, colour, governorates, map_context, points
from trucewatch.web.views_stats import violation_page
from trucewatch.web.views_zones import SIDE_COLOURS, SIDE_LABELS, zone_layer

HERE = Path(__file__).parent
templates = Jinja2Templates(directory=str(HERE / "templates"))
templates.env.filters["colour"] = colour
templates.env.filters["link_url"] = link_url
router = APIRouter(include_in_schema=False)
STATIC = StaticFiles(directory=str(HERE / "static"))


def _caller(who: Viewer) -> Caller:
    return Caller(user=who.user or "anonymous", interface="web")


def _page(
    request: Request,
    role: Role | None,
    build: Callable[[Any, Viewer], tuple[str, dict[str, Any]]],
    *,
    hide: bool = False,
    headers: dict[str, str] | None = None,
    validator: Callable[[Any], Hashable | None] | None = None,
) -> Response:
    """One transaction per page; exceptions map to the error page or the login redirect.

    A public page with a `validator` (the key and version of what it shows, services.versions)
    carries an ETag for anonymous visitors and answers a matching If-None-Match with 304
    before it builds anything. Signed-in pages differ per person (name, CSRF token): no ETag.
    """
    svc = services(request)
    who = Viewer(ANONYMOUS, None)
    # A page that only reads never takes SQLite's write lock (a writer elsewhere goes on).
    readonly = request.method in ("GET", "HEAD")
    try:
        with svc.transaction(readonly=readonly) as store:
            who = viewer(request, store)
            require(request, who, role, hide=hide)
            if validator is not None and who.principal.anonymous:
                version = validator(store)
                if version is not None:
                    headers = {
                        **(headers or {}),
                        "ETag": version_tag(("page", request.url.path, version)),
                        "Cache-Control": "private, no-cache",
                        "Vary": "Cookie",
                    }
                    mark_front(request)
                    if if_none_match(request, headers["ETag"]):
                        return Response(status_code=304, headers=headers)
            name, ctx = build(store, who)
    except LoginRequired:
        return RedirectResponse(f"/login?next={request.url.path}", status_code=303)
    except (PageNotFound, NotFound):
        return _error(request, who, 404, "Not found", "There is nothing here.")
    except ApiError as exc:
        return _error(request, who, status_of(exc), "Refused", str(exc))
    except TrucewatchError as exc:
        return _error(request, who, status_of(exc), "Cannot show this", str(exc))
    if isinstance(ctx.get("response"), Response):
        return ctx["response"]
    return templates.TemplateResponse(request, name, {"who": who, **ctx}, headers=headers)


def _see_other(url: str) -> tuple[str, dict[str, Any]]:
    """A page build's answer after a form post: redirect to `url` (POST/redirect/GET)."""
    return "", {"response": RedirectResponse(url, status_code=303)}


def _error(request: Request, who: Viewer, status: int, title: str, message: str) -> HTMLResponse:
    return templates.TemplateResponse(
        request, "error.html", {"who": who, "title": title, "message": message}, status_code=status
    )


@router.get("/", response_class=HTMLResponse)
def home(request: Request, truce: str | None = None, as_of: str | None = None) -> Response:
    day = query_day(as_of, "as_of")

    def build(store: Any, who: Viewer) -> tuple[str, dict[str, Any]]:
        registry = services(request).registry.get(store)
        ctx = views.overview(store, truce, day, registry)
        return "overview.html", {"ctx": ctx}

    def validator(store: Any) -> Hashable:
        # The overview shows a truce's ledger, its incidents and the registry, around today.
        return (truce, day, utcnow().date(), versions.everything(store))

    return _page(request, None, build, validator=validator)


@router.get("/truces/{truce_id}/participants", response_class=HTMLResponse)
def participants(request: Request, truce_id: int, as_of: str | None = None) -> Response:
    day = query_day(as_of, "as_of") or utcnow().date()

    def build(store: Any, who: Viewer) -> tuple[str, dict[str, Any]]:
        registry = services(request).registry.get(store)
        ctx = views.participants(store, str(truce_id), day, registry)
        return "participants.html", {"ctx": ctx}

    def validator(store: Any) -> Hashable | None:
        version = versions.ledger(store, truce_id)
        return None if version is None else (day, version)

    return _page(request, None, build, validator=validator)


def _filters(
    since: str | None, until: str | None, type: str | None, party: str | None, status: str | None
) -> MapFilters:
    return MapFilters(
        since=query_day(since, "since"),
        until=query_day(until, "until"),
        type=type or None,
        party=(party or "").strip() or None,
        status=status or None,
    )


def _truce_param(raw: str | None) -> int | None:
    if not raw:
        return None
    if not raw.isdigit():
        raise InvalidInput(f"truce: {raw!r} is not a truce id.", field="truce")
    return int(raw)


@router.get("/map", response_class=HTMLResponse)
def incident_map(
    request: Request,
    since: str | None = None,
    until: str | None = None,
    type: str | None = None,
    party: str | None = None,
    status: str | None = None,
    on: str | None = None,
    truce: str | None = None,
    colour_by: str | None = None,
) -> Response:
    """Incidents, and the zones and lines in force on `on` (default: `until`, else today)."""

    def build(store: Any, who: Viewer) -> tuple[str, dict[str, Any]]:
        f = _filters(since, until, type, party, status)
        day = query_day(on, "on") or f.until or utcnow().date()
        layer = zone_layer(store, day, _truce_param(truce))
        ctx = map_context(store, f, services(request).settings.tile_server_url, layer)
        # By side once a truce's zones are chosen; by type otherwise, as the map always was.
        by = colour_by if colour_by in ("type", "zone") else ("zone" if truce else "type")
        return "map.html", {
            "ctx": ctx,
            "colour_by": by,
            "side_colours": SIDE_COLOURS,
            "side_labels": SIDE_LABELS,
            "data": json.dumps(
                {
                    "points": ctx.points,
                    "clustered": ctx.clustered,
                    "tiles": ctx.tile_url,
                    "governorates": governorates(),
                    "colours": {p[3]: colour(p[3]) for p in ctx.points},
                    "sides": SIDE_COLOURS,
                    "colourBy": by,
                },
                separators=(",", ":"),
            ),
            "zones": json.dumps(layer.data(), separators=(",", ":"), ensure_ascii=False),
        }

    return _page(request, None, build)


@router.get("/map/zones.json")
def map_zones(request: Request, on: str | None = None, truce: str | None = None) -> Response:
    """The zones and lines in force on `on`: what the map's date control redraws."""
    try:
        day = query_day(on, "on") or utcnow().date()
        truce_id = _truce_param(truce)
    except InvalidInput as exc:
        return JSONResponse({"code": "invalid", "message": str(exc)}, status_code=400)
    with services(request).transaction(readonly=True) as store:
        who = viewer(request, store)
        if who.principal.anonymous and not services(request).settings.public_read:
            return JSONResponse({"code": "unauthorized"}, status_code=401)
        return JSONResponse(zone_layer(store, day, truce_id).data())


@router.get("/map/points.json")
def map_points(
    request: Request,
    since: str | None = None,
    until: str | None = None,
    type: str | None = None,
    party: str | None = None,
    status: str | None = None,
) -> Response:
    """The same points as the page embeds, for scripts and the benchmark."""
    with services(request).transaction(readonly=True) as store:
        who = viewer(request, store)
        if who.principal.anonymous and not services(request).settings.public_read:
            return JSONResponse({"code": "unauthorized"}, status_code=401)
        return JSONResponse(points(store, _filters(since, until, type, party, status)))


@router.get("/incidents/{incident_id}", response_class=HTMLResponse)
def incident(request: Request, incident_id: int) -> Response:
    def build(store: Any, who: Viewer) -> tuple[str, dict[str, Any]]:
        return "incident.html", {"ctx": views.incident(store, incident_id)}

    return _page(request, None, build)


@router.get("/actors/{actor_id}", response_class=HTMLResponse)
def actor(request: Request, actor_id: int) -> Response:
    def build(store: Any, who: Viewer) -> tuple[str, dict[str, Any]]:
        return "actor.html", {"ctx": views.actor(store, str(actor_id))}

    return _page(request, None, build)


@router.get("/documents/{document_id}", response_class=HTMLResponse)
def document(request: Request, document_id: int) -> Response:
    shown: list[tuple[Viewer, Any]] = []

    def build(store: Any, who: Viewer) -> tuple[str, dict[str, Any]]:
        # Originals, their hashes and custody are for analysts and above (docs/evidence.md).
        ctx = views.document(store, document_id, with_custody=who.has(Role.ANALYST))
        if ctx is None:
            raise PageNotFound()
        if ctx.custody is not None and ctx.custody.items:
            shown.append((who, ctx.custody))
        return "document.html", {"ctx": ctx}

    response = _page(request, None, build)
    if shown and response.status_code == 200:
        # The read's transaction has ended; the access is its own small write.
        with services(request).transaction() as store:
            record_access(store, _caller(shown[0][0]), shown[0][1])
    return response


@router.get("/truces/{truce_id}/bulletin", response_class=HTMLResponse)
def bulletin(request: Request, truce_id: int, day: str | None = None) -> Response:
    """The bulletin renderer's own printable HTML, unchanged: one source for print and web."""

    def build(store: Any, who: Viewer) -> tuple[str, dict[str, Any]]:
        d = query_day(day, "day") or (dt.datetime.now(dt.UTC).date() - dt.timedelta(days=1))
        feed = f"/api/v1/truces/{truce_id}/bulletins.atom"
        html = render_html(build_bulletin(store, str(truce_id), d), feed_url=feed)
        policy = content_security_policy(styles=style_hash(STYLE_SHEET))
        return "", {"response": HTMLResponse(html, headers={"Content-Security-Policy": policy})}

    return _page(request, None, build)


# --- review queue (analysts; 404 below) --------------------------------------------------------
@router.get("/truces/{truce_id}/violations", response_class=HTMLResponse)
def violation_statistics(request: Request, truce_id: int, day: str | None = None) -> Response:
    """Violation counts of D per area, category, party and claimant: charts and tables."""

    def build(store: Any, who: Viewer) -> tuple[str, dict[str, Any]]:
        d = query_day(day, "day") or (utcnow().date() - dt.timedelta(days=1))
        return "violations.html", {"ctx": violation_page(store, str(truce_id), d)}

    return _page(request, None, build)


@router.get("/review", response_class=HTMLResponse)
def review_queue(request: Request, status: str = "pending", after: int = 0) -> Response:
    def build(store: Any, who: Viewer) -> tuple[str, dict[str, Any]]:
        return "review.html", {"ctx": views.review_queue(store, status, after)}

    return _page(request, Role.ANALYST, build, hide=True)


@router.post("/review/{candidate_id}/{decision}", response_class=HTMLResponse)
def review_decide(
    request: Request,
    candidate_id: int,
    decision: str,
    csrf_token: Annotated[str, Form()] = "",
    truce: Annotated[str, Form()] = "",
    claimant: Annotated[str, Form()] = "",
    merge: Annotated[str, Form()] = "",
    type: Annotated[str, Form()] = "",
    role_op: Annotated[str, Form()] = "set",
    role: Annotated[str, Form()] = "",
    actor: Annotated[str, Form()] = "",
    place: Annotated[str, Form()] = "",
    date: Annotated[str, Form()] = "",
    civilians: Annotated[str, Form()] = "",
    children: Annotated[str, Form()] = "",
    women: Annotated[str, Form()] = "",
    non_civilians: Annotated[str, Form()] = "",
    total: Annotated[str, Form()] = "",
    low: Annotated[str, Form()] = "",
    high: Annotated[str, Form()] = "",
) -> Response:
    """Accept (with an optional claimant and candidates to merge), reject, or correct: a
    correction form sends only the fields the analyst filled in; blank means "leave as is"."""

    def build(store: Any, who: Viewer) -> tuple[str, dict[str, Any]]:
        check_csrf(request, csrf_token)
        if decision == "accept":
            review.accept_candidate(
                store,
                _caller(who),
                candidate_id,
                truce=truce or None,
                claimant=claimant.strip() or None,
                merged=views.parse_ids(merge, "merge"),
            )
        elif decision == "reject":
            review.reject_candidate(store, _caller(who), candidate_id, note=None)
        elif decision == "correct":
            counts = {
                "civilians": civilians,
                "children": children,
                "women": women,
                "non_civilians": non_civilians,
                "total": total,
                "low": low,
                "high": high,
            }
            edits = (
                [review_edit.parse_role_edit(role_op, f"{role}={actor}" if actor else role, "role")]
                if role
                else []
            )
            review_edit.correct_candidate(
                store,
                _caller(who),
                candidate_id,
                type=type.strip() or None,
                roles=edits,
                place=place.strip() or None,
                date=date.strip() or None,
                counts=review_edit.parse_counts(
                    [f"{k}={v.strip()}" for k, v in counts.items() if v.strip()], "count"
                ),
            )
            return _see_other(f"/review?done=corrected&id={candidate_id}#cand-{candidate_id}")
        else:
            raise PageNotFound()
        url = f"/review?done={decision}ed&id={candidate_id}"
        return _see_other(url)

    return _page(request, Role.ANALYST, build, hide=True)


# --- field reports (public) --------------------------------------------------------------------
@router.get("/report", response_class=HTMLResponse)
def report_form(request: Request) -> Response:
    return templates.TemplateResponse(
        request, "report.html", {"who": None, "form": {}, "error": None}
    )


@router.post("/report", response_class=HTMLResponse)
def report_submit(
    request: Request,
    description: Annotated[str, Form()] = "",
    place: Annotated[str, Form()] = "",
    occurred_on: Annotated[str, Form()] = "",
    actors: Annotated[str, Form()] = "",
    contact_name: Annotated[str, Form()] = "",
    contact_email: Annotated[str, Form()] = "",
    contact_phone: Annotated[str, Form()] = "",
    website: Annotated[str, Form()] = "",
) -> Response:
    """Same rules as POST /api/v1/reports: rate-limited, honeypot answered like a success."""
    svc = services(request)
    wait = svc.bucket.take(client_key(dict(request.scope), svc.settings.trusted_proxies))
    form = {
        "description": description,
        "place": place,
        "occurred_on": occurred_on,
        "actors": actors,
        "contact_name": contact_name,
        "contact_email": contact_email,
        "contact_phone": contact_phone,
    }
    if wait > 0:
        return templates.TemplateResponse(
            request,
            "report.html",
            {"who": None, "form": form, "error": "Too many reports from here; try again later."},
            status_code=429,
            headers={"Retry-After": str(int(wait) + 1)},
        )
    if not website:
        try:
            contact = check_contact(
                contact_name or None, contact_email or None, contact_phone or None
            )
            names = [a.strip() for a in actors.split(",") if a.strip()]
            report = check_report(description, place, occurred_on, names, contact)
        except InvalidInput as exc:
            return templates.TemplateResponse(
                request,
                "report.html",
                {"who": None, "form": form, "error": str(exc)},
                status_code=400,
            )
        with svc.transaction() as store:
            field_reports.submit_report(
                store, Caller(user="anonymous", interface="web"), report, svc.cipher
            )
    return templates.TemplateResponse(request, "report_done.html", {"who": None}, status_code=202)


# --- field-report moderation (moderators; 404 below) ---------------------------------------------
# These pages show reporters' contact details: never cached, never shown below moderator.
_PRIVATE = {"Cache-Control": "private, no-store"}


@router.get("/moderation", response_class=HTMLResponse)
def moderation_queue(request: Request, status: str = "pending", after: int = 0) -> Response:
    def build(store: Any, who: Viewer) -> tuple[str, dict[str, Any]]:
        ctx = views.moderation_queue(store, services(request).cipher, status, after)
        return "moderation.html", {"ctx": ctx}

    return _page(request, Role.MODERATOR, build, hide=True, headers=_PRIVATE)


def _names(value: str) -> list[str]:
    return [n.strip() for n in value.split(",") if n.strip()]


@router.post("/moderation/{report_id}/accept", response_class=HTMLResponse)
def moderation_accept(
    request: Request,
    report_id: int,
    csrf_token: Annotated[str, Form()] = "",
    type: Annotated[str, Form()] = "",
    place: Annotated[str, Form()] = "",
    summary: Annotated[str, Form()] = "",
    incident_id: Annotated[str, Form()] = "",
    perpetrators: Annotated[str, Form()] = "",
    targets: Annotated[str, Form()] = "",
    note: Annotated[str, Form()] = "",
) -> Response:
    """Publish the report as a claim (see `field_reports.accept_report`): on an existing
    incident, or as a new one. The summary is what gets published, never the contact."""

    def build(store: Any, who: Viewer) -> tuple[str, dict[str, Any]]:
        check_csrf(request, csrf_token)
        target: int | None = None
        if incident_id.strip():
            if not incident_id.strip().isdigit():
                raise InvalidInput(
                    f"incident: {incident_id!r} is not an incident number.", field="incident_id"
                )
            target = int(incident_id)
        row = store.get_field_report(report_id)  # None: accept_report says it is not found
        result = field_reports.accept_report(
            store, _caller(who), report_id, type=type, incident_id=target,
            place=views.place_choice(place, row["place"] if row else ""),
            summary=summary or None, perpetrators=_names(perpetrators),
            targets=_names(targets), note=note or None,
        )  # fmt: skip
        url = f"/moderation?done=accepted&id={report_id}&incident={result['incident_id']}"
        return _see_other(url)

    return _page(request, Role.MODERATOR, build, hide=True)


@router.post("/moderation/{report_id}/reject", response_class=HTMLResponse)
def moderation_reject(
    request: Request,
    report_id: int,
    csrf_token: Annotated[str, Form()] = "",
    note: Annotated[str, Form()] = "",
) -> Response:
    def build(store: Any, who: Viewer) -> tuple[str, dict[str, Any]]:
        check_csrf(request, csrf_token)
        field_reports.reject_report(store, _caller(who), report_id, note=note or None)
        url = f"/moderation?done=rejected&id={report_id}"
        return _see_other(url)

    return _page(request, Role.MODERATOR, build, hide=True)


@router.get("/moderation/{report_id}/files/{file_id}")
def moderation_file(request: Request, report_id: int, file_id: int) -> Response:
    """An evidence file, as an attachment (never rendered inline by the browser)."""

    def build(store: Any, who: Viewer) -> tuple[str, dict[str, Any]]:
        f = field_reports.report_file(store, report_id, file_id)
        response = Response(
            f["data"],
            media_type=f["content_type"],
            headers={
                "Content-Disposition": f'attachment; filename="{f["filename"]}"',
                "X-Content-Type-Options": "nosniff",
                **_PRIVATE,
            },
        )
        return "", {"response": response}

    return _page(request, Role.MODERATOR, build, hide=True)


# --- sign in / out ---------------------------------------------------------------------------------
def _login_page(
    request: Request,
    next: str,
    error: str | None = None,
    status_code: int = 200,
    headers: dict[str, str] | None = None,
) -> Response:
    """The form with its login CSRF token; the nonce cookie is kept while it is valid."""
    svc = services(request)
    nonce = request.cookies.get(LOGIN_COOKIE) or ""
    fresh = not nonce or len(nonce) > 64 or status_code == 403
    if fresh:
        nonce = svc.signer.login_nonce()
    resp = templates.TemplateResponse(
        request,
        "login.html",
        {"who": None, "next": next, "error": error, "csrf": svc.signer.login_token(nonce)},
        status_code=status_code,
        headers=headers,
    )
    if fresh:
        resp.set_cookie(
            LOGIN_COOKIE,
            nonce,
            httponly=True,
            samesite="strict",
            secure=svc.settings.cookie_secure,
            path="/login",
        )
    return resp


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, next: str = "/") -> Response:
    return _login_page(request, next)


def _safe_next(target: str) -> str:
    """Only local paths: an open redirect would let a phishing link borrow our login page."""
    return target if target.startswith("/") and not target.startswith("//") else "/"


@router.post("/login", response_class=HTMLResponse)
def login(
    request: Request,
    name: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "/",
    csrf_token: Annotated[str, Form()] = "",
) -> Response:
    """Login CSRF first, then the per-address bucket, then the per-account back-off."""
    svc = services(request)
    if not svc.signer.login_ok(request.cookies.get(LOGIN_COOKIE), csrf_token):
        message = "This form has expired or did not come from this site; sign in again."
        return _login_page(request, next, message, status_code=403)
    if svc.bucket.take(client_key(dict(request.scope), svc.settings.trusted_proxies)) > 0:
        return _login_page(request, next, "Too many attempts.", status_code=429)
    wait = svc.logins.attempt(name)
    if wait > 0:
        seconds = math.ceil(wait)
        message = f"Too many failed sign-ins for this account; try again in {seconds} s."
        return _login_page(request, next, message, 429, {"Retry-After": str(seconds)})
    with svc.transaction() as store:
        user = accounts.authenticate_password(store, name, password)
    if user is None:
        return _login_page(request, next, "Wrong user name or password.", status_code=401)
    svc.logins.succeeded(name)
    resp = RedirectResponse(_safe_next(next), status_code=303)
    resp.set_cookie(
        COOKIE,
        svc.signer.issue(int(user["id"]), user["role"]),
        max_age=svc.settings.session_max_age_s,
        httponly=True,
        samesite="lax",
        secure=svc.settings.cookie_secure,
        path="/",
    )
    resp.delete_cookie(LOGIN_COOKIE, path="/login")
    return resp


@router.post("/logout")
def logout(request: Request, csrf_token: Annotated[str, Form()] = "") -> Response:
    check_csrf(request, csrf_token)
    resp = RedirectResponse("/", status_code=303)
    resp.delete_cookie(COOKIE, path="/")
    return resp


# For page modules beside this one (web/routes_alerts.py): the one page runner.
page, see_other, page_caller = _page, _see_other, _caller


def install(app: Any) -> None:
    """Mount the pages and the static files on an app (called by `create_app`)."""
    app.include_router(router)
    app.mount("/static", STATIC, name="static")
