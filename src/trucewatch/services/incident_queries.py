"""Read side of incidents: claims side by side, the summary, truces in scope, derived violations.

Everything takes `known_on` and sees only what was recorded by then: claims, grades, transitions,
investigation steps and ledger entries. Views are plain dicts, ready for JSON, tables and the
bulletin. Violations are derived here, never typed in: an incident in a truce's scope with an
alleged perpetrator who participates in that truce on the incident's first day.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from trucewatch.domain.errors import NotFound
from trucewatch.domain.incidents import (
    Claim,
    Fatalities,
    IncidentTime,
    Place,
    TimePrecision,
    VerificationStatus,
    in_truce_scope,
    summarize,
)
from trucewatch.domain.ledger import Participation, fold
from trucewatch.domain.provenance import grade
from trucewatch.domain.taxonomy import EVENT_TYPES
from trucewatch.domain.truces import Truce
from trucewatch.services.resolve import resolve_truce
from trucewatch.services.verification import current_status
from trucewatch.services.zone_index import ZoneRelations
from trucewatch.storage.store import Store


def incident_time(row: dict[str, Any]) -> IncidentTime:
    return IncidentTime(row["occurred_on"], TimePrecision(row["occurred_precision"]))


def incident_place(row: dict[str, Any]) -> Place:
    return Place(
        name=row["place_name"],
        admin1=row["admin1"],
        country=row["country"],
        lat=row["lat"],
        lon=row["lon"],
        precision=row["geo_precision"],
    )


def _fatalities(row: dict[str, Any]) -> Fatalities:
    return Fatalities(
        low=row["fatalities_low"],
        best=row["fatalities_best"],
        high=row["fatalities_high"],
        civilians=row["fatalities_civilians"],
        non_civilians=row["fatalities_non_civilians"],
        children=row["fatalities_children"],
        women=row["fatalities_women"],
    )


def _fatalities_dict(f: Fatalities) -> dict[str, Any] | None:
    if not f.stated and not f.by_category():
        return None
    return {"low": f.low, "best": f.best, "high": f.high, "by_category": f.by_category()}


class IncidentReader:
    """One read at one `known_on`, with caches shared by every incident it builds.

    With `as_of`, verification transitions and investigation steps dated after that day are
    left out, so a bulletin for day D shows where verification stood at the end of D.
    """

    def __init__(
        self, store: Store, known_on: dt.datetime | None = None, as_of: dt.date | None = None
    ) -> None:
        self.store = store
        self.known_on = known_on
        self.as_of = as_of
        self._truces: list[Truce] | None = None
        self._entries: dict[int, Any] = {}
        self._folds: dict[tuple[int, dt.date], dict[int, Participation]] = {}
        self._names: dict[int, str] = {}
        self._sources: dict[int, dict[str, Any]] = {}
        self._zones: ZoneRelations | None = None
        # Incident id -> its zone items (zones in force on its first day); see `zone_items`.
        self.zone_items: dict[int, list[dict[str, Any]]] = {}

    # --- caches ----------------------------------------------------------------------------
    def truces(self) -> list[Truce]:
        if self._truces is None:
            self._truces = [self.store.get_truce(i) for i in self.store.list_truce_ids()]
        return self._truces

    def participants(self, truce_id: int, day: dt.date) -> dict[int, Participation]:
        key = (truce_id, day)
        if key not in self._folds:
            if truce_id not in self._entries:
                self._entries[truce_id] = self.store.truce_entries(truce_id, known_on=self.known_on)
            self._folds[key] = fold(self._entries[truce_id], day, self.known_on)
        return self._folds[key]

    def names(self, ids: Iterable[int]) -> dict[int, str]:
        missing = {i for i in ids if i is not None and i not in self._names}
        if missing:
            self._names.update({i: a.name for i, a in self.store.get_actors(missing).items()})
        return self._names

    def name(self, actor_id: int | None) -> str | None:
        return None if actor_id is None else self.names([actor_id])[actor_id]

    def sources(self, ids: Iterable[int]) -> dict[int, dict[str, Any]]:
        missing = {i for i in ids if i is not None and i not in self._sources}
        if missing:
            found = self.store.sources_by_ids(missing)
            grades = self.store.reliability_as_of(missing, self.known_on)
            for sid, s in found.items():
                self._sources[sid] = {**s, "reliability": grades.get(sid)}
        return self._sources

    def source(self, source_id: int) -> dict[str, Any]:
        return self.sources([source_id])[source_id]

    # --- incidents -------------------------------------------------------------------------
    def rows(self, **filters: Any) -> list[dict[str, Any]]:
        return self.store.incident_rows(known_on=self.known_on, **filters)

    def zones(self) -> ZoneRelations:
        if self._zones is None:
            self._zones = ZoneRelations(self.store, self.known_on)
        return self._zones

    def relate_zones(self, rows: list[dict[str, Any]]) -> None:
        """Relate rows to the zones in force on their days (a truce with area zones has them as
        its scope); rows related already are skipped."""
        todo = [r for r in rows if r["id"] not in self.zone_items]
        if todo and self.zones().versions:
            self.zone_items.update(
                self.zones().relate((r["id"], r["occurred_on"], r["lon"], r["lat"]) for r in todo)
            )

    def in_scope(self, truce: Truce, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """The rows in a truce's scope (`_in_scope`), in their order."""
        self.relate_zones(rows)
        return [
            r for r in rows if self._in_scope(truce, incident_time(r), incident_place(r), r["id"])
        ]

    def views(self, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Full views of incident rows (claims, summary, scope, violations, investigations)."""
        ids = [r["id"] for r in rows]
        self.relate_zones(rows)
        claim_rows = self.store.claim_rows(ids, self.known_on)
        vrows = self.store.verification_rows(ids, self.known_on)
        invs = self.store.investigation_rows(ids, self.known_on)
        if self.as_of is not None:
            vrows = [v for v in vrows if v["happened_on"] <= self.as_of]
            for inv in invs:
                inv["events"] = [e for e in inv["events"] if e["happened_on"] <= self.as_of]
            invs = [i for i in invs if i["events"]]
        cred = self.store.credibility_as_of([c["id"] for c in claim_rows], self.known_on)
        self.sources(
            {c["source_id"] for c in claim_rows}
            | {r["source_id"] for r in rows}
            | {v["source_id"] for v in vrows}
            | {e["source_id"] for i in invs for e in i["events"]}
        )
        self.names(
            {a for c in claim_rows for a in (*c["perpetrators"], *c["targets"], c["claimant_id"])}
            | {v["actor_id"] for v in vrows}
            | {i["body_id"] for i in invs}
            | {e["actor_id"] for i in invs for e in i["events"]}
        )
        # Grouped once: a view per row, each reading only its own rows (linear, not rows x rows).
        v_of: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for v in vrows:
            v_of[v["incident_id"]].append(v)
        c_of: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for c in claim_rows:
            c_of[c["incident_id"]].append(c)
        inv_of: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for inv in invs:
            inv_of[inv["incident_id"]].append(inv)
        out = []
        for r in rows:
            mine_v = v_of.get(r["id"], [])
            claims = [
                Claim(
                    id=c["id"],
                    incident_id=c["incident_id"],
                    source_id=c["source_id"],
                    recorded_at=c["recorded_at"],
                    claimant_id=c["claimant_id"],
                    perpetrators=frozenset(c["perpetrators"]),
                    targets=frozenset(c["targets"]),
                    fatalities=_fatalities(c),
                    type=c["type"],
                    place=c["place_name"],
                    admin1=c["admin1"],
                    reliability=self._sources[c["source_id"]]["reliability"],
                    credibility=cred.get(c["id"]),
                    status=current_status(mine_v, c["id"]),
                    same_story_as=c["same_story_as"],
                    document_id=c["document_id"],
                    evidence_text=c["evidence_text"],
                    note=c["note"],
                )
                for c in c_of.get(r["id"], [])
            ]
            out.append(self._view(r, claims, mine_v, inv_of.get(r["id"], [])))
        return out

    def _view(
        self,
        row: dict[str, Any],
        claims: list[Claim],
        vrows: list[dict[str, Any]],
        invs: list[dict[str, Any]],
    ) -> dict[str, Any]:
        when, place = incident_time(row), incident_place(row)
        summary = summarize(claims)
        story_of = {cid: n for n, g in enumerate(summary.stories, 1) for cid in g}
        status = current_status(vrows)
        in_scope = [t for t in self.truces() if self._in_scope(t, when, place, row["id"])]
        violations = []
        for t in in_scope:
            assert t.id is not None
            parts = self.participants(t.id, when.start)
            for party in sorted({p for c in claims if c.accepted for p in c.perpetrators}):
                if party not in parts:
                    continue
                alleging = [c for c in claims if c.accepted and party in c.perpetrators]
                violations.append(
                    {
                        "truce_id": t.id,
                        "truce": t.name,
                        "party_id": party,
                        "party": self.name(party),
                        "participation": str(parts[party].status),
                        "alleged_by_claims": [c.id for c in alleging],
                        "alleged_by": sorted(
                            {self.name(c.claimant_id) or "(unattributed)" for c in alleging}
                        ),
                        "status": str(status),
                    }
                )
        fat = summary.fatalities
        return {
            "id": row["id"],
            "type": row["type"],
            "type_label": EVENT_TYPES[row["type"]].label if row["type"] in EVENT_TYPES else None,
            "description": row["summary"],
            "occurred": when.iso(),
            "occurred_precision": str(when.precision),
            "occurred_start": when.start.isoformat(),
            "occurred_end": when.end.isoformat(),
            "place": {
                "name": place.name,
                "admin1": place.admin1,
                "country": place.country,
                "lat": place.lat,
                "lon": place.lon,
                "geo_precision": place.precision,
                "label": place.label(),
            },
            "source": self._sources[row["source_id"]],
            "recorded_at": row["recorded_at"].isoformat(),
            "status": str(status),
            "verification": [self._transition(v) for v in vrows],
            "claims": [self._claim(c, story_of.get(c.id)) for c in claims],
            "summary": {
                "perpetrators": [self.name(a) for a in summary.perpetrators],
                "targets": [self.name(a) for a in summary.targets],
                "fatalities": None
                if fat is None
                else {"low": fat[0], "best": fat[1], "high": fat[2]},
                "contested": list(summary.contested),
                "basis": list(summary.basis),
                "provisional": summary.provisional,
                "corroboration": summary.corroboration,
                "stories": [list(g) for g in summary.stories],
            },
            "truces": [{"id": t.id, "name": t.name} for t in in_scope],
            "violations": violations,
            "investigations": [self._investigation(i) for i in invs],
        }

    def _in_scope(self, t: Truce, when: IncidentTime, place: Place, incident_id: int) -> bool:
        """`in_truce_scope`, except that a truce with area zones (areas, buffers) has them as
        its areas: an incident with coordinates is in scope when it lies inside one in force on
        its first day. Without coordinates the named areas decide, as before."""
        if t.id in self.zones().zoned_truces and place.lat is not None and place.lon is not None:
            inside = any(
                z["inside"] and z["truce_id"] == t.id for z in self.zone_items.get(incident_id, [])
            )
            return inside and in_truce_scope(t, when, place, named_areas=False)
        return in_truce_scope(t, when, place)

    def _claim(self, c: Claim, story: int | None) -> dict[str, Any]:
        return {
            "id": c.id,
            "claimant": self.name(c.claimant_id),
            "source": self._sources[c.source_id],
            "reliability": c.reliability,
            "credibility": c.credibility,
            "grade": grade(c.reliability, c.credibility),
            "credible": c.credible,
            "status": str(c.status),
            "accepted": c.accepted,
            "perpetrators": sorted(self.name(a) or "" for a in c.perpetrators),
            "targets": sorted(self.name(a) or "" for a in c.targets),
            "fatalities": _fatalities_dict(c.fatalities),
            "type": c.type,
            "place": c.place,
            "admin1": c.admin1,
            "story": story,
            "same_story_as": c.same_story_as,
            "document_id": c.document_id,
            "evidence": c.evidence_text,
            "note": c.note,
            "recorded_at": c.recorded_at.isoformat(),
        }

    def _transition(self, v: dict[str, Any]) -> dict[str, Any]:
        return {
            "id": v["id"],
            "claim_id": v["claim_id"],
            "from": v["previous"],
            "to": v["status"],
            "by": self.name(v["actor_id"]),
            "on": v["happened_on"].isoformat(),
            "source": self._sources[v["source_id"]],
            "note": v["note"],
            "recorded_at": v["recorded_at"].isoformat(),
        }

    def _investigation(self, inv: dict[str, Any]) -> dict[str, Any]:
        events = [
            {
                "kind": e["kind"],
                "by": self.name(e["actor_id"]),
                "on": e["happened_on"].isoformat(),
                "source": self._sources[e["source_id"]],
                "finding": e["finding"],
                "note": e["note"],
            }
            for e in inv["events"]
        ]
        reported = [e for e in events if e["kind"] == "reported"]
        deployed = [e for e in events if e["kind"] == "deployed"]
        return {
            "id": inv["id"],
            "incident_id": inv["incident_id"],
            "body": self.name(inv["body_id"]),
            "open": not reported,
            "requested_by": [e for e in events if e["kind"] == "requested"],
            "opposed_by": [e for e in events if e["kind"] == "opposed"],
            "deployed": deployed[0] if deployed else None,
            "reported": reported[0] if reported else None,
            "finding": reported[0]["finding"] if reported else None,
        }


def incident_detail(
    store: Store, incident_id: int, known_on: dt.datetime | None = None
) -> dict[str, Any]:
    reader = IncidentReader(store, known_on)
    rows = reader.rows(ids=[incident_id])
    if not rows:
        raise NotFound("incident", str(incident_id), field="INCIDENT")
    view = reader.views(rows)[0]
    view["zones"] = [
        {k: z[k] for k in ("zone_id", "name", "kind", "inside", "distance_km", "truce")}
        for z in reader.zone_items.get(incident_id, [])
    ]
    return view


def _overlaps(row: dict[str, Any], since: dt.date | None, until: dt.date | None) -> bool:
    when = incident_time(row)
    return (since is None or when.end >= since) and (until is None or when.start <= until)


def list_incidents(
    store: Store,
    *,
    truce: str | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    status: VerificationStatus | None = None,
    known_on: dt.datetime | None = None,
) -> list[dict[str, Any]]:
    """Incidents whose period overlaps since..until, optionally only in one truce's scope, in
    (occurrence, id) order. Every match is built: for whole lists (the CLI, exports); a page
    of them is `incidents_page`."""
    reader = IncidentReader(store, known_on)
    rows = [
        r for r in reader.rows(occurred_from=since, occurred_to=until) if _overlaps(r, since, until)
    ]
    if truce is not None:
        scope = store.get_truce(resolve_truce(store, truce))
        rows = reader.in_scope(scope, rows)
    if status is not None:
        vrows = store.verification_rows([r["id"] for r in rows], known_on)
        latest = _latest_status(vrows)
        rows = [r for r in rows if latest.get(r["id"], _REPORTED) == str(status)]
    return _views_in_chunks(reader, rows)


_REPORTED = str(VerificationStatus.REPORTED)
_CHUNK = 500  # incidents per batch of view queries: bounded IN lists, a few queries per batch


def _latest_status(vrows: list[dict[str, Any]]) -> dict[int, str]:
    """Incident id -> its current status, from verification rows in recording order."""
    out: dict[int, str] = {}
    for v in vrows:
        if v["claim_id"] is None:
            out[v["incident_id"]] = v["status"]
    return out


def _views_in_chunks(reader: IncidentReader, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for lo in range(0, len(rows), _CHUNK):
        out += reader.views(rows[lo : lo + _CHUNK])
    return out


def incidents_page(
    store: Store,
    *,
    after: int | None,
    limit: int,
    truce: str | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    status: VerificationStatus | None = None,
    known_on: dt.datetime | None = None,
) -> tuple[list[dict[str, Any]], int | None]:
    """One page of `list_incidents`'s matches in id order after the id `after` (keyset), and
    the id to continue after (None on the last page).

    The database does the paging and every filter it can (recording time, a loose date window,
    the status, the truce's time in force and countries); what stays in Python (the precise
    period overlap, a truce's named areas) runs on plain rows, batch by batch, until the page
    plus one is found. Full views are built for the page's rows only, in a fixed number of
    queries."""
    scope = store.get_truce(resolve_truce(store, truce)) if truce is not None else None
    lo, hi = since, until
    if scope is not None:
        lo = max(d for d in (lo, scope.effective.start) if d is not None)
        if scope.ended is not None:
            hi = min(d for d in (hi, scope.ended.end) if d is not None)
    reader = IncidentReader(store, known_on)
    found: list[dict[str, Any]] = []
    key, batch = after or 0, limit + 1
    while len(found) <= limit:
        rows = store.incident_page(
            after_id=key,
            limit=batch,
            known_on=known_on,
            occurred_from=lo,
            occurred_to=hi,
            countries=scope.countries if scope and scope.countries else None,
            status=str(status) if status is not None else None,
        )
        for r in rows:
            if not _overlaps(r, since, until):
                continue
            if scope is not None and not reader.in_scope(scope, [r]):
                continue
            found.append(r)
            if len(found) > limit:
                break
        if len(rows) < batch:
            break
        # Ask only for what is still missing (the SQL filters leave few rows for Python to
        # drop), so a page reads about as many rows as it needs, never the rest of the table.
        key, batch = rows[-1]["id"], max(limit + 1 - len(found), 32)
    more = len(found) > limit
    rows = found[:limit]
    views = reader.views(rows)
    return views, (int(rows[-1]["id"]) if more and rows else None)


def overview_incidents(
    store: Store, truce: str, since: dt.date, until: dt.date, known_on: dt.datetime | None = None
) -> list[dict[str, Any]]:
    """The incidents of a truce's scope in since..until that the dashboard's summary can show:
    those with a claim naming as perpetrator an actor in some truce's ledger (a possible
    violation, of this truce or of another whose scope the incident is in too) or with an
    investigation. Others are never built: they cannot add to either."""
    truce_id = resolve_truce(store, truce)
    wanted = store.incident_ids_with(
        roles=("perpetrator",), ledger_parties=True, investigated=True, known_on=known_on
    )
    scope = store.get_truce(truce_id)
    reader = IncidentReader(store, known_on)
    rows = reader.in_scope(
        scope,
        [
            r
            for r in reader.rows(occurred_from=since, occurred_to=until)
            if r["id"] in wanted and _overlaps(r, since, until)
        ],
    )
    return _views_in_chunks(reader, rows)


def incidents_of_actor(
    store: Store, actor_id: int, known_on: dt.datetime | None = None
) -> list[dict[str, Any]]:
    """Incidents with a claim naming the actor as perpetrator or target, in (occurrence, id)
    order; only those are built."""
    ids = store.incident_ids_with(actors=[actor_id], known_on=known_on)
    reader = IncidentReader(store, known_on)
    rows = [
        r
        for lo in range(0, len(ids), _CHUNK)
        for r in reader.rows(ids=sorted(ids)[lo : lo + _CHUNK])
    ]
    rows.sort(key=lambda r: (r["occurred_on"], r["id"]))
    return _views_in_chunks(reader, rows)
