"""Alerts over a real SMTP server (aiosmtpd) and a real webhook receiver on 127.0.0.1: one alert
per triggering change, none for the others, never twice, signatures verify, and a failing
endpoint is retried, then marked failing, without holding up the others."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from email import message_from_bytes
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from trucewatch.domain.accounts import Role
from trucewatch.domain.actors import ActorKind, RelationKind
from trucewatch.domain.dates import PartialDate
from trucewatch.domain.errors import InvalidInput
from trucewatch.domain.incidents import IncidentTime, Place
from trucewatch.domain.ledger import EntryKind
from trucewatch.domain.truces import TruceKind
from trucewatch.services import accounts, alerts, incidents, registry, truces
from trucewatch.services.alert_delivery import MAX_ATTEMPTS, deliver_due, run_alerts
from trucewatch.services.context import SYSTEM
from trucewatch.storage.db import Database

KEY = b"test-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"
SRC = "https://example.org/src"
DAY = PartialDate.of(dt.date(2017, 1, 10))


@contextmanager
def smtp_server() -> Iterator[tuple[str, list[Any]]]:
    got: list[Any] = []

    class Handler:
        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
            got.append(message_from_bytes(envelope.content))
            return "250 OK"

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    c = Controller(Handler(), hostname="127.0.0.1", port=port)
    c.start()
    try:
        yield f"smtp://127.0.0.1:{port}", got
    finally:
        c.stop()


@contextmanager
def webhook_server() -> Iterator[tuple[str, list[tuple[str, bytes, str]]]]:
    got: list[tuple[str, bytes, str]] = []

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_POST(self) -> None:  # noqa: N802
            body = self.rfile.read(int(self.headers["Content-Length"]))
            got.append((self.path, body, self.headers.get("X-Trucewatch-Signature", "")))
            status = 500 if self.path == "/down" else 204
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", got
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def _seed(database: Database) -> None:
    with database.transaction() as store:
        accounts.add_user(store, SYSTEM, "ana", Role.VIEWER)
        for name in ("Alpha", "Bravo", "Xray"):
            registry.add_actor(store, SYSTEM, name, ActorKind.ARMED_GROUP)
        registry.designate_actor(store, SYSTEM, "Xray", authority="UN", listed_on=DAY, source=SRC)
        truces.add_truce(
            store,
            SYSTEM,
            "Test Truce",
            TruceKind.NATIONWIDE_CEASEFIRE,
            effective=PartialDate.of(dt.date(2017, 1, 1)),
            countries=["SY"],
            exclude_designated_by=["UN"],
        )
        for who in ("Alpha", "Bravo"):
            truces.record_participation(
                store, SYSTEM, "Test Truce", who, EntryKind.JOINED, effective=DAY, sources=[SRC]
            )


def _incident(database: Database, country: str) -> None:
    with database.transaction() as store:
        incidents.file_incident(
            store,
            SYSTEM,
            type="violence.shelling",
            occurred=IncidentTime(dt.date(2017, 2, 1)),
            place=Place(name="Douma", country=country),
            source=SRC,
        )


def _verify(secret: str, body: bytes, signature: str) -> bool:
    expected = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, signature)


def test_one_alert_per_triggering_change_never_twice_signed(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    _seed(database)
    with smtp_server() as (smtp_url, mails), webhook_server() as (hook, posts):
        monkeypatch.setenv("TRUCEWATCH_SMTP_URL", smtp_url)
        secrets: dict[str, str | None] = {}
        with database.transaction() as store:
            alerts.add_subscription(
                store,
                SYSTEM,
                "ana",
                "party_left",
                secret_key=KEY,
                truce="Test Truce",
                email="ana@example.org",
            )
            alerts.add_subscription(
                store,
                SYSTEM,
                "ana",
                "new_incident",
                secret_key=KEY,
                truce="Test Truce",
                email="ana@example.org",
            )
            for trigger in ("designation", "linked_to_excluded"):
                secrets[trigger] = alerts.add_subscription(
                    store,
                    SYSTEM,
                    "ana",
                    trigger,
                    secret_key=KEY,
                    truce="Test Truce",
                    webhook=f"{hook}/{trigger}",
                )[1]
        assert run_alerts(database, KEY)["queued"] == 0  # the seed came before the subscriptions

        with database.transaction() as store:
            truces.record_participation(  # matches party_left
                store,
                SYSTEM,
                "Test Truce",
                "Alpha",
                EntryKind.WITHDREW,
                effective=DAY,
                sources=[SRC],
            )
            truces.record_participation(  # does not: a join
                store,
                SYSTEM,
                "Test Truce",
                "Alpha",
                EntryKind.JOINED,
                effective=PartialDate.of(dt.date(2017, 1, 20)),
                sources=[SRC],
            )
            registry.designate_actor(  # matches designation: Bravo participates
                store, SYSTEM, "Bravo", authority="EU", listed_on=DAY, source=SRC
            )
            registry.designate_actor(  # does not: Xray is no participant
                store, SYSTEM, "Xray", authority="EU", listed_on=DAY, source=SRC
            )
            registry.relate_actors(  # matches linked_to_excluded: Xray is UN-designated
                store, SYSTEM, "Bravo", RelationKind.ALLIED_WITH, "Xray", source=SRC
            )
        with database.transaction() as store:
            registry.add_actor(store, SYSTEM, "Yankee", ActorKind.ARMED_GROUP)
            registry.relate_actors(  # does not: neither side is excluded
                store, SYSTEM, "Bravo", RelationKind.ALLIED_WITH, "Yankee", source=SRC
            )
        _incident(database, "SY")  # matches new_incident
        _incident(database, "IQ")  # does not: out of the truce's countries

        counts = run_alerts(database, KEY)
        assert counts == {"queued": 4, "sent": 4, "retry": 0, "failed": 0}
        assert sorted(m["Subject"].split(",")[0] for m in mails) == [
            "trucewatch: new_incident",
            "trucewatch: party_left",
        ]
        left = json.loads(next(m for m in mails if "party_left" in m["Subject"]).get_payload())
        assert left["change"]["data"]["kind"] == "withdrew"
        assert sorted(p for p, _, _ in posts) == ["/designation", "/linked_to_excluded"]
        for path, body, signature in posts:
            secret = secrets[path.strip("/")]
            assert secret and _verify(secret, body, signature)
            assert not _verify(secret + "x", body, signature)
        assert json.loads(posts[0][1])["change"]["entity"] in ("designation", "relation")

        assert run_alerts(database, KEY) == {"queued": 0, "sent": 0, "retry": 0, "failed": 0}
        assert len(mails) == 2 and len(posts) == 2
        with database.transaction(readonly=True) as store:
            log = store.delivery_log()
        assert len(log) == 4 and {d["status"] for d in log} == {"sent"}


def test_a_failing_webhook_is_retried_then_marked_failing_without_blocking(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    _seed(database)
    with webhook_server() as (hook, posts):
        with database.transaction() as store:
            down = alerts.add_subscription(
                store,
                SYSTEM,
                "ana",
                "new_incident",
                secret_key=KEY,
                truce="Test Truce",
                webhook=f"{hook}/down",
            )[0]
            alerts.add_subscription(
                store,
                SYSTEM,
                "ana",
                "new_incident",
                secret_key=KEY,
                truce="Test Truce",
                webhook=f"{hook}/up",
            )
        _incident(database, "SY")
        first = run_alerts(database, KEY)
        assert first == {"queued": 2, "sent": 1, "retry": 1, "failed": 0}
        # Not due again yet: back-off.
        assert deliver_due(database, KEY) == {"sent": 0, "retry": 0, "failed": 0}
        later = dt.datetime.now(dt.UTC)
        for _ in range(MAX_ATTEMPTS - 1):
            later += dt.timedelta(days=1)
            deliver_due(database, KEY, now=later)
        with database.transaction(readonly=True) as store:
            sub = store.subscription(down)
            log = {d["subscription_id"]: d for d in store.delivery_log()}
        assert sub is not None and sub["status"] == "failing"
        assert log[down]["status"] == "failed" and log[down]["attempts"] == MAX_ATTEMPTS
        assert [p for p, _, _ in posts].count("/down") == MAX_ATTEMPTS
        assert [p for p, _, _ in posts].count("/up") == 1


@pytest.mark.parametrize(
    ("kw", "field"),
    [
        ({"trigger": "nope", "email": "a@b.org", "truce": "Test Truce"}, "on"),
        ({"trigger": "party_left", "email": "a@b.org", "truce": "Test Truce", "zone": "z"}, "zone"),
        ({"trigger": "party_left", "truce": "Test Truce"}, "email"),
        ({"trigger": "party_left", "email": "not-an-address", "truce": "Test Truce"}, "email"),
        ({"trigger": "new_incident", "email": "a@b.org", "actor": "Alpha"}, "truce"),
    ],
)
def test_bad_subscriptions_are_refused_naming_the_field(
    sqlite_db: Database, kw: dict[str, Any], field: str
) -> None:
    _seed(sqlite_db)
    trigger = kw.pop("trigger")
    with sqlite_db.transaction() as store, pytest.raises(InvalidInput) as exc:
        alerts.add_subscription(store, SYSTEM, "ana", trigger, secret_key=KEY, **kw)
    assert exc.value.field == field
