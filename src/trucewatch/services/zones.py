"""Zones and lines of a truce: import from GeoJSON (one version per feature), list as of a day.

An import is one transaction: every feature is checked before the first row is written, so a
refused file leaves nothing behind. Invalid geometry (a self-intersecting ring, a line with one
point) is refused with the feature's number, name and shapely's reason, unless the caller asks
for `repair`, in which case shapely.make_valid repairs it and the report and the version's note
say so. Coordinates outside the truce's countries are flagged in the report and the note, never
dropped: a de-escalation area drawn along a border may well cross it.
"""

from __future__ import annotations

import datetime as dt
import json
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from trucewatch.domain.audit import AuditAction
from trucewatch.domain.dates import utcnow
from trucewatch.domain.errors import InvalidInput
from trucewatch.domain.zones import ZoneKind, check_period, in_force, parse_zone_kind
from trucewatch.services.context import Caller
from trucewatch.services.registry import require_source
from trucewatch.services.resolve import resolve_truce
from trucewatch.services.sources import get_or_create_source
from trucewatch.services.zone_index import version_of
from trucewatch.storage.store import Store

_POLYGONAL = ("Polygon", "MultiPolygon")
_LINEAR = ("LineString", "MultiLineString")
# How far outside the convex hull of a country's known places a coordinate may lie before it is
# flagged: the hull of towns runs inside the border, by up to a few tens of km.
COUNTRY_MARGIN_DEG = 0.3


