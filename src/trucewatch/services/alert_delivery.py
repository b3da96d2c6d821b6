"""Delivering queued alerts: SMTP e-mail and signed webhooks, with retries and back-off.

Each delivery is sent outside any transaction, then marked in its own: `sent`, or a later
`next_attempt_at` (30 s doubling per attempt), and after MAX_ATTEMPTS `failed`, with the
subscription marked `failing`. One endpoint that fails never holds up the others: every due
delivery is tried once per round. A crash between sending and marking can resend that one
delivery (at least once); no change is ever queued twice for a subscription.

Webhook bodies carry `X-Trucewatch-Signature: sha256=<hex HMAC-SHA256 of the body>` keyed with
the subscription's secret, shown once when it was created.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import os
import smtplib
from email.message import EmailMessage
from typing import Any
from urllib.parse import urlparse

import httpx

from trucewatch.domain.dates import utcnow
from trucewatch.domain.errors import InvalidInput
from trucewatch.services import bulletin_alerts
from trucewatch.services.alerts import evaluate_subscription, secret_box
from trucewatch.storage.db import Database

MAX_ATTEMPTS = 5
BASE_DELAY_S = 30.0
SMTP_ENV = "TRUCEWATCH_SMTP_URL"
FROM = "trucewatch@localhost"


def sign(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def smtp_target(url: str | None) -> tuple[str, int]:
    if not url:
        raise InvalidInput(
            f"E-mail alerts need {SMTP_ENV}, e.g. smtp://127.0.0.1:8025.", field="smtp"
        )
    u = urlparse(url)
    if u.scheme != "smtp" or not u.hostname:
        raise InvalidInput(f"{SMTP_ENV}: expected smtp://HOST[:PORT], got {url!r}.", field="smtp")
    return u.hostname, u.port or 25


def _send_email(to: str, body: dict[str, Any], smtp_url: str | None) -> None:
    host, port = smtp_target(smtp_url)
    msg = EmailMessage()
    msg["From"], msg["To"] = FROM, to
    if body["trigger"] == bulletin_alerts.TRIGGER:
        msg["Subject"], text, html = bulletin_alerts.bulletin_mail(body)
        msg.set_content(text)
        msg.add_alternative(html, subtype="html")
    else:
        change = body["change"]
        msg["Subject"] = f"trucewatch: {body['trigger']}, {change['entity']} {change['id']}"
        msg.set_content(json.dumps(body, indent=2, ensure_ascii=False))
    with smtplib.SMTP(host, port, timeout=20) as smtp:
        smtp.send_message(msg)


def _send_webhook(client: httpx.Client, url: str, secret: str, raw: bytes) -> None:
    r = client.post(
        url,
        content=raw,
        headers={"Content-Type": "application/json", "X-Trucewatch-Signature": sign(secret, raw)},
        timeout=20,
    )
    if r.status_code >= 300:
        raise RuntimeError(f"HTTP {r.status_code}")


def deliver_due(
    database: Database, secret_key: bytes, *, now: dt.datetime | None = None
) -> dict[str, int]:
    """Try every due delivery once; counts of sent, retried and failed."""
    counts = {"sent": 0, "retry": 0, "failed": 0}
    smtp_url = os.environ.get(SMTP_ENV)
    box = secret_box(secret_key)
    with database.transaction(readonly=True) as store:
        due = store.deliveries_due(now or utcnow())
        subs = {d["subscription_id"]: store.subscription(d["subscription_id"]) for d in due}
    with httpx.Client() as client:
        for d in due:
            sub = subs[d["subscription_id"]]
            if sub is None or sub["status"] == "removed":
                continue
            error = None
            try:
                if sub["channel"] == "email":
                    _send_email(sub["target"], json.loads(d["body"]), smtp_url)
                else:
                    secret = box.decrypt(sub["secret_encrypted"].encode()).decode()
                    _send_webhook(client, sub["target"], secret, d["body"].encode())
            except InvalidInput:
                raise
            except Exception as exc:  # noqa: BLE001 - any endpoint fault is retried, never fatal
                error = f"{type(exc).__name__}: {exc}"[:500]
            attempts = int(d["attempts"]) + 1
            at = utcnow()
            with database.transaction() as store:
                if error is None:
                    store.update_delivery(
                        d["id"], status="sent", attempts=attempts, delivered_at=at, last_error=None
                    )
                    counts["sent"] += 1
                elif attempts >= MAX_ATTEMPTS:
                    store.update_delivery(
                        d["id"], status="failed", attempts=attempts, last_error=error
                    )
                    store.update_subscription(sub["id"], status="failing")
                    counts["failed"] += 1
                else:
                    delay = dt.timedelta(seconds=BASE_DELAY_S * 2 ** (attempts - 1))
                    store.update_delivery(
                        d["id"], attempts=attempts, last_error=error, next_attempt_at=at + delay
                    )
                    counts["retry"] += 1
    return counts


def run_alerts(
    database: Database, secret_key: bytes, *, now: dt.datetime | None = None
) -> dict[str, int]:
    """One round: evaluate every live subscription on the new changes (a bulletin subscription:
    queue its due days), then deliver."""
    queued = 0
    with database.transaction(readonly=True) as store:
        subs = [s for s in store.subscriptions() if s["status"] != "removed"]
    for listed in subs:
        with database.transaction() as store:
            sub = store.subscription(int(listed["id"]))  # its cursor as of this transaction
            if sub is None:
                continue
            if sub["trigger"] == bulletin_alerts.TRIGGER:
                queued += bulletin_alerts.queue_bulletins(store, sub, now)
            else:
                queued += evaluate_subscription(store, sub)
    return {"queued": queued, **deliver_due(database, secret_key, now=now)}
