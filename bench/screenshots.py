"""Regenerate docs/screenshots/*.png from a database (`make screenshots`, not the tests).

Serves the database with `trucewatch serve` on 127.0.0.1 and photographs the main pages with
Debian's Chromium through Playwright; an analyst account `screenshots` is added for the review
queue when missing.

    .venv/bin/python bench/screenshots.py --db demo/trucewatch.db --out docs/screenshots
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


from trucewatch.domain.accounts import Role  # noqa: E402
from trucewatch.services import accounts  # noqa: E402
from trucewatch.services.context import SYSTEM  # noqa: E402
from trucewatch.storage.db import Database  # noqa: E402
from trucewatch.testing.servers import CHROMIUM, CHROMIUM_ARGS, start_server, stop_server  # noqa: E402

PASSWORD = "screenshots password 123"
PAGES = {
    "overview": "/?truce=1&as_of=2016-03-15",
    "participants": "/truces/2/participants?as_of=2017-01-15",
    "map": "/map",
    "incident": "/incidents/1",
    "actor": "/actors/19",
    "document": "/documents/138",
    "report": "/report",
    "zones-map": "/map?truce=3&on=2017-07-01",
    "violations": "/truces/3/violations?day=2017-12-31",
}


def ensure_analyst(db_url: str) -> None:
    database = Database.open(db_url)
    try:
        with database.transaction() as store:
            if not any(u["name"] == "screenshots" for u in accounts.list_users(store)):
                accounts.add_user(store, SYSTEM, "screenshots", Role.ANALYST, password=PASSWORD)
    finally:
        database.dispose()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--db", default="demo/trucewatch.db")
    ap.add_argument("--out", default="docs/screenshots")
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    db_url = f"sqlite:///{Path(args.db).resolve()}"
    ensure_analyst(db_url)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    srv = start_server(db_url, out.parent / ".screenshots-server.log")
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            for name, path in PAGES.items():
                page.goto(srv.base + path)
                page.wait_for_load_state("networkidle")
                page.screenshot(
                    path=str(out / f"{name}.png"),
                    full_page=name in ("overview", "participants", "actor", "violations"),
                )
                print(out / f"{name}.png")
            page.goto(srv.base + "/login")
            page.fill("#name", "screenshots")
            page.fill("#password", PASSWORD)
            page.click("main button[type=submit]")
            page.goto(srv.base + "/review")
            page.screenshot(path=str(out / "review.png"))
            print(out / "review.png")
            browser.close()
    finally:
        stop_server(srv)
        (out.parent / ".screenshots-server.log").unlink(missing_ok=True)


if __name__ == "__main__":
    main()
