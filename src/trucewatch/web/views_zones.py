"""The map's zone layer: the zones and lines in force on a day, and where each incident lies.

The layer is drawn for one day (the page's "Zones on" control): per zone, the version in force
on that day (domain.zones.in_force), as the zone list and the bulletin see it. An incident's
side, though, is taken against the zones in force on *its own* first day, as `incident show`
and the violation statistics take it: an incident of June 2017 inside an area that shrank in
July stays "inside" whichever day the map draws.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

import shapely

from trucewatch.domain.zones import ZoneKind, in_force
from trucewatch.services.zone_index import ZoneRelations, version_of
from trucewatch.storage.store import Store

# Okabe & Ito again (see views_map): the sides of an incident when colouring by zone.
SIDE_COLOURS = {"in": "#D55E00", "out": "#56B4E9", "none": "#999999"}
SIDE_LABELS = {
    "in": "inside a zone in force on its day",
    "out": "outside every zone in force on its day",
    "none": "no zone in force on its day",
}
KIND_COLOURS = {
    ZoneKind.AREA: "#0072B2",
    ZoneKind.BUFFER: "#CC79A7",
    ZoneKind.CONTACT_LINE: "#000000",
    ZoneKind.WITHDRAWAL_LINE: "#E69F00",
}
KIND_LABELS = {
    ZoneKind.AREA: "area",
    ZoneKind.BUFFER: "buffer strip",
    ZoneKind.CONTACT_LINE: "contact line",
    ZoneKind.WITHDRAWAL_LINE: "withdrawal line",
}
# Coordinates are sent rounded: 5 decimals is about a metre, far finer than any zone's source.
DECIMALS = 5


@dataclass
class ZoneLayer:
    on: dt.date
    truce_id: int | None
    truces: list[tuple[int, str]]
    zones: list[dict[str, Any]] = field(default_factory=list)

    def data(self) -> dict[str, Any]:
        """What the page's script draws (in a data attribute) and /map/zones.json returns."""
        return {"on": self.on.isoformat(), "truce": self.truce_id, "zones": self.zones}


def zone_truces(store: Store) -> list[tuple[int, str]]:
    """(id, name) of the truces that have zones or lines, for the map's truce control."""
    ids = sorted({int(r["truce_id"]) for r in store.zone_version_rows()})
    return [(i, store.get_truce(i).name) for i in ids]


def _rounded(geometry: Any) -> dict[str, Any]:
    geom = shapely.set_precision(shapely.from_wkb(geometry), 10**-DECIMALS)
    return dict(json.loads(shapely.to_geojson(geom)))


def zone_layer(store: Store, on: dt.date, truce_id: int | None) -> ZoneLayer:
    """The zones and lines in force on `on` (of one truce, or of every truce)."""
    truces = zone_truces(store)
    names = dict(truces)
    rows = store.zone_version_rows(truce_ids=None if truce_id is None else [truce_id], day=on)
    by_id = {int(r["id"]): r for r in rows}
    zones = []
    for v in in_force([version_of(r) for r in rows], on):
        row = by_id[v.id]
        props = json.loads(row["properties"]) if row["properties"] else {}
        zones.append(
            {
                "zone_id": v.zone_id,
                "version_id": v.id,
                "name": v.name,
                "kind": str(v.kind),
                "kind_label": KIND_LABELS[v.kind],
                "line": v.kind.is_line,
                "colour": KIND_COLOURS[v.kind],
                "truce": names.get(int(row["truce_id"]), ""),
                "effective": v.effective.isoformat(),
                "until": v.until.isoformat() if v.until else None,
                "distance_km": v.distance_km,
                "approximate": bool(props.get("approximate")),
                "method": str(props.get("method") or ""),
                "uncertainty": str(props.get("uncertainty") or ""),
                "note": row["note"] or "",
                "geometry": _rounded(row["geometry"]),
            }
        )
    return ZoneLayer(on=on, truce_id=truce_id, truces=truces, zones=zones)


def incident_sides(
    store: Store, rows: list[dict[str, Any]], truce_id: int | None
) -> dict[int, str]:
    """Incident id -> "in" | "out" | "none": inside an area or buffer in force on its first day,
    outside all of them, or none in force then (lines decide nothing here)."""
    rel = ZoneRelations(store, truce_ids=None if truce_id is None else [truce_id])
    related = rel.relate((r["id"], r["occurred_on"], r["lon"], r["lat"]) for r in rows)
    out = {}
    for key, items in related.items():
        areas = [z for z in items if not ZoneKind(z["kind"]).is_line]
        out[int(key)] = "none" if not areas else "in" if any(z["inside"] for z in areas) else "out"
    return out
