"""A database handle: the engine plus transactions that hand out a `Store`."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError

from trucewatch.domain.errors import InvalidInput
from trucewatch.storage.engine import make_engine, resolve_url, sqlite_path
from trucewatch.storage.migrate import current_revision, head_revision, upgrade
from trucewatch.storage.store import Store


class Database:
    """Owns one engine. `transaction()` is the unit of work: all or nothing."""

    def __init__(self, url: str, engine: Engine | None = None) -> None:
        self.url = url
        self.engine = engine or make_engine(url)

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

    @contextmanager
    def transaction(self, *, readonly: bool = False) -> Iterator[Store]:
        """One unit of work. `readonly` lets SQLite readers run beside a writer (deferred
        BEGIN under WAL); a write attempted in it fails instead of upgrading the lock."""
        with self.engine.connect() as raw:
            conn = raw.execution_options(trucewatch_readonly=readonly)
            with conn.begin():
                yield Store(conn)

    def dispose(self) -> None:
        self.engine.dispose()
