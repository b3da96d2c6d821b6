"""Violation statistics of a truce for a bulletin: counts per area, party, claimant and category.

What is counted: violent incidents (domain.violations) in the truce's scope, each on the last
day of its period, as the bulletin reports them. Of those, `violations` are the incidents in
which some accepted claim names as perpetrator an actor who participates in the truce that day
(the same rule as the incident views). Per area: the truce's zone the incident lies in, or its
governorate (admin1) for a truce without zones. Per party: the alleged perpetrators. Per
claimant: who reports the incident, and whom each claimant blames, side by side: a party's own
figures next to a monitor's, never merged.

Periods: the day D; the previous period (D-1, the same length); since the truce took effect to
D; and the baseline, the same number of days just before the truce took effect, where the place
test uses the truce's zones in force on its first day. Before the truce nobody participates, so
the baseline's `violations` are 0 by definition: compare `incidents`.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from typing import Any

from trucewatch.domain.incidents import IncidentTime, TimePrecision, in_truce_scope
from trucewatch.domain.truces import Truce
from trucewatch.domain.violations import CATEGORIES, category_of
from trucewatch.services.incident_queries import IncidentReader, incident_place


def _area(v: dict[str, Any], zone_items: list[dict[str, Any]], truce_id: int) -> str:
    inside = sorted(z["name"] for z in zone_items if z["truce_id"] == truce_id and z["inside"])
    if inside:
        return inside[0]
    return v["place"]["admin1"] or v["place"]["label"]


def _parties(v: dict[str, Any]) -> set[str]:
    return {p for c in v["claims"] if c["accepted"] for p in c["perpetrators"] if p}


class _Counts:
    def __init__(self, start: dt.date, end: dt.date) -> None:
        self.start, self.end = start, end
        self.incidents = 0
        self.violations = 0
        self.by_area: Counter[str] = Counter()
        self.by_category: Counter[str] = Counter(dict.fromkeys(CATEGORIES, 0))
        self.by_party: Counter[str] = Counter()
        self.violations_by_party: Counter[str] = Counter()
        self.by_claimant: dict[str, Counter[str]] = defaultdict(Counter)

    def add(self, area: str, category: str, v: dict[str, Any], participants: set[str]) -> None:
        self.incidents += 1
        self.by_area[area] += 1
        self.by_category[category] += 1
        parties = _parties(v)
        for p in parties:
            self.by_party[p] += 1
        violators = parties & participants
        if violators:
            self.violations += 1
            for p in violators:
                self.violations_by_party[p] += 1
        for claimant in {c["claimant"] or "(unattributed)" for c in v["claims"] if c["accepted"]}:
            blamed = {
                p
                for c in v["claims"]
                if c["accepted"] and (c["claimant"] or "(unattributed)") == claimant
                for p in c["perpetrators"]
            }
            self.by_claimant[claimant]["incidents"] += 1
            for p in blamed:
                self.by_claimant[claimant][p] += 1

    def as_dict(self, areas: list[str]) -> dict[str, Any]:
        by_area = {a: self.by_area.get(a, 0) for a in areas}
        by_area.update({a: n for a, n in sorted(self.by_area.items()) if a not in by_area})
        return {
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "days": (self.end - self.start).days + 1,
            "incidents": self.incidents,
            "violations": self.violations,
            "by_area": by_area,
            "by_category": dict(self.by_category),
            "by_party": dict(sorted(self.by_party.items())),
            "violations_by_party": dict(sorted(self.violations_by_party.items())),
            "by_claimant": {
                k: {
                    "incidents": c["incidents"],
                    "blames": {p: n for p, n in sorted(c.items()) if p != "incidents"},
                }
                for k, c in sorted(self.by_claimant.items())
            },
        }


def violation_stats(
    reader: IncidentReader, truce: Truce, views: list[dict[str, Any]], day: dt.date
) -> dict[str, Any]:
    """Counts for D, D-1, since the start and the baseline, from the views of every incident
    that ended by D (the bulletin reads them once)."""
    assert truce.id is not None
    tid = truce.id
    start = truce.effective.start
    one = dt.timedelta(days=1)
    periods = {"day": _Counts(day, day), "previous_period": _Counts(day - one, day - one)}
    if day >= start:
        periods["since_start"] = _Counts(start, day)
        length = (day - start).days + 1
        periods["baseline"] = _Counts(start - length * one, start - one)
    zones = reader.zones()
    zoned = tid in zones.zoned_truces
    first_day = zones.index(start) if zones.versions else None
    area_names = (
        sorted(
            {
                e.version.name
                for e in zones.index(day).entries
                if e.truce_id == tid and not e.version.kind.is_line
            }
        )
        if zones.versions
        else []
    )
    for v in views:
        category = category_of(v["type"])
        if category is None:
            continue
        end = dt.date.fromisoformat(v["occurred_end"])
        in_scope = any(t["id"] == tid for t in v["truces"])
        items = reader.zone_items.get(v["id"], [])
        if end < start:
            # Before the truce: place the incident against the truce's first-day scope.
            place = incident_place_of(v)
            if zoned and place.lat is not None and place.lon is not None and first_day:
                items = first_day.relate([place.lon], [place.lat])[0]
                in_scope = any(z["inside"] and z["truce_id"] == tid for z in items)
                in_scope = in_scope and in_truce_scope(
                    truce, IncidentTime(start, TimePrecision.DAY), place, named_areas=False
                )
            else:
                in_scope = in_truce_scope(truce, IncidentTime(start, TimePrecision.DAY), place)
        if not in_scope:
            continue
        area = _area(v, items, tid)
        participants = _participants(reader, tid, v) if end >= start else set()
        for counts in periods.values():
            if counts.start <= end <= counts.end:
                counts.add(area, category, v, participants)
    out = {name: c.as_dict(area_names) for name, c in periods.items()}
    return {
        "counted": "violent incidents in scope (domain.violations); violations: those alleged "
        "against a participant",
        "areas": area_names,
        "day": out["day"],
        **{
            k: out["day"][k]
            for k in ("by_area", "by_category", "by_party", "violations_by_party", "by_claimant")
        },
        "previous_period": out["previous_period"],
        "since_start": out.get("since_start"),
        "baseline": out.get("baseline"),
    }


def incident_place_of(v: dict[str, Any]) -> Any:
    p = v["place"]
    return incident_place(
        {
            "place_name": p["name"],
            "admin1": p["admin1"],
            "country": p["country"],
            "lat": p["lat"],
            "lon": p["lon"],
            "geo_precision": p["geo_precision"],
        }
    )


def _participants(reader: IncidentReader, truce_id: int, v: dict[str, Any]) -> set[str]:
    day = dt.date.fromisoformat(v["occurred_start"])
    parts = reader.participants(truce_id, day)
    reader.names(parts)
    return {reader.name(a) or "" for a in parts} - {""}
