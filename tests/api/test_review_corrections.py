"""The review API over HTTP: candidates read in the role vocabulary, corrected, merged, and the
claimant named `claimant` (with `asserted_by` kept as a deprecated alias)."""

from __future__ import annotations

from typing import Any

from tests.api.conftest import Server
from tests.test_review_roles import SENTENCE, STRIKE, actor_id, add_story, join_event


def test_accept_records_the_subject_according_to_the_claimant(server: Server) -> None:
    jaysh = actor_id(server.db_url, "Jaysh al-Islam")
    ministry = actor_id(server.db_url, "Russian Ministry of Defence")
    [cid] = add_story(
        server.db_url,
        SENTENCE,
        [join_event([("claimant", "Ministry", ministry), ("subject", "Jaysh al-Islam", jaysh)])],
        ident="api-join",
    )
    a = server.client("analyst")
    shown = a.get(f"/review/candidates/{cid}").json()
    assert [x["role"] for x in shown["payload"]["actors"]] == ["claimant", "subject"]
    r = a.post(f"/review/candidates/{cid}/accept", json={})
    assert r.status_code == 200, r.text
    entry_id = int(r.json()["result"].split(":")[1])
    history = a.get(f"/actors/{jaysh}/history").json()
    [entry] = [e for t in history["truces"] for e in t["entries"] if e["entry_id"] == entry_id]
    assert entry["asserted_by"] == "Ministry of Defence of the Russian Federation"


def _strike() -> dict[str, Any]:
    return {
        "type": "strategic.looting",
        "date": "2016-12-31",
        "date_precision": "day",
        "actors": [{"role": "target", "name": "ISIL", "id": None}],
        "place": "Damascus",
        "fatalities": {"civilians": 62, "total": 62},
    }


def test_correct_then_accept_over_http(server: Server) -> None:
    [cid] = add_story(server.db_url, STRIKE, [_strike()], ident="api-strike")
    a = server.client("analyst")
    body = {
        "type": "violence.air_strike",
        "roles": [
            {"op": "remove", "role": "target"},
            {"op": "set", "role": "perpetrator", "actor": "Russian Aerospace Forces"},
            {"op": "set", "role": "claimant", "actor": "Russian Defence Ministry"},
        ],
        "place": "Douma",
        "date": "2016-12-30",
        "fatalities": {"civilians": 31, "total": 31, "children": 5},
    }
    r = a.post(f"/review/candidates/{cid}/correct", json=body)
    assert r.status_code == 200, r.text
    assert [c["field"] for c in r.json()["corrections"]][:2] == ["type", "role:target"]
    shown = a.get(f"/review/candidates/{cid}").json()
    assert shown["type"] == "violence.air_strike" and shown["payload"]["place"] == "Douma"
    assert shown["corrections"][0]["user"] == "analyst"
    assert {c["interface"] for c in shown["corrections"]} == {"api"}
    bad = a.post(
        f"/review/candidates/{cid}/correct",
        json={"roles": [{"op": "set", "role": "doer", "actor": "ISIL"}]},
    )
    assert bad.status_code == 400 and "'doer' is not a role" in bad.json()["message"]
    hidden = server.client("viewer").post(f"/review/candidates/{cid}/correct", json={})
    assert hidden.status_code == 404
    acc = a.post(f"/review/candidates/{cid}/accept", json={})
    assert acc.status_code == 200, acc.text
    incident = acc.json()["result"].split(",")[0].split(":")[1]
    claim = a.get(f"/incidents/{incident}").json()["claims"][0]
    assert claim["claimant"] == "Ministry of Defence of the Russian Federation"
    assert claim["perpetrators"] == ["Russian Aerospace Forces"]


def test_merge_and_the_deprecated_asserted_by_over_http(server: Server) -> None:
    aerospace = actor_id(server.db_url, "Russian Aerospace Forces")
    event = {
        "type": "violence.air_strike",
        "date": "2016-12-30",
        "date_precision": "day",
        "actors": [{"role": "perpetrator", "name": "Warplanes", "id": aerospace}],
        "place": "Douma",
        "fatalities": {"civilians": 31, "total": 31},
    }
    first = "Aircraft bombed the Douma vegetable market at noon on 30 December 2016."
    [one] = add_story(server.db_url, first, [dict(event)], ident="api-m1")
    other = "Residents of Douma counted 31 dead civilians after the market strike."
    [two] = add_story(server.db_url, other, [dict(event)], ident="api-m2")
    a = server.client("analyst")
    clash = a.post(
        f"/review/candidates/{one}/accept",
        json={"claimant": "Russian Defence Ministry", "asserted_by": "Syrian Arab Army"},
    )
    assert clash.status_code == 400 and clash.json()["field"] == "claimant"
    r = a.post(
        f"/review/candidates/{one}/accept",
        json={"asserted_by": "Russian Defence Ministry", "merge": [two]},
    )
    assert r.status_code == 200, r.text
    assert [m["id"] for m in r.json()["merged"]] == [two]
    incident = r.json()["result"].split(",")[0].split(":")[1]
    claims = a.get(f"/incidents/{incident}").json()["claims"]
    assert len(claims) == 2
    assert claims[0]["claimant"] == "Ministry of Defence of the Russian Federation"
    merged = a.get("/review/candidates", params={"status": "merged"}).json()["items"]
    assert [c["id"] for c in merged] == [two]