def read_geojson(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InvalidInput(f"{path}: cannot read it ({exc.strerror}).", field="file") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidInput(
            f"{path}, line {exc.lineno}: not JSON ({exc.msg}).", field="file"
        ) from None
    if not isinstance(data, dict):
        raise InvalidInput(f"{path}: expected a GeoJSON object.", field="file")
    return data


def _features(data: dict[str, Any], label: str) -> list[dict[str, Any]]:
    if data.get("type") == "Feature":
        return [data]
    feats = data.get("features")
    if data.get("type") != "FeatureCollection" or not isinstance(feats, list):
        raise InvalidInput(
            f"{label}: expected a GeoJSON FeatureCollection or Feature.", field="file"
        )
    if not feats:
        raise InvalidInput(f"{label}: the FeatureCollection has no features.", field="file")
    return feats


def _checked(
    feat: Any, i: int, label: str, repair: bool
) -> tuple[str, ZoneKind, BaseGeometry, float | None, dict[str, Any], str | None]:
    where = f"{label}: feature {i}"
    if not isinstance(feat, dict) or feat.get("type") != "Feature":
        raise InvalidInput(f"{where}: expected a GeoJSON Feature.", field="features")
    props = feat.get("properties") or {}
    if not isinstance(props, dict):
        raise InvalidInput(f"{where}: properties must be an object.", field="properties")
    name = props.get("name")
    if not isinstance(name, str) or not name.strip():
        raise InvalidInput(f"{where}: property 'name' is required.", field="name")
    name = name.strip()
    where = f"{label}: feature {i} ({name!r})"
    kind = parse_zone_kind(props.get("kind"), where)
    try:
        geom = shape(feat.get("geometry") or {})
    except Exception as exc:  # noqa: BLE001 - shapely raises several types for bad GeoJSON
        raise InvalidInput(f"{where}: unreadable geometry ({exc}).", field="geometry") from None
    if geom.is_empty:
        raise InvalidInput(f"{where}: the geometry is empty.", field="geometry")
    wanted = _LINEAR if kind.is_line else _POLYGONAL
    if geom.geom_type not in wanted:
        raise InvalidInput(
            f"{where}: a {kind} needs a {' or '.join(wanted)}, not a {geom.geom_type}.",
            field="geometry",
        )
    if shapely.has_z(geom):
        geom = shapely.force_2d(geom)
    coords = shapely.get_coordinates(geom)
    if (
        not np.isfinite(coords).all()
        or (np.abs(coords[:, 0]) > 180).any()
        or (np.abs(coords[:, 1]) > 90).any()
    ):
        raise InvalidInput(
            f"{where}: coordinates must be longitude, latitude in degrees (GeoJSON order).",
            field="geometry",
        )
    note = None
    if not geom.is_valid:
        reason = shapely.is_valid_reason(geom)
        if not repair:
            raise InvalidInput(
                f"{where}: invalid geometry: {reason}. Fix it, or pass --repair to repair it.",
                field="geometry",
            )
        fixed = shapely.make_valid(geom)
        parts = [
            g for g in getattr(fixed, "geoms", [fixed]) if g.geom_type in wanted and not g.is_empty
        ]
        if not parts:
            raise InvalidInput(f"{where}: invalid geometry ({reason}) cannot be repaired.")
        geom = shapely.union_all(parts) if len(parts) > 1 else parts[0]
        note = f"repaired ({reason})"
    distance = props.get("distance_km")
    if distance is not None:
        if not kind.is_line:
            raise InvalidInput(f"{where}: distance_km is for lines only.", field="distance_km")
        if isinstance(distance, bool) or not isinstance(distance, int | float) or distance < 0:
            raise InvalidInput(
                f"{where}: distance_km must be a number of km ≥ 0, not {distance!r}.",
                field="distance_km",
            )
        distance = float(distance)
    rest = {k: v for k, v in props.items() if k not in ("name", "kind", "distance_km")}
    return name, kind, geom, distance, rest, note


@cache
def _packaged_places(country: str) -> tuple[tuple[float, float], ...]:
    if country != "SY":
        return ()
    import csv

    path = resources.files("trucewatch.data").joinpath("places/syria_places_geonames_pop500.csv")
    with path.open(encoding="utf-8") as fh:
        return tuple((float(r["longitude"]), float(r["latitude"])) for r in csv.DictReader(fh))


def country_extent(store: Store, country: str) -> BaseGeometry | None:
    """The convex hull of a country's known places (the places table, or the packaged GeoNames
    file), widened by COUNTRY_MARGIN_DEG; None when no places of that country are known."""
    pts = store.place_points(country) or list(_packaged_places(country))
    if len(pts) < 3:
        return None
    hull = shapely.multipoints(np.array(pts)).convex_hull.buffer(COUNTRY_MARGIN_DEG)
    shapely.prepare(hull)
    return hull


def import_zones(
    store: Store,
    caller: Caller,
    truce: str,
    data: dict[str, Any],
    *,
    effective: dt.date,
    until: dt.date | None,
    source: str,
    label: str = "GeoJSON",
    repair: bool = False,
    recorded_at: dt.datetime | None = None,
) -> dict[str, Any]:
    """Append one version per feature; a name already on the truce gets a new version."""
    truce_id = resolve_truce(store, truce)
    check_period(effective, until)
    source_ref = require_source(source)
    feats = _features(data, label)
    checked = [_checked(f, i, label, repair) for i, f in enumerate(feats, start=1)]
    names = [c[0] for c in checked]
    dup = next((n for n in names if names.count(n) > 1), None)
    if dup is not None:
        raise InvalidInput(f"{label}: the name {dup!r} is on two features.", field="name")
    t = store.get_truce(truce_id)
    extents = {c: country_extent(store, c) for c in t.countries}
    now = recorded_at or utcnow()
    source_id = get_or_create_source(store, source_ref)[0]
    report: dict[str, Any] = {"truce": t.name, "zones": [], "repaired": [], "flagged": []}
    for i, (name, kind, geom, distance, rest, note) in enumerate(checked, start=1):
        notes = [note] if note else []
        outside = _outside(geom, extents)
        if outside:
            notes.append(outside)
            report["flagged"].append(f"feature {i} ({name!r}): {outside}")
        if note:
            report["repaired"].append(f"feature {i} ({name!r}): {note}")
        zone_id = store.zone_id(truce_id, name)
        new = zone_id is None
        if zone_id is None:
            zone_id = store.add_zone(truce_id, name, now)
        x0, y0, x1, y1 = geom.bounds
        version_id = store.add_zone_version(
            zone_id=zone_id,
            kind=str(kind),
            effective_on=effective,
            until_on=until,
            geometry=shapely.to_wkb(geom),
            min_lon=x0,
            min_lat=y0,
            max_lon=x1,
            max_lat=y1,
            distance_km=distance,
            properties=json.dumps(rest, ensure_ascii=False, sort_keys=True) if rest else None,
            note="; ".join(notes) or None,
            source_id=source_id,
            recorded_at=now,
            recorded_by=caller.user,
        )
        report["zones"].append(
            {"zone_id": zone_id, "version_id": version_id, "name": name, "new": new}
        )
        store.audit(
            user=caller.user,
            interface=caller.interface,
            action=AuditAction.ADD_ZONE_VERSION,
            entity="zone",
            entity_id=zone_id,
            after={
                "truce": truce_id,
                "name": name,
                "kind": str(kind),
                "effective": effective.isoformat(),
                "until": until.isoformat() if until else None,
                "version": version_id,
                "source": source_id,
                "note": "; ".join(notes) or None,
            },
        )
    return report


def _outside(geom: BaseGeometry, extents: dict[str, BaseGeometry | None]) -> str | None:
    known = [e for e in extents.values() if e is not None]
    if not known:
        return None
    coords = shapely.get_coordinates(geom)
    inside = np.zeros(len(coords), dtype=bool)
    for e in known:
        inside |= shapely.contains_xy(e, coords[:, 0], coords[:, 1])
    n = int((~inside).sum())
    if n == 0:
        return None
    first = coords[~inside][0]
    return (
        f"{n} of {len(coords)} coordinates lie outside {', '.join(sorted(extents))} "
        f"(first: {first[0]:.4f}, {first[1]:.4f}); kept as given"
    )


def list_zones(
    store: Store,
    truce: str,
    *,
    as_of: dt.date | None = None,
    known_on: dt.datetime | None = None,
) -> list[dict[str, Any]]:
    """Zones in force on `as_of` (every version recorded by `known_on` when no day is given)."""
    truce_id = resolve_truce(store, truce)
    rows = store.zone_version_rows(truce_ids=[truce_id], day=as_of, known_on=known_on)
    by_id = {int(r["id"]): r for r in rows}
    versions = [version_of(r) for r in rows]
    if as_of is not None:
        versions = in_force(versions, as_of, known_on)
    return [zone_public(by_id[v.id]) for v in versions]


def zone_public(row: dict[str, Any]) -> dict[str, Any]:
    geom = shapely.from_wkb(row["geometry"])
    return {
        "id": int(row["zone_id"]),
        "version_id": int(row["id"]),
        "name": row["name"],
        "kind": row["kind"],
        "effective": row["effective_on"].isoformat(),
        "until": row["until_on"].isoformat() if row["until_on"] else None,
        "distance_km": row["distance_km"],
        "properties": json.loads(row["properties"]) if row["properties"] else {},
        "note": row["note"],
        "source_id": row["source_id"],
        "recorded_at": row["recorded_at"].isoformat(),
        "geometry": json.loads(shapely.to_geojson(geom)),
    }


def as_feature_collection(zones: list[dict[str, Any]]) -> dict[str, Any]:
    """The listed zones as GeoJSON again (what `zone import` reads)."""
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {
                    **z["properties"],
                    "name": z["name"],
                    "kind": z["kind"],
                    **({"distance_km": z["distance_km"]} if z["distance_km"] is not None else {}),
                    "zone_id": z["id"],
                    "effective": z["effective"],
                    "until": z["until"],
                },
                "geometry": z["geometry"],
            }
            for z in zones
        ],
    }


CURATED = {
    "astana-2017": (
        "zones/astana-2017-de-escalation-areas.geojson",
        "Memorandum on the creation of de-escalation areas in the Syrian Arab Republic, Astana, "
        "4 May 2017 (PA-X 2093); areas approximated from GeoNames places by trucewatch "
        "(data/zones/astana-2017.SOURCES.md)",
    ),
}


def load_curated_zones(
    store: Store, caller: Caller, truce: str, name: str, effective: dt.date
) -> dict[str, Any] | None:
    """Import a packaged zone file onto a truce once; None when the truce has its zones already."""
    path, source = CURATED[name]
    truce_id = resolve_truce(store, truce)
    if store.zone_version_rows(truce_ids=[truce_id]):
        return None
    data = json.loads(resources.files("trucewatch.data").joinpath(path).read_text("utf-8"))
    return import_zones(
        store, caller, str(truce_id), data, effective=effective, until=None, source=source,
        label=f"trucewatch/data/{path}",
    )  # fmt: skip
