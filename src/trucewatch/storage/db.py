"""A database handle: the engine plus transactions that hand out a `Store`."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager

from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError

from trucewatch.domain.errors import InvalidInput
from trucewatch.storage.engine import make_engine, resolve_url, sqlite_path
from trucewatch.storage.migrate import current_revision, head_revision, upgrade
from trucewatch.storage.store import Store


class Database:
    """Owns the engines and is the one door to units of work.

    `write()`, `read()` and `snapshot()` are the three kinds of unit (`transaction()` is the
    general form they share). A process opens one `Database` and hands it to the use cases
    that run many units (an ingest, a review pass, an import), so the engine is made and the
    schema checked once, not per document.
    """

    def __init__(self, url: str, engine: Engine | None = None) -> None:
        self.url = url
        self.engine = engine or make_engine(url)
        # PostgreSQL's engine for read-only units of work: a second pool (SQLAlchemy's default
        # size), made here, not on first use, so that concurrent first requests share it.
        # Creating an engine does not connect.
        self.read_engine: Engine | None = (
            None if url.startswith("sqlite") else make_engine(url, reads=True)
        )
        self._probe: sqlite3.Connection | None = None
        self._probe_lock = threading.Lock()

    @classmethod
    def open(cls, db: str | None = None, *, create: bool = True) -> Database:
        """Open `--db`/env/default; migrate to head. Refuse a missing SQLite file unless `create`."""
        url = resolve_url(db)
        path = sqlite_path(url)
        if path is not None and not create and not path.exists():
            raise InvalidInput(
                f"No database at {path}; run 'trucewatch init' first or pass --db.", field="db"
            )
        if path is not None and not path.parent.exists():
            raise InvalidInput(f"--db: the folder {path.parent} does not exist.", field="db")
        database = cls(url)
        database.migrate()
        return database

    def migrate(self) -> None:
        try:
            if current_revision(self.engine) != head_revision():
                upgrade(self.engine)
        except OperationalError as exc:
            raise InvalidInput(
                f"Cannot open the database {self.url}: {exc.orig}", field="db"
            ) from None

    def write(self, *, dry_run: bool = False) -> AbstractContextManager[Store]:
        """A write unit: all of it commits, or none of it. On SQLite it takes the write lock
        when it begins (BEGIN IMMEDIATE), so it never fails half-way on an upgrade.

        `dry_run` runs everything and then rolls back, so what it reports is what a real run
        would have done (imports' --dry-run)."""
        return self.transaction(dry_run=dry_run)

    def read(self) -> AbstractContextManager[Store]:
        """A read unit: never takes SQLite's write lock, never writes (see `transaction`)."""
        return self.transaction(readonly=True)

    def snapshot(self) -> AbstractContextManager[Store]:
        """A read unit whose statements all see one snapshot, on both backends (exports)."""
        return self.transaction(readonly=True, snapshot=True)

    @contextmanager
    def transaction(
        self, *, readonly: bool = False, snapshot: bool = False, dry_run: bool = False
    ) -> Iterator[Store]:
        """One unit of work.

        `readonly` on SQLite begins deferred, so readers run beside a writer under WAL and see
        one snapshot. On PostgreSQL it runs on the read engine: autocommit, read-only sessions.
        Each statement then sees the data committed when it starts, which is what the
        statements of a read transaction at PostgreSQL's default isolation (READ COMMITTED,
        which the main engine sets) see anyway, without the BEGIN and COMMIT round trips:
        about a third of the time of a typical as-of query, and most of its tail on a busy
        host (docs/benchmarks.md, Ledger). A write attempted there is refused by the server.

        `snapshot` (with `readonly`) is for reads spread over many statements that must agree
        with each other, such as an export read page by page: one snapshot from the first
        statement to the end on both backends. On PostgreSQL that is a REPEATABLE READ, READ
        ONLY transaction on the main engine, as pg_dump takes.
        """
        if readonly and snapshot and self.read_engine is not None:
            with self.engine.connect() as raw:
                conn = raw.execution_options(
                    isolation_level="REPEATABLE READ", postgresql_readonly=True
                )
                with conn.begin():
                    yield Store(conn)
            return
        if readonly and self.read_engine is not None:
            with self.read_engine.connect() as conn:
                yield Store(conn)
            return
        with self.engine.connect() as raw:
            conn = raw.execution_options(trucewatch_readonly=readonly)
            trans = conn.begin()
            try:
                yield Store(conn)
            except BaseException:
                trans.rollback()
                raise
            if dry_run:
                trans.rollback()
            else:
                trans.commit()

    def change_counter(self) -> int | None:
        """A number that changes whenever any other connection, in any process, commits to
        the database; None where there is no such cheap probe (PostgreSQL).

        SQLite's `PRAGMA data_version` on a connection of its own that never writes: it reads
        the WAL index in shared memory, a few microseconds, with no transaction. The API's
        front cache (server/front.py) serves a stored answer only while this number is the one
        seen before the answer was computed, so any commit, the server's own or an ingest's
        in another process, retires every stored answer at once.
        """
        path = sqlite_path(self.url)
        if path is None:
            return None
        with self._probe_lock:
            if self._probe is None:
                self._probe = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
            return int(self._probe.execute("PRAGMA data_version").fetchone()[0])

    def dispose(self) -> None:
        with self._probe_lock:
            if self._probe is not None:
                self._probe.close()
                self._probe = None
        self.engine.dispose()
        if self.read_engine is not None:
            self.read_engine.dispose()
