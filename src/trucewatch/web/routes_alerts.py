"""Pages for the signed-in user's alert subscriptions: list, add, remove, and each one's delivery
log. Forms carry the session's CSRF token; no script, no inline style. Thin: services.alerts and
services.subscriptions, the same calls as the API (api/routes_alerts.py)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response

from trucewatch.domain.accounts import Role
from trucewatch.domain.errors import InvalidInput, NotFound
from trucewatch.server.deps import services
from trucewatch.services import alerts, subscriptions
from trucewatch.storage.store import Store
from trucewatch.web.auth import Viewer, check_csrf
from trucewatch.web.routes import page, page_caller, see_other, templates

router = APIRouter(include_in_schema=False)


def _user(who: Viewer) -> str:
    assert who.user is not None  # the pages below need a signed-in viewer
    return who.user


def _list_context(store: Store, who: Viewer, **extra: Any) -> tuple[str, dict[str, Any]]:
    truces = [(t, store.get_truce(t).name) for t in store.list_truce_ids()]
    ctx = {
        "items": subscriptions.subscriptions_of(store, _user(who)),
        "triggers": alerts.TRIGGERS,
        "truces": truces,
        "form": {},
        "error": None,
        "secret": None,
        **extra,
    }
    return "alerts.html", {"ctx": ctx}


@router.get("/alerts", response_class=HTMLResponse)
def alerts_page(request: Request) -> Response:
    def build(store: Any, who: Viewer) -> tuple[str, dict[str, Any]]:
        return _list_context(store, who)

    return page(request, Role.VIEWER, build)


@router.post("/alerts", response_class=HTMLResponse)
def alerts_add(
    request: Request,
    csrf_token: Annotated[str, Form()] = "",
    on: Annotated[str, Form()] = "",
    truce: Annotated[str, Form()] = "",
    actor: Annotated[str, Form()] = "",
    zone: Annotated[str, Form()] = "",
    channel: Annotated[str, Form()] = "email",
    target: Annotated[str, Form()] = "",
    threshold: Annotated[str, Form()] = "",
) -> Response:
    """Subscribe the signed-in user. A webhook's secret is on the answer page, once; a refused
    form comes back filled in, with the reason."""
    form = {"on": on, "truce": truce, "actor": actor, "zone": zone, "channel": channel,
            "target": target, "threshold": threshold}  # fmt: skip

    def build(store: Any, who: Viewer) -> tuple[str, dict[str, Any]]:
        check_csrf(request, csrf_token)
        try:
            if channel not in ("email", "webhook"):
                raise InvalidInput(f"channel: expected email or webhook, not {channel!r}.")
            try:
                factor = float(threshold) if threshold.strip() else None
            except ValueError:
                raise InvalidInput(
                    f"threshold: {threshold!r} is not a number.", field="threshold"
                ) from None
            sub_id, secret = alerts.add_subscription(
                store, page_caller(who), _user(who), on,
                secret_key=services(request).settings.secret_key,
                truce=truce.strip() or None, actor=actor.strip() or None,
                zone=zone.strip() or None,
                email=target.strip() if channel == "email" else None,
                webhook=target.strip() if channel == "webhook" else None,
                threshold=factor,
            )  # fmt: skip
        except (InvalidInput, NotFound) as exc:  # nothing was written: the form comes back
            name, ctx = _list_context(store, who, form=form, error=str(exc))
            refused = templates.TemplateResponse(
                request, name, {"who": who, **ctx}, status_code=400
            )
            return "", {"response": refused}
        if secret is None:
            return see_other(f"/alerts?added={sub_id}")
        return _list_context(store, who, secret=secret, added=sub_id)

    return page(request, Role.VIEWER, build)


@router.post("/alerts/{sub_id}/remove", response_class=HTMLResponse)
def alerts_remove(
    request: Request, sub_id: int, csrf_token: Annotated[str, Form()] = ""
) -> Response:
    def build(store: Any, who: Viewer) -> tuple[str, dict[str, Any]]:
        check_csrf(request, csrf_token)
        subscriptions.remove_own(store, page_caller(who), sub_id, _user(who))
        return see_other(f"/alerts?removed={sub_id}")

    return page(request, Role.VIEWER, build)


@router.get("/alerts/{sub_id}", response_class=HTMLResponse)
def alert_log(request: Request, sub_id: int) -> Response:
    """One subscription's delivery log: for its owner and admins; a 404 page for anyone else."""

    def build(store: Any, who: Viewer) -> tuple[str, dict[str, Any]]:
        admin = who.has(Role.ADMIN)
        sub = subscriptions.subscription_public(
            subscriptions.owned(store, sub_id, _user(who), admin=admin)
        )
        log = subscriptions.deliveries_of(store, sub_id, _user(who), admin=admin)
        return "alert_log.html", {"ctx": {"sub": sub, "log": log}}

    return page(request, Role.VIEWER, build)
