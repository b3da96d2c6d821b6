"""Dashboard benchmark (issue 6): page weight and time-to-render with 30,000 incidents.

Builds a scratch SQLite database in a temporary folder (`trucewatch reference load syria-2016`
through the CLI, then synthetic incidents filed through `services.incidents.file_incident` and
`services.verification.verify` in large transactions), serves it with `trucewatch serve` on a
free 127.0.0.1 port, and loads the overview and the map in Debian's Chromium through
Playwright, each run in a fresh browser context (empty cache, like a first visit).

    .venv/bin/python bench/web.py                 # 30,000 incidents, 5 runs per page
    .venv/bin/python bench/web.py --incidents 3000 --runs 2 --json /tmp/web.json

Per page it reports the median and max over the runs of: bytes transferred (sum of the
response bodies of the document and every subresource, from Playwright's responses; and the
Resource Timing transferSize sum), server time to first byte, DOMContentLoaded and load (from
the navigation entry, ms after navigation start), and on the map the time until the first
cluster icon or marker element is in the DOM (a MutationObserver installed before any page
script runs), then the number of cluster icons / SVG markers / elements once clustering settles.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import TimeoutError as PlaywrightTimeout  # noqa: E402
from sqlalchemy import insert  # noqa: E402

from trucewatch.domain.dates import utcnow  # noqa: E402
from trucewatch.domain.incidents import (  # noqa: E402
    Fatalities,
    IncidentTime,
    Place,
    TimePrecision,
    VerificationStatus,
    check_transition,
)
from trucewatch.services import incidents as incident_service  # noqa: E402
from trucewatch.services import queries, verification  # noqa: E402
from trucewatch.services.context import Caller  # noqa: E402
from trucewatch.services.incidents import fatality_columns  # noqa: E402
from trucewatch.services.sources import get_or_create_source  # noqa: E402
from trucewatch.storage.db import Database  # noqa: E402
from trucewatch.storage.tables import verification_events  # noqa: E402
from trucewatch.testing.servers import CHROMIUM, CHROMIUM_ARGS, start_server, stop_server  # noqa: E402
from trucewatch.web.views_map import governorates  # noqa: E402

SEED = 20160227
# Syria's bounding box (Natural Earth); points are uniform in it, so some fall just outside the
# border (in Turkey, Iraq, Jordan or Lebanon): that does not change what the browser draws.
LAT = (32.31, 37.32)
LON = (35.73, 42.38)
DAY0 = dt.date(2016, 1, 1)
DAYS = (dt.date(2017, 12, 31) - DAY0).days + 1
TYPES = [  # (type, weight): mostly violence and battles, as in the real data
    ("violence.air_strike", 20),
    ("violence.shelling", 20),
    ("violence.armed_clash", 15),
    ("violence.remote_explosive", 6),
    ("violence.attack", 6),
    ("violence.suicide_bomb", 2),
    ("violence.abduction", 2),
    ("battle.government_regains_territory", 4),
    ("battle.non_state_overtakes_territory", 3),
    ("protest.peaceful", 5),
    ("riot.violent_demonstration", 2),
    ("strategic.arrests", 4),
    ("strategic.looting", 2),
    ("truce.violation_alleged", 5),
    ("statement.accuse", 4),
]
# Verification: paths through the workflow (domain.incidents.TRANSITIONS) and their weights.
VS = VerificationStatus
STATUS_PATHS: list[tuple[tuple[VerificationStatus, ...], int]] = [
    ((), 55),  # stays "reported"
    ((VS.OBSERVED,), 10),
    ((VS.VERIFIED,), 12),
    ((VS.VERIFIED, VS.ATTRIBUTED), 6),
    ((VS.DISPUTED,), 8),
    ((VS.REFUTED,), 4),
    ((VS.INCONCLUSIVE,), 5),
]
SOURCES = [f"https://example.org/bench/source-{k}" for k in range(40)]
BATCH = 5000  # incidents per transaction

# name -> (path, patch): `patch` gives the map a maxZoom before map.js runs (PATCH_SCRIPT).
PAGES = {
    # The overview as the screenshots show it: the Cessation of Hostilities a fortnight in; its
    # violations chart covers 2016-02-20..2016-03-21, about 1,250 of the incidents.
    "overview": ("/?truce=1&as_of=2016-03-15", False),
    "map (all)": ("/map", False),
    "map (all) + maxZoom": ("/map", True),
    "map 2016 + maxZoom": ("/map?since=2016-01-01&until=2016-12-31", True),
    "map 1 month": ("/map?since=2016-02-27&until=2016-03-27", False),
}
# Leaflet.markercluster refuses a map without maxZoom ("Map has no maxZoom specified"), and the
# map gets one only from a tile layer, so with no tile server configured the clustered map
# (> 2,000 points) draws nothing. To measure what it would cost once that is fixed, the patched
# runs set Leaflet's default maxZoom to 18 the moment leaflet.js assigns window.L.
PATCH_SCRIPT = """
(() => {
  let value;
  Object.defineProperty(window, "L", {
    configurable: true,
    get() { return value; },
    set(v) { value = v; if (v && v.Map && v.Map.mergeOptions) v.Map.mergeOptions({ maxZoom: 18 }); },
  });
})();
"""
MARKER_TIMEOUT_MS = 10_000
MARKER_SELECTOR = "#map .marker-cluster, #map path.leaflet-interactive"

INIT_SCRIPT = """
(() => {
  window.__firstMarker = null;
  const sel = __SELECTOR__;
  const obs = new MutationObserver(() => {
    if (window.__firstMarker === null && document.querySelector(sel)) {
      window.__firstMarker = performance.now();
      obs.disconnect();
    }
  });
  obs.observe(document, { childList: true, subtree: true });
})();
""".replace("__SELECTOR__", json.dumps(MARKER_SELECTOR))

COUNT_JS = """
() => ({
  clusters: document.querySelectorAll('#map .marker-cluster').length,
  svgMarkers: document.querySelectorAll('#map path.leaflet-interactive').length,
  canvases: document.querySelectorAll('#map canvas').length,
  mapElements: document.querySelectorAll('#map *').length,
  elements: document.getElementsByTagName('*').length,
  ready: document.getElementById('map') ? document.getElementById('map').getAttribute('data-ready') : null,
  points: document.getElementById('map') ? JSON.parse(document.getElementById('map').getAttribute('data-map')).points.length : null,
})
"""

TIMING_JS = """
() => {
  const n = performance.getEntriesByType('navigation')[0];
  const res = performance.getEntriesByType('resource');
  const sum = (k) => res.reduce((a, r) => a + (r[k] || 0), 0);
  return {
    ttfb: n.responseStart - n.requestStart,
    dcl: n.domContentLoadedEventEnd,
    load: n.loadEventEnd,
    transfer: n.transferSize + sum('transferSize'),
    decoded: n.decodedBodySize + sum('decodedBodySize'),
    docBytes: n.decodedBodySize,
    resources: res.length,
    firstMarker: window.__firstMarker,
  };
}
"""


def cli(*args: str) -> None:
    subprocess.run(
        [sys.executable, "-c", "from trucewatch.cli import main; main()", *args],
        check=True,
        capture_output=True,
    )


def synthetic(n: int, parties: list[int]) -> list[dict[str, Any]]:
    """The n synthetic incidents, the same for a given seed whichever way they are written."""
    rng = random.Random(SEED)
    govs = governorates()
    types = [t for t, _ in TYPES]
    tweights = [w for _, w in TYPES]
    paths = [p for p, _ in STATUS_PATHS]
    pweights = [w for _, w in STATUS_PATHS]
    out = []
    for i in range(n):
        lat, lon = round(rng.uniform(*LAT), 5), round(rng.uniform(*LON), 5)
        gov = min(govs, key=lambda g: (g["lat"] - lat) ** 2 + (g["lon"] - lon) ** 2)
        out.append(
            {
                "type": rng.choices(types, tweights)[0],
                "day": DAY0 + dt.timedelta(days=rng.randrange(DAYS)),
                "place": Place(
                    name=f"Synthetic place {i % 997}",
                    admin1=gov["name"],
                    country="SY",
                    lat=lat,
                    lon=lon,
                ),
                "source": rng.choice(SOURCES),
                "perps": [rng.choice(parties)] if parties and rng.random() < 0.6 else [],
                "summary": f"Synthetic benchmark incident {i}",
                "statuses": rng.choices(paths, pweights)[0],
                "vsource": rng.choice(SOURCES),
            }
        )
    return out


def file_via_service(database: Database, items: list[dict[str, Any]], caller: Caller) -> None:
    """One `file_incident` (and `verify` per transition) per incident: ~140/s on 2 CPUs."""
    for lo in range(0, len(items), BATCH):
        with database.transaction() as store:
            for it in items[lo : lo + BATCH]:
                inc_id, _claim = incident_service.file_incident(
                    store,
                    caller,
                    type=it["type"],
                    occurred=IncidentTime(it["day"]),
                    place=it["place"],
                    source=it["source"],
                    perpetrators=[str(a) for a in it["perps"]],
                    summary=it["summary"],
                )
                for status in it["statuses"]:
                    verification.verify(
                        store, caller, inc_id, status, source=it["vsource"], on=it["day"]
                    )
        print(f"  {lo + BATCH:,} filed", file=sys.stderr, flush=True)


def file_in_bulk(database: Database, items: list[dict[str, Any]], caller: Caller) -> None:
    """The rows file_incident and verify write (incidents, claims, claim_actors,
    verification_events), one executemany per table and chunk, as the ACLED batch import does
    (services/interop_acled.py); no per-row audit entries, one summary entry instead."""
    now = utcnow()
    with database.transaction() as store:
        sources = {ref: get_or_create_source(store, ref)[0] for ref in SOURCES}
    for lo in range(0, len(items), BATCH):
        chunk = items[lo : lo + BATCH]
        with database.transaction() as store:
            incident_ids = store.insert_incidents_bulk(
                [
                    {
                        "type": it["type"],
                        "summary": it["summary"],
                        "occurred_on": it["day"],
                        "occurred_precision": str(TimePrecision.DAY),
                        "place_name": it["place"].name,
                        "admin1": it["place"].admin1,
                        "country": it["place"].country,
                        "lat": it["place"].lat,
                        "lon": it["place"].lon,
                        "geo_precision": it["place"].precision,
                        "source_id": sources[it["source"]],
                        "recorded_at": now,
                        "recorded_by": caller.user,
                    }
                    for it in chunk
                ]
            )
            store.insert_claims_bulk(
                [
                    {
                        "incident_id": inc_id,
                        "claimant_id": None,
                        "source_id": sources[it["source"]],
                        "document_id": None,
                        "evidence_start": None,
                        "evidence_end": None,
                        "evidence_text": None,
                        "type": it["type"],
                        "place_name": it["place"].name,
                        "admin1": it["place"].admin1,
                        "same_story_as": None,
                        "note": None,
                        "recorded_at": now,
                        "recorded_by": caller.user,
                        **fatality_columns(Fatalities()),
                    }
                    for it, inc_id in zip(chunk, incident_ids, strict=True)
                ],
                [(it["perps"], []) for it in chunk],
            )
            vrows = []
            for it, inc_id in zip(chunk, incident_ids, strict=True):
                previous = VS.REPORTED
                for status in it["statuses"]:
                    check_transition(previous, status, f"incident {inc_id}")
                    vrows.append(
                        {
                            "incident_id": inc_id,
                            "claim_id": None,
                            "status": str(status),
                            "previous": str(previous),
                            "actor_id": None,
                            "happened_on": it["day"],
                            "source_id": sources[it["vsource"]],
                            "note": None,
                            "recorded_at": now,
                            "recorded_by": caller.user,
                        }
                    )
                    previous = status
            if vrows:
                store.conn.execute(insert(verification_events), vrows)
    with database.transaction() as store:
        store.audit(
            user=caller.user,
            interface=caller.interface,
            action="bench_seed",
            entity="incident",
            entity_id=None,
            after={"incidents": len(items), "seed": SEED},
        )


def build_db(db_url: str, n: int, via_service: bool) -> dict[str, Any]:
    t0 = time.perf_counter()
    cli("reference", "load", "syria-2016", "--db", db_url)
    t_ref = time.perf_counter() - t0
    caller = Caller("bench", "cli")
    database = Database.open(db_url)
    t1 = time.perf_counter()
    try:
        with database.transaction(readonly=True) as store:
            parties = [
                int(p["actor_id"])
                for p in queries.participants(store, "1", as_of=dt.date(2016, 3, 1))["participants"]
            ][:30]
        items = synthetic(n, parties)
        (file_via_service if via_service else file_in_bulk)(database, items, caller)
    finally:
        database.dispose()
    return {"reference_s": t_ref, "incidents_s": time.perf_counter() - t1, "parties": len(parties)}


def measure(browser: Any, url: str, is_map: bool, patch: bool) -> dict[str, Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        context.add_init_script(INIT_SCRIPT)
        if patch:
            context.add_init_script(PATCH_SCRIPT)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(f"page error: {e}"))
        page.on(
            "response",
            lambda r: errors.append(f"HTTP {r.status} {r.url}") if r.status >= 400 else None,
        )
        responses: list[Any] = []
        inflight: set[Any] = set()
        page.on("response", lambda r: responses.append(r))
        page.on("request", lambda r: inflight.add(r))
        page.on("requestfinished", lambda r: inflight.discard(r))
        page.on("requestfailed", lambda r: inflight.discard(r))
        t0 = time.perf_counter()
        page.goto(url, wait_until="load", timeout=120_000)
        out: dict[str, Any] = {"errors": errors}
        if is_map:
            try:
                page.wait_for_selector(MARKER_SELECTOR, state="attached", timeout=MARKER_TIMEOUT_MS)
                out["wait_marker_wall"] = (time.perf_counter() - t0) * 1000
            except PlaywrightTimeout:
                errors.append(f"no cluster or marker after {MARKER_TIMEOUT_MS / 1000:.0f} s")
            # Chunked loading adds clusters over several frames: wait until the counts settle.
            last, stable_since, deadline = None, time.perf_counter(), time.perf_counter() + 20
            while time.perf_counter() < deadline:
                counts = page.evaluate(COUNT_JS)
                key = (counts["clusters"], counts["svgMarkers"], counts["ready"])
                if key != last:
                    last, stable_since = key, time.perf_counter()
                elif time.perf_counter() - stable_since > (0.5 if counts["ready"] else 2.0):
                    break
                page.wait_for_timeout(50)
            out.update(counts)
        # No request in flight for 500 ms (the map fetches the Syria outline after load);
        # Playwright's "networkidle" did not fire reliably here.
        quiet_since, deadline = time.perf_counter(), time.perf_counter() + 30
        while time.perf_counter() < deadline:
            if inflight:
                quiet_since = time.perf_counter()
            elif time.perf_counter() - quiet_since > 0.5:
                break
            page.wait_for_timeout(50)
        out.update(page.evaluate(TIMING_JS))
        body = 0
        for r in responses:
            try:
                body += len(r.body())
            except Exception:  # redirects and aborted requests have no body
                pass
        out["body_bytes"] = body
        out["requests"] = len(responses)
        return out
    finally:
        context.close()


def med_max(values: list[float]) -> tuple[float, float]:
    return statistics.median(values), max(values)


def machine(browser_version: str) -> dict[str, str]:
    model = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = "?"
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        ram = f"{kb / 1024 / 1024:.1f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    import sqlite3

    return {
        "nproc": str(os.cpu_count()),
        "cpu": model,
        "ram": ram,
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "chromium": browser_version,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--incidents", type=int, default=30_000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument(
        "--via-service",
        action="store_true",
        help="file each incident through services.incidents.file_incident (slow: ~4 min at 30k)",
    )
    ap.add_argument("--json", type=Path, help="also write the raw runs here")
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    started = time.perf_counter()
    results: dict[str, list[dict[str, Any]]] = {}
    with tempfile.TemporaryDirectory(prefix="tw-bench-web-") as tmp:
        db_url = f"sqlite:///{Path(tmp) / 'web.db'}"
        print(f"building {db_url} with {args.incidents:,} incidents", file=sys.stderr)
        build = build_db(db_url, args.incidents, args.via_service)
        db_mb = (Path(tmp) / "web.db").stat().st_size / 1e6
        srv = start_server(db_url, Path(tmp) / "server.log")
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
                try:
                    info = machine(browser.version)
                    for name, (path, patch) in PAGES.items():
                        is_map = path.startswith("/map")
                        warm = measure(browser, srv.base + path, is_map, patch)  # not counted
                        results[name] = []
                        # A map that drew nothing in the warm-up is measured once, not 5 times.
                        broken = is_map and warm.get("wait_marker_wall") is None
                        for _ in range(1 if broken else args.runs):
                            results[name].append(measure(browser, srv.base + path, is_map, patch))
                        print(f"  measured {name}", file=sys.stderr, flush=True)
                finally:
                    browser.close()
        finally:
            stop_server(srv)
    total = time.perf_counter() - started

    print()
    print(
        f"{args.incidents:,} incidents; database {db_mb:,.0f} MB; reference load "
        f"{build['reference_s']:.1f} s, incidents filed in {build['incidents_s']:.1f} s "
        f"({args.incidents / build['incidents_s']:,.0f}/s); whole run {total:.0f} s; "
        f"{args.runs} runs per page after one warm-up"
    )
    print("machine: " + ", ".join(f"{k} {v}" for k, v in info.items()))
    print()
    head = (
        "| page | points | bytes (bodies) | of which HTML | transferSize | requests | TTFB ms | "
        "DOMContentLoaded ms | load ms | first cluster/marker ms | clusters | SVG markers | "
        "elements in #map | elements in page |"
    )
    print(head)
    print("|---|" + "---:|" * (head.count("|") - 2))

    def mm(rows: list[dict[str, Any]], k: str, scale: float = 1.0, fmt: str = "{:,.0f}") -> str:
        vals = [r[k] / scale for r in rows if r.get(k) is not None]
        if not vals:
            return "–"
        m, x = med_max(vals)
        return f"{fmt.format(m)} / {fmt.format(x)}"

    for name, rows in results.items():
        is_map = name.startswith("map")
        pts = f"{rows[0]['points']:,}" if is_map and rows[0].get("points") is not None else "–"
        print(
            f"| {name} | {pts} "
            f"| {mm(rows, 'body_bytes', 1e3)} kB "
            f"| {mm(rows, 'docBytes', 1e3)} kB "
            f"| {mm(rows, 'transfer', 1e3)} kB "
            f"| {rows[0]['requests']} "  # the same every run
            f"| {mm(rows, 'ttfb')} | {mm(rows, 'dcl')} | {mm(rows, 'load')} "
            f"| {mm(rows, 'firstMarker') if is_map else '–'} "
            f"| {mm(rows, 'clusters') if is_map else '–'} "
            f"| {mm(rows, 'svgMarkers') if is_map else '–'} "
            f"| {mm(rows, 'mapElements') if is_map else '–'} "
            f"| {mm(rows, 'elements')} |"
        )
    print(f"\n(median / max over the runs; n = {', '.join(str(len(r)) for r in results.values())})")
    for name, rows in results.items():
        errs = sorted({e for r in rows for e in r["errors"]})
        if errs:
            print(f"{name}: " + "; ".join(errs))
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "machine": info,
                    "build": build,
                    "db_mb": db_mb,
                    "total_s": total,
                    "runs": results,
                },
                indent=1,
            ),
            encoding="utf-8",
        )


if __name__ == "__main__":
    main()
