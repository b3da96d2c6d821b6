"""Zone alerts (issue 20 after issue 19): `new_incident` and `violations_above_baseline` with
--zone place incidents in the zone's version in force on their day, over a real SMTP server and a
real webhook receiver."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from tests.watch.test_alerts import KEY, SRC, _seed, _verify, smtp_server, webhook_server
from trucewatch.domain.errors import InvalidInput
from trucewatch.domain.incidents import IncidentTime, Place
from trucewatch.services import alerts, incidents, zones
from trucewatch.services.alert_delivery import run_alerts
from trucewatch.services.context import SYSTEM
from trucewatch.storage.db import Database

# Two squares in Syria (lon, lat): the zone is A until the end of February, B from 1 March.
A = (36.4, 35.2, 36.9, 35.7)
B = (37.0, 36.0, 37.4, 36.4)
IN_A, IN_B, OUTSIDE = (36.6, 35.4), (37.2, 36.2), (38.5, 35.0)


def _square(name: str, kind: str, box: tuple[float, float, float, float]) -> dict[str, Any]:
    x0, y0, x1, y1 = box
    ring = [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]
    return {
        "type": "Feature",
        "properties": {"name": name, "kind": kind},
        "geometry": {"type": "Polygon", "coordinates": [ring]},
    }


def _zones(database: Database) -> None:
    line = {
        "type": "Feature",
        "properties": {"name": "Front", "kind": "contact_line"},
        "geometry": {"type": "LineString", "coordinates": [[36.0, 35.0], [37.0, 36.0]]},
    }
    for effective, box in ((dt.date(2017, 1, 1), A), (dt.date(2017, 3, 1), B)):
        features = [_square("North area", "area", box)]
        if box == A:
            features += [_square("South area", "area", (36.0, 33.0, 36.5, 33.5)), line]
        with database.transaction() as store:
            zones.import_zones(
                store,
                SYSTEM,
                "Test Truce",
                {"type": "FeatureCollection", "features": features},
                effective=effective,
                until=None,
                source="Test memorandum",
            )


def _incident(database: Database, day: dt.date, point: tuple[float, float] | None) -> None:
    lon, lat = point if point else (None, None)
    with database.transaction() as store:
        incidents.file_incident(
            store,
            SYSTEM,
            type="violence.shelling",
            occurred=IncidentTime(day),
            place=Place(name="Somewhere", country="SY", lat=lat, lon=lon),
            source=SRC,
        )


def test_zone_alerts_fire_for_incidents_inside_the_zone_in_force_on_their_day(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    _seed(database)
    _zones(database)
    with smtp_server() as (smtp_url, mails), webhook_server() as (hook, posts):
        monkeypatch.setenv("TRUCEWATCH_SMTP_URL", smtp_url)
        with database.transaction() as store:
            alerts.add_subscription(
                store,
                SYSTEM,
                "ana",
                "new_incident",
                secret_key=KEY,
                truce="Test Truce",
                zone="North area",
                email="ana@example.org",
            )
            _, secret = alerts.add_subscription(
                store,
                SYSTEM,
                "ana",
                "violations_above_baseline",
                secret_key=KEY,
                truce="Test Truce",
                zone="North area",
                webhook=f"{hook}/baseline",
            )
        feb = dt.date(2017, 2, 1)
        _incident(database, feb, IN_A)  # inside A on its day: new_incident
        _incident(database, feb, OUTSIDE)  # outside: none
        _incident(database, feb, None)  # no coordinates: cannot be placed, none
        _incident(database, feb, IN_B)  # B is the zone only from March: none
        for _ in range(3):
            _incident(database, feb, (36.2, 33.2))  # inside another zone of the truce: none
        mar = dt.date(2017, 3, 5)
        _incident(database, mar, IN_A)  # A is no longer the zone: none
        _incident(database, mar, IN_B)  # inside B from March: new_incident
        counts = run_alerts(database, KEY)
        assert counts == {"queued": 2, "sent": 2, "retry": 0, "failed": 0}
        placed = [json.loads(m.get_payload())["change"]["data"] for m in mails]
        assert sorted((d["occurred_on"], d["lon"], d["lat"]) for d in placed) == [
            ("2017-02-01", *IN_A),
            ("2017-03-05", *IN_B),
        ]
        assert {json.loads(m.get_payload())["zone_id"] for m in mails} != {None}
        assert posts == []  # one or two incidents in a week: below the baseline rule's minimum

        # Three inside within a week fire the baseline once (on the third); the three outside
        # the zone that week do not count towards it.
        for day in (dt.date(2017, 3, 6), dt.date(2017, 3, 7)):
            _incident(database, day, IN_B)
        for _ in range(3):
            _incident(database, dt.date(2017, 3, 6), OUTSIDE)
        counts = run_alerts(database, KEY)
    assert counts == {"queued": 3, "sent": 3, "retry": 0, "failed": 0}  # 2 new_incident, 1 baseline
    assert len(mails) == 4
    [(path, body, signature)] = posts
    assert path == "/baseline" and secret and _verify(secret, body, signature)
    assert json.loads(body)["change"]["data"]["occurred_on"] == "2017-03-07"


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        ({"trigger": "party_left", "zone": "North area"}, "takes no zone"),
        ({"trigger": "new_incident", "zone": "Nowhere"}, "no zone 'Nowhere'"),
        ({"trigger": "new_incident", "zone": "Front"}, "is a line"),
    ],
)
def test_bad_zone_subscriptions_are_refused(
    sqlite_db: Database, kw: dict[str, Any], message: str
) -> None:
    _seed(sqlite_db)
    _zones(sqlite_db)
    trigger = kw.pop("trigger")
    with sqlite_db.transaction() as store, pytest.raises(InvalidInput) as exc:
        alerts.add_subscription(
            store, SYSTEM, "ana", trigger, secret_key=KEY, truce="Test Truce",
            email="a@b.org", **kw,
        )  # fmt: skip
    assert exc.value.field == "zone" and message in str(exc.value)


def test_alert_add_with_a_zone_from_the_cli(sqlite_db: Database, cli: Any) -> None:
    _seed(sqlite_db)
    _zones(sqlite_db)
    url = str(sqlite_db.engine.url)
    r = cli("alert", "add", "ana", "--on", "new_incident", "--truce", "Test Truce",
            "--zone", "North area", "--email", "a@b.org", "--db", url, "--json")  # fmt: skip
    assert r.code == 0, r.err
    r = cli("alert", "list", "--db", url, "--json")
    [sub] = r.json()
    assert sub["trigger"] == "new_incident" and sub["zone"] is not None
    r = cli("alert", "add", "ana", "--on", "designation", "--truce", "Test Truce",
            "--zone", "North area", "--email", "a@b.org", "--db", url)  # fmt: skip
    assert r.code != 0 and "takes no zone" in r.err and "Traceback" not in r.err
