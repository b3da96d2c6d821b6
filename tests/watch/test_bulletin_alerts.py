"""The daily bulletin as an alert, over a real SMTP server (aiosmtpd) and a real webhook receiver:
one bulletin per day, the e-mail is the bulletin (Markdown text, HTML alternative), the webhook
its signed JSON, and a second round the same day sends nothing."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from tests.watch.test_alerts import KEY, SRC, _verify, smtp_server, webhook_server
from trucewatch.domain.accounts import Role
from trucewatch.domain.actors import ActorKind
from trucewatch.domain.dates import PartialDate
from trucewatch.domain.errors import InvalidInput
from trucewatch.domain.incidents import IncidentTime, Place
from trucewatch.domain.ledger import EntryKind
from trucewatch.domain.truces import TruceKind
from trucewatch.reports.bulletin import build_bulletin
from trucewatch.reports.render import render_html, render_md
from trucewatch.services import accounts, alerts, incidents, registry, truces
from trucewatch.services.alert_delivery import run_alerts
from trucewatch.services.bulletin_alerts import key_day
from trucewatch.services.context import SYSTEM
from trucewatch.storage.db import Database

TODAY = dt.datetime.now(dt.UTC).date()


def _seed(database: Database) -> None:
    with database.transaction() as store:
        accounts.add_user(store, SYSTEM, "ana", Role.VIEWER)
        registry.add_actor(store, SYSTEM, "Alpha", ActorKind.ARMED_GROUP)
        truces.add_truce(
            store,
            SYSTEM,
            "Daily Truce",
            TruceKind.NATIONWIDE_CEASEFIRE,
            effective=PartialDate.of(TODAY - dt.timedelta(days=20)),
            countries=["SY"],
        )
        truces.record_participation(
            store,
            SYSTEM,
            "Daily Truce",
            "Alpha",
            EntryKind.JOINED,
            effective=PartialDate.of(TODAY - dt.timedelta(days=1)),
            sources=[SRC],
        )
        incidents.file_incident(
            store,
            SYSTEM,
            type="violence.shelling",
            occurred=IncidentTime(TODAY - dt.timedelta(days=1)),
            place=Place(name="Douma", country="SY"),
            source=SRC,
        )


def _parts(mail: Any) -> dict[str, str]:
    return {
        p.get_content_type(): p.get_payload(decode=True)
        .decode(p.get_content_charset() or "utf-8")
        .replace("\r\n", "\n")
        for p in mail.walk()
        if not p.is_multipart()
    }


def test_the_bulletin_is_delivered_once_a_day_by_email_and_webhook(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    _seed(database)
    with smtp_server() as (smtp_url, mails), webhook_server() as (hook, posts):
        monkeypatch.setenv("TRUCEWATCH_SMTP_URL", smtp_url)
        with database.transaction() as store:
            mail_sub = alerts.add_subscription(
                store,
                SYSTEM,
                "ana",
                "bulletin",
                secret_key=KEY,
                truce="Daily Truce",
                email="ana@example.org",
            )[0]
            secret = alerts.add_subscription(
                store,
                SYSTEM,
                "ana",
                "bulletin",
                secret_key=KEY,
                truce="Daily Truce",
                webhook=f"{hook}/daily",
            )[1]
        assert secret
        now = dt.datetime.now(dt.UTC)  # after the seed: the bulletin is as known now
        today = now.date()
        first = run_alerts(database, KEY, now=now)
        assert first == {"queued": 2, "sent": 2, "retry": 0, "failed": 0}
        yesterday = today - dt.timedelta(days=1)
        with database.transaction(readonly=True) as store:
            expected = build_bulletin(store, "Daily Truce", yesterday, now)
        [mail] = mails
        assert mail["To"] == "ana@example.org"
        assert yesterday.isoformat() in mail["Subject"] and "Daily Truce" in mail["Subject"]
        parts = _parts(mail)
        assert parts["text/plain"].strip() == render_md(expected).strip()
        assert parts["text/html"].strip() == render_html(expected).strip()
        assert expected["participation"]["joined"] and expected["other_incidents"]
        [(path, raw, signature)] = posts
        assert path == "/daily" and _verify(secret, raw, signature)
        body = json.loads(raw)
        assert body["trigger"] == "bulletin" and body["date"] == yesterday.isoformat()
        assert body["bulletin"] == json.loads(json.dumps(expected, default=str))

        # The same day again: nothing.
        assert run_alerts(database, KEY, now=now + dt.timedelta(hours=1))["queued"] == 0
        assert len(mails) == 1 and len(posts) == 1

        # The next day: that day's bulletin, once.
        tomorrow = now + dt.timedelta(days=1)
        assert run_alerts(database, KEY, now=tomorrow) == {
            "queued": 2,
            "sent": 2,
            "retry": 0,
            "failed": 0,
        }
        assert run_alerts(database, KEY, now=tomorrow)["queued"] == 0
        assert len(mails) == 2 and len(posts) == 2
        assert today.isoformat() in mails[1]["Subject"]
        with database.transaction(readonly=True) as store:
            log = store.delivery_log(subscription_id=mail_sub)
        assert sorted(key_day(int(d["change_id"])) for d in log) == [yesterday, today]


def test_a_missed_round_catches_up_at_most_a_week(
    sqlite_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    _seed(sqlite_db)
    with smtp_server() as (smtp_url, mails):
        monkeypatch.setenv("TRUCEWATCH_SMTP_URL", smtp_url)
        with sqlite_db.transaction() as store:
            alerts.add_subscription(
                store,
                SYSTEM,
                "ana",
                "bulletin",
                secret_key=KEY,
                truce="Daily Truce",
                email="ana@example.org",
            )
        later = dt.datetime.now(dt.UTC) + dt.timedelta(days=30)
        assert run_alerts(sqlite_db, KEY, now=later)["sent"] == 7
        days = sorted(m["Subject"].rsplit(" ", 1)[1] for m in mails)
        last = later.date() - dt.timedelta(days=1)
        assert days == [(last - dt.timedelta(days=i)).isoformat() for i in range(6, -1, -1)]


@pytest.mark.parametrize(
    ("kw", "field"),
    [
        ({"email": "a@b.org"}, "truce"),
        ({"email": "a@b.org", "truce": "Daily Truce", "actor": "Alpha"}, "actor"),
        ({"email": "a@b.org", "truce": "Daily Truce", "zone": "z"}, "zone"),
    ],
)
def test_a_bulletin_subscription_takes_a_truce_only(
    sqlite_db: Database, kw: dict[str, Any], field: str
) -> None:
    _seed(sqlite_db)
    with sqlite_db.transaction() as store, pytest.raises(InvalidInput) as exc:
        alerts.add_subscription(store, SYSTEM, "ana", "bulletin", secret_key=KEY, **kw)
    assert exc.value.field == field
