"""The engine factory and database URL resolution. Nothing connects at import time."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DisconnectionError

DEFAULT_DB = "trucewatch.db"
ENV_URL = "TRUCEWATCH_DATABASE_URL"


def resolve_url(db: str | None = None) -> str:
    """`--db` (a path or a URL) wins, then TRUCEWATCH_DATABASE_URL, then ./trucewatch.db."""
    value = db or os.environ.get(ENV_URL) or DEFAULT_DB
    if "://" in value:
        if value.startswith("postgresql://") or value.startswith("postgres://"):
            value = "postgresql+psycopg://" + value.split("://", 1)[1]
        return value
    return f"sqlite:///{Path(value).expanduser()}"


def sqlite_path(url: str) -> Path | None:
    if url.startswith("sqlite:///"):
        return Path(url[len("sqlite:///") :])
    return None


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=5000")
    cur.execute("PRAGMA synchronous=NORMAL")
    # Reads of a large ledger: a 64 MiB page cache and memory-mapped I/O (SQLite's defaults are
    # a 2 MiB cache and no mmap). Costs nothing on a small file.
    cur.execute("PRAGMA cache_size=-65536")
    cur.execute("PRAGMA mmap_size=268435456")
    cur.close()


def _sqlite_begin(conn: Any) -> None:
    readonly = conn.get_execution_options().get("trucewatch_readonly", False)
    conn.exec_driver_sql("BEGIN" if readonly else "BEGIN IMMEDIATE")


def make_engine(url: str, *, reads: bool = False) -> Engine:
    """An engine for `url`; SQLite gets WAL mode and foreign keys on every connection.

    `reads` (PostgreSQL only) makes the engine of read-only units of work: its connections run
    in autocommit with `default_transaction_read_only` on, so each statement is its own
    read-only transaction (see `Database.transaction`).
    """
    if url.startswith("sqlite"):
        if reads:
            raise ValueError("SQLite reads use the main engine (deferred transactions)")
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
        # Let SQLAlchemy, not pysqlite, decide when transactions begin (so BEGIN covers reads too).
        event.listen(engine, "connect", lambda c, _r: setattr(c, "isolation_level", None))
        # Writes take the write lock up front (no deadlock when a read upgrades); transactions
        # opened read-only (Database.transaction(readonly=True)) begin deferred, so readers
        # never wait for each other or for a writer under WAL.
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    if reads:
        engine = create_engine(url, isolation_level="AUTOCOMMIT")
        event.listen(engine, "connect", _postgres_read_session)
    else:
        # READ COMMITTED whatever the server's default, so that the read engine's autocommit
        # statements see what this engine's transactions would (see Database.transaction).
        engine = create_engine(url, isolation_level="READ COMMITTED")
        event.listen(engine, "connect", _postgres_session)
    dialect = engine.dialect

    def ping_if_idle(dbapi_conn: Any, record: Any, _proxy: Any) -> None:
        _ping_if_idle(dialect, dbapi_conn, record)

    event.listen(engine, "checkin", _note_checkin)
    event.listen(engine, "checkout", ping_if_idle)
    return engine


def _postgres_session(dbapi_conn: Any, _record: Any) -> None:
    """Sessions run in UTC, whatever the server's default: every stored time is UTC, and
    psycopg decodes a timestamptz into an aware datetime in the session's zone, so the ledger's
    hot path gets UTC datetimes with no conversion in Python (storage/repo_ledger.py)."""
    with dbapi_conn.cursor() as cur:
        cur.execute("SET TIME ZONE 'UTC'")
    dbapi_conn.commit()


def _postgres_read_session(dbapi_conn: Any, _record: Any) -> None:
    """A session of the read engine: in UTC too, and read-only, so that a write attempted in
    a read-only unit of work is refused by the server instead of committed on its own."""
    with dbapi_conn.cursor() as cur:
        cur.execute("SET TIME ZONE 'UTC'; SET default_transaction_read_only = on")
    dbapi_conn.commit()


# A pooled PostgreSQL connection may have been closed by the server while it sat idle (a
# restart, an idle timeout). SQLAlchemy's pool_pre_ping tests every checkout: a round trip per
# transaction, measured at ~0.3 ms here, a sixth of a typical as-of query. We test only the
# connections that were idle longer than IDLE_PING_SECONDS, with the checkout-event recipe from
# SQLAlchemy's pooling docs: DisconnectionError makes the pool drop the connection and connect
# afresh. A connection in steady use is not pinged; if the server dies under it, that
# transaction fails and SQLAlchemy invalidates the pool, so the next one reconnects.
IDLE_PING_SECONDS = 5.0


def _note_checkin(_dbapi_conn: Any, record: Any) -> None:
    record.info["trucewatch_idle_since"] = time.monotonic()


def _ping_if_idle(dialect: Any, dbapi_conn: Any, record: Any) -> None:
    since = record.info.get("trucewatch_idle_since")
    if since is None or time.monotonic() - since <= IDLE_PING_SECONDS:
        return
    try:
        dialect.do_ping(dbapi_conn)
    except Exception as exc:  # noqa: BLE001 - any failure means the connection is unusable
        raise DisconnectionError(f"idle connection failed its ping: {exc}") from exc
