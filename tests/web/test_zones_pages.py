"""The zone pages in a real browser: the map's zones, and the violation statistics page.

The map's zones: drawn for a day, moved by the date control, incidents by side.

A test truce's area changes shape on 2017-07-01 (it loses its western part). Two incidents lie at
the same western point, one in June and one in July; a third lies far outside. The map drawn for
June and for July must show different outlines, the date control must move them in place, and
each incident is coloured by its side of the zones in force on its own day.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

import pytest

from tests.api.conftest import Server, seed, start_server, stop_server
from tests.web.test_pages import run_axe
from trucewatch.domain.dates import parse_date
from trucewatch.domain.incidents import IncidentTime, Place
from trucewatch.domain.truces import TruceKind
from trucewatch.services import incidents as inc
from trucewatch.services import truces as tsvc
from trucewatch.services import zones
from trucewatch.services.context import Caller
from trucewatch.storage.db import Database
from trucewatch.web.views_map import colour
from trucewatch.web.views_zones import SIDE_COLOURS

ME = Caller("tests", "cli")
TRUCE = "Test de-escalation"
SRC = "Memorandum on the creation of de-escalation areas, 4 May 2017"
WEST = (36.30, 35.40)  # inside the first shape only
FAR = (38.90, 35.90)  # outside both


def square(x0: float, y0: float, x1: float, y1: float) -> dict[str, Any]:
    ring = [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]
    return {"type": "FeatureCollection", "features": [{"type": "Feature",
            "properties": {"name": "Idlib area", "kind": "area"},
            "geometry": {"type": "Polygon", "coordinates": [ring]}}]}  # fmt: skip


@pytest.fixture(scope="module")
def zoned(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, dict[str, int]]]:
    tmp = tmp_path_factory.mktemp("zonesmap")
    db_url = f"sqlite:///{tmp / 'zones.db'}"
    seed(db_url, candidates=False)
    database = Database.open(db_url)
    ids: dict[str, int] = {}
    try:
        with database.transaction() as s:
            tsvc.add_truce(
                s, ME, TRUCE, TruceKind.DE_ESCALATION_ZONE, effective=parse_date("2017-05-06"),
                countries=["SY"], source="https://www.peaceagreements.org/view/2093",
            )  # fmt: skip
            zones.import_zones(s, ME, TRUCE, square(36.0, 35.0, 37.0, 36.0),
                               effective=dt.date(2017, 5, 6), until=None, source=SRC)  # fmt: skip
            zones.import_zones(s, ME, TRUCE, square(36.7, 35.0, 37.0, 36.0),
                               effective=dt.date(2017, 7, 1), until=None, source=SRC)  # fmt: skip
            for key, day, (lon, lat) in (
                ("june", dt.date(2017, 6, 15), WEST),
                ("july", dt.date(2017, 7, 15), WEST),
                ("far", dt.date(2017, 6, 15), FAR),
                ("april", dt.date(2017, 4, 20), WEST),  # before the truce: in its baseline
            ):
                ids[key] = inc.file_incident(
                    s, ME, type="violence.air_strike", occurred=IncidentTime(day),
                    place=Place("Somewhere", "Idlib", "SY", lat, lon, 1), source="SOHR",
                )[0]  # fmt: skip
    finally:
        database.dispose()
    srv = start_server(db_url, tmp / "server.log")
    try:
        yield srv, ids
    finally:
        stop_server(srv)


@pytest.fixture
def page(browser: Any) -> Any:
    ctx = browser.new_context(viewport={"width": 1200, "height": 900})
    p = ctx.new_page()
    p.set_default_timeout(10_000)
    yield p
    ctx.close()


def _drawn(page: Any, day: str) -> tuple[list[list[int]], list[Any]]:
    page.wait_for_selector(f"#map[data-zones-on='{day}']", state="attached")
    # Where each outline is on the screen (the SVG path data are relative to a renderer origin
    # that moves with redraws, the screen box is not).
    paths = page.locator("path.zone-area").evaluate_all(
        "ps => ps.map(p => { const b = p.getBoundingClientRect();"
        " return [b.left, b.top, b.right, b.bottom].map(Math.round); })"
    )
    data = json.loads(page.locator("#map").get_attribute("data-zones"))
    return paths, [z["geometry"] for z in data["zones"]]


def _west(geometry: dict[str, Any]) -> float:
    return min(x for x, _ in geometry["coordinates"][0])


def _fill(page: Any, incident: int) -> str:
    return str(page.locator(f"path.incident-{incident}").get_attribute("fill"))


def test_map_draws_the_zones_in_force_on_the_day_and_colours_incidents_by_side(
    zoned: tuple[Server, dict[str, int]], page: Any
) -> None:
    srv, ids = zoned
    page.goto(srv.base + "/map?on=2017-06-20&colour_by=zone")
    page.wait_for_selector("#map[data-ready='4']", state="attached")
    june_paths, june_geoms = _drawn(page, "2017-06-20")
    assert len(june_paths) == 1 and _west(june_geoms[0]) == 36.0
    # Each incident against the zones of its own day: the same point is inside in June only.
    assert _fill(page, ids["june"]) == SIDE_COLOURS["in"]
    assert _fill(page, ids["july"]) == SIDE_COLOURS["out"]
    assert _fill(page, ids["far"]) == SIDE_COLOURS["out"]
    assert _fill(page, ids["april"]) == SIDE_COLOURS["none"]
    assert "side-in" in str(page.locator(f"path.incident-{ids['june']}").get_attribute("class"))
    assert "Idlib area" in page.locator("#zone-list").inner_text()

    page.goto(srv.base + "/map?on=2017-07-20&colour_by=zone")
    page.wait_for_selector("#map[data-ready='4']", state="attached")
    july_paths, july_geoms = _drawn(page, "2017-07-20")
    assert len(july_paths) == 1 and _west(july_geoms[0]) == 36.7
    assert july_geoms != june_geoms
    assert "from 2017-07-01" in page.locator("#zone-list").inner_text()

    # The date control moves the zones in place, in the same view: June's outline reaches
    # further west on the screen; before the truce nothing is in force.
    page.fill("#on", "2017-06-20")
    page.locator("#on").dispatch_event("change")
    moved, geoms = _drawn(page, "2017-06-20")
    assert geoms == june_geoms
    assert moved[0][0] < july_paths[0][0] and moved[0][1:] == july_paths[0][1:]
    assert "from 2017-05-06" in page.locator("#zone-list").inner_text()
    page.fill("#on", "2017-05-01")
    page.locator("#on").dispatch_event("change")
    assert _drawn(page, "2017-05-01") == ([], [])
    assert "No zones" in page.locator("#zone-list").inner_text()
    page.fill("#on", "2017-06-20")
    page.locator("#on").dispatch_event("change")
    assert _drawn(page, "2017-06-20") == (moved, june_geoms)
    assert "on=2017-06-20" in page.url


def test_colour_by_type_switches_in_place(zoned: tuple[Server, dict[str, int]], page: Any) -> None:
    srv, ids = zoned
    page.goto(srv.base + "/map?on=2017-06-20")  # no truce chosen: coloured by type
    page.wait_for_selector("#map[data-ready='4']", state="attached")
    assert _fill(page, ids["far"]) == colour("violence.air_strike") != SIDE_COLOURS["out"]
    assert page.locator("#legend-type").is_visible()
    assert not page.locator("#legend-zone").is_visible()
    page.select_option("#colour_by", "zone")
    assert _fill(page, ids["far"]) == SIDE_COLOURS["out"]
    assert _fill(page, ids["june"]) == SIDE_COLOURS["in"]
    assert page.locator("#legend-zone").is_visible()
    # A link to one truce's zones (as the statistics page has) colours by side from the start.
    tid = page.locator("#truce option", has_text=TRUCE).get_attribute("value")
    page.goto(srv.base + f"/map?truce={tid}&on=2017-06-20")
    page.wait_for_selector("#map[data-ready='4']", state="attached")
    assert _fill(page, ids["june"]) == SIDE_COLOURS["in"]
    assert page.locator("#colour_by").input_value() == "zone"


def test_bad_zone_day_is_a_400_naming_the_field(zoned: tuple[Server, dict[str, int]]) -> None:
    import httpx

    srv, _ = zoned
    r = httpx.get(srv.base + "/map/zones.json", params={"on": "2017-13-01"})
    assert r.status_code == 400 and "on:" in r.json()["message"]
    assert httpx.get(srv.base + "/map", params={"on": "yesterday"}).status_code == 400


def _cells(page: Any, section: str, row: str) -> list[str]:
    tr = page.locator(f"#stats-{section} table tr", has=page.locator(f"th:text-is('{row}')"))
    return [c.strip() for c in tr.locator("td").all_inner_texts()]


def test_violation_statistics_page_charts_and_tables_the_bulletin_counts(
    zoned: tuple[Server, dict[str, int]], page: Any
) -> None:
    srv, _ = zoned
    page.goto(srv.base + "/")
    page.locator("nav[aria-label=Truces] a", has_text=TRUCE).click()
    page.locator("a", has_text="Violation statistics").click()
    page.wait_for_url("**/violations?day=*")
    page.fill("#day", "2017-06-15")
    page.click("form[aria-label=Day] button")
    page.wait_for_url("**day=2017-06-15")
    assert page.locator("h1").inner_text() == f"Violation statistics: {TRUCE}"
    # D, D-1, since start, baseline: the June strike inside the area, the April one before
    # the truce inside its first-day area; the July one (outside the new shape) and the far
    # one (outside) are out of scope, and after D anyway.
    assert _cells(page, "area", "Idlib area") == ["1", "0", "1", "1"]
    assert _cells(page, "category", "Air strike") == ["1", "0", "1", "1"]
    chart = page.locator("#stats-area svg[role=img]")
    assert "1 on D against 0 on D-1; 1 since the start against 1 in the baseline" in (
        str(chart.locator("title").first.text_content())
    )
    d = chart.locator("rect", has=page.locator("title:text-is('Idlib area, D: 1')"))
    d1 = chart.locator("rect", has=page.locator("title:text-is('Idlib area, D-1: 0')"))
    assert float(d.get_attribute("width")) > float(d1.get_attribute("width"))
    result = run_axe(page)
    bad = [v for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert not bad, json.dumps([(v["id"], v["help"], len(v["nodes"])) for v in bad], indent=1)


def test_violation_statistics_before_the_truce_has_no_running_total(
    zoned: tuple[Server, dict[str, int]], page: Any
) -> None:
    srv, _ = zoned
    page.goto(srv.base + "/")
    page.locator("nav[aria-label=Truces] a", has_text=TRUCE).click()
    tid = page.url.split("truce=")[1]
    page.goto(srv.base + f"/truces/{tid}/violations?day=2017-04-20")
    assert _cells(page, "category", "Air strike") == ["1", "0", "–", "–"]
    assert "not yet in effect" in str(page.locator("#stats-category svg").text_content())
    assert page.goto(srv.base + f"/truces/{tid}/violations?day=someday").status == 400
