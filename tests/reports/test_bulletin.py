"""The daily bulletin: sections, renderers, and exact reproduction with --known-on."""

from __future__ import annotations

import datetime as dt
import json
from html.parser import HTMLParser

from tests.incidents import scenario as sc
from trucewatch.reports.bulletin import build_bulletin
from trucewatch.reports.render import render_html, render_json, render_md
from trucewatch.storage.db import Database


def bulletin(database: Database, day: dt.date = sc.DAY, known_on: str | None = None) -> dict:
    with database.transaction() as s:
        k = dt.datetime.fromisoformat(known_on) if known_on else None
        return build_bulletin(s, sc.CEASEFIRE, day, k)


def test_bulletin_from_two_conflicting_claims_to_attribution(database: Database) -> None:
    sc.build_world(database)
    incident_id, _ = sc.file_sohr(database)
    first = render_json(bulletin(database))  # the bulletin as written after the first claim
    sc.add_mod_claim(database, incident_id)
    sc.rate_sources(database)
    sc.investigate(database, incident_id)

    b = bulletin(database)
    assert b["participation"]["count"] == 2 and b["participation"]["change"] == 0
    [item] = b["violations"]["incidents"]
    assert [c["claimant"] for c in item["claims"]] == [
        "Syrian Observatory for Human Rights", "Russian Ministry of Defence",
    ]  # fmt: skip
    assert set(item["summary"]["contested"]) == {"perpetrators", "fatalities", "type"}
    assert [v["party"] for v in item["violations"]] == ["Syrian Arab Army"]
    assert b["violations_by_area"] == {"Idlib": [incident_id]}
    assert b["violations_by_party"] == {"Syrian Arab Army": [incident_id]}
    assert item["status"] == "reported"  # on 4 April 2017 nothing was verified yet
    cited = {s["id"] for s in b["sources"]}
    assert {c["source"] for c in item["claims"]} <= cited

    md = render_md(b)
    assert "| #2 | Russian Ministry of Defence | C4 |" in md
    assert "contested: perpetrators, fatalities, type" in md
    assert "alleged violation by Syrian Arab Army" in md
    html = render_html(b)
    HTMLParser().feed(html)
    assert "@media print" in html and "http" not in html.split("<body>")[0].replace(
        "http-equiv", ""
    )
    assert "Hay&#x27;at Tahrir al-Sham" in html

    # Later days: the open investigation, then the finding and who confirmed it.
    b20 = bulletin(database, dt.date(2017, 4, 20))
    [inv] = b20["open_investigations"]
    assert ([e["by"] for e in inv["requested_by"]], [e["by"] for e in inv["opposed_by"]]) == (
        ["Russia"], ["United States"],
    )  # fmt: skip
    b_report = bulletin(database, dt.date(2017, 6, 29))
    assert b_report["open_investigations"] == []
    whats = [c["what"] for c in b_report["since_previous"]]
    assert "investigation by OPCW Fact-Finding Mission: reported" in whats
    assert "incident reported → verified" in whats

    # --known-on gives back the bulletin as it was written before the second claim.
    then = json.loads(first)
    again = render_json(bulletin(database, known_on=then["known_on"]))
    assert again == first
    assert len(then["violations"]["incidents"][0]["claims"]) == 1
    assert render_json(bulletin(database)) != first


def test_joined_and_withdrew_lines_carry_names_and_sources(database: Database) -> None:
    sc.build_world(database)
    b = bulletin(database, dt.date(2016, 12, 30))
    assert b["participation"]["count"] == 2 and b["participation"]["count_previous_day"] == 0
    assert sorted(m["actor"] for m in b["participation"]["joined"]) == [
        "Ahrar al-Sham", "Syrian Arab Army",
    ]  # fmt: skip
    src = {s["id"]: s for s in b["sources"]}
    for m in b["participation"]["joined"]:
        assert m["asserted_by"] == "Russian Ministry of Defence"
        assert src[m["sources"][0]]["url"] == sc.PAX_2090
    assert "Ahrar al-Sham joined, according to Russian Ministry of Defence" in render_md(b)


def test_only_http_source_urls_become_links(database: Database) -> None:
    sc.build_world(database)
    sc.file_sohr(database)
    b = bulletin(database)
    assert b["sources"]
    bad = ["javascript:alert(1)", "data:text/html,<script>alert(1)</script>", "vbscript:x"]
    for s, url in zip(b["sources"], [*bad, "https://example.org/r"], strict=False):
        s["url"] = url
    html, md = render_html(b), render_md(b)
    for url in bad[: len(b["sources"])]:
        assert f'href="{url.split(":")[0]}:' not in html
        assert f"<{url}>" not in md
    assert "javascript:alert(1)" in html  # still shown, as text
