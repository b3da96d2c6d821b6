"""The dashboard in a real browser: what a monitor, an analyst and a reporter see and do."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.api.conftest import Server
from tests.web.conftest import login
from trucewatch.storage.db import Database

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"


def run_axe(page: Any) -> Any:
    """axe-core's result for the page. Evaluated through the DevTools protocol, as the page's
    Content Security Policy (rightly) refuses an inline script tag."""
    page.evaluate(AXE.read_text(encoding="utf-8") + "\n;0")
    return page.evaluate("async () => await axe.run(document)")


ISIL = "Islamic State in Iraq and the Levant"


def actor_id(web: Server, name: str) -> int:
    """The id the server gave the curated actor `name` (ids follow load order, so never assumed)."""
    database = Database.open(web.db_url)
    try:
        with database.transaction() as store:
            (found,) = [a for a, n, _kind, _country in store.list_actors() if n == name]
    finally:
        database.dispose()
    return found


def resolve(web: Server, path: str) -> str:
    return path.replace("{isil}", str(actor_id(web, ISIL)))


@pytest.fixture
def page(browser: Any) -> Any:
    ctx = browser.new_context()
    p = ctx.new_page()
    p.set_default_timeout(10_000)
    yield p
    ctx.close()


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/", "Cessation of Hostilities"),
        ("/truces/1/participants", "Participants"),
        ("/map", "Incident map"),
        ("/incidents/1", "Incident 1"),
        ("/actors/{isil}", "Islamic State"),
        ("/documents/1", ""),
        ("/report", "Report an incident"),
        ("/login", "Sign in"),
    ],
)
def test_page_renders_with_heading(web: Server, page: Any, path: str, heading: str) -> None:
    resp = page.goto(web.base + resolve(web, path))
    assert resp.status == 200
    assert heading in page.locator("h1").inner_text()
    assert page.locator("main#main").count() == 1


def test_as_of_control_rerenders_participant_table(web: Server, page: Any) -> None:
    page.goto(web.base + "/?truce=1")
    page.fill("#as_of", "2016-02-01")
    page.click("form[aria-label='As-of date'] button")
    page.wait_for_url("**as_of=2016-02-01**")
    assert "on 2016-02-01" in page.locator("table.data caption").first.inner_text()


def test_map_filter_and_open_incident(web: Server, page: Any) -> None:
    page.goto(web.base + "/map")
    page.wait_for_selector("#map[data-ready='1']")
    page.select_option("#type", "violence")
    page.click("form[aria-label='Filter incidents'] button")
    page.wait_for_url("**type=violence**")
    assert page.locator("#map-count").inner_text().startswith("1 incident")
    page.locator("path.leaflet-interactive").first.click()
    page.wait_for_url("**/incidents/1")
    assert page.locator("article.claim").count() >= 1
    page.goto(web.base + "/map?status=refuted")
    assert page.locator("#map-count").inner_text().startswith("0 incidents")


def test_document_highlights_extractions_with_legend(web: Server, page: Any) -> None:
    page.goto(web.base + "/documents/1")
    assert page.locator("article.doc-text mark").count() >= 1
    assert page.locator("ul[aria-label^='Legend'] mark").count() == 4


def test_report_without_javascript_shows_confirmation(web: Server, browser: Any) -> None:
    ctx = browser.new_context(java_script_enabled=False)
    page = ctx.new_page()
    page.goto(web.base + "/report")
    text = page.locator("main").inner_text()
    assert "Your contact details will never be published. Required fields are marked *" in text
    for field in ("description", "place", "occurred_on", "contact_email", "website"):
        assert page.locator(f"label[for='{field}']").count() == 1
    assert page.locator(".hp").get_attribute("aria-hidden") == "true"
    page.fill("#description", "Shelling hit the market in the morning.")
    page.fill("#place", "Aleppo")
    page.fill("#occurred_on", "2016-03-01")
    page.fill("#contact_email", "reporter@example.org")
    page.click("text=Send report")
    assert "Report received" in page.locator("h1").inner_text()
    ctx.close()


def test_analyst_accepts_candidate_with_keyboard(web: Server, page: Any) -> None:
    login(page, web.base, "analyst")
    assert "analyst" in page.locator("header .account").inner_text()
    page.goto(web.base + "/review")
    first = page.locator(".candidate[data-id]").first
    cid = first.get_attribute("data-id")
    page.keyboard.press("j")
    page.keyboard.press("k")
    page.keyboard.press("a")
    page.wait_for_url("**done=accepted**")
    assert f"Candidate {cid} accepted" in page.locator("[role=status]").inner_text()
    with httpx.Client(base_url=web.base + "/api/v1") as api:
        got = api.get(
            f"/review/candidates/{cid}",
            headers={"Authorization": f"Bearer {web.tokens['analyst']}"},
        )
    assert got.json()["status"] == "accepted"


def test_login_then_logout(web: Server, page: Any) -> None:
    login(page, web.base, "moderator")
    page.click("text=Sign out")
    page.wait_for_url(web.base + "/")
    assert "Sign in" in page.locator("header .account").inner_text()


def test_wrong_password_is_refused(web: Server, page: Any) -> None:
    page.goto(web.base + "/login")
    page.fill("#name", "analyst")
    page.fill("#password", "not the password")
    page.click("main button[type=submit]")
    assert "Wrong user name or password" in page.locator("[role=alert]").inner_text()


@pytest.mark.parametrize("role", [None, "viewer"])
def test_review_queue_is_404_below_analyst(web: Server, page: Any, role: str | None) -> None:
    if role:
        login(page, web.base, role)
    resp = page.goto(web.base + "/review")
    assert resp.status == 404
    assert page.locator("a[href='/review']").count() == 0


def test_review_post_without_csrf_is_refused(web: Server, page: Any) -> None:
    login(page, web.base, "analyst")
    resp = page.request.post(web.base + "/review/1/reject", form={"csrf_token": "forged"})
    assert resp.status == 403


@pytest.mark.parametrize(
    "path", ["/", "/map", "/report", "/actors/{isil}", "/documents/1", "/incidents/1"]
)
def test_no_serious_accessibility_violations(web: Server, page: Any, path: str) -> None:
    page.goto(web.base + resolve(web, path))
    result = run_axe(page)
    bad = [v for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert not bad, json.dumps([(v["id"], v["help"], len(v["nodes"])) for v in bad], indent=1)


def test_no_request_leaves_the_server(web: Server, page: Any) -> None:
    outside: list[str] = []
    page.on("request", lambda r: None if r.url.startswith(web.base) else outside.append(r.url))
    for path in ("/", "/map", "/report"):
        page.goto(web.base + path)
        page.wait_for_load_state("networkidle")
    assert outside == []


def _send_report(
    browser: Any, base: str, description: str, email: str, place: str = "Idlib"
) -> None:
    """A reporter uses the public form, without JavaScript."""
    ctx = browser.new_context(java_script_enabled=False)
    page = ctx.new_page()
    page.goto(base + "/report")
    page.fill("#description", description)
    page.fill("#place", place)
    page.fill("#occurred_on", "2016-03-02")
    page.fill("#contact_email", email)
    page.click("text=Send report")
    assert "Report received" in page.locator("h1").inner_text()
    ctx.close()


def test_moderator_publishes_a_field_report_without_the_contact(
    web: Server, browser: Any, page: Any
) -> None:
    description = "Mortar rounds hit the bakery queue near the clock tower in Idlib."
    email = "moderation-test-reporter@example.org"
    _send_report(browser, web.base, description, email)
    login(page, web.base, "moderator")
    resp = page.goto(web.base + "/moderation")
    assert resp.status == 200
    assert resp.headers["cache-control"] == "private, no-store"
    assert page.locator("nav a[href='/moderation']").count() == 1
    item = page.locator("li.field-report", has_text=description)
    assert item.count() == 1
    assert email in item.locator("section.private").inner_text()
    result = run_axe(page)
    bad = [v for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert not bad, json.dumps([(v["id"], v["help"], len(v["nodes"])) for v in bad], indent=1)

    # The reporter wrote "Idlib": the city is offered first, then the governorate.
    options = item.locator("select[name=place] option").all_inner_texts()
    assert options[0].startswith("Idlib (town, Idlib governorate;")
    assert options[1].startswith("Idlib (governorate")
    assert options[-1].startswith("Keep “Idlib” as written")
    item.locator("select[name=type]").select_option("violence.shelling")
    item.locator("textarea[name=summary]").fill("Mortar fire hit a bakery queue in Idlib city.")
    item.locator("input[name=perpetrators]").fill("Syrian Arab Army")
    item.locator("text=Accept and publish").click()
    page.wait_for_url("**done=accepted**")
    notice = page.locator("[role=status]")
    assert "accepted" in notice.inner_text()
    notice.locator("a").click()
    page.wait_for_url("**/incidents/*")
    incident_path = page.url.split(web.base, 1)[1]
    body = page.locator("main").inner_text()
    assert "Mortar fire hit a bakery queue in Idlib city." in body
    assert email not in body
    page.goto(web.base + "/moderation?status=accepted")
    done = page.locator("li.field-report", has_text=description)
    assert "Accepted by moderator" in done.inner_text()
    assert done.locator("form").count() == 0
    # The incident has the city's point, so it is on the map.
    with httpx.Client(base_url=web.base + "/api/v1") as api:
        got = api.get(
            incident_path, headers={"Authorization": f"Bearer {web.tokens['analyst']}"}
        ).json()
    assert (got["place"]["name"], got["place"]["admin1"]) == ("Idlib", "Idlib")
    assert got["place"]["lat"] is not None and got["place"]["geo_precision"] == 1
    # What the public sees: the published claim, never the reporter.
    with httpx.Client(base_url=web.base) as anon:
        public = anon.get(incident_path)
        assert public.status_code == 200
        assert "bakery queue" in public.text
        assert email not in public.text


def test_moderator_rejects_a_field_report_with_a_reason(
    web: Server, browser: Any, page: Any
) -> None:
    description = "Unverifiable rumour of a convoy near Saraqib, passed on by a neighbour."
    _send_report(browser, web.base, description, "second-reporter@example.org", "near Saraqib")
    login(page, web.base, "moderator")
    page.goto(web.base + "/moderation")
    item = page.locator("li.field-report", has_text=description)
    assert item.locator("select[name=place] option").count() == 2  # Saraqib, or keep the text
    item.locator("input[name=note]").last.fill("second-hand, no date")
    item.locator("text=Reject").click()
    page.wait_for_url("**done=rejected**")
    assert page.locator("li.field-report", has_text=description).count() == 0
    page.goto(web.base + "/moderation?status=rejected")
    rejected = page.locator("li.field-report", has_text=description).inner_text()
    assert "Rejected by moderator" in rejected
    assert "second-hand, no date" in rejected


@pytest.mark.parametrize("role", [None, "viewer", "analyst"])
def test_moderation_is_404_below_moderator(web: Server, page: Any, role: str | None) -> None:
    if role:
        login(page, web.base, role)
    resp = page.goto(web.base + "/moderation")
    assert resp.status == 404
    assert "@example.org" not in page.content()
    assert page.locator("a[href='/moderation']").count() == 0


def test_moderation_post_without_csrf_is_refused(web: Server, page: Any) -> None:
    login(page, web.base, "moderator")
    resp = page.request.post(web.base + "/moderation/1/reject", form={"csrf_token": "forged"})
    assert resp.status == 403


def test_evidence_file_downloads_for_moderators_only(web: Server, page: Any) -> None:
    marker = "Photo of the crater behind the school, sent with report " + web.base[-5:]
    with httpx.Client(base_url=web.base + "/api/v1") as api:
        sent = api.post(
            "/reports",
            data={"description": marker, "place": "Saraqib", "occurred_on": "2016-03-03"},
            files={"evidence": ("crater.txt", b"crater, 3 m wide", "text/plain")},
        )
    assert sent.status_code == 202
    login(page, web.base, "moderator")
    page.goto(web.base + "/moderation")
    link = page.locator("li.field-report", has_text=marker).locator("ul.files a")
    assert link.inner_text() == "crater.txt"
    resp = page.request.get(web.base + link.get_attribute("href"))
    assert resp.status == 200 and resp.body() == b"crater, 3 m wide"
    assert resp.headers["content-disposition"] == 'attachment; filename="crater.txt"'
    assert resp.headers["cache-control"] == "private, no-store"
    with httpx.Client(base_url=web.base) as anon:
        assert anon.get(link.get_attribute("href")).status_code == 404
