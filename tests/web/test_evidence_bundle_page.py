"""A bundle's index.html opens from disk in Chromium: every claim row links to its evidence."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from tests.evidence.helpers import incident_from_strikes


def test_bundle_index_opens_offline_and_every_claim_links_to_a_file_in_the_bag(
    browser: Any, tmp_path: Path
) -> None:
    db_url = f"sqlite:///{tmp_path / 'b.db'}"
    incident = incident_from_strikes(db_url, tmp_path)
    out = tmp_path / "bag"
    subprocess.run(
        [sys.executable, "-c", "from trucewatch.cli import main; main()", "evidence", "bundle",
         "--incident", str(incident), "--out", str(out), "--db", db_url],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    page = browser.new_page()
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    try:
        page.goto((out / "data" / "index.html").as_uri())
        rows = page.locator("tr.claim")
        assert rows.count() == 2
        for n in range(rows.count()):
            links = rows.nth(n).locator("a.evidence")
            roles = sorted(links.nth(i).get_attribute("class") or "" for i in range(links.count()))
            assert roles == ["evidence original", "evidence text"], roles
            for i in range(links.count()):
                href = links.nth(i).evaluate("a => a.href")  # resolved against the page
                target = Path(unquote(urlparse(href).path))
                assert target.is_file() and out in target.parents, href
                name = target.name.split(".")[0]
                assert hashlib.sha256(target.read_bytes()).hexdigest() == name
        assert "no stored evidence" not in page.content()
        assert all(u.startswith("file://") for u in requested), requested
    finally:
        page.close()
