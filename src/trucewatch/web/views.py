"""Views: call one service or query, shape the result into a typed context for a template.

Contexts are dataclasses so a template's inputs are named and checked by mypy; the rows inside
stay the services' dicts (the same shapes the API returns), so pages and API never drift apart.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from trucewatch.domain.dates import parse_date, utcnow
from trucewatch.domain.errors import InvalidInput
from trucewatch.domain.incidents import Place as IncidentPlace
from trucewatch.domain.reports import parse_status
from trucewatch.domain.taxonomy import EVENT_TYPES
from trucewatch.extract.places import PlaceGazetteer
from trucewatch.services import field_reports, queries, review
from trucewatch.services.candidate_payload import FATALITY_FIELDS, ROLES
from trucewatch.services.custody import DocumentCustody, document_custody
from trucewatch.services.incident_queries import (
    incident_detail,
    incidents_of_actor,
    overview_incidents,
)
from trucewatch.services.versions import RegistryIndex
from trucewatch.storage.store import Store
from trucewatch.web.highlight import KINDS, Segment, segments
from trucewatch.web.svg import Chart, Edge, Node, bar_chart, network, step_chart


@dataclass
class OverviewContext:
    truces: list[dict[str, Any]]
    truce: dict[str, Any]
    as_of: str
    participants: list[dict[str, Any]]
    chart: Chart
    violations: Chart
    investigations: list[dict[str, Any]]
    bulletin_day: str


def _counts(
    changes: list[dict[str, Any]], start: dt.date, end: dt.date
) -> list[tuple[dt.date, int]]:
    """Participant count per change day, from the before/after status of each ledger change."""
    delta: Counter[dt.date] = Counter()
    for c in changes:
        day = parse_date(c["effective"], "effective").start if c["effective"] else start
        before, after = c["status_before"] == "participant", c["status_after"] == "participant"
        delta[day] += int(after) - int(before)
    out = [(start, 0)]
    n = 0
    for day in sorted(delta):
        n += delta[day]
        out.append((max(day, start), n))
    out.append((end, n))
    return out


def overview(
    store: Store, truce: str | None, as_of: dt.date | None, registry: RegistryIndex | None = None
) -> OverviewContext:
    truces = queries.list_truces(store)
    if not truces:
        raise InvalidInput(
            "No truces are recorded yet: run `trucewatch reference load`.", field=None
        )
    detail = queries.truce_detail(store, truce or str(truces[0]["id"]), registry)
    day = as_of or utcnow().date()
    effective = parse_date(detail["effective"], "effective").start
    start = effective - dt.timedelta(days=7)
    end = max(day, start + dt.timedelta(days=30))
    ch = queries.changes(store, str(detail["id"]), since=start, until=end)["changes"]
    events = []
    for c in ch:
        if c["effective"] and c["status_before"] != c["status_after"]:
            kind = "joined" if c["status_after"] == "participant" else "withdrew"
            d = parse_date(c["effective"], "effective").start
            events.append((d, kind, f"{c['name']} {kind} ({c['effective']})"))
    parts = queries.participants(store, str(detail["id"]), as_of=day, registry=registry)[
        "participants"
    ]
    incidents = overview_incidents(store, str(detail["id"]), start, end)
    per_day: Counter[dt.date] = Counter()
    investigations = []
    for inc in incidents:
        if inc["violations"]:
            per_day[dt.date.fromisoformat(inc["occurred_start"])] += len(inc["violations"])
        investigations += [{**i, "incident": inc} for i in inc["investigations"] if i["open"]]
    return OverviewContext(
        truces=truces,
        truce=detail,
        as_of=day.isoformat(),
        participants=parts,
        chart=step_chart(_counts(ch, start, end), events),
        violations=bar_chart(sorted(per_day.items())),
        investigations=investigations,
        bulletin_day=(day - dt.timedelta(days=1)).isoformat(),
    )


@dataclass
class ParticipantsContext:
    truce: dict[str, Any]
    as_of: str
    rows: list[dict[str, Any]]
    disputed: list[dict[str, Any]]


def participants(
    store: Store, truce: str, as_of: dt.date | None, registry: RegistryIndex | None = None
) -> ParticipantsContext:
    """Disputed rows are those with more than one party's view: shown side by side."""
    data = queries.participants(store, truce, as_of=as_of, registry=registry)
    rows = data["participants"]
    return ParticipantsContext(
        truce=queries.truce_detail(store, truce, registry),
        as_of=data["as_of"],
        rows=rows,
        disputed=[r for r in rows if len({v["asserted_by"] for v in r["views"]}) > 1],
    )


@dataclass
class ActorContext:
    actor: dict[str, Any]
    history: dict[str, Any]
    nodes: list[Node]
    edges: list[Edge]
    as_perpetrator: list[dict[str, Any]]
    as_target: list[dict[str, Any]]


def actor(store: Store, ref: str) -> ActorContext:
    a = queries.actor_detail(store, ref)
    others: dict[int, str] = {}
    edges = []
    for r in a["relations"]:
        for oid, name in ((r["subject_id"], r["subject"]), (r["object_id"], r["object"])):
            if oid != a["id"]:
                others[oid] = name
        dated = f"{r['from'] or '…'} – {r['to'] or 'now'}"
        edges.append((r["subject_id"], r["object_id"], r["relation"], dated))
    nodes, drawn = network((a["id"], a["name"]), sorted(others.items()), edges)
    mine = incidents_of_actor(store, a["id"])
    return ActorContext(
        actor=a,
        history=queries.actor_history(store, ref),
        nodes=nodes,
        edges=drawn,
        as_perpetrator=[i for i in mine if _touches(i, a["name"], "perpetrators")],
        as_target=[i for i in mine if _touches(i, a["name"], "targets")],
    )


