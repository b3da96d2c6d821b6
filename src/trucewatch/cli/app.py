"""The Typer application and its command groups."""

from __future__ import annotations

import typer

from trucewatch.cli import (
    access,
    actors,
    alerts,
    bulletin,
    changes,
    demo,
    evidence,
    extract,
    incidents,
    interop,
    reference,
    review,
    serve,
    sources,
    truces,
    users,
    watch,
    zones,
)
from trucewatch.cli.common import DbOpt, console, transaction

app = typer.Typer(
    name="trucewatch",
    help="Track ceasefires: who is in a truce, who joined or left, who is excluded — with sources.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.add_typer(actors.app, name="actor")
app.add_typer(truces.app, name="truce")
app.add_typer(reference.app, name="reference")
app.add_typer(incidents.app, name="incident")
app.add_typer(sources.app, name="source")
app.add_typer(review.app, name="review")
app.add_typer(users.app, name="user")
app.add_typer(zones.app, name="zone")
app.add_typer(access.app, name="access")
app.add_typer(interop.import_app, name="import")
app.add_typer(interop.export_app, name="export")
app.add_typer(alerts.app, name="alert")
app.add_typer(evidence.app, name="evidence")
app.command("demo")(demo.demo)
app.command("bulletin")(bulletin.bulletin)
app.command("extract")(extract.extract)
app.command("ingest")(extract.ingest)
app.command("serve")(serve.serve)
app.command("audit")(users.audit)
app.command("changes")(changes.changes)
app.command("watch")(watch.watch)


@app.command()
def init(db: DbOpt = None) -> None:
    """Create the database (or bring its schema up to date)."""
    with transaction(db) as store:
        dialect = store.dialect
    console.print(f"Database ready ({dialect}).")
