"""`trucewatch watch` runs the alert evaluation after each round: a change recorded before a
round reaches the subscriber's webhook, once; `--no-alerts` leaves it queued for later, and a
missing secret key is reported without stopping the watcher."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from tests.watch.test_alerts import KEY, _incident, _seed, webhook_server
from trucewatch.services import alerts
from trucewatch.services.context import SYSTEM
from trucewatch.storage.db import Database


def test_watch_delivers_alerts_after_each_round(
    sqlite_db: Database, cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _seed(sqlite_db)
    drops = tmp_path / "drops"
    drops.mkdir()
    (drops / "a.txt").write_text("Talks on the ceasefire resumed on 3 May 2017.\n", "utf-8")
    config = tmp_path / "watch.toml"
    config.write_text('[[source]]\npath = "drops"\nformat = "text"\nevery = 1\n', "utf-8")
    url = str(sqlite_db.engine.url)
    monkeypatch.delenv("TRUCEWATCH_SECRET_KEY", raising=False)
    monkeypatch.delenv("TRUCEWATCH_SECRET_KEY_FILE", raising=False)
    with webhook_server() as (hook, posts):
        with sqlite_db.transaction() as store:
            alerts.add_subscription(
                store, SYSTEM, "ana", "new_incident", secret_key=KEY, truce="Test Truce",
                webhook=f"{hook}/watch",
            )  # fmt: skip
        _incident(sqlite_db, "SY")

        r = cli("watch", "--config", str(config), "--once", "--db", url)
        assert r.code == 0, r.err
        assert "Alerts not run" in r.err and "Traceback" not in r.err and posts == []

        monkeypatch.setenv("TRUCEWATCH_SECRET_KEY", KEY.decode())
        r = cli("watch", "--config", str(config), "--once", "--no-alerts", "--db", url)
        assert r.code == 0, r.err
        assert posts == []

        r = cli("watch", "--config", str(config), "--once", "--db", url)
        assert r.code == 0, r.err
        assert [p for p, _, _ in posts] == ["/watch"] and "1 sent" in r.out
        r = cli("watch", "--config", str(config), "--once", "--db", url)
        assert len(posts) == 1  # never twice
    with sqlite_db.transaction(readonly=True) as store:
        [d] = store.delivery_log()
    assert d["status"] == "sent" and d["delivered_at"] <= dt.datetime.now(dt.UTC)
