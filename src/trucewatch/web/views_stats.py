"""The violation statistics page: a truce's counts for a day, charted and tabled.

The figures are the bulletin's (reports.violation_stats), read the same way at the same cut-off,
so the page, the bulletin and `GET /api/v1/truces/{id}/violations` never disagree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from trucewatch.domain.dates import utcnow
from trucewatch.domain.violations import CATEGORIES
from trucewatch.reports.render_stats import periods_line, stat_tables
from trucewatch.reports.violation_stats import violation_stats
from trucewatch.services.access import list_access_denials
from trucewatch.services.incident_queries import IncidentReader
from trucewatch.services.resolve import resolve_truce
from trucewatch.storage.store import Store
from trucewatch.web.svg_stats import PairedChart, paired_bars

ROW_LABELS = {
    "area": "Area",
    "category": "Category",
    "party": "Alleged party",
    "claimant": "Claimant",
}


@dataclass
class Breakdown:
    key: str
    title: str
    chart: PairedChart
    caption: str
    header: list[str]
    rows: list[list[str]]
    row_label: str


@dataclass
class StatsContext:
    truce: dict[str, Any]
    day: str
    periods: str
    counted: str
    totals: tuple[list[str], list[list[str]]]
    breakdowns: list[Breakdown] = field(default_factory=list)
    denials: list[dict[str, Any]] = field(default_factory=list)


def _values(v: dict[str, Any], get: Any) -> tuple[int, int, int | None, int | None]:
    since, base = v.get("since_start"), v.get("baseline")
    return (
        get(v["day"]),
        get(v["previous_period"]),
        None if since is None else get(since),
        None if base is None else get(base),
    )


def _keys(v: dict[str, Any], name: str) -> list[str]:
    seen: dict[str, None] = {}
    for key in ("day", "previous_period", "since_start", "baseline"):
        for k in (v.get(key) or {}).get(name, {}):
            seen[k] = None
    return list(seen)


def violation_page(store: Store, truce: str, day: dt.date) -> StatsContext:
    truce_id = resolve_truce(store, truce)
    t = store.get_truce(truce_id)
    reader = IncidentReader(store, utcnow(), as_of=day)
    v = violation_stats(reader, t, reader.views(reader.rows(occurred_to=day)), day)
    tables = {caption: (header, rows) for caption, header, rows in stat_tables(v)}
    captions = list(tables)

    def count(name: str, key: str) -> Any:
        return lambda p: p[name].get(key, 0)

    def claimed(key: str) -> Any:
        return lambda p: (p["by_claimant"].get(key) or {}).get("incidents", 0)

    specs = [
        ("area", "By area", captions[1],
         [(a, *_values(v, count("by_area", a))) for a in _keys(v, "by_area")]),
        ("category", "By category", captions[2],
         [(CATEGORIES[c], *_values(v, count("by_category", c))) for c in CATEGORIES]),
        ("party", "By alleged party", captions[3],
         [(x, *_values(v, count("by_party", x))) for x in sorted(_keys(v, "by_party"))]),
        ("claimant", "By claimant", captions[4],
         [(c, *_values(v, claimed(c))) for c in sorted(_keys(v, "by_claimant"))]),
    ]  # fmt: skip
    breakdowns = [
        Breakdown(key, title, paired_bars(rows, title), caption, *tables[caption], ROW_LABELS[key])
        for key, title, caption, rows in specs
    ]
    return StatsContext(
        truce={"id": truce_id, "name": t.name, "effective": t.effective.iso()},
        day=day.isoformat(),
        periods=periods_line(v),
        counted=v["counted"],
        totals=tables[captions[0]],
        breakdowns=breakdowns,
        denials=list_access_denials(store, str(truce_id), since=day, until=day),
    )
