"""Violation statistics and access denials in the bulletin: per area, party, claimant, category,
with the previous period, the running total since the start and the pre-truce baseline."""

from __future__ import annotations

import datetime as dt

from tests.incidents import scenario as sc
from trucewatch.domain.incidents import IncidentTime, Place
from trucewatch.domain.taxonomy import EVENT_TYPES
from trucewatch.domain.violations import CATEGORIES, category_of
from trucewatch.reports.bulletin import build_bulletin
from trucewatch.reports.render import render_html, render_md
from trucewatch.services import access, zones
from trucewatch.services import incidents as inc
from trucewatch.storage.db import Database

UN = "UN monitors' daily report, 4 April 2017"


def _bulletin(database: Database, truce: str, day: dt.date) -> dict:
    with database.transaction() as s:
        return build_bulletin(s, truce, day)


def test_every_violent_event_type_has_a_category_and_others_none() -> None:
    for tid, t in EVENT_TYPES.items():
        cat = category_of(tid)
        if t.family == "violence":
            assert cat in CATEGORIES, tid
        elif tid != "truce.violation_alleged":
            assert cat is None, tid


def test_bulletin_counts_per_area_party_claimant_with_periods_and_baseline(
    database: Database,
) -> None:
    sc.build_world(database)
    incident_id, _ = sc.file_sohr(database)
    sc.add_mod_claim(database, incident_id)
    with database.transaction() as s:
        inc.file_incident(
            s, sc.ME, type="violence.shelling", occurred=IncidentTime(dt.date(2016, 12, 1)),
            place=Place("Aleppo", "Aleppo", "SY", 36.2, 37.16, 1), source="SOHR, 1 December 2016",
            claimant="Syrian Observatory for Human Rights", perpetrators=["Syrian Arab Army"],
        )  # fmt: skip
        access.add_access_denial(
            s, sc.ME, sc.CEASEFIRE, day=sc.DAY, place="Khan Shaykhun checkpoint",
            party="Hay'at Tahrir al-Sham", reason="security not guaranteed", minutes=90, source=UN,
        )  # fmt: skip

    b = _bulletin(database, sc.CEASEFIRE, sc.DAY)
    v = b["violations"]
    assert [i["id"] for i in v["incidents"]] == [incident_id]
    assert (v["day"]["incidents"], v["day"]["violations"]) == (1, 1)
    assert v["by_area"] == {"Idlib": 1}
    assert v["by_category"]["chemical"] == 1 and sum(v["by_category"].values()) == 1
    assert v["by_party"] == {"Hay'at Tahrir al-Sham": 1, "Syrian Arab Army": 1}
    assert v["violations_by_party"] == {"Syrian Arab Army": 1}  # HTS is excluded, not a party
    assert v["by_claimant"] == {
        "Russian Ministry of Defence": {"incidents": 1, "blames": {"Hay'at Tahrir al-Sham": 1}},
        "Syrian Observatory for Human Rights": {"incidents": 1, "blames": {"Syrian Arab Army": 1}},
    }
    assert v["previous_period"]["from"] == "2017-04-03" and v["previous_period"]["incidents"] == 0
    start = v["since_start"]
    assert (start["from"], start["to"], start["incidents"]) == ("2016-12-30", "2017-04-04", 1)
    base = v["baseline"]
    assert (base["from"], base["to"], base["days"]) == ("2016-09-25", "2016-12-29", start["days"])
    assert (base["incidents"], base["violations"], base["by_area"]) == (1, 0, {"Aleppo": 1})
    [denial] = b["access_denials"]
    assert (denial["party"], denial["minutes"]) == ("Hay'at Tahrir al-Sham", 90)
    assert denial["source"] in {s["id"] for s in b["sources"]}

    md = render_md(b)
    assert "## Violation statistics" in md and "| Idlib | 1 | 0 | 1 | 0 |" in md
    assert "| Aleppo | 0 | 0 | 0 | 1 |" in md
    assert "Khan Shaykhun checkpoint: denied by Hay'at Tahrir al-Sham" in md
    assert '<th scope="row">Chemical</th><td>1</td>' in render_html(b)


def test_a_truce_with_zones_counts_per_zone_and_takes_them_as_its_scope(
    database: Database,
) -> None:
    sc.build_world(database)
    sc.file_sohr(database)  # 4 April 2017, Khan Shaykhun: before the de-escalation areas
    square = [[36.4, 35.2], [36.9, 35.2], [36.9, 35.7], [36.4, 35.7], [36.4, 35.2]]
    with database.transaction() as s:
        zones.import_zones(
            s, sc.ME, sc.DEESCALATION,
            {"type": "FeatureCollection", "features": [{"type": "Feature",
              "properties": {"name": "Idlib area", "kind": "area"},
              "geometry": {"type": "Polygon", "coordinates": [square]}}]},
            effective=dt.date(2017, 5, 6), until=None, source="Memorandum, 4 May 2017",
        )  # fmt: skip
        for admin1, lat, lon in (("Hama", 35.44, 36.65), ("Idlib", 36.0, 36.6)):
            inc.file_incident(
                s, sc.ME, type="violence.air_strike", occurred=IncidentTime(dt.date(2017, 6, 30)),
                place=Place("X", admin1, "SY", lat, lon, 1), source="SOHR, 30 June 2017",
                claimant="Syrian Observatory for Human Rights", perpetrators=["Syrian Arab Army"],
            )  # fmt: skip
    v = _bulletin(database, sc.DEESCALATION, dt.date(2017, 7, 1))["violations"]
    # Inside the zone though its admin1 is not a named area; the one outside is out of scope.
    assert v["previous_period"]["by_area"] == {"Idlib area": 1}
    assert v["by_area"] == {"Idlib area": 0}
    assert v["since_start"]["incidents"] == 1
    # The baseline places the April incident against the zones of the truce's first day.
    assert (v["baseline"]["from"], v["baseline"]["incidents"]) == ("2017-03-10", 1)
    assert v["baseline"]["by_area"] == {"Idlib area": 1}
