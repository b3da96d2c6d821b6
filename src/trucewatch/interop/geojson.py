"""GeoJSON FeatureCollection of incidents, written feature by feature so it can be streamed.

Incidents without coordinates get a null geometry (allowed by RFC 7946) so they are not lost.
Truce scopes would be polygons where known; trucewatch records scopes as countries and named
areas, never as shapes, so no truce polygon is written and the collection says so.
"""

from __future__ import annotations

import json
from typing import Any

SCOPE_NOTE = (
    "Truce scopes are recorded as countries and named areas, not as shapes; no truce polygons "
    "are known, so none are included."
)


def opening() -> str:
    return (
        '{"type": "FeatureCollection", "trucewatch_note": '
        + json.dumps(SCOPE_NOTE)
        + ', "features": [\n'
    )


def closing() -> str:
    return "]}\n"


def feature(view: dict[str, Any], first: bool) -> str:
    place = view["place"]
    s = view["summary"]
    geometry = (
        {"type": "Point", "coordinates": [place["lon"], place["lat"]]}
        if place["lat"] is not None
        else None
    )
    props = {
        "id": view["id"],
        "type": view["type"],
        "label": view["type_label"],
        "date": view["occurred"],
        "date_start": view["occurred_start"],
        "date_end": view["occurred_end"],
        "date_precision": view["occurred_precision"],
        "place": place["name"],
        "admin1": place["admin1"],
        "country": place["country"],
        "geo_precision": place["geo_precision"],
        "perpetrators": [p for p in s["perpetrators"] if p],
        "targets": [t for t in s["targets"] if t],
        "fatalities": s["fatalities"],
        "status": view["status"],
        "independent_sources": s["corroboration"],
        "truces": [t["name"] for t in view["truces"]],
        "sources": [
            c["source"].get("url") or c["source"].get("citation")
            for c in view["claims"]
            if c["accepted"]
        ],
    }
    text = json.dumps(
        {"type": "Feature", "id": view["id"], "geometry": geometry, "properties": props},
        ensure_ascii=False,
        sort_keys=True,
    )
    return ("" if first else ",\n") + text
