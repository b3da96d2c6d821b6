"""Where incidents lie against the zones and lines in force: inside/outside, distance in km.

Computed on read, not stored: the versions in force on a day (domain.zones.in_force) become a
`ZoneIndex` of prepared shapely geometries, and the points of all incidents of that day are
tested in one vectorised call per zone (shapely.contains_xy). Incidents of many days share an
index while the same versions are in force, so 30,000 incidents against four zones take a small
fraction of a second (bench/zones.py). Nothing is stale when a version is added: the next read
sees it.

Distances to lines are great-circle distances (haversine, mean Earth radius) from the point to
its nearest point on the line, the nearest point found in a local equirectangular projection
around the line: within about 1% of the geodesic value at the scale of a truce line.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from trucewatch.domain.zones import ZoneKind, ZoneVersion, in_force
from trucewatch.storage.store import Store

EARTH_RADIUS_KM = 6371.0088
KM_PER_DEGREE = math.pi * EARTH_RADIUS_KM / 180.0


def version_of(row: dict[str, Any]) -> ZoneVersion:
    return ZoneVersion(
        id=int(row["id"]),
        zone_id=int(row["zone_id"]),
        name=row["name"],
        kind=ZoneKind(row["kind"]),
        effective=row["effective_on"],
        until=row["until_on"],
        recorded_at=row["recorded_at"],
        geometry=row["geometry"],
        distance_km=row["distance_km"],
    )


def haversine_km(lon1: Any, lat1: Any, lon2: Any, lat2: Any) -> Any:
    lon1, lat1, lon2, lat2 = map(np.radians, (lon1, lat1, lon2, lat2))
    a = (
        np.sin((lat2 - lat1) / 2) ** 2
        + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


@dataclass
class _Entry:
    version: ZoneVersion
    geom: BaseGeometry
    truce_id: int | None = None
    truce: str | None = None


class ZoneIndex:
    """The zones in force on some day, ready to test points against."""

    def __init__(self, versions: Sequence[ZoneVersion], truce_of: dict[int, tuple[int, str]]):
        self.entries: list[_Entry] = []
        for v in versions:
            geom = shapely.from_wkb(v.geometry)
            shapely.prepare(geom)
            tid, tname = truce_of.get(v.zone_id, (None, None))
            self.entries.append(_Entry(v, geom, tid, tname))

    def relate(self, lons: Sequence[float], lats: Sequence[float]) -> list[list[dict[str, Any]]]:
        """For each point, one item per zone: inside (areas) or distance_km (lines)."""
        xs = np.asarray(lons, dtype=float)
        ys = np.asarray(lats, dtype=float)
        out: list[list[dict[str, Any]]] = [[] for _ in range(len(xs))]
        for e in self.entries:
            v = e.version
            inside = shapely.contains_xy(e.geom, xs, ys)
            dist: Any = None
            if v.kind.is_line:
                dist = _line_distance_km(e.geom, xs, ys)
            for i in range(len(xs)):
                out[i].append(
                    {
                        "zone_id": v.zone_id,
                        "name": v.name,
                        "kind": str(v.kind),
                        "inside": bool(inside[i]) and not v.kind.is_line,
                        "distance_km": None if dist is None else round(float(dist[i]), 3),
                        "version_id": v.id,
                        "truce_id": e.truce_id,
                        "truce": e.truce,
                    }
                )
        return out


def _line_distance_km(line: BaseGeometry, xs: Any, ys: Any) -> Any:
    if len(xs) == 0:
        return np.zeros(0)
    lat0 = (line.bounds[1] + line.bounds[3]) / 2
    k = math.cos(math.radians(lat0))
    projected = shapely.transform(line, lambda c: c * np.array([k, 1.0]))
    points = shapely.points(xs * k, ys)
    nearest = shapely.shortest_line(points, projected)
    ends = shapely.get_coordinates(shapely.get_point(nearest, 1))
    return haversine_km(xs, ys, ends[:, 0] / k, ends[:, 1])


class ZoneRelations:
    """Relations of incidents to the zones in force on their days, as known at `known_on`.

    All candidate versions are read once; each distinct set of versions in force gets one index.
    """

    def __init__(
        self, store: Store, known_on: dt.datetime | None = None, truce_ids: list[int] | None = None
    ) -> None:
        rows = store.zone_version_rows(truce_ids=truce_ids, known_on=known_on)
        self.versions = [version_of(r) for r in rows]
        self.known_on = known_on
        tids = {int(r["truce_id"]) for r in rows}
        names = {t: store.get_truce(t).name for t in tids}
        self.truce_of = {
            int(r["zone_id"]): (int(r["truce_id"]), names[int(r["truce_id"])]) for r in rows
        }
        # Truces whose scope is their area zones (any area or buffer version known).
        self.zoned_truces = {int(r["truce_id"]) for r in rows if not ZoneKind(r["kind"]).is_line}
        self._by_day: dict[dt.date, ZoneIndex] = {}
        self._by_set: dict[tuple[int, ...], ZoneIndex] = {}

    def index(self, day: dt.date) -> ZoneIndex:
        idx = self._by_day.get(day)
        if idx is None:
            live = in_force(self.versions, day, self.known_on)
            key = tuple(v.id for v in live)
            idx = self._by_set.get(key)
            if idx is None:
                idx = self._by_set[key] = ZoneIndex(live, self.truce_of)
            self._by_day[day] = idx
        return idx

    def relate(
        self, points: Iterable[tuple[Any, dt.date, float | None, float | None]]
    ) -> dict[Any, list[dict[str, Any]]]:
        """key -> zone items for (key, day, lon, lat); a point without coordinates gets []."""
        groups: dict[int, list[tuple[Any, float, float]]] = defaultdict(list)
        indexes: dict[int, ZoneIndex] = {}
        out: dict[Any, list[dict[str, Any]]] = {}
        for key, day, lon, lat in points:
            out[key] = []
            if lon is None or lat is None or not self.versions:
                continue
            idx = self.index(day)
            indexes[id(idx)] = idx
            groups[id(idx)].append((key, lon, lat))
        for ident, items in groups.items():
            related = indexes[ident].relate([i[1] for i in items], [i[2] for i in items])
            for (key, _, _), zs in zip(items, related, strict=True):
                out[key] = zs
        return out


def incident_zones(
    store: Store, rows: list[dict[str, Any]], known_on: dt.datetime | None = None
) -> dict[int, list[dict[str, Any]]]:
    """Incident id -> its zones, for incident rows (the zones in force on the first day)."""
    rel = ZoneRelations(store, known_on)
    return rel.relate((r["id"], r["occurred_on"], r["lon"], r["lat"]) for r in rows)
