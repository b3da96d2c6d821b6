"""HTTP API throughput and tail latency: requests/s and p99 under concurrent clients.

Starts `trucewatch serve` (uvicorn, one worker) in a subprocess on 127.0.0.1 against a SQLite
database seeded with the curated Syria dataset (or `--db` for an existing one, e.g. the demo
database), then runs each scenario for a fixed time with N httpx AsyncClients. Prints a table
(or --json). Figures go to docs/benchmarks.md; tests never assert timings.

`--postgres` starts a throwaway PostgreSQL server instead (trucewatch.testing.postgres, with the
server's default durability), builds the demo database in it and serves that; the server and its
data folder are removed at the end.

    .venv/bin/python bench/api.py [--clients 16] [--seconds 10] [--db demo/trucewatch.db]
    .venv/bin/python bench/api.py --wrk --db demo/trucewatch.db [--workers 1,2]   # needs wrk
    .venv/bin/python bench/api.py --wrk --postgres [--workers 1,2]   # needs wrk and initdb
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import shutil
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


def _build_demo(db_url: str, tmp: Path) -> None:
    """The demo database, as `trucewatch demo` builds it, in `db_url`. Ingest keeps evidence
    files beside a SQLite file; for a server URL it needs a folder, so it gets one in `tmp`."""
    from trucewatch.services.context import SYSTEM
    from trucewatch.services.demo import build_demo
    from trucewatch.storage.db import Database

    os.environ["TRUCEWATCH_EVIDENCE_DIR"] = str(tmp / "evidence")
    database = Database.open(db_url)
    try:
        build_demo(database, SYSTEM)
    finally:
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


# --- wrk: the issue 17 scenarios against a FastAPI hello-world floor, in one run ------------
FLOOR_APP = """
import sys, uvicorn
from fastapi import FastAPI
app = FastAPI()
@app.get("/")
async def hello() -> dict[str, str]:
    return {"hello": "world"}
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning", access_log=False)
"""
# A different as-of day per request: 3,650 days from 2017-01-01, so no day repeats in a run.
COLD_LUA = """
counter = 0
request = function()
  counter = counter + 1
  local day = os.date("!%Y-%m-%d", 1483228800 + (counter % 3650) * 86400)
  return wrk.format("GET", "/api/v1/truces/2/participants?as_of=" .. day)
end
"""
PARTICIPANTS = "/api/v1/truces/2/participants?as_of=2017-06-01"
WRK_SCENARIOS = {
    "participants, one as-of repeated": (PARTICIPANTS, None, False),
    "participants, a different as-of day per request": (PARTICIPANTS, "cold", False),
    "participants, If-None-Match (304)": (PARTICIPANTS, None, True),
    "participants page (dashboard)": ("/truces/2/participants?as_of=2017-06-01", None, False),
}


def _wrk(
    url: str, seconds: float, conns: int, headers: dict[str, str], script: Path | None
) -> dict[str, Any]:
    cmd = ["wrk", "-t1", f"-c{conns}", f"-d{int(seconds)}s", "--latency"]
    for k, v in headers.items():
        cmd += ["-H", f"{k}: {v}"]
    if script is not None:
        cmd += ["-s", str(script)]
    out = subprocess.run([*cmd, url], capture_output=True, text=True, check=True).stdout
    rps = p99 = 0.0
    errors = 0
    for line in out.splitlines():
        parts = line.split()
        if line.startswith("Requests/sec:"):
            rps = float(parts[1])
        elif parts[:1] == ["99%"]:
            v = parts[1]
            unit = (
                1e-3
                if v.endswith("us")
                else (1e3 if v.endswith("s") and not v.endswith("ms") else 1.0)
            )
            p99 = float(v.rstrip("usm")) * unit
        elif line.strip().startswith("Non-2xx or 3xx responses:"):
            errors += int(parts[-1])
        elif line.strip().startswith("Socket errors:"):
            errors += sum(int(x.strip(",")) for x in parts[3::2])
    return {"rps": rps, "p99_ms": p99, "errors": errors}


def _start_workers(db_url: str, log: Path, workers: int) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    env = {**os.environ, "TRUCEWATCH_SECRET_KEY": SECRET}
    cmd = [sys.executable, "-c", "from trucewatch.cli import main; main()", "serve",
           "--port", str(port), "--db", db_url]  # fmt: skip
    if workers > 1:
        cmd += ["--workers", str(workers)]
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


def _describe(db_url: str) -> str:
    """The URL without the throwaway server's port, which means nothing after the run."""
    if db_url.startswith("postgresql"):
        return "PostgreSQL (throwaway server, demo database)"
    return db_url


