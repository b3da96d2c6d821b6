"""Zones with their versions over time, and monitors' access denials. Insert-only."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import and_, insert, or_, select
from sqlalchemy.engine import Connection

from trucewatch.storage.tables import access_denials, actors, places, zone_versions, zones
from trucewatch.storage.types import new_id


class ZoneRepo:
    conn: Connection

    # --- zones ---------------------------------------------------------------------------
    def zone_id(self, truce_id: int, name: str) -> int | None:
        row = self.conn.execute(
            select(zones.c.id).where(zones.c.truce_id == truce_id, zones.c.name == name)
        ).first()
        return None if row is None else int(row.id)

    def add_zone(self, truce_id: int, name: str, recorded_at: dt.datetime) -> int:
        res = self.conn.execute(
            insert(zones).values(truce_id=truce_id, name=name, recorded_at=recorded_at)
        )
        return new_id(res)

    def add_zone_version(self, **values: Any) -> int:
        return new_id(self.conn.execute(insert(zone_versions).values(**values)))

    def zone_version_rows(
        self,
        *,
        truce_ids: list[int] | None = None,
        day: dt.date | None = None,
        known_on: dt.datetime | None = None,
        bbox: tuple[float, float, float, float] | None = None,
    ) -> list[dict[str, Any]]:
        """Versions (with their zone's name and truce) that may be in force on `day`, recorded
        by `known_on`, whose box meets `bbox` (min_lon, min_lat, max_lon, max_lat). Candidates:
        the fold in domain.zones picks the one in force per zone."""
        conds: list[Any] = []
        if truce_ids is not None:
            conds.append(zones.c.truce_id.in_(truce_ids))
        if day is not None:
            conds.append(zone_versions.c.effective_on <= day)
            conds.append(or_(zone_versions.c.until_on.is_(None), zone_versions.c.until_on >= day))
        if known_on is not None:
            conds.append(zone_versions.c.recorded_at <= known_on)
        if bbox is not None:
            x0, y0, x1, y1 = bbox
            conds += [
                zone_versions.c.min_lon <= x1,
                zone_versions.c.max_lon >= x0,
                zone_versions.c.min_lat <= y1,
                zone_versions.c.max_lat >= y0,
            ]
        q = (
            select(zone_versions, zones.c.name, zones.c.truce_id)
            .join(zones, zones.c.id == zone_versions.c.zone_id)
            .where(and_(True, *conds))
            .order_by(zone_versions.c.zone_id, zone_versions.c.id)
        )
        return [dict(r) for r in self.conn.execute(q).mappings()]

    def place_points(self, country: str) -> list[tuple[float, float]]:
        """(lon, lat) of the known places of a country: the country check of a zone import."""
        q = select(places.c.lon, places.c.lat).where(
            places.c.country == country, places.c.lon.is_not(None), places.c.lat.is_not(None)
        )
        return [(float(r.lon), float(r.lat)) for r in self.conn.execute(q)]

    # --- access denials ------------------------------------------------------------------
    def add_access_denial(self, **values: Any) -> int:
        return new_id(self.conn.execute(insert(access_denials).values(**values)))

    def access_denial_rows(
        self,
        truce_id: int,
        *,
        since: dt.date | None = None,
        until: dt.date | None = None,
        known_on: dt.datetime | None = None,
    ) -> list[dict[str, Any]]:
        c = access_denials.c
        conds: list[Any] = [c.truce_id == truce_id]
        if since is not None:
            conds.append(c.happened_on >= since)
        if until is not None:
            conds.append(c.happened_on <= until)
        if known_on is not None:
            conds.append(c.recorded_at <= known_on)
        q = (
            select(access_denials, actors.c.name.label("party"))
            .join(actors, actors.c.id == c.party_id)
            .where(and_(*conds))
            .order_by(c.happened_on, c.id)
        )
        return [dict(r) for r in self.conn.execute(q).mappings()]
