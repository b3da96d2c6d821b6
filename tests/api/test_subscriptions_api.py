"""Subscriptions and the delivery log over HTTP against a live server: a user manages only their
own; the delivery log is for the owner and admins, never another user (404, as a missing id)."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json

from tests.api.conftest import SECRET, Server
from tests.watch.test_alerts import webhook_server
from trucewatch.domain.incidents import IncidentTime, Place
from trucewatch.services import incidents
from trucewatch.services.alert_delivery import run_alerts
from trucewatch.services.context import SYSTEM
from trucewatch.storage.db import Database


def test_own_subscriptions_and_their_delivery_log(server: Server) -> None:
    viewer, analyst, admin = (server.client(r) for r in ("viewer", "analyst", "admin"))
    assert server.client().get("/subscriptions").status_code == 401
    with webhook_server() as (hook, posts):
        body = {"on": "new_incident", "truce": "1", "webhook": f"{hook}/viewer"}
        r = viewer.post("/subscriptions", json=body)
        assert r.status_code == 201, r.text
        sub_id, secret = r.json()["id"], r.json()["secret"]
        assert secret and len(secret) >= 32
        r = analyst.post("/subscriptions", json={**body, "webhook": f"{hook}/analyst"})
        assert r.status_code == 201 and r.json()["secret"] not in (None, secret)
        other = r.json()["id"]

        listed = viewer.get("/subscriptions").json()["items"]
        assert [s["id"] for s in listed] == [sub_id]  # never the analyst's
        assert secret not in json.dumps(listed) and "secret" not in listed[0]
        assert listed[0]["target"] == f"{hook}/viewer"

        r = viewer.post("/subscriptions", json={**body, "on": "nope"})
        assert r.status_code == 400 and r.json()["field"] == "on"
        r = viewer.post("/subscriptions", json={**body, "colour": "red"})
        assert r.status_code == 422

        database = Database.open(server.db_url)
        try:
            with database.transaction() as store:  # in truce 1's scope: Syria, from 27 Feb 2016
                incidents.file_incident(
                    store,
                    SYSTEM,
                    type="violence.shelling",
                    occurred=IncidentTime(dt.date(2016, 3, 1)),
                    place=Place(name="Douma", country="SY"),
                    source="https://example.org/subs",
                )
            run_alerts(database, SECRET.encode())
        finally:
            database.dispose()
    [(_, raw, signature)] = [p for p in posts if p[0] == "/viewer"]
    assert signature == "sha256=" + hmac.new(secret.encode(), raw, hashlib.sha256).hexdigest()

    r = viewer.get(f"/subscriptions/{sub_id}/deliveries")
    assert r.status_code == 200, r.text
    [d] = r.json()["items"]
    assert (d["status"], d["attempts"], d["subscription_id"]) == ("sent", 1, sub_id)
    assert d["body"]["change"]["entity"] == "incident"
    assert admin.get(f"/subscriptions/{sub_id}/deliveries").json()["items"] == [d]
    # Another user's log and subscription do not exist for the caller.
    assert analyst.get(f"/subscriptions/{sub_id}/deliveries").status_code == 404
    assert viewer.get(f"/subscriptions/{other}/deliveries").status_code == 404
    assert viewer.delete(f"/subscriptions/{other}").status_code == 404
    assert viewer.get("/subscriptions/99999/deliveries").status_code == 404

    assert viewer.delete(f"/subscriptions/{sub_id}").status_code == 200
    assert viewer.get("/subscriptions").json()["items"] == []
    assert viewer.delete(f"/subscriptions/{sub_id}").status_code == 404
    # The log stays after removal.
    assert viewer.get(f"/subscriptions/{sub_id}/deliveries").json()["items"] == [d]
