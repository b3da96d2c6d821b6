"""The alerts page in a real browser: a signed-in user adds a webhook alert (its secret shown
once), sees its delivery log after a real delivery, cannot see another user's, and removes it;
forms need the CSRF token and the pages run under the CSP without violations."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from tests.api.conftest import SECRET, Server
from tests.watch.test_alerts import webhook_server
from tests.web.conftest import login
from tests.web.test_pages import run_axe
from trucewatch.domain.incidents import IncidentTime, Place
from trucewatch.services import incidents
from trucewatch.services.alert_delivery import run_alerts
from trucewatch.services.context import SYSTEM
from trucewatch.storage.db import Database


@pytest.fixture
def context(browser: Any) -> Any:
    ctx = browser.new_context()
    yield ctx
    ctx.close()


def _page(context: Any, csp: list[str]) -> Any:
    p = context.new_page()
    p.set_default_timeout(10_000)
    p.on("console", lambda m: csp.append(m.text) if "Content Security Policy" in m.text else None)
    return p


def _incident_and_alerts(db_url: str) -> None:
    database = Database.open(db_url)
    try:
        with database.transaction() as store:  # truce 1: Syria, from 27 February 2016
            incidents.file_incident(
                store, SYSTEM, type="violence.shelling", occurred=IncidentTime(dt.date(2016, 3, 1)),
                place=Place(name="Douma", country="SY"), source="https://example.org/alerts-page",
            )  # fmt: skip
        run_alerts(database, SECRET.encode())
    finally:
        database.dispose()


def test_a_user_manages_their_alerts_on_the_page(web: Server, context: Any, browser: Any) -> None:
    csp: list[str] = []
    page = _page(context, csp)
    page.goto(web.base + "/alerts")
    assert "/login" in page.url  # signed-in users only
    login(page, web.base, "viewer")
    page.click("text=My alerts")
    assert page.locator("h1").inner_text() == "My alerts"

    # A refused form comes back filled in, with the reason, and nothing is added.
    page.select_option("#on", "new_incident")
    page.select_option("#truce", "1")
    page.fill("#target", "not-an-address")
    page.click("text=Add alert")
    assert "is not an e-mail address" in page.locator("[role=alert]").inner_text()
    assert page.input_value("#target") == "not-an-address"
    assert page.locator("#subscriptions").count() == 0

    with webhook_server() as (hook, posts):
        page.select_option("#on", "new_incident")
        page.check("#channel-webhook")
        page.fill("#target", f"{hook}/page")
        page.click("text=Add alert")
        secret = page.locator("#secret-value").inner_text()
        assert len(secret) >= 32
        row = page.locator("#subscriptions tbody tr")
        assert row.count() == 1 and "new_incident" in row.inner_text()
        sub_id = int(row.locator("td").first.inner_text())
        page.goto(web.base + "/alerts")
        assert secret not in page.content()  # shown once
        _incident_and_alerts(web.db_url)
    [(path, body, _)] = posts
    assert path == "/page" and json.loads(body)["subscription"] == sub_id

    page.click(f"text=Delivery log of subscription {sub_id}")
    log = page.locator("#deliveries tbody tr")
    assert log.count() == 1 and "sent" in log.inner_text() and "incident" in log.inner_text()
    bad = [v for v in run_axe(page)["violations"] if v["impact"] in ("serious", "critical")]
    assert not bad, [v["id"] for v in bad]

    other = browser.new_context()
    try:
        analyst = _page(other, csp)
        login(analyst, web.base, "analyst")
        assert analyst.goto(f"{web.base}/alerts/{sub_id}").status == 404
        forged = analyst.request.post(f"{web.base}/alerts/{sub_id}/remove", form={"csrf_token": ""})
        assert forged.status == 403
    finally:
        other.close()

    page.goto(web.base + "/alerts")
    bad = [v for v in run_axe(page)["violations"] if v["impact"] in ("serious", "critical")]
    assert not bad, [v["id"] for v in bad]
    page.click(f"[aria-label='Remove subscription {sub_id}']")
    assert f"Subscription {sub_id} removed." in page.locator("[role=status]").inner_text()
    assert page.locator("#subscriptions").count() == 0
    assert csp == []
