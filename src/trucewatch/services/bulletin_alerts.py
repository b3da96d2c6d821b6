"""The daily bulletin as an alert: `--on bulletin --truce T` delivers the previous day's bulletin
once a day, by e-mail (Markdown text with the HTML bulletin as its alternative) or signed webhook
(the bulletin's JSON).

A bulletin answers no change, so it has no change id. Its delivery is keyed by its day instead:
the delivery log's `change_id` holds minus the day's proleptic ordinal (`-date.toordinal()`), a
negative number no change row ever has (their ids start at 1). The log's unique
(subscription, change_id) key then means one bulletin per subscription and day, never two, the
same way it means one alert per change.

Each round queues the finished days not yet queued, up to yesterday (UTC): at most
CATCH_UP_DAYS of them (a round missed for a day or two catches up; a week-long outage does not
flood the inbox), none before the day before the subscription was made (subscribing gives
yesterday's bulletin on the next round) and none before the truce took effect. The bulletin is
built when it is queued, as known then (its `known_on`), and sent as built.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from trucewatch.domain.dates import utcnow
from trucewatch.reports.bulletin import build_bulletin
from trucewatch.reports.render import render_html, render_md
from trucewatch.storage.store import Store

TRIGGER = "bulletin"
CATCH_UP_DAYS = 7


def day_key(day: dt.date) -> int:
    """The delivery log's key for a day's bulletin: negative, so never a change id."""
    return -day.toordinal()


def key_day(change_id: int) -> dt.date | None:
    """The day of a bulletin delivery's key; None for a change id."""
    return dt.date.fromordinal(-change_id) if change_id < 0 else None


def due_days(sub: dict[str, Any], effective: dt.date, now: dt.datetime) -> list[dt.date]:
    last = now.astimezone(dt.UTC).date() - dt.timedelta(days=1)
    created = sub["created_at"].astimezone(dt.UTC).date() - dt.timedelta(days=1)
    first = max(last - dt.timedelta(days=CATCH_UP_DAYS - 1), created, effective)
    return [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]


def queue_bulletins(store: Store, sub: dict[str, Any], now: dt.datetime | None = None) -> int:
    """Queue the subscription's due bulletins, oldest first; returns how many were queued."""
    now = now or utcnow()
    truce_id = int(sub["truce_id"])
    effective = store.get_truce(truce_id).effective.start
    queued = 0
    days = due_days(sub, effective, now)
    done = store.delivered_change_ids(int(sub["id"]), [day_key(d) for d in days])
    for day in days:
        if day_key(day) in done:
            continue
        body = {
            "subscription": sub["id"],
            "trigger": TRIGGER,
            "truce_id": truce_id,
            "date": day.isoformat(),
            "bulletin": build_bulletin(store, str(truce_id), day, now),
        }
        queued += store.add_delivery(
            subscription_id=sub["id"],
            change_id=day_key(day),
            body=json.dumps(body, sort_keys=True, ensure_ascii=False, default=str),
            status="pending",
            attempts=0,
            next_attempt_at=now,
            created_at=now,
        )
    return queued


def bulletin_mail(body: dict[str, Any]) -> tuple[str, str, str]:
    """(subject, Markdown text, HTML) of a bulletin delivery."""
    b = body["bulletin"]
    subject = f"trucewatch bulletin: {b['truce']['name']}, {b['date']}"
    return subject, render_md(b), render_html(b)
