"""Load test: many concurrent clients, mixed reads and writes, on SQLite and PostgreSQL.

Why: issue 15 found that 41 concurrent requests hung the server for good. This drives
`trucewatch serve` (uvicorn, one process) with N bounded async clients (one httpx.AsyncClient,
at most N connections) for a fixed time. Each client loops over a weighted mix:

    reads   GET /api/v1/incidents?limit=50, /api/v1/truces/2/participants?as_of=..,
            /api/v1/actors?limit=50, /api/v1/health, / (the dashboard home)
    writes  POST /api/v1/reports (a field report, anonymous; the rate limit is raised through
            TRUCEWATCH_RATE_LIMIT_PER_MINUTE / _BURST), POST /api/v1/actors (an analyst's token)

while a `trucewatch ingest` of the shipped demo corpus runs in another process against the
same database. Every write carries a unique marker; afterwards the rows are counted: every write
answered 2xx must be in the database exactly once ("lost" and "doubled" below), and rows whose
request was not answered 2xx are counted too ("unacknowledged"). Then a burst of B simultaneous
requests (each on its own connection) is sent while GET /api/v1/health is probed: the health
check must answer every probe (it has its own admission lane, server/admission.py).

A 503 from admission (the server's bounded queue: full, or a wait over
TRUCEWATCH_QUEUE_TIMEOUT) is counted apart from other errors; it is a refusal with Retry-After,
not a hang, but the issue's target is 0 of either.

    .venv/bin/python bench/load.py [--clients 200] [--seconds 60] [--burst 500]
        [--backends sqlite,postgres] [--env TRUCEWATCH_QUEUE_TIMEOUT=30] [--docs] [--json]

--docs rewrites the "## Load (bench/load.py)" section of docs/reliability.md (figures, machine,
command). PostgreSQL is a throwaway server started from the installed binaries (trucewatch.testing.postgres),
with its default durability.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))


from trucewatch.domain.accounts import Role  # noqa: E402
from trucewatch.services import accounts  # noqa: E402
from trucewatch.services.context import SYSTEM  # noqa: E402
from trucewatch.services.curated import load_dataset  # noqa: E402
from trucewatch.storage.db import Database  # noqa: E402
from trucewatch.testing.postgres import TempPostgres, find_bindir  # noqa: E402

SECRET = "bench-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"
CORPUS = ROOT / "src" / "trucewatch" / "data" / "demo-corpus"
DOCS = ROOT / "docs" / "reliability.md"
HEADING = "## Load (bench/load.py)"

# (name, method, path, weight)
MIX = [
    ("incidents list", "GET", "/api/v1/incidents?limit=50", 20),
    ("participants", "GET", "/api/v1/truces/2/participants?as_of=2017-06-01", 20),
    ("actors list", "GET", "/api/v1/actors?limit=50", 15),
    ("health", "GET", "/api/v1/health", 10),
    ("dashboard home", "GET", "/", 15),
    ("POST report", "POST", "/api/v1/reports", 10),
    ("POST actor", "POST", "/api/v1/actors", 10),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _cli(db_url: str, *args: str) -> list[str]:
    return [sys.executable, "-c", "from trucewatch.cli import main; main()", *args, "--db", db_url]


def _seed(db_url: str) -> str:
    """Curated data and an analyst with a token; returns the token."""
    database = Database.open(db_url)
    try:
        with database.transaction() as store:
            load_dataset(store, SYSTEM, "syria-2016")
            accounts.add_user(store, SYSTEM, "loadbench", Role.ANALYST)
            return accounts.create_token(store, SYSTEM, "loadbench")[1]
    finally:
        database.dispose()


def _start_server(db_url: str, log: Path, env_extra: dict[str, str]) -> tuple[Any, str]:
    port = _free_port()
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT / "src"),
        "TRUCEWATCH_SECRET_KEY": SECRET,
        "TRUCEWATCH_COOKIE_SECURE": "0",
        "TRUCEWATCH_RATE_LIMIT_PER_MINUTE": "100000000",
        "TRUCEWATCH_RATE_LIMIT_BURST": "100000000",
        **env_extra,
    }
    cmd = _cli(db_url, "serve", "--host", "127.0.0.1", "--port", str(port))
    proc = subprocess.Popen(cmd, stdout=log.open("wb"), stderr=subprocess.STDOUT, env=env)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server exited {proc.returncode}:\n{log.read_text()}")
        try:
            if httpx.get(base + "/api/v1/health", timeout=2).status_code == 200:
                return proc, base
        except httpx.TransportError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit(f"server did not start:\n{log.read_text()}")


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    statuses: Counter[int | str] = field(default_factory=Counter)


@dataclass
class Writes:
    acked: dict[str, set[str]] = field(default_factory=lambda: {"report": set(), "actor": set()})
    unacked: dict[str, set[str]] = field(default_factory=lambda: {"report": set(), "actor": set()})


async def _one(
    client: httpx.AsyncClient, name: str, method: str, path: str, marker: str, token: str
) -> httpx.Response:
    if name == "POST report":
        body = {
            "description": f"Shelling reported near the market. {marker}",
            "place": "Douma",
            "occurred_on": "2017-05-04",
        }
        return await client.post(path, json=body)
    if name == "POST actor":
        body = {"name": marker, "kind": "armed_group"}
        return await client.post(path, json=body, headers={"Authorization": f"Bearer {token}"})
    return await client.request(method, path)


async def _client_loop(
    n: int,
    client: httpx.AsyncClient,
    until: float,
    run: str,
    token: str,
    tallies: dict[str, Tally],
    writes: Writes,
) -> None:
    rng = random.Random(n)
    names = [m[0] for m in MIX]
    weights = [m[3] for m in MIX]
    routes = {m[0]: (m[1], m[2]) for m in MIX}
    seq = 0
    while time.perf_counter() < until:
        name = rng.choices(names, weights)[0]
        method, path = routes[name]
        seq += 1
        marker = f"Load {run} c{n} n{seq}"
        kind = {"POST report": "report", "POST actor": "actor"}.get(name)
        t0 = time.perf_counter()
        try:
            r = await _one(client, name, method, path, marker, token)
            status: int | str = r.status_code
        except httpx.HTTPError as exc:
            status = type(exc).__name__
        tallies[name].latencies.append(time.perf_counter() - t0)
        tallies[name].statuses[status] += 1
        if kind:
            ok = isinstance(status, int) and 200 <= status < 300
            (writes.acked if ok else writes.unacked)[kind].add(marker)


def _pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    s = sorted(values)
    return s[min(len(s) - 1, int(p * len(s)))] * 1000


async def _load(
    base: str, clients: int, seconds: float, run: str, token: str
) -> tuple[dict[str, Tally], Writes, float]:
    tallies = {m[0]: Tally() for m in MIX}
    writes = Writes()
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=120) as client:
        start = time.perf_counter()
        await asyncio.gather(
            *[
                _client_loop(i, client, start + seconds, run, token, tallies, writes)
                for i in range(clients)
            ]
        )
        elapsed = time.perf_counter() - start
    return tallies, writes, elapsed


async def _burst(base: str, size: int) -> dict[str, Any]:
    """`size` requests at once, each on its own connection, while health is probed."""
    paths = ["/api/v1/incidents?limit=50", "/", "/api/v1/actors?limit=50", "/api/v1/truces"]
    limits = httpx.Limits(max_connections=size, max_keepalive_connections=0)
    statuses: Counter[int | str] = Counter()
    health: list[tuple[int | str, float]] = []
    gate = asyncio.Event()

    async def one(client: httpx.AsyncClient, path: str) -> None:
        await gate.wait()
        try:
            statuses[(await client.get(path)).status_code] += 1
        except httpx.HTTPError as exc:
            statuses[type(exc).__name__] += 1

    async def probe() -> None:
        await gate.wait()
        await asyncio.sleep(0.5)  # let the burst fill the queue first
        async with httpx.AsyncClient(base_url=base, timeout=30) as c:
            for _ in range(5):
                t0 = time.perf_counter()
                try:
                    status: int | str = (await c.get("/api/v1/health")).status_code
                except httpx.HTTPError as exc:
                    status = type(exc).__name__
                health.append((status, time.perf_counter() - t0))
                await asyncio.sleep(0.5)

    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=120) as client:
        tasks = [asyncio.create_task(one(client, paths[i % len(paths)])) for i in range(size)]
        prober = asyncio.create_task(probe())
        await asyncio.sleep(0)
        start = time.perf_counter()
        gate.set()
        await asyncio.gather(*tasks, prober)
        elapsed = time.perf_counter() - start
    return {
        "size": size,
        "statuses": {str(k): v for k, v in sorted(statuses.items(), key=str)},
        "seconds": round(elapsed, 1),
        "health_probes": [s for s, _ in health],
        "health_max_ms": round(max(t for _, t in health) * 1000, 1),
        "health_after": httpx.get(base + "/api/v1/health", timeout=10).status_code,
    }


def _count_writes(db_url: str, run: str, writes: Writes) -> dict[str, Any]:
    """Which marked writes are stored, and how many times."""
    from sqlalchemy import select

    from trucewatch.storage.tables import actors, field_reports

    database = Database(db_url)
    pattern = re.compile(rf"Load {re.escape(run)} c\d+ n\d+")
    try:
        with database.transaction(readonly=True) as store:
            reports = Counter(
                m.group(0)
                for (d,) in store.conn.execute(
                    select(field_reports.c.description).where(
                        field_reports.c.description.like(f"%Load {run} %")
                    )
                )
                if (m := pattern.search(d))
            )
            names = Counter(
                n
                for (n,) in store.conn.execute(
                    select(actors.c.name).where(actors.c.name.like(f"Load {run} %"))
                )
            )
    finally:
        database.dispose()
    out: dict[str, Any] = {}
    for kind, stored in (("report", reports), ("actor", names)):
        acked = writes.acked[kind]
        out[kind] = {
            "acknowledged": len(acked),
            "lost": len(acked - set(stored)),
            "doubled": sum(1 for k, c in stored.items() if c > 1),
            "unacknowledged requests": len(writes.unacked[kind]),
            "unacknowledged but stored": len(writes.unacked[kind] & set(stored)),
            "stored": sum(stored.values()),
        }
    return out


def _documents(db_url: str) -> int:
    from sqlalchemy import func, select

    from trucewatch.storage.tables import documents

    database = Database(db_url)
    try:
        with database.transaction(readonly=True) as store:
            return int(store.conn.execute(select(func.count()).select_from(documents)).scalar_one())
    finally:
        database.dispose()


def run_backend(
    backend: str, args: argparse.Namespace, env_extra: dict[str, str], tmp: Path
) -> dict[str, Any]:
    pg: TempPostgres | None = None
    if backend == "sqlite":
        db_url = f"sqlite:///{tmp / 'load.db'}"
    else:
        bindir = find_bindir()
        if bindir is None:
            raise SystemExit("PostgreSQL binaries (initdb, pg_ctl) not found")
        pg = TempPostgres(bindir, durable=True)
        db_url = pg.start()
    try:
        Database.open(db_url).dispose()
        token = _seed(db_url)
        proc, base = _start_server(db_url, tmp / f"server-{backend}.log", env_extra)
        ingest = None
        ingest_ended: list[float] = []
        try:
            if not args.no_ingest:
                ingest_log = (tmp / f"ingest-{backend}.log").open("wb")
                ingest_env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
                ingest_started = time.perf_counter()
                ingest = subprocess.Popen(
                    _cli(db_url, "ingest", str(CORPUS), "--skip-bad", "--json"),
                    stdout=ingest_log,
                    stderr=subprocess.STDOUT,
                    env=ingest_env,
                )
                threading.Thread(
                    target=lambda p=ingest: (p.wait(), ingest_ended.append(time.perf_counter())),
                    daemon=True,
                ).start()
            run = f"{backend}{os.getpid()}"
            tallies, writes, elapsed = asyncio.run(
                _load(base, args.clients, args.seconds, run, token)
            )
            ingest_result: dict[str, Any] = {"ran": False}
            if ingest is not None:
                code = ingest.wait()
                while not ingest_ended:
                    time.sleep(0.01)
                ingest_result = {
                    "ran": True,
                    "exit": code,
                    "seconds": round(ingest_ended[0] - ingest_started, 1),
                    "documents": _documents(db_url),
                }
            burst = asyncio.run(_burst(base, args.burst)) if args.burst else None
        finally:
            if ingest is not None and ingest.poll() is None:
                ingest.kill()
                ingest.wait()
            proc.terminate()
            proc.wait(timeout=30)
        endpoints = {}
        for name, t in tallies.items():
            ok = sum(c for s, c in t.statuses.items() if isinstance(s, int) and 200 <= s < 300)
            admission = t.statuses.get(503, 0)
            endpoints[name] = {
                "requests": len(t.latencies),
                "rps": round(len(t.latencies) / elapsed, 1),
                "p50_ms": round(_pct(t.latencies, 0.5), 1),
                "p99_ms": round(_pct(t.latencies, 0.99), 1),
                "ok": ok,
                "503": admission,
                "other_errors": len(t.latencies) - ok - admission,
                "statuses": {str(k): v for k, v in t.statuses.items()},
            }
        return {
            "backend": backend,
            "seconds": round(elapsed, 1),
            "endpoints": endpoints,
            "writes": _count_writes(db_url, run, writes),
            "ingest": ingest_result,
            "burst": burst,
        }
    finally:
        if pg is not None:
            pg.stop()


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} CPUs, {platform.system()} {platform.release()}"


def table(r: dict[str, Any]) -> str:
    lines = [
        "| endpoint | requests | req/s | p50 ms | p99 ms | 503 (admission) | other errors |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    total = Counter[str]()
    for name, e in r["endpoints"].items():
        lines.append(
            f"| {name} | {e['requests']:,} | {e['rps']} | {e['p50_ms']} | {e['p99_ms']} "
            f"| {e['503']} | {e['other_errors']} |"
        )
        total["requests"] += e["requests"]
        total["503"] += e["503"]
        total["other"] += e["other_errors"]
    lines.append(
        f"| **all** | {total['requests']:,} | {round(total['requests'] / r['seconds'], 1)} | | "
        f"| {total['503']} | {total['other']} |"
    )
    w = r["writes"]
    lines.append("")
    for kind, label in (("report", "field reports"), ("actor", "analyst actor writes")):
        x = w[kind]
        lines.append(
            f"- {label}: {x['acknowledged']:,} answered 2xx, {x['lost']} lost, "
            f"{x['doubled']} stored twice; {x['unacknowledged requests']} not answered 2xx, of "
            f"which {x['unacknowledged but stored']} stored anyway"
        )
    ing = r["ingest"]
    if ing["ran"]:
        lines.append(
            f"- concurrent `trucewatch ingest` of the demo corpus: exit {ing['exit']}, "
            f"{ing['seconds']} s, {ing['documents']} documents stored"
        )
    b = r["burst"]
    if b:
        lines.append(
            f"- burst of {b['size']} simultaneous requests: {b['statuses']} in {b['seconds']} s; "
            f"health probes during it: {b['health_probes']} (slowest {b['health_max_ms']} ms), "
            f"after it: {b['health_after']}"
        )
    return "\n".join(lines)


def write_docs(section: str) -> None:
    current = DOCS.read_text(encoding="utf-8") if DOCS.exists() else "# Reliability\n"
    start = current.find(HEADING)
    if start == -1:
        new = current.rstrip("\n") + "\n\n" + section + "\n"
    else:
        end = current.find("\n## ", start + len(HEADING))
        tail = current[end + 1 :] if end != -1 else ""
        new = current[:start] + section + "\n" + ("\n" + tail if tail else "")
    DOCS.write_text(new, encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--clients", type=int, default=200)
    ap.add_argument("--seconds", type=float, default=60.0)
    ap.add_argument("--burst", type=int, default=500, help="0: no burst")
    ap.add_argument("--backends", default="sqlite,postgres")
    ap.add_argument("--no-ingest", action="store_true")
    ap.add_argument(
        "--env", action="append", default=[], help="KEY=VALUE for the server, e.g. admission"
    )
    ap.add_argument("--docs", action="store_true", help=f"rewrite '{HEADING}' in {DOCS.name}")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    env_extra = dict(e.split("=", 1) for e in args.env)
    tmp = Path(tempfile.mkdtemp(prefix="tw-bench-load-"))
    results = [run_backend(b, args, env_extra, tmp) for b in args.backends.split(",")]
    meta = {
        "machine": machine(),
        "python": platform.python_version(),
        "clients": args.clients,
        "seconds": args.seconds,
        "server env": env_extra,
        "command": "python bench/load.py " + " ".join(sys.argv[1:]),
    }
    if args.json:
        print(json.dumps({"meta": meta, "results": results}, indent=2))
    body = "\n\n".join(f"### {r['backend']}\n\n{table(r)}" for r in results)
    if not args.json:
        print(f"# {meta}\n\n{body}")
    if args.docs:
        section = (
            f"{HEADING}\n\n`{meta['command']}` on {meta['machine']}, CPython {meta['python']}; "
            f"{args.clients} clients for {args.seconds:g} s; server settings beyond the "
            f"defaults: {env_extra or 'none'} (plus the raised report rate limit).\n\n{body}\n"
        )
        write_docs(section)


if __name__ == "__main__":
    main()
