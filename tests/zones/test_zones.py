"""Zones and lines over time: import, list as of a day as known on a time, incidents inside/outside.

Runs through the real CLI on both backends. The zone changes shape on 2017-07-01: an incident at
the same point is inside before the change and outside after it, and, as known before the change
was recorded, inside on both days.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from trucewatch.domain.actors import ActorKind
from trucewatch.domain.dates import parse_date
from trucewatch.domain.incidents import IncidentTime, Place
from trucewatch.domain.truces import TruceKind
from trucewatch.services import incidents as inc
from trucewatch.services import registry
from trucewatch.services import truces as tsvc
from trucewatch.services.context import Caller
from trucewatch.storage.db import Database

ME = Caller("analyst", "test")
TRUCE = "Test de-escalation"
SRC = "Memorandum on the creation of de-escalation areas, 4 May 2017"
POINT = (36.60, 35.40)  # inside the first shape only


def square(x0: float, y0: float, x1: float, y1: float) -> dict[str, Any]:
    return {"type": "Polygon", "coordinates": [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]]}


def feature(name: str, kind: str, geometry: dict[str, Any], **props: Any) -> dict[str, Any]:
    return {
        "type": "Feature",
        "properties": {"name": name, "kind": kind, **props},
        "geometry": geometry,
    }


def write(tmp_path: Path, name: str, *features: dict[str, Any]) -> str:
    path = tmp_path / name
    path.write_text(json.dumps({"type": "FeatureCollection", "features": list(features)}))
    return str(path)


@pytest.fixture
def world(database: Database) -> dict[str, int]:
    with database.transaction() as s:
        registry.add_actor(s, ME, "Syrian Arab Army", ActorKind.STATE_FORCE, country="SY")
        tsvc.add_truce(
            s, ME, TRUCE, TruceKind.DE_ESCALATION_ZONE, effective=parse_date("2017-05-06"),
            countries=["SY"], source="https://www.peaceagreements.org/view/2093",
        )  # fmt: skip
        ids = {}
        for key, day in (("june", dt.date(2017, 6, 15)), ("july", dt.date(2017, 7, 15))):
            ids[key] = inc.file_incident(
                s, ME, type="violence.air_strike", occurred=IncidentTime(day),
                place=Place("Somewhere", "Idlib", "SY", POINT[1], POINT[0], 1), source="SOHR",
                perpetrators=["Syrian Arab Army"],
            )[0]  # fmt: skip
        ids["nocoords"] = inc.file_incident(
            s, ME, type="violence.shelling", occurred=IncidentTime(dt.date(2017, 6, 15)),
            place=Place("Somewhere", "Idlib", "SY", None, None, 3), source="SOHR",
        )[0]  # fmt: skip
    return ids


def zones_of(cli, db: str, incident: int, known_on: str | None = None) -> dict[str, Any]:
    args = ["incident", "show", str(incident), "--db", db, "--json"]
    if known_on:
        args += ["--known-on", known_on]
    r = cli(*args)
    assert r.code == 0, r.err
    return {z["name"]: z for z in r.json()["zones"]}


def test_zone_changing_shape_classifies_incidents_before_and_after_and_as_known_then(
    cli, db_url: str, world: dict[str, int], tmp_path: Path
) -> None:
    first = write(
        tmp_path, "v1.geojson",
        feature("Idlib area", "area", square(36.0, 35.0, 37.0, 36.0)),
        feature("Line A", "withdrawal_line",
                {"type": "LineString", "coordinates": [[36.0, 35.3], [37.0, 35.3]]}, distance_km=10),
    )  # fmt: skip
    r = cli(
        "zone", "import", TRUCE, first, "--effective", "2017-05-06", "--source", SRC, "--db", db_url
    )
    assert r.code == 0, r.err
    assert "2 zone versions recorded" in r.out
    before_change = dt.datetime.now(dt.UTC).isoformat()
    second = write(
        tmp_path, "v2.geojson", feature("Idlib area", "area", square(36.7, 35.0, 37.0, 36.0))
    )
    r = cli(
        "zone",
        "import",
        TRUCE,
        second,
        "--effective",
        "2017-07-01",
        "--source",
        SRC,
        "--db",
        db_url,
    )
    assert r.code == 0, r.err

    june, july = zones_of(cli, db_url, world["june"]), zones_of(cli, db_url, world["july"])
    assert june["Idlib area"]["inside"] is True
    assert july["Idlib area"]["inside"] is False
    assert june["Idlib area"]["zone_id"] == july["Idlib area"]["zone_id"]
    assert june["Idlib area"]["distance_km"] is None
    # 0.1 degree of latitude north of the line: 11.1 km on a sphere of radius 6371 km.
    assert june["Line A"]["kind"] == "withdrawal_line" and june["Line A"]["inside"] is False
    assert june["Line A"]["distance_km"] == pytest.approx(
        0.1 * 6371.0088 * 3.14159265 / 180, abs=0.05
    )

    then = zones_of(cli, db_url, world["july"], known_on=before_change)
    assert then["Idlib area"]["inside"] is True
    assert zones_of(cli, db_url, world["nocoords"]) == {}

    listed = cli("zone", "list", TRUCE, "--as-of", "2017-07-15", "--db", db_url, "--json").json()
    assert {z["name"]: z["effective"] for z in listed} == {
        "Idlib area": "2017-07-01",
        "Line A": "2017-05-06",
    }
    area = next(z for z in listed if z["name"] == "Idlib area")
    assert area["geometry"]["type"] == "Polygon" and area["geometry"]["coordinates"][0][0] == [
        36.7,
        35.0,
    ]
    assert set(area) >= {"id", "name", "kind", "effective", "until", "geometry"}
    old = cli(
        "zone", "list", TRUCE, "--as-of", "2017-07-15", "--known-on", before_change, "--db", db_url, "--json"
    ).json()  # fmt: skip
    assert {z["name"]: z["effective"] for z in old} == {
        "Idlib area": "2017-05-06",
        "Line A": "2017-05-06",
    }
    assert (
        cli("zone", "list", TRUCE, "--as-of", "2017-05-01", "--db", db_url, "--json").json() == []
    )


def test_a_version_with_an_until_replaces_the_shape_only_for_its_days(
    cli, db_url: str, world: dict[str, int], tmp_path: Path
) -> None:
    base = write(tmp_path, "a.geojson", feature("Z", "buffer", square(36.0, 35.0, 37.0, 36.0)))
    small = write(tmp_path, "b.geojson", feature("Z", "buffer", square(36.9, 35.9, 37.0, 36.0)))
    assert (
        cli(
            "zone",
            "import",
            TRUCE,
            base,
            "--effective",
            "2017-05-06",
            "--source",
            SRC,
            "--db",
            db_url,
        ).code
        == 0
    )
    r = cli(
        "zone", "import", TRUCE, small, "--effective", "2017-06-01", "--until", "2017-06-30",
        "--source", SRC, "--db", db_url,
    )  # fmt: skip
    assert r.code == 0, r.err
    assert zones_of(cli, db_url, world["june"])["Z"]["inside"] is False
    assert zones_of(cli, db_url, world["july"])["Z"]["inside"] is True


def test_self_intersecting_polygon_is_refused_with_feature_and_reason_or_repaired_on_request(
    cli, db_url: str, world: dict[str, int], tmp_path: Path
) -> None:
    bowtie = {
        "type": "Polygon",
        "coordinates": [[[36, 35], [37, 36], [37, 35], [36, 36], [36, 35]]],
    }
    path = write(tmp_path, "bad.geojson", feature("Good", "area", square(36, 35, 37, 36)),
                 feature("Bowtie", "area", bowtie))  # fmt: skip
    r = cli(
        "zone", "import", TRUCE, path, "--effective", "2017-05-06", "--source", SRC, "--db", db_url
    )
    assert r.code == 1
    assert (
        "feature 2 ('Bowtie')" in r.err
        and "Self-intersection" in r.err
        and "Traceback" not in r.err
    )
    assert cli("zone", "list", TRUCE, "--db", db_url, "--json").json() == []  # nothing written
    r = cli(
        "zone", "import", TRUCE, path, "--effective", "2017-05-06", "--source", SRC, "--repair",
        "--db", db_url,
    )  # fmt: skip
    assert r.code == 0, r.err
    assert "Repaired: feature 2 ('Bowtie'): repaired (Self-intersection" in r.out
    listed = {z["name"]: z for z in cli("zone", "list", TRUCE, "--db", db_url, "--json").json()}
    assert listed["Bowtie"]["geometry"]["type"] == "MultiPolygon"
    assert listed["Bowtie"]["note"].startswith("repaired")


@pytest.mark.parametrize(
    ("props", "geometry", "message"),
    [
        ({"kind": "area"}, square(36, 35, 37, 36), "feature 1: property 'name' is required"),
        ({"name": "X", "kind": "zone"}, square(36, 35, 37, 36), "kind 'zone' is not one of"),
        ({"name": "X", "kind": "contact_line"}, square(36, 35, 37, 36), "needs a LineString"),
        ({"name": "X", "kind": "area"}, square(35, 360, 36, 361), "longitude, latitude"),
        ({"name": "X", "kind": "area", "distance_km": 5}, square(36, 35, 37, 36), "lines only"),
    ],
)
def test_bad_features_give_one_line_errors(
    cli, sqlite_db: Database, tmp_path: Path, props: dict, geometry: dict, message: str
) -> None:
    db = sqlite_db.url
    with sqlite_db.transaction() as s:
        tsvc.add_truce(s, ME, TRUCE, TruceKind.DE_ESCALATION_ZONE, effective=parse_date("2017-05-06"),
                       countries=["SY"], source=SRC)  # fmt: skip
    path = tmp_path / "f.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": props, "geometry": geometry}]}))  # fmt: skip
    r = cli(
        "zone", "import", TRUCE, str(path), "--effective", "2017-05-06", "--source", SRC, "--db", db
    )
    assert r.code == 1 and message in r.err and str(path) in r.err, r.err
    assert len(r.err.strip().splitlines()) == 1


def test_coordinates_outside_the_truce_country_are_flagged_not_dropped(
    cli, sqlite_db: Database, tmp_path: Path
) -> None:
    with sqlite_db.transaction() as s:
        tsvc.add_truce(s, ME, TRUCE, TruceKind.DE_ESCALATION_ZONE, effective=parse_date("2017-05-06"),
                       countries=["SY"], source=SRC)  # fmt: skip
    ankara = square(32.5, 39.7, 33.0, 40.1)  # in Turkey
    path = write(tmp_path, "out.geojson", feature("Inside", "area", square(36.5, 35.5, 36.7, 35.7)),
                 feature("Ankara", "area", ankara))  # fmt: skip
    r = cli("zone", "import", TRUCE, path, "--effective", "2017-05-06", "--source", SRC,
            "--db", sqlite_db.url, "--json")  # fmt: skip
    assert r.code == 0, r.err
    report = r.json()
    assert len(report["zones"]) == 2
    [flag] = report["flagged"]
    assert flag.startswith("feature 2 ('Ankara'): 5 of 5 coordinates lie outside SY")
    listed = {
        z["name"]: z for z in cli("zone", "list", TRUCE, "--db", sqlite_db.url, "--json").json()
    }
    assert listed["Ankara"]["note"].startswith("5 of 5 coordinates lie outside SY")
    assert listed["Inside"]["note"] is None


def test_zone_versions_are_append_only(
    database: Database, world: dict[str, int], tmp_path: Path
) -> None:
    from sqlalchemy import text

    from trucewatch.services import zones as zsvc

    with database.transaction() as s:
        zsvc.import_zones(
            s, ME, TRUCE, {"type": "FeatureCollection", "features": [feature("Z", "area", square(36, 35, 37, 36))]},
            effective=dt.date(2017, 5, 6), until=None, source=SRC,
        )  # fmt: skip
    for stmt in ("UPDATE zone_versions SET kind = 'buffer'", "DELETE FROM zone_versions"):
        with pytest.raises(Exception, match="append-only"), database.transaction() as s:
            s.conn.execute(text(stmt))
