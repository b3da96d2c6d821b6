"""The daily bulletins of one truce as an Atom feed (RFC 4287): one entry per day, newest first.

The feed covers the `days` finished days (UTC) before `now`, never a day before the truce took
effect; today is left out until it ends. Each entry is the bulletin as `trucewatch bulletin`
renders it (its HTML body as content, a one-line summary) with links to the printable page and
the JSON in the API. The bulletin is public record: incidents, claims and sources as the public
API shows them, never account names nor anything about a field report's reporter.

Entry ids are the bulletin's address in the API (`.../bulletin?date=D`): the same day always has
the same id. `updated` is the end of the day (D+1 00:00 UTC), when the bulletin is complete. A
bulletin can still change afterwards (a late report, a correction); the entry's content is then
the newer text but its `updated` stays, because finding when the last row behind a day was
recorded would cost a second pass over the record per day (docs/changes.md).
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from trucewatch.domain.dates import utcnow
from trucewatch.reports.bulletin import build_bulletin
from trucewatch.reports.render import render_html_body
from trucewatch.services.resolve import resolve_truce
from trucewatch.storage.store import Store

DEFAULT_DAYS = 7
MAX_DAYS = 31


def feed_days(effective: dt.date, now: dt.datetime, days: int) -> list[dt.date]:
    """The finished days the feed shows, newest first."""
    last = now.astimezone(dt.UTC).date() - dt.timedelta(days=1)
    out = [last - dt.timedelta(days=i) for i in range(days)]
    return [d for d in out if d >= effective]


def summary(b: dict[str, Any]) -> str:
    """One line a feed reader shows in its list."""
    p = b["participation"]
    vio = len(b["violations"]["incidents"])
    other = len(b["other_incidents"])
    return (
        f"Participants {p['count']} ({p['change']:+d}); "
        f"{len(p['joined'])} joined, {len(p['withdrew'])} left; "
        f"{vio} incident{'s' * (vio != 1)} with alleged violations, {other} other; "
        f"{len(b['access_denials'])} access denials; "
        f"{len(b['open_investigations'])} open investigations."
    )


def bulletin_atom(
    store: Store,
    truce: str,
    *,
    base_url: str,
    days: int = DEFAULT_DAYS,
    now: dt.datetime | None = None,
) -> str:
    now = now or utcnow()
    truce_id = resolve_truce(store, truce)
    t = store.get_truce(truce_id)
    api = f"{base_url}/api/v1/truces/{truce_id}"
    feed_id = f"{api}/bulletins.atom"
    shown = feed_days(t.effective.start, now, days)
    entries = []
    for day in shown:
        b = build_bulletin(store, str(truce_id), day, now)
        end = _iso(dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), dt.UTC))
        page = f"{base_url}/truces/{truce_id}/bulletin?day={day.isoformat()}"
        json_url = f"{api}/bulletin?date={day.isoformat()}"
        entries += [
            "<entry>",
            f"<id>{escape(json_url)}</id>",
            f"<title>{escape(t.name)} — daily bulletin for {day.isoformat()}</title>",
            f"<updated>{end}</updated>",
            f"<published>{end}</published>",
            f'<link rel="alternate" type="text/html" href={quoteattr(page)}/>',
            f'<link rel="related" type="application/json" href={quoteattr(json_url)}/>',
            f'<summary type="text">{escape(summary(b))}</summary>',
            f'<content type="html">{escape(render_html_body(b))}</content>',
            "</entry>",
        ]
    updated = (
        _iso(dt.datetime.combine(shown[0] + dt.timedelta(days=1), dt.time(), dt.UTC))
        if shown
        else _iso(dt.datetime.combine(t.effective.start, dt.time(), dt.UTC))
    )
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom">',
        f"<title>{escape(t.name)} — trucewatch daily bulletins</title>",
        f"<id>{escape(feed_id)}</id>",
        f'<link rel="self" href={quoteattr(feed_id)}/>',
        f'<link rel="alternate" type="text/html" href={quoteattr(f"{base_url}/?truce={truce_id}")}/>',
        f"<updated>{updated}</updated>",
        "<author><name>trucewatch</name></author>",
        *entries,
        "</feed>",
    ]
    return "\n".join(out) + "\n"


def _iso(at: dt.datetime) -> str:
    return at.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")
