"""The incident map's data: filtered points in a compact form, and the base layers.

Building full incident views (claims, scope, violations) costs milliseconds each, far too much
for 30,000 markers; the map needs only id, position, type and status. So this reads incident
rows once and joins claims and verification in batches, and the full view is built only when a
marker is opened (the incident page).
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from trucewatch.domain.incidents import VerificationStatus
from trucewatch.domain.taxonomy import EVENT_TYPES
from trucewatch.services.verification import current_status
from trucewatch.storage.store import Store
from trucewatch.web.views_zones import ZoneLayer, incident_sides

# Okabe & Ito (2008): distinguishable with the common colour-vision deficiencies.
OKABE_ITO = {
    "violence": "#D55E00",
    "battle": "#0072B2",
    "protest": "#009E73",
    "riot": "#CC79A7",
    "strategic": "#E69F00",
    "truce": "#56B4E9",
    "statement": "#000000",
    "investigation": "#F0E442",
}
OTHER = "#999999"
CLUSTER_ABOVE = 2000
BATCH = 5000


def family(type_id: str) -> str:
    return type_id.split(".", 1)[0]


def colour(type_id: str) -> str:
    return OKABE_ITO.get(family(type_id), OTHER)


@dataclass
class MapFilters:
    since: dt.date | None = None
    until: dt.date | None = None
    type: str | None = None
    party: str | None = None
    status: str | None = None

    def query(self) -> dict[str, str]:
        out = {k: str(v) for k, v in vars(self).items() if v}
        return out


@dataclass
class MapContext:
    filters: MapFilters
    types: list[tuple[str, str]]
    statuses: list[str]
    legend: list[tuple[str, str]]
    count: int
    clustered: bool
    tile_url: str | None
    points: list[list[Any]] = field(default_factory=list)
    zones: ZoneLayer | None = None


def _batches(ids: list[int]) -> list[list[int]]:
    return [ids[i : i + BATCH] for i in range(0, len(ids), BATCH)]


def points(
    store: Store, f: MapFilters, *, sides: bool = False, truce_id: int | None = None
) -> list[list[Any]]:
    """[id, lat, lon, type, status, label] for each located incident matching the filters.

    With `sides`, each point gains a seventh item: its side of the zones (of `truce_id`, or of
    every truce) in force on its day (views_zones.incident_sides).
    """
    rows = store.incident_rows(occurred_from=f.since, occurred_to=f.until)
    rows = [
        r
        for r in rows
        if r["lat"] is not None
        and (f.since is None or r["occurred_on"] >= f.since)
        and (f.type is None or r["type"] == f.type or family(r["type"]) == f.type)
    ]
    ids = [r["id"] for r in rows]
    status: dict[int, str] = {}
    vrows: dict[int, list[dict[str, Any]]] = {}
    for chunk in _batches(ids):
        for v in store.verification_rows(chunk, None):
            vrows.setdefault(v["incident_id"], []).append(v)
    for i in ids:
        status[i] = str(current_status(vrows.get(i, [])))
    if f.status:
        rows = [r for r in rows if status[r["id"]] == f.status]
    if f.party:
        wanted = f.party.casefold()
        names: dict[int, str] = {}
        keep: set[int] = set()
        for chunk in _batches([r["id"] for r in rows]):
            claims = store.claim_rows(chunk, None)
            missing = {a for c in claims for a in c["perpetrators"]} - set(names)
            names.update({k: a.name for k, a in store.get_actors(missing).items()})
            keep |= {
                c["incident_id"]
                for c in claims
                if any(wanted in names[a].casefold() for a in c["perpetrators"])
            }
        rows = [r for r in rows if r["id"] in keep]
    out = [
        [
            r["id"],
            round(r["lat"], 4),
            round(r["lon"], 4),
            r["type"],
            status[r["id"]],
            f"{r['occurred_on']} · {r['place_name'] or r['admin1'] or ''}",
        ]
        for r in rows
    ]
    if sides:
        side = incident_sides(store, rows, truce_id)
        for p, r in zip(out, rows, strict=True):
            p.append(side[r["id"]])
    return out


def map_context(
    store: Store, f: MapFilters, tile_url: str | None, zones: ZoneLayer | None = None
) -> MapContext:
    pts = points(
        store, f, sides=zones is not None, truce_id=zones.truce_id if zones is not None else None
    )
    families = sorted({family(t) for t in EVENT_TYPES})
    return MapContext(
        filters=f,
        types=[(fam, fam.capitalize()) for fam in families]
        + [(t.id, t.label) for t in EVENT_TYPES.values() if family(t.id) in ("violence", "battle")],
        statuses=[str(s) for s in VerificationStatus],
        legend=[(fam, OKABE_ITO.get(fam, OTHER)) for fam in families],
        count=len(pts),
        clustered=len(pts) > CLUSTER_ABOVE,
        tile_url=tile_url,
        points=pts,
        zones=zones,
    )


@cache
def governorates() -> list[dict[str, Any]]:
    """Each governorate as a labelled point at its most populous place (GeoNames)."""
    base = resources.files("trucewatch") / "data" / "places"
    names = {}
    with (base / "syria_admin1_geonames.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            names[row["admin1code"]] = row["name"]
    best: dict[str, tuple[int, float, float]] = {}
    with (base / "syria_places_geonames_pop500.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            code, pop = row["admin1code"], int(row["population"] or 0)
            if code in names and pop > best.get(code, (-1, 0.0, 0.0))[0]:
                best[code] = (pop, float(row["latitude"]), float(row["longitude"]))
    return [
        {"name": names[c], "lat": round(v[1], 4), "lon": round(v[2], 4)}
        for c, v in sorted(best.items())
    ]
