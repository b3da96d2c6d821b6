"""Zones, access denials and violation statistics over HTTP against a live server."""

from __future__ import annotations

from tests.api.conftest import Server

SQUARE = [[[36.0, 35.0], [37.0, 35.0], [37.0, 36.0], [36.0, 36.0], [36.0, 35.0]]]


def _truce_id(server: Server, word: str) -> int:
    items = server.client().get("/truces", params={"limit": 50}).json()["items"]
    return next(t["id"] for t in items if word in t["name"])


def test_zones_access_denials_and_violations_round_trip(server: Server) -> None:
    tid = _truce_id(server, "De-escalation")
    body = {
        "geojson": {"type": "FeatureCollection", "features": [{"type": "Feature",
                    "properties": {"name": "Idlib", "kind": "area"},
                    "geometry": {"type": "Polygon", "coordinates": SQUARE}}]},
        "effective": "2017-05-06", "source": "Memorandum of 4 May 2017",
    }  # fmt: skip
    assert server.client("viewer").post(f"/truces/{tid}/zones", json=body).status_code == 403
    r = server.client("analyst").post(f"/truces/{tid}/zones", json=body)
    assert r.status_code == 201, r.text
    assert [z["name"] for z in r.json()["zones"]] == ["Idlib"]
    listed = server.client().get(f"/truces/{tid}/zones", params={"as_of": "2017-06-01"}).json()
    assert [(z["name"], z["kind"], z["effective"]) for z in listed] == [
        ("Idlib", "area", "2017-05-06")
    ]
    assert server.client().get(f"/truces/{tid}/zones", params={"as_of": "2017-05-01"}).json() == []

    bowtie = {**body, "geojson": {"type": "FeatureCollection", "features": [{"type": "Feature",
              "properties": {"name": "Bad", "kind": "area"}, "geometry": {"type": "Polygon",
              "coordinates": [[[36, 35], [37, 36], [37, 35], [36, 36], [36, 35]]]}}]}}  # fmt: skip
    r = server.client("analyst").post(f"/truces/{tid}/zones", json=bowtie)
    assert r.status_code == 400 and "Self-intersection" in r.json()["message"]

    party = server.client().get("/actors", params={"limit": 1}).json()["items"][0]
    denial = {
        "date": "2017-06-01", "place": "Morek crossing", "party": str(party["id"]),
        "reason": "no permission from command", "minutes": 45, "source": "Monitor report 17",
    }  # fmt: skip
    r = server.client("analyst").post(f"/truces/{tid}/access-denials", json=denial)
    assert r.status_code == 201, r.text
    rows = server.client().get(f"/truces/{tid}/access-denials").json()
    assert [(a["place"], a["party"], a["minutes"]) for a in rows] == [
        ("Morek crossing", party["name"], 45)
    ]
    assert (
        server.client().get(f"/truces/{tid}/access-denials", params={"since": "2017-06-02"}).json()
        == []
    )

    stats = server.client().get(f"/truces/{tid}/violations", params={"date": "2017-06-01"})
    assert stats.status_code == 200
    data = stats.json()
    assert data["violations"]["areas"] == ["Idlib"]
    assert data["violations"]["since_start"]["from"] == "2017-05-06"
    assert "incidents" not in data["violations"]
    assert [a["place"] for a in data["access_denials"]] == ["Morek crossing"]
