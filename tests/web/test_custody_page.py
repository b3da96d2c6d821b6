"""The document page shows analysts what stands behind the text: the original kept, its hash,
the text derived from it and the custody log; the API answers the same to analysts only."""

from __future__ import annotations

import hashlib
from typing import Any

import httpx
import pytest

from tests.api.conftest import SEED_ARTICLE, Server
from tests.web.conftest import login


@pytest.fixture
def page(browser: Any) -> Any:
    ctx = browser.new_context()
    p = ctx.new_page()
    p.set_default_timeout(10_000)
    yield p
    ctx.close()


def _original_sha256() -> str:
    """Document 1 is the seed article, ingested from its file (tests/api/conftest.seed)."""
    return hashlib.sha256(SEED_ARTICLE.read_bytes()).hexdigest()


def test_analyst_sees_originals_hashes_and_custody_on_the_document_page(
    web: Server, page: Any
) -> None:
    login(page, web.base, "analyst")
    page.goto(web.base + "/documents/1")
    section = page.locator("section.custody")
    assert section.locator("h2").inner_text() == "Evidence and chain of custody"
    rows = section.locator("table.evidence-items tbody tr")
    assert rows.count() == 2
    first, second = rows.nth(0).locator("td"), rows.nth(1).locator("td")
    assert first.nth(1).inner_text() == "original"
    assert first.nth(2).inner_text() == _original_sha256()
    assert first.nth(6).inner_text().endswith("seed-article.txt")
    original_id = first.nth(0).inner_text()
    assert second.nth(1).inner_text() == "text"
    assert second.nth(6).inner_text().startswith(f"made from item {original_id}: trucewatch ")
    text = page.locator("article.doc-text").inner_text()
    assert second.nth(2).inner_text() == hashlib.sha256(text.encode("utf-8")).hexdigest()
    log = section.locator("table.custody-log tbody tr")
    actions = [log.nth(i).locator("td").nth(2).inner_text() for i in range(log.count())]
    assert actions[0] == "acquired" and "derivative" in actions
    # The API gives the same to analysts.
    with httpx.Client(base_url=web.base + "/api/v1") as api:
        got = api.get(
            "/documents/1/evidence",
            headers={"Authorization": f"Bearer {web.tokens['analyst']}"},
        )
        assert got.status_code == 200, got.text
        body = got.json()
        assert [(i["role"], i["sha256"]) for i in body["items"]][0] == (
            "original",
            _original_sha256(),
        )
        # ... and the page's own read is in it now: an `accessed` entry on each item shown.
        assert [c["action"] for c in body["custody"]] == [*actions, "accessed", "accessed"]
        assert api.get("/documents/1/evidence").status_code == 404
        assert api.get("/documents/99999/evidence", headers={
            "Authorization": f"Bearer {web.tokens['analyst']}"}).status_code == 404  # fmt: skip


def _custody(web: Server) -> list[dict[str, Any]]:
    with httpx.Client(base_url=web.base + "/api/v1") as api:
        got = api.get(
            "/documents/1/evidence", headers={"Authorization": f"Bearer {web.tokens['analyst']}"}
        )
    assert got.status_code == 200, got.text
    return list(got.json()["custody"])


def test_each_read_of_a_documents_evidence_is_an_accessed_entry_naming_the_reader(
    web: Server, page: Any
) -> None:
    before = _custody(web)
    login(page, web.base, "admin")
    page.goto(web.base + "/documents/1")
    assert page.locator("section.custody").count() == 1
    new = _custody(web)[len(before) :]
    items = {c["item"] for c in before}
    assert len(items) == 2  # the original and its text
    assert [(c["action"], c["user"], c["interface"]) for c in new] == [
        ("accessed", "analyst", "api"),
        ("accessed", "analyst", "api"),
        ("accessed", "admin", "web"),
        ("accessed", "admin", "web"),
    ]
    assert {c["item"] for c in new} == items
    assert all(c["detail"] == {"document": 1} for c in new)


@pytest.mark.parametrize("role", [None, "viewer"])
def test_custody_is_not_shown_below_analyst(web: Server, page: Any, role: str | None) -> None:
    before = _custody(web)
    if role:
        login(page, web.base, role)
    page.goto(web.base + "/documents/1")
    assert page.locator("article.doc-text mark").count() >= 1
    assert page.locator("section.custody").count() == 0
    assert _original_sha256() not in page.content()
    # Nothing shown, nothing recorded: only the analyst's own two API reads are new.
    new = _custody(web)[len(before) :]
    assert [(c["user"], c["interface"]) for c in new] == [("analyst", "api")] * 2
