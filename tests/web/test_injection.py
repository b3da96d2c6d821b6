"""Data never runs as script: a payload in what the pages show, in Debian's Chromium.

Before, a place name closed the map's embedded JSON (`|safe`) and a Leaflet tooltip rendered
labels as HTML; a `javascript:` URL was a clickable "original" link.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.api.conftest import Server, seed, start_server, stop_server
from trucewatch.web.escaping import http_url, script_json

PAYLOAD = '</script><img src=x onerror="window.__xss=1">"><svg onload="window.__xss=2">'


def _cli(*args: str) -> None:
    subprocess.run(
        [sys.executable, "-c", "from trucewatch.cli import main; main()", *args],
        check=True,
        capture_output=True,
    )


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    tmp = tmp_path_factory.mktemp("xss")
    db_url = f"sqlite:///{tmp / 'xss.db'}"
    seed(db_url, candidates=False)
    _cli(
        "incident", "add", "--type", "violence.air_strike", "--date", "2016-03-01",
        "--source", "javascript:window.__xss=3", "--place", PAYLOAD, "--admin1", PAYLOAD,
        "--country", "SY", "--lat", "36.2", "--lon", "37.1", "--summary", PAYLOAD,
        "--evidence", PAYLOAD, "--db", db_url,
    )  # fmt: skip
    doc = tmp / "doc.jsonl"
    doc.write_text(
        json.dumps({"title": PAYLOAD, "text": PAYLOAD + " was shelled.", "url": "javascript:x"})
        + "\n",
        encoding="utf-8",
    )
    _cli("ingest", str(doc), "--db", db_url)
    srv = start_server(db_url, tmp / "server.log")
    try:
        yield srv
    finally:
        stop_server(srv)


@pytest.mark.parametrize("path", ["/", "/map", "/incidents/1", "/documents/1"])
def test_no_page_runs_script_from_data(hostile: Server, browser: Any, path: str) -> None:
    page = browser.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    response = page.goto(hostile.base + path)
    assert response is not None and response.status == 200
    page.wait_for_timeout(300)
    assert page.evaluate("window.__xss") is None
    assert not dialogs
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert page.locator("a[href^='javascript:']").count() == 0
    page.close()


def test_the_map_shows_the_payload_as_text(hostile: Server, browser: Any) -> None:
    page = browser.new_page()
    page.goto(hostile.base + "/map")
    page.wait_for_selector("#map[data-ready='1']")
    page.locator(".leaflet-interactive").first.hover()
    tooltip = page.locator(".leaflet-tooltip").first
    tooltip.wait_for()
    assert PAYLOAD in tooltip.inner_text()
    assert page.evaluate("window.__xss") is None
    page.close()


def test_script_json_round_trips_and_never_closes_the_element() -> None:
    value = {"name": PAYLOAD + "<!-- \u2028\u2029 &amp;"}
    out = str(script_json(json.dumps(value)))
    assert "<" not in out and ">" not in out and "&" not in out
    assert "\u2028" not in out and "\u2029" not in out
    assert json.loads(out) == value


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://example.org/a", True),
        ("http://example.org", True),
        ("javascript:alert(1)", False),
        (" JavaScript:alert(1)", False),
        ("data:text/html,<b>", False),
        ("vbscript:x", False),
        ("//example.org", False),
        ("https:///nohost", False),
    ],
)
def test_only_http_urls_become_links(url: str, ok: bool) -> None:
    assert (http_url(url) is not None) is ok


def test_api_responses_carry_the_policy(hostile: Server) -> None:
    r = httpx.get(hostile.base + "/api/v1/health", timeout=10)
    assert r.headers["x-content-type-options"] == "nosniff"
    assert "frame-ancestors 'none'" in r.headers["content-security-policy"]
