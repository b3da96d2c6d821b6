"""Lists at scale (issue 15, finding 3): one page of incidents and the dashboard home as the
incident count grows.

For each size it builds a scratch SQLite database the way bench/web.py does (the curated
Syria reference data through the CLI, then N synthetic incidents written in bulk), serves it
with `trucewatch serve` on a free 127.0.0.1 port, and times sequential GETs with httpx:

- `/api/v1/incidents?limit=50` (the first page),
- the same with a cursor near the end (the last pages),
- `/api/v1/incidents?limit=50&status=verified` (a filter the page is cut from),
- `/api/v1/actors?limit=50`,
- `/` (the dashboard home: the first truce's chart and open investigations).

Per request it reports the median and the max of `--runs` wall times (after one warm-up
request). A page whose cost does not grow with N is what keyset paging promises; the home
summarises every incident in the truce's window, so it grows linearly at best.
Figures go to docs/benchmarks.md; tests never assert timings.

    .venv/bin/python bench/lists.py                       # 200, 2,000 and 20,000 incidents
    .venv/bin/python bench/lists.py --sizes 200,2000 --runs 3 --json
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
from bench.web import build_db, machine  # noqa: E402

from trucewatch.api.pagination import encode_cursor  # noqa: E402
from trucewatch.testing.servers import start_server, stop_server  # noqa: E402


def requests(n: int) -> dict[str, str]:
    return {
        "API incidents, first page": "/api/v1/incidents?limit=50",
        "API incidents, last pages": f"/api/v1/incidents?limit=50&cursor={encode_cursor(n - 60)}",
        "API incidents, status filter": "/api/v1/incidents?limit=50&status=verified",
        "API actors, first page": "/api/v1/actors?limit=50",
        "dashboard home": "/",
    }


def time_get(client: httpx.Client, path: str, runs: int) -> dict[str, Any]:
    first = client.get(path)
    first.raise_for_status()
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        r = client.get(path)
        times.append(time.perf_counter() - t0)
        r.raise_for_status()
    return {"median_s": statistics.median(times), "max_s": max(times), "bytes": len(r.content)}


def run_size(n: int, runs: int) -> dict[str, Any]:
    tmp = Path(tempfile.mkdtemp(prefix="tw-bench-lists-"))
    url = f"sqlite:///{tmp / 'bench.db'}"
    t0 = time.perf_counter()
    build_db(url, n, via_service=False)
    print(f"  {n:,} incidents built in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    server = start_server(url, tmp / "server.log")
    out: dict[str, Any] = {}
    try:
        with httpx.Client(base_url=server.base, timeout=600) as client:
            for name, path in requests(n).items():
                out[name] = time_get(client, path, runs)
                print(f"  {name}: {out[name]['median_s']:.3f} s", file=sys.stderr)
    finally:
        stop_server(server)
        shutil.rmtree(tmp, ignore_errors=True)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--sizes", default="200,2000,20000", help="incident counts, comma-separated")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    results = {}
    for n in sizes:
        print(f"{n:,} incidents", file=sys.stderr)
        results[n] = run_size(n, args.runs)
    meta = machine("-")
    meta.pop("chromium")
    if args.json:
        print(json.dumps({"machine": meta, "runs": args.runs, "results": results}, indent=2))
        return
    print(f"# {meta}; median (max) of {args.runs} runs, seconds")
    names = list(requests(1))
    print(f"{'request':32}" + "".join(f"{n:>20,}" for n in sizes))
    for name in names:
        cells = "".join(
            f"{results[n][name]['median_s']:>11.3f} ({results[n][name]['max_s']:6.3f})"
            for n in sizes
        )
        print(f"{name:32}{cells}")


if __name__ == "__main__":
    main()