def run_wrk(db_url: str, seconds: float, conns: int, workers: list[int], tmp: Path) -> None:
    lua = tmp / "cold.lua"
    lua.write_text(COLD_LUA)
    port = _free_port()
    floor = subprocess.Popen([sys.executable, "-c", FLOOR_APP, str(port)])
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(f"http://127.0.0.1:{port}/", timeout=2)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    raise SystemExit("the floor app did not start") from None
                time.sleep(0.1)
        base_floor = _wrk(f"http://127.0.0.1:{port}/", seconds, conns, {}, None)
    finally:
        floor.terminate()
        floor.wait(timeout=10)
    print(f"# wrk -t1 -c{conns} -d{int(seconds)}s; {platform.machine()}, {os.cpu_count()} CPUs, "
          f"{platform.system()} {platform.release()}, Python {platform.python_version()}")  # fmt: skip
    print(f"# database: {_describe(db_url)}")
    print("| scenario | workers | req/s | × floor | p99 ms | errors |")
    print("|---|---:|---:|---:|---:|---:|")
    print(f"| FastAPI hello-world (floor) | 1 | {base_floor['rps']:.0f} | 1.00 | {base_floor['p99_ms']:.1f} | {base_floor['errors']} |")  # fmt: skip
    for n in workers:
        proc, base = _start_workers(db_url, tmp / f"server-{n}.log", n)
        try:
            for name, (path, script, conditional) in WRK_SCENARIOS.items():
                headers = {}
                if conditional:
                    headers["If-None-Match"] = httpx.get(base + path).headers["etag"]
                else:
                    httpx.get(base + path)  # warm: the first computation is not the steady state
                r = _wrk(base + path, seconds, conns, headers, lua if script else None)
                ratio = r["rps"] / base_floor["rps"] if base_floor["rps"] else float("nan")
                print(f"| {name} | {n} | {r['rps']:.0f} | {ratio:.2f} | {r['p99_ms']:.1f} | {r['errors']} |")  # fmt: skip
        finally:
            proc.terminate()
            proc.wait(timeout=20)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--clients", type=int, default=16)
    ap.add_argument("--seconds", type=float, default=10.0)
    ap.add_argument(
        "--db", help="An existing database (path or URL); default: a fresh seeded SQLite file."
    )
    ap.add_argument("--json", action="store_true")
    ap.add_argument(
        "--wrk",
        action="store_true",
        help="Run the issue 17 scenarios with wrk (1 thread) against a hello-world floor.",
    )
    ap.add_argument("--workers", default="1,2", help="With --wrk: worker counts to measure.")
    ap.add_argument(
        "--postgres",
        action="store_true",
        help="Build the demo database in a throwaway PostgreSQL server and serve that.",
    )
    args = ap.parse_args()
    if args.postgres and args.db:
        raise SystemExit("bench/api.py: --postgres builds its own database; leave out --db.")
    tmp = Path(tempfile.mkdtemp(prefix="tw-bench-api-"))
    try:
        _main(args, tmp)
    finally:
        # The folder holds the database, evidence files and server logs of this run only; a
        # server that fails to start prints its log before this.
        shutil.rmtree(tmp, ignore_errors=True)


def _main(args: argparse.Namespace, tmp: Path) -> None:
    if args.postgres:
        from trucewatch.testing.postgres import TempPostgres, find_bindir

        bindir = find_bindir()
        if bindir is None:
            raise SystemExit("bench/api.py: --postgres needs PostgreSQL's initdb and pg_ctl.")
        server = TempPostgres(bindir, durable=True)
        try:
            db_url = server.start()
            print("# building the demo database in PostgreSQL ...", file=sys.stderr)
            _build_demo(db_url, tmp)
            _run(args, db_url, tmp)
        finally:
            server.stop()
        return
    db_url = args.db or f"sqlite:///{tmp / 'bench.db'}"
    if args.db is None:
        _seed(db_url)
    _run(args, db_url, tmp)


def _run(args: argparse.Namespace, db_url: str, tmp: Path) -> None:
    if args.wrk:
        workers = [int(w) for w in args.workers.split(",")]
        run_wrk(db_url, args.seconds, args.clients, workers, tmp)
        return
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
