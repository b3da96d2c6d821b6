"""Admission: a burst of concurrent requests never hangs the server (server/admission.py).

Before admission, 41 concurrent requests on SQLite hung the server for good: every pool thread
waited for the process's database lock while the lock's holder waited for a thread.
"""

from __future__ import annotations

import asyncio
import threading
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from tests.api.conftest import Server, seed, start_server, stop_server


def _burst(base: str, paths: list[str], timeout: float) -> list[httpx.Response | str]:
    """Every path at once, each on its own connection; a transport error is kept as its name."""
    start = threading.Barrier(len(paths))

    def one(path: str) -> httpx.Response | str:
        with httpx.Client(base_url=base, timeout=timeout) as client:
            start.wait()
            try:
                return client.get(path)
            except httpx.TransportError as exc:
                return type(exc).__name__

    with ThreadPoolExecutor(len(paths)) as pool:
        return list(pool.map(one, paths))


@pytest.fixture(scope="module")
def busy_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    tmp = tmp_path_factory.mktemp("admission")
    db_url = f"sqlite:///{tmp / 'api.db'}"
    seed(db_url, candidates=False)
    srv = start_server(db_url, tmp / "server.log")
    try:
        yield srv
    finally:
        stop_server(srv)


def test_a_burst_beyond_the_thread_pool_is_answered_and_the_server_lives_on(
    busy_server: Server,
) -> None:
    paths = ["/api/v1/incidents", "/api/v1/actors", "/", "/api/v1/truces"] * 30  # 120 > 40
    results = _burst(busy_server.base, paths, timeout=90)
    statuses = Counter(r if isinstance(r, str) else r.status_code for r in results)
    # Every request is answered: served, or refused with a 503 that says when to come back.
    assert set(statuses) <= {200, 503}, statuses
    assert statuses[200] > 0
    for r in results:
        assert not isinstance(r, str)
        if r.status_code == 503:
            assert r.headers["retry-after"].isdigit()
            assert r.json()["code"] == "unavailable"
    health = httpx.get(busy_server.base + "/api/v1/health", timeout=10)
    assert health.status_code == 200


def test_health_answers_during_a_burst(busy_server: Server) -> None:
    answers: list[int] = []

    def probe() -> None:
        answers.append(httpx.get(busy_server.base + "/api/v1/health", timeout=30).status_code)

    paths = ["/api/v1/incidents", "/"] * 60
    burst = threading.Thread(target=_burst, args=(busy_server.base, paths, 90))
    burst.start()
    probes = [threading.Thread(target=probe) for _ in range(3)]
    for t in probes:
        t.start()
    for t in probes:
        t.join(60)
    burst.join(120)
    assert answers == [200, 200, 200]


def test_concurrent_health_checks_queue_in_their_lane_instead_of_being_refused(
    busy_server: Server,
) -> None:
    # The lane has a few slots; more simultaneous probes than that (many load balancers, or
    # 200 clients that each check health) wait their turn. Before, the fifth got a 503.
    results = _burst(busy_server.base, ["/api/v1/health"] * 40, timeout=60)
    statuses = Counter(r if isinstance(r, str) else r.status_code for r in results)
    assert statuses == {200: 40}, statuses


def test_a_full_queue_refuses_at_once_with_retry_after(tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'api.db'}"
    seed(db_url, candidates=False)
    srv = start_server(
        db_url,
        tmp_path / "server.log",
        {"TRUCEWATCH_MAX_ACTIVE_REQUESTS": "1", "TRUCEWATCH_MAX_QUEUED_REQUESTS": "0"},
    )
    try:
        results = _burst(srv.base, ["/api/v1/actors"] * 30, timeout=60)
        statuses = Counter(r if isinstance(r, str) else r.status_code for r in results)
        assert set(statuses) <= {200, 503}, statuses
        assert statuses[503] > 0 and statuses[200] > 0
        refused = next(r for r in results if not isinstance(r, str) and r.status_code == 503)
        assert int(refused.headers["retry-after"]) >= 1
    finally:
        stop_server(srv)


def test_health_answers_every_probe_during_a_burst_of_500(tmp_path: Path) -> None:
    """Issue 15's bar: 500 simultaneous requests never leave the health check unanswered.

    The burst (each request on its own connection) fills every main slot and the queue; with a
    short queue timeout it drains in seconds, mostly refused. Health is probed all along.
    """
    db_url = f"sqlite:///{tmp_path / 'api.db'}"
    seed(db_url, candidates=False)
    srv = start_server(db_url, tmp_path / "server.log", {"TRUCEWATCH_QUEUE_TIMEOUT": "3"})

    async def run() -> tuple[Counter[int | str], list[int | str], int]:
        limits = httpx.Limits(max_connections=500, max_keepalive_connections=0)
        statuses: Counter[int | str] = Counter()
        probes: list[int | str] = []

        async def one(client: httpx.AsyncClient, path: str) -> None:
            try:
                statuses[(await client.get(path)).status_code] += 1
            except httpx.TransportError as exc:
                statuses[type(exc).__name__] += 1

        async with (
            httpx.AsyncClient(base_url=srv.base, limits=limits, timeout=60) as burst,
            httpx.AsyncClient(base_url=srv.base, timeout=10) as prober,
        ):
            paths = ["/api/v1/incidents", "/", "/api/v1/actors", "/api/v1/truces"]
            tasks = [asyncio.create_task(one(burst, paths[i % 4])) for i in range(500)]
            during = 0
            while not all(t.done() for t in tasks):
                busy = sum(not t.done() for t in tasks) > 100
                try:
                    probes.append((await prober.get("/api/v1/health")).status_code)
                except httpx.TransportError as exc:
                    probes.append(type(exc).__name__)
                during += busy
                await asyncio.sleep(0.05)
            await asyncio.gather(*tasks)
        return statuses, probes, during

    try:
        statuses, probes, during = asyncio.run(run())
    finally:
        stop_server(srv)
    assert sum(statuses.values()) == 500
    assert set(statuses) <= {200, 503}, statuses  # answered or refused; never dropped
    assert during >= 3, f"only {during} probes while the burst was in flight"
    assert probes and set(probes) == {200}, Counter(probes)
