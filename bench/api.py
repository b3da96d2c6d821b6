"""HTTP API throughput and tail latency: requests/s and p99 under concurrent clients.

Starts `trucewatch serve` (uvicorn, one worker) in a subprocess on 127.0.0.1 against a SQLite
database seeded with the curated Syria dataset (or `--db` for an existing one, e.g. the demo
database), then runs each scenario for a fixed time with N httpx AsyncClients. Prints a table
(or --json). Figures go to docs/benchmarks.md; tests never assert timings.

    .venv/bin/python bench/api.py [--clients 16] [--seconds 10] [--db demo/trucewatch.db]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

SECRET = "bench-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"
SCENARIOS = {
    "participants (as_of)": "/api/v1/truces/2/participants?as_of=2017-06-01",
    "participants (as_of + known_on)": "/api/v1/truces/2/participants?as_of=2017-06-01&known_on=2030-01-01",
    "actors page (limit 50)": "/api/v1/actors?limit=50",
    "incidents (truce 2, May 2017)": "/api/v1/incidents?truce=2&since=2017-05-01&until=2017-05-31",
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _seed(db_url: str) -> None:
    from trucewatch.services.context import SYSTEM
    from trucewatch.services.curated import load_dataset
    from trucewatch.storage.db import Database

    database = Database.open(db_url)
    with database.transaction() as store:
        load_dataset(store, SYSTEM, "syria-2016")
    database.dispose()


def _start(db_url: str, log: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    env = {**os.environ, "TRUCEWATCH_SECRET_KEY": SECRET}
    cmd = [
        sys.executable,
        "-c",
        "from trucewatch.cli import main; main()",
        "serve",
        "--port",
        str(port),
        "--db",
        db_url,
    ]
    proc = subprocess.Popen(cmd, stdout=log.open("wb"), stderr=subprocess.STDOUT, env=env)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + "/api/v1/health", timeout=2).status_code == 200:
                return proc, base
        except httpx.TransportError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit(f"server did not start:\n{log.read_text()}")


async def _client(base: str, path: str, until: float, lat: list[float], errors: list[int]) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=30) as c:
        while time.perf_counter() < until:
            t0 = time.perf_counter()
            r = await c.get(path)
            lat.append(time.perf_counter() - t0)
            if r.status_code != 200:
                errors.append(r.status_code)


async def _scenario(base: str, path: str, clients: int, seconds: float) -> dict[str, Any]:
    await asyncio.gather(
        *[_client(base, path, time.perf_counter() + 1.0, [], []) for _ in range(clients)]
    )
    lat: list[float] = []
    errors: list[int] = []
    start = time.perf_counter()
    await asyncio.gather(
        *[_client(base, path, start + seconds, lat, errors) for _ in range(clients)]
    )
    elapsed = time.perf_counter() - start
    lat.sort()

    def pct(p: float) -> float:
        return lat[min(len(lat) - 1, int(p * len(lat)))] * 1000 if lat else float("nan")

    return {
        "requests": len(lat),
        "errors": len(errors),
        "rps": len(lat) / elapsed,
        "p50_ms": pct(0.50),
        "p99_ms": pct(0.99),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--clients", type=int, default=16)
    ap.add_argument("--seconds", type=float, default=10.0)
    ap.add_argument(
        "--db", help="An existing database (path or URL); default: a fresh seeded SQLite file."
    )
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="tw-bench-api-"))
    db_url = args.db or f"sqlite:///{tmp / 'bench.db'}"
    if args.db is None:
        _seed(db_url)
    proc, base = _start(db_url, tmp / "server.log")
    results: dict[str, Any] = {}
    try:
        for name, path in SCENARIOS.items():
            results[name] = asyncio.run(_scenario(base, path, args.clients, args.seconds))
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    meta = {
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, {platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "database": "sqlite"
        if db_url.startswith("sqlite") or "://" not in db_url
        else db_url.split(":", 1)[0],
        "clients": args.clients,
        "seconds": args.seconds,
    }
    if args.json:
        print(json.dumps({"meta": meta, "results": results}, indent=2))
        return
    print(f"# {meta}")
    print(f"{'scenario':34} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'requests':>9} {'errors':>7}")
    for name, r in results.items():
        print(
            f"{name:34} {r['rps']:8.1f} {r['p50_ms']:8.1f} {r['p99_ms']:8.1f} {r['requests']:9d} {r['errors']:7d}"
        )


if __name__ == "__main__":
    main()
