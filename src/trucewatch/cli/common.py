"""Shared CLI pieces: the --db option, output helpers, date parsing with argument names."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from trucewatch.domain.dates import PartialDate, parse_date, parse_datetime, parse_day
from trucewatch.services.context import Caller
from trucewatch.storage.db import Database
from trucewatch.storage.engine import resolve_url, sqlite_path
from trucewatch.storage.store import Store


def _console(stderr: bool = False) -> Console:
    """A console that never reads markup or emoji codes in what it prints.

    Everything printed holds data (names, places, quotes, file names), and data may contain
    "[/x]" or ":fire:". With markup on, Rich parsed it: "[/x]" raised an error after the
    command had committed its write. Styles are given as `Text` spans (`styled`), never as
    markup in strings.
    """
    probe = Console(stderr=stderr)
    # Piped output keeps whole lines: tables are read by people and by grep.
    return Console(
        stderr=stderr,
        highlight=False,
        markup=False,
        emoji=False,
        width=None if probe.is_terminal else 200,
    )


console = _console()
console_err = _console(stderr=True)

DbOpt = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="SQLite file path or database URL (default: $TRUCEWATCH_DATABASE_URL or ./trucewatch.db).",
        show_default=False,
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print exact JSON instead of a table.")]
TruceArg = Annotated[str, typer.Argument(help="Truce name, alias or id.")]


# One Database per CLI process and database URL: the engine is made and the schema checked
# once, however many units of work a command runs (an ingest runs one per document).
_databases: dict[str, Database] = {}


def open_database(db: str | None, *, create: bool = True) -> Database:
    """The process's `Database` for `--db` (opened, and migrated, on first use)."""
    url = resolve_url(db)
    found = _databases.get(url)
    if found is not None:
        path = sqlite_path(url)
        if create or path is None or path.exists():
            return found
        # The file went away under a long-lived process (tests run many commands in one).
        _databases.pop(url).dispose()
    database = Database.open(db, create=create)
    _databases[url] = database
    return database


def close_databases() -> None:
    """Dispose of the process's engines (the CLI's `main` calls it when a command ends)."""
    while _databases:
        _databases.popitem()[1].dispose()


@contextmanager
def transaction(db: str | None, *, create: bool = True, readonly: bool = False) -> Iterator[Store]:
    """One unit of work on the process's database. A read (`readonly`) never takes SQLite's
    write lock, so a long listing or export does not make an `ingest` in another process wait."""
    database = open_database(db, create=create)
    with database.transaction(readonly=readonly) as store:
        yield store


def caller() -> Caller:
    return Caller.cli()


def emit_json(data: Any) -> None:
    typer.echo(json.dumps(data, indent=2, ensure_ascii=False, default=str))


def styled(label: str, style: str, rest: str = "") -> Text:
    """`label` in `style`, then `rest` as plain text (data is never parsed as markup)."""
    return Text.assemble((label, style), rest)


def table(title: str | None, columns: list[str], rows: list[list[Any]]) -> None:
    t = Table(title=title, title_justify="left", show_lines=False)
    for c in columns:
        t.add_column(c, overflow="fold")
    for r in rows:
        t.add_row(*["" if v is None else str(v) for v in r])
    console.print(t)


def opt_date(value: str | None, argument: str) -> PartialDate | None:
    return parse_date(value, argument) if value is not None else None


def opt_day(value: str | None, argument: str) -> dt.date | None:
    return parse_day(value, argument) if value is not None else None


def opt_datetime(value: str | None, argument: str) -> dt.datetime | None:
    return parse_datetime(value, argument) if value is not None else None


def short_source(source: dict[str, Any], width: int = 48) -> str:
    """A source as one short cell: its id and the start of its citation or URL (--json has all)."""
    text = source.get("title") or source.get("citation") or source.get("url") or ""
    text = " ".join(text.split())
    if len(text) > width:
        text = text[: width - 1].rstrip() + "…"
    return f"[{source['id']}] {text}"


def sources_text(sources: list[dict[str, Any]]) -> str:
    return "; ".join(short_source(s) for s in sources)
