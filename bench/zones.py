"""Point-in-zone at scale (issue 19): N incidents against the four Astana de-escalation areas.

Builds a scratch SQLite database with one truce (Syria), the packaged Astana areas (four
polygons) and N synthetic incidents at random points in Syria's bounding box on random days of
the truce, then times, best of `--runs`:

- relate: read the incident rows and relate every one to the zones in force on its day
  (services.zone_index.incident_zones: one STRtree-free vectorised contains_xy per zone and
  per set of versions in force);
- scope: the same through IncidentReader.in_scope, the filter `incident list --truce` uses
  (zones decide a zoned truce's scope).

The answer is also checked against a plain per-point shapely `contains` loop on a sample.
Figures go to docs/benchmarks.md; tests never assert timings.

    .venv/bin/python bench/zones.py                 # 30,000 incidents, 3 runs
    .venv/bin/python bench/zones.py --incidents 100000 --runs 1 --json
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import platform
import random
import sys
import tempfile
import time
from pathlib import Path

import shapely

from trucewatch.domain.dates import parse_date, utcnow
from trucewatch.domain.truces import TruceKind
from trucewatch.services import truces as tsvc
from trucewatch.services import zones as zsvc
from trucewatch.services.context import SYSTEM
from trucewatch.services.incident_queries import IncidentReader
from trucewatch.services.zone_index import incident_zones
from trucewatch.storage.db import Database

TRUCE = "De-escalation areas (bench)"
START = dt.date(2017, 5, 6)


def build(path: Path, n: int, seed: int) -> Database:
    db = Database(f"sqlite:///{path}")
    db.migrate()
    rng = random.Random(seed)
    with db.transaction() as s:
        tsvc.add_truce(
            s, SYSTEM, TRUCE, TruceKind.DE_ESCALATION_ZONE, effective=parse_date(START.isoformat()),
            countries=["SY"], source="bench",
        )  # fmt: skip
        zsvc.load_curated_zones(s, SYSTEM, TRUCE, "astana-2017", START)
        source_id = s.get_or_create_source("bench")[0]
        now = utcnow()
        rows = [
            {
                "type": "violence.shelling",
                "summary": None,
                "occurred_on": START + dt.timedelta(days=rng.randrange(240)),
                "occurred_precision": "day",
                "place_name": None,
                "admin1": None,
                "country": "SY",
                "lat": rng.uniform(32.3, 37.3),
                "lon": rng.uniform(35.7, 42.4),
                "geo_precision": 1,
                "source_id": source_id,
                "recorded_at": now,
                "recorded_by": "bench",
            }
            for _ in range(n)
        ]
        s.insert_incidents_bulk(rows)
    return db


def best(runs: int, fn) -> tuple[float, object]:  # type: ignore[no-untyped-def]
    times, out = [], None
    for _ in range(runs):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return min(times), out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--incidents", type=int, default=30_000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--seed", type=int, default=19)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = build(Path(tmp) / "zones.db", args.incidents, args.seed)
        with db.transaction(readonly=True) as s:
            truce = s.get_truce(1)

            def relate() -> dict[int, list[dict]]:
                return incident_zones(s, s.incident_rows())

            def scope() -> list[dict]:
                reader = IncidentReader(s)
                return reader.in_scope(truce, reader.rows())

            t_relate, related = best(args.runs, relate)
            t_scope, in_scope = best(args.runs, scope)
            t_read, rows = best(args.runs, lambda: s.incident_rows())
            zones = zsvc.list_zones(s, TRUCE, as_of=START)
        db.dispose()
    # Check a sample against plain shapely, point by point.
    shapes = {z["name"]: shapely.geometry.shape(z["geometry"]) for z in zones}
    for r in rows[:: max(1, len(rows) // 500)]:  # type: ignore[index]
        got = {z["name"] for z in related[r["id"]] if z["inside"]}  # type: ignore[index]
        want = {n for n, g in shapes.items() if g.contains(shapely.Point(r["lon"], r["lat"]))}
        assert got == want, (r, got, want)
    inside = sum(1 for zs in related.values() if any(z["inside"] for z in zs))  # type: ignore[union-attr]
    result = {
        "incidents": args.incidents,
        "zones": len(zones),
        "inside_any": inside,
        "in_scope": len(in_scope),  # type: ignore[arg-type]
        "read_rows_s": round(t_read, 3),
        "read_and_relate_s": round(t_relate, 3),
        "read_and_scope_s": round(t_scope, 3),
        "python": sys.version.split()[0],
        "machine": f"{platform.machine()}, {platform.processor() or platform.platform()}",
    }
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(f"{args.incidents:,} incidents, {len(zones)} zones (best of {args.runs}):")
    print(f"  read rows:                  {t_read:.3f} s")
    print(f"  read + relate to zones:     {t_relate:.3f} s  ({inside:,} inside an area)")
    print(f"  read + truce scope filter:  {t_scope:.3f} s  ({len(in_scope):,} in scope)")  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
