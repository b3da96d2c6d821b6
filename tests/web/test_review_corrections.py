"""The review page's correction form, in a real browser: an analyst changes a candidate's type,
an actor in a role, the place and a count; the page and the API then show the correction."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.api.conftest import Server
from tests.web.conftest import login


@pytest.fixture
def page(browser: Any) -> Any:
    ctx = browser.new_context()
    p = ctx.new_page()
    yield p
    ctx.close()


def test_analyst_corrects_a_candidate_on_the_review_page(web: Server, page: Any) -> None:
    login(page, web.base, "analyst")
    page.goto(web.base + "/review")
    item = page.locator(".candidate:has(details.correct)").nth(1)
    cid = item.get_attribute("data-id")
    item.locator("details.correct summary").click()
    form = item.locator("form.correct")
    form.locator("select[name=type]").select_option("violence.shelling")
    form.locator("select[name=role_op]").select_option("set")
    form.locator("select[name=role]").select_option("perpetrator")
    form.locator("input[name=actor]").fill("Syrian Army")
    form.locator("input[name=place]").fill("Raqqa")
    form.locator("input[name=civilians]").fill("3")
    form.locator("input[name=total]").fill("4")
    form.locator("button[type=submit]").click()
    page.wait_for_url("**done=corrected**")
    card = page.locator(f"#cand-{cid}")
    assert "violence.shelling" in card.locator("h2").inner_text()
    fixes = card.locator(".corrections").inner_text()
    assert "analyst corrected type" in fixes and "analyst corrected place" in fixes
    assert "Syrian Arab Army" in card.locator("dl.roles").inner_text()
    with httpx.Client(base_url=web.base + "/api/v1") as api:
        got = api.get(
            f"/review/candidates/{cid}",
            headers={"Authorization": f"Bearer {web.tokens['analyst']}"},
        ).json()
    assert got["type"] == "violence.shelling" and got["payload"]["place"] == "Raqqa"
    assert got["payload"]["fatalities"]["civilians"] == 3
    assert {c["interface"] for c in got["corrections"]} == {"web"}


def test_a_bad_correction_is_a_page_naming_the_field(web: Server, page: Any) -> None:
    login(page, web.base, "analyst")
    page.goto(web.base + "/review")
    item = page.locator(".candidate:has(details.correct)").nth(2)
    item.locator("details.correct summary").click()
    form = item.locator("form.correct")
    form.locator("input[name=civilians]").fill("many")
    form.locator("button[type=submit]").click()
    assert "not a whole number" in page.locator("main").inner_text()
