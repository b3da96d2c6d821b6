"""HXL CSV: a header row and the HXL hashtag row under it, for the humanitarian data exchange.

Tags follow the HXL core schema where one fits (#date, #adm1+name, #geo+lat, #geo+lon,
#affected+killed, #org+name, #meta+source); our own attributes are marked as such.
"""

from __future__ import annotations

from typing import Any

from trucewatch.interop.csvtext import csv_line

COLUMNS: tuple[tuple[str, str], ...] = (
    ("id", "#event+id"),
    ("date", "#date"),
    ("date_precision", "#date+precision"),
    ("event_type", "#event+type"),
    ("event_label", "#event+type+name"),
    ("country", "#country+code"),
    ("admin1", "#adm1+name"),
    ("location", "#loc+name"),
    ("latitude", "#geo+lat"),
    ("longitude", "#geo+lon"),
    ("geo_precision", "#geo+precision"),
    ("perpetrators", "#org+name+perpetrator"),
    ("targets", "#org+name+target"),
    ("killed", "#affected+killed"),
    ("status", "#status+verification"),
    ("independent_sources", "#meta+sources+num"),
    ("sources", "#meta+source"),
)


def header() -> str:
    return csv_line(c for c, _ in COLUMNS) + csv_line(t for _, t in COLUMNS)


def row(view: dict[str, Any], *, raw_formulas: bool = False) -> str:
    s = view["summary"]
    place = view["place"]
    fat = s["fatalities"]
    accepted = [c for c in view["claims"] if c["accepted"]]
    srcs = dict.fromkeys(
        str(c["source"].get("url") or c["source"].get("citation") or c["source"]["id"])
        for c in accepted
    )
    values = {
        "id": view["id"],
        "date": view["occurred_start"],
        "date_precision": view["occurred_precision"],
        "event_type": view["type"],
        "event_label": view["type_label"],
        "country": place["country"],
        "admin1": place["admin1"],
        "location": place["name"],
        "latitude": place["lat"],
        "longitude": place["lon"],
        "geo_precision": place["geo_precision"],
        "perpetrators": "; ".join(p for p in s["perpetrators"] if p),
        "targets": "; ".join(t for t in s["targets"] if t),
        "killed": None if fat is None else (fat["best"] if fat["best"] is not None else fat["low"]),
        "status": view["status"],
        "independent_sources": s["corroboration"],
        "sources": "; ".join(srcs),
    }
    return csv_line((values[c] for c, _ in COLUMNS), raw_formulas=raw_formulas)
