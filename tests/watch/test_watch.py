"""`trucewatch watch` against a local HTTP server whose feeds change: new items, 304s, a
malformed feed, a 500, a JSONL drop folder; and a kill -9 mid-poll that loses and repeats
nothing."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from tests.watch.feeds import article, feed_server
from trucewatch.storage.db import Database
from trucewatch.storage.tables import documents, watch_items, watch_sources

CLI = [sys.executable, "-c", "from trucewatch.cli import main; main()"]


def _config(tmp: Path, sources: list[dict[str, Any]]) -> Path:
    lines = []
    for s in sources:
        lines.append("[[source]]")
        lines += [f"{k} = {json.dumps(v)}" for k, v in s.items()]
    path = tmp / "watch.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _counts(db_url: str) -> dict[str, int]:
    d = Database(db_url)
    try:
        with d.transaction(readonly=True) as store:
            conn = store.conn
            out = {
                "documents": conn.execute(select(func.count()).select_from(documents)).scalar_one(),
                "items": conn.execute(select(func.count()).select_from(watch_items)).scalar_one(),
            }
            for loc, n in conn.execute(
                select(watch_sources.c.location, func.count(watch_items.c.item_key))
                .select_from(watch_sources.outerjoin(watch_items))
                .group_by(watch_sources.c.location)
            ):
                out[loc] = int(n)
        return out
    finally:
        d.dispose()


def test_watch_once_reads_new_items_skips_304s_and_reports_failing_sources(
    db_url: str, tmp_path: Path, cli: Any
) -> None:
    drops = tmp_path / "drops"
    drops.mkdir()
    (drops / "a.jsonl").write_text(
        json.dumps({"id": "d1", "text": article(101)}) + "\n", encoding="utf-8"
    )
    with feed_server() as feeds:
        feeds.items["/wire"] = [1, 2, 3]
        feeds.malformed.add("/bad")
        feeds.broken.add("/boom")
        good = _config(
            tmp_path,
            [
                {"url": feeds.base + "/wire", "format": "feed", "every": 5},
                {"path": "drops", "format": "jsonl", "every": 1},
            ],
        )
        r = cli("watch", "--config", str(good), "--once", "--db", db_url, "--json")
        assert r.code == 0, r.err
        assert [(x["status"], x["new"]) for x in r.json()] == [("read", 3), ("read", 1)]
        c = _counts(db_url)
        assert c["documents"] == 4 and c[feeds.base + "/wire"] == 3

        # Unchanged: a 304, nothing new. Then two new items and a new drop line.
        r = cli("watch", "--config", str(good), "--once", "--db", db_url, "--json")
        assert [(x["status"], x["new"]) for x in r.json()] == [("unchanged", 0), ("read", 0)]
        assert feeds.hits[-1] == ("/wire", 304)
        feeds.items["/wire"] = [1, 2, 3, 4, 5]
        with (drops / "a.jsonl").open("a", encoding="utf-8") as f:
            f.write(json.dumps({"id": "d2", "text": article(102)}) + "\n")
        r = cli("watch", "--config", str(good), "--once", "--db", db_url, "--json")
        assert [(x["status"], x["new"]) for x in r.json()] == [("read", 2), ("read", 1)]
        assert _counts(db_url)["documents"] == 7

        # A malformed feed and a 500 fail, are named, and do not stop the good source.
        feeds.items["/wire"] = [1, 2, 3, 4, 5, 6]
        mixed = _config(
            tmp_path,
            [
                {"url": feeds.base + "/bad", "format": "feed"},
                {"url": feeds.base + "/boom"},
                {"url": feeds.base + "/wire", "format": "feed", "every": 5},
            ],
        )
        r = cli("watch", "--config", str(mixed), "--once", "--db", db_url)
        assert r.code == 1
        assert feeds.base + "/bad" in r.err and feeds.base + "/boom" in r.err
        assert "HTTP 500" in r.err
        assert "Traceback" not in r.err
        assert _counts(db_url)[feeds.base + "/wire"] == 6
        d = Database(db_url)
        with d.transaction(readonly=True) as store:
            boom = store.watch_source(feeds.base + "/boom")
            wire = store.watch_source(feeds.base + "/wire")
        d.dispose()
        assert boom["failures"] == 1 and boom["next_poll_at"] > boom["last_polled_at"]
        assert wire["failures"] == 0


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("[[source]]\nurl = 'ftp://x'\n", "record source 1, field 'url': expected an http(s) URL"),
        ("[[source]]\npath = 'x'\nevery = 0\n", "field 'every': expected a positive number"),
        (
            "[[source]]\npath = 'x'\nformat = 'pdf'\n",
            "field 'format': 'pdf' is not a source format; expected one of",
        ),
        ("[[source]]\nurl = 'http://a'\npath = 'x'\n", "expected exactly one of url or path"),
        ("nonsense = [\n", "is not valid TOML"),
    ],
)
def test_a_bad_config_is_one_clear_line(tmp_path: Path, cli: Any, body: str, expected: str) -> None:
    path = tmp_path / "w.toml"
    path.write_text(body, encoding="utf-8")
    r = cli("watch", "--config", str(path), "--once", "--db", str(tmp_path / "x.db"))
    assert r.code == 1
    assert expected in r.err and str(path) in r.err
    assert "Traceback" not in r.err


def test_kill_9_mid_poll_neither_loses_nor_repeats_items(db_url: str, tmp_path: Path) -> None:
    n = 120  # enough that a fast machine is still storing items when the poll below looks
    with feed_server() as feeds:
        feeds.items["/wire"] = list(range(1, n + 1))
        config = _config(tmp_path, [{"url": feeds.base + "/wire", "format": "feed"}])
        cmd = [*CLI, "watch", "--config", str(config), "--once", "--db", db_url]
        env = {**os.environ, "PYTHONPATH": os.environ.get("PYTHONPATH", "")}
        Database.open(db_url).dispose()  # migrate first, so the kill falls in the poll
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 120
        stored = 0
        while time.monotonic() < deadline:
            stored = _counts(db_url).get(feeds.base + "/wire", 0)
            if stored >= 3 or proc.poll() is not None:
                break
            time.sleep(0.05)
        if proc.poll() is not None:
            err = proc.stderr.read().decode() if proc.stderr else ""
            pytest.fail(f"watch finished (exit {proc.returncode}) before it could be killed: {err}")
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        killed_at = _counts(db_url)[feeds.base + "/wire"]
        assert 3 <= killed_at < n
        done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        c = _counts(db_url)
        assert c[feeds.base + "/wire"] == n
        assert c["documents"] == n
        # The rerun fetched the whole feed again (the killed run had saved no validators) and
        # stored only the items the killed run had not.
        assert [s for p, s in feeds.hits] == [200, 200]