def _touches(inc: dict[str, Any], name: str, role: str | None = None) -> bool:
    roles = (role,) if role else ("perpetrators", "targets")
    return any(name in c.get(r, []) for c in inc["claims"] for r in roles)


@dataclass
class IncidentContext:
    incident: dict[str, Any]


def incident(store: Store, incident_id: int) -> IncidentContext:
    return IncidentContext(incident=incident_detail(store, incident_id))


@dataclass
class DocumentContext:
    document: dict[str, Any]
    segments: list[Segment]
    kinds: tuple[str, ...] = KINDS
    counts: dict[str, int] = field(default_factory=dict)
    custody: DocumentCustody | None = None  # analysts and above only


def document(
    store: Store, document_id: int, *, with_custody: bool = False
) -> DocumentContext | None:
    doc = store.get_document(document_id)
    if doc is None:
        return None
    segs = segments(doc["text"], doc.get("extraction"))
    counts = Counter(s.kind for s in segs if s.kind)
    custody = document_custody(store, document_id) if with_custody else None
    return DocumentContext(document=doc, segments=segs, counts=dict(counts), custody=custody)


@dataclass
class ReviewContext:
    items: list[dict[str, Any]]
    status: str
    next_after: int | None
    types: list[str] = field(default_factory=list)  # event type ids a correction may choose
    roles: tuple[str, ...] = ROLES
    counts: tuple[str, ...] = FATALITY_FIELDS


def review_queue(store: Store, status: str, after: int, limit: int = 20) -> ReviewContext:
    rows = review.list_candidates(store, status=status, limit=limit + 1, after_id=after)
    more = len(rows) > limit
    items = [review.show_candidate(store, int(r["id"]), context=200) for r in rows[:limit]]
    return ReviewContext(
        items, status, int(rows[limit - 1]["id"]) if more else None, sorted(EVENT_TYPES)
    )


def parse_ids(text: str, field: str) -> tuple[int, ...]:
    """Candidate ids typed as "12, 15 17"."""
    parts = [p for p in text.replace(",", " ").split() if p]
    if not all(p.isdigit() for p in parts):
        raise InvalidInput(f"{field}: {text!r} is not a list of candidate ids.", field=field)
    return tuple(int(p) for p in parts)


@dataclass
class ModerationContext:
    items: list[dict[str, Any]]
    status: str
    next_after: int | None
    types: list[tuple[str, str]]  # (id, label) of the incident types a report can be filed as


# A field report describes something that happened on the ground, not a statement or a meeting:
# (id, label) of the types a moderator can file one as.
_REPORT_TYPES = [
    (t.id, t.label)
    for t in EVENT_TYPES.values()
    if t.family in ("violence", "demonstration", "other") or t.id == "truce.violation_alleged"
]


def moderation_queue(
    store: Store, cipher: Any, status: str, after: int, limit: int = 20
) -> ModerationContext:
    """Field reports with their reporters' contacts decrypted: the page is for moderators only."""
    st = None if status == "all" else parse_status(status)
    rows = field_reports.queue(store, cipher, status=st, after_id=after, limit=limit + 1)
    more = len(rows) > limit
    for r in rows[:limit]:
        r["place_options"] = place_options(r["place"]) if r["status"] == "pending" else []
    return ModerationContext(
        rows[:limit], status, int(rows[limit - 1]["id"]) if more else None, _REPORT_TYPES
    )


@lru_cache(maxsize=1)
def _places() -> PlaceGazetteer:
    """The bundled GeoNames gazetteer (Syria), loaded once per process."""
    return PlaceGazetteer.from_directory()


def place_options(reported: str) -> list[tuple[str, str]]:
    """(value, label) of the gazetteer places a report's free-text place may mean, most likely
    first; the moderator picks one so that the incident gets a point on the map."""
    out = []
    for p in _places().lookup(reported):
        if p.kind == "place" and p.geonameid is not None and p.lat is not None:
            where = f"{p.admin1} governorate; " if p.admin1 else ""
            label = f"{p.name} (town, {where}{p.lat:.3f}, {p.lon:.3f})"
            out.append((f"gid:{p.geonameid}", label))
        elif p.kind in ("admin1", "region") and p.admin1:
            kind = "governorate" if p.kind == "admin1" else f"area in {p.admin1}"
            out.append((f"admin1:{p.admin1}", f"{p.name} ({kind}; no point on the map)"))
    return out


def place_choice(value: str, reported: str) -> IncidentPlace | None:
    """The incident place for a moderator's choice from `place_options` ("" keeps the
    report's text as the place name, region precision, no coordinates)."""
    value = value.strip()
    if not value:
        return None
    kind, _, ref = value.partition(":")
    if kind == "gid" and ref.isdigit():
        for p in _places().places:
            if p.geonameid == int(ref) and p.kind == "place":
                return IncidentPlace(
                    name=p.name, admin1=p.admin1, country="SY", lat=p.lat, lon=p.lon, precision=1
                )
    if kind == "admin1" and any(p.kind == "admin1" and p.admin1 == ref for p in _places().places):
        return IncidentPlace(name=reported, admin1=ref, country="SY", precision=3)
    raise InvalidInput(f"place: {value!r} is not one of the places offered.", field="place")
