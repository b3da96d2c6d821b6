"""The fast path for repeated and conditional GETs (server/front.py), around a counting ASGI app,
with a real SQLite database for the change counter. The end-to-end guarantees (a cached answer
equals a fresh computation after every append, over HTTP) are in test_cache.py."""

from __future__ import annotations

import asyncio
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from sqlalchemy import text

from trucewatch.server.cache import AnswerCache
from trucewatch.server.front import FrontCache, mark_front
from trucewatch.storage.db import Database


class Counting:
    """An app that answers 200 with an ETag, marks its answers unless told not to, and counts
    how often it is called."""

    def __init__(self, *, mark: bool = True, cookie: bool = False) -> None:
        self.calls = 0
        self.mark, self.cookie = mark, cookie

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        self.calls += 1
        if self.mark:
            mark_front(SimpleNamespace(scope=scope))
        headers = [(b"content-type", b"application/json"), (b"etag", b'"v1"')]
        if self.cookie:
            headers.append((b"set-cookie", b"s=1"))
        body = b'{"n":%d}' % self.calls
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": body})


@pytest.fixture
def sqlite_database(tmp_path: Path) -> Any:
    d = Database(f"sqlite:///{tmp_path / 'front.db'}")
    d.migrate()
    yield d
    d.dispose()


def _get(front: FrontCache, database: Database, path: str = "/a", **headers: str) -> Any:
    state = SimpleNamespace(
        services=SimpleNamespace(database=database, answers=AnswerCache(8, 1 << 20))
    )
    scope = {
        "type": "http", "method": "GET", "path": path, "query_string": b"x=1",
        "headers": [(k.replace("_", "-").encode(), v.encode()) for k, v in headers.items()],
        "app": SimpleNamespace(state=state),
    }  # fmt: skip
    sent: list[dict[str, Any]] = []

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    asyncio.run(front(scope, None, send))
    return sent[0]["status"], b"".join(m.get("body", b"") for m in sent[1:])


def test_a_repeat_and_a_conditional_get_are_answered_without_the_app(sqlite_database) -> None:
    app = Counting()
    front = FrontCache(app)
    assert _get(front, sqlite_database) == (200, b'{"n":1}')
    assert _get(front, sqlite_database) == (200, b'{"n":1}')
    assert _get(front, sqlite_database, if_none_match='"v1"') == (304, b"")
    assert app.calls == 1
    assert _get(front, sqlite_database, path="/b") == (200, b'{"n":2}')


def test_any_commit_retires_the_stored_answers(sqlite_database: Database) -> None:
    app = Counting()
    front = FrontCache(app)
    _get(front, sqlite_database)
    other = Database(sqlite_database.url)
    try:
        with other.write() as store:
            store.conn.execute(text("CREATE TABLE t (x INTEGER)"))
    finally:
        other.dispose()
    assert _get(front, sqlite_database) == (200, b'{"n":2}')
    assert _get(front, sqlite_database) == (200, b'{"n":2}')
    assert app.calls == 2


@pytest.mark.parametrize(
    ("app", "headers"),
    [
        (Counting(), {"cookie": "trucewatch_session=x"}),
        (Counting(), {"authorization": "Bearer t"}),
        (Counting(mark=False), {}),
        (Counting(cookie=True), {}),
    ],
    ids=["signed-in by cookie", "token", "unmarked answer", "answer setting a cookie"],
)
def test_private_or_unmarked_answers_always_go_the_long_way(
    sqlite_database: Database, app: Counting, headers: dict[str, str]
) -> None:
    front = FrontCache(app)
    _get(front, sqlite_database, **headers)
    _get(front, sqlite_database, **headers)
    assert app.calls == 2


def test_no_fast_path_without_a_change_counter(sqlite_database: Database) -> None:
    """PostgreSQL has no cheap counter: every request reaches the app (its versioned path)."""

    class NoCounter:
        url = "postgresql+psycopg://nowhere/x"

        def change_counter(self) -> None:
            return None

    app = Counting()
    front = FrontCache(app)
    _get(front, NoCounter())  # type: ignore[arg-type]
    _get(front, NoCounter())  # type: ignore[arg-type]
    assert app.calls == 2
