"""Exports as streams of text: `iter_export(store, kind, filters)` yields the file line by line.

Every filter applies to every kind, or the export is refused with the reason: Ushahidi's users'
top complaint is exports that quietly ignore filters. `--since/--until` keep incidents whose
period overlaps the range (ledger entries whose effective date falls in it); `--truce` keeps
incidents in the truce's scope (and that truce's ledger); `--bbox` keeps incidents with
coordinates inside the box (incidents without coordinates are not known to be inside, and the
ledger has no coordinates, so a ledger export with a box is refused). Incidents whose every
claim has been refuted (e.g. deleted by ACLED) are left out. No export reads field reports, so
a reporter's contact can never appear in one. The CLI writes these lines to a file; the API
returns them as a streamed response.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from trucewatch.domain.checks import one_of
from trucewatch.domain.errors import InvalidInput
from trucewatch.domain.names import normalize_name
from trucewatch.interop import acled_csv, geojson, hxl, ledger_csv, plover
from trucewatch.services.incident_queries import IncidentReader, incident_time
from trucewatch.services.resolve import resolve_truce
from trucewatch.storage.store import Store

EXPORT_KINDS = ("acled-csv", "plover-jsonl", "hxl-csv", "geojson", "ledger-csv")
MEDIA_TYPES = {
    "acled-csv": "text/csv",
    "plover-jsonl": "application/x-ndjson",
    "hxl-csv": "text/csv",
    "geojson": "application/geo+json",
    "ledger-csv": "text/csv",
}


@dataclass(frozen=True)
class ExportFilters:
    truce: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    bbox: tuple[float, float, float, float] | None = None  # min lon, min lat, max lon, max lat
    known_on: dt.datetime | None = None


def parse_bbox(text: str, field: str = "--bbox") -> tuple[float, float, float, float]:
    """`minlon,minlat,maxlon,maxlat` (GeoJSON's order)."""
    try:
        parts = [float(p) for p in text.split(",")]
    except ValueError:
        parts = []
    if len(parts) != 4:
        raise InvalidInput(
            f"{field}: {text!r} is not minlon,minlat,maxlon,maxlat (four numbers).", field="bbox"
        )
    min_lon, min_lat, max_lon, max_lat = parts
    if not (-180 <= min_lon <= max_lon <= 180 and -90 <= min_lat <= max_lat <= 90):
        raise InvalidInput(
            f"{field}: {text!r} is not a box: need -180 <= minlon <= maxlon <= 180 and "
            "-90 <= minlat <= maxlat <= 90.",
            field="bbox",
        )
    return min_lon, min_lat, max_lon, max_lat


def check_filters(store: Store, kind: str, filters: ExportFilters) -> int | None:
    """Refuse what cannot be honoured before a byte is written; the truce id when given."""
    one_of(kind, EXPORT_KINDS, "KIND", "an export kind", field="kind")
    if filters.since and filters.until and filters.until < filters.since:
        raise InvalidInput(
            f"--until: {filters.until} is before --since {filters.since}.", field="until"
        )
    if kind == "ledger-csv" and filters.bbox is not None:
        raise InvalidInput(
            "--bbox: ledger entries have no coordinates (truce scopes are countries and named "
            "areas), so a box cannot select them; export incidents for a map instead.",
            field="bbox",
        )
    return resolve_truce(store, filters.truce, "--truce") if filters.truce else None


def iter_export(
    store: Store, kind: str, filters: ExportFilters, *, raw_formulas: bool = False
) -> Iterator[str]:
    """The export as lines of text. Filters are checked first, so an error comes before output.

    CSV cells that a spreadsheet would run as formulas are neutralised (`csvtext.neutralise`)
    unless `raw_formulas`; JSON kinds are data for programs and are never altered.
    """
    truce_id = check_filters(store, kind, filters)
    return _generate(store, kind, filters, truce_id, raw_formulas)


def _generate(
    store: Store, kind: str, filters: ExportFilters, truce_id: int | None, raw_formulas: bool
) -> Iterator[str]:
    if kind == "ledger-csv":
        yield ledger_csv.header()
        for entry in ledger_views(store, filters, truce_id):
            yield ledger_csv.row(entry, raw_formulas=raw_formulas)
        return
    if kind == "acled-csv":
        yield acled_csv.header()
    elif kind == "hxl-csv":
        yield hxl.header()
    elif kind == "geojson":
        yield geojson.opening()
    first = True
    for page in incident_views(store, filters, truce_id):
        ext = store.external_by_incidents([v["id"] for v in page], filters.known_on)
        kinds = _actor_kinds(store, page) if kind == "acled-csv" else {}
        for v in page:
            if kind == "acled-csv":
                raw, claims = _acled_origin(ext.get(v["id"], []))
                yield acled_csv.row(v, raw, claims, kinds, raw_formulas=raw_formulas)
            elif kind == "hxl-csv":
                yield hxl.row(v, raw_formulas=raw_formulas)
            elif kind == "geojson":
                yield geojson.feature(v, first)
                first = False
            else:
                line = plover.incident(v)
                if line is not None:
                    yield line
    if kind == "geojson":
        yield geojson.closing()
    if kind == "plover-jsonl" and filters.bbox is None:
        # Truce events have no coordinates: with a box they are not known to be inside it.
        yield from _plover_truce_events(store, filters, truce_id)


def incident_views(
    store: Store, filters: ExportFilters, truce_id: int | None, page: int = 500
) -> Iterator[list[dict[str, Any]]]:
    """Full incident views, a page at a time, with every filter applied."""
    for rows in store.incident_pages(
        occurred_from=filters.since,
        occurred_to=filters.until,
        bbox=filters.bbox,
        known_on=filters.known_on,
        page=page,
    ):
        rows = [
            r
            for r in rows
            if (filters.since is None or incident_time(r).end >= filters.since)
            and (filters.until is None or incident_time(r).start <= filters.until)
        ]
        if not rows:
            continue
        views = IncidentReader(store, filters.known_on).views(rows)
        views = [v for v in views if any(c["accepted"] for c in v["claims"])]
        if truce_id is not None:
            views = [v for v in views if any(t["id"] == truce_id for t in v["truces"])]
        if views:
            yield views


def _acled_origin(versions: list[dict[str, Any]]) -> tuple[dict[str, str] | None, set[int]]:
    records = [v for v in versions if v["scheme"] == "acled" and v["kind"] == "record"]
    if not records:
        return None, set()
    return records[-1]["data"], {int(v["claim_id"]) for v in records if v["claim_id"]}


def _actor_kinds(store: Store, views: list[dict[str, Any]]) -> dict[str, str]:
    names = {n for v in views for n in (*v["summary"]["perpetrators"], *v["summary"]["targets"])}
    out: dict[str, str] = {}
    for name in names:
        if name:
            ids = store.actor_ids_by_norm(normalize_name(name))
            if len(ids) == 1:
                out[name] = str(store.get_actors(ids)[ids[0]].kind)
    return out


def ledger_views(
    store: Store, filters: ExportFilters, truce_id: int | None
) -> Iterator[dict[str, Any]]:
    """Ledger entries as plain dicts with names and sources; a retraction is written when the
    entry it retracts was written (it always comes later in id order)."""
    written: set[int] = set()
    truce_names: dict[int, str] = {}
    for rows in store.ledger_pages(
        truce_id=truce_id,
        effective_from=filters.since,
        effective_to=filters.until,
        known_on=filters.known_on,
    ):
        actors = store.get_actors(
            {r["actor_id"] for r in rows}
            | {r["asserted_by_id"] for r in rows if r["asserted_by_id"]}
        )
        sources = store.sources_by_ids({s for r in rows for s in r["source_ids"]})
        missing = {r["truce_id"] for r in rows} - set(truce_names)
        truce_names.update(store.truce_names(missing))
        for r in rows:
            if r["retracts_id"] is not None and r["retracts_id"] not in written:
                continue
            written.add(r["id"])
            yield {
                "id": r["id"],
                "truce_id": r["truce_id"],
                "truce": truce_names[r["truce_id"]],
                "actor_id": r["actor_id"],
                "actor": actors[r["actor_id"]].name,
                "kind": r["kind"],
                "effective": r["effective_on"].isoformat() if r["effective_on"] else None,
                "effective_precision": r["effective_precision"],
                "asserted_by": actors[r["asserted_by_id"]].name if r["asserted_by_id"] else None,
                "retracts": r["retracts_id"],
                "recorded_at": r["recorded_at"].isoformat(),
                "note": r["note"],
                "sources": [sources[s] for s in r["source_ids"]],
            }


def _plover_truce_events(
    store: Store, filters: ExportFilters, truce_id: int | None
) -> Iterator[str]:
    ids = [truce_id] if truce_id is not None else store.list_truce_ids()
    for tid in ids:
        t = store.get_truce(tid)
        day = (t.declared or t.effective).start
        if (filters.since and day < filters.since) or (filters.until and day > filters.until):
            continue
        extras = store.truce_extras(tid)
        guarantors = store.get_actors(extras["roles"].get("guarantor", []))
        src = store.sources_by_ids([extras["source_id"]]) if extras["source_id"] else {}
        yield plover.truce_declared(
            {
                "id": tid,
                "name": t.name,
                "date": day.isoformat(),
                "countries": t.countries,
                "guarantors": sorted(a.name for a in guarantors.values()),
                "source": src.get(extras["source_id"]) if extras["source_id"] else None,
            }
        )
    entries = list(ledger_views(store, filters, truce_id))
    retracted = {e["retracts"] for e in entries if e["retracts"] is not None}
    for entry in entries:
        if entry["retracts"] is None and entry["id"] not in retracted:
            line = plover.ledger_entry(entry)
            if line is not None:
                yield line
