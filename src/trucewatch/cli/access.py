"""`trucewatch access ...`: the monitors' access log (denials and restrictions of movement)."""

from __future__ import annotations

from typing import Annotated

import typer

from trucewatch.cli.common import (
    DbOpt,
    JsonOpt,
    TruceArg,
    caller,
    console,
    emit_json,
    opt_datetime,
    opt_day,
    short_source,
    table,
    transaction,
)
from trucewatch.domain.dates import parse_day
from trucewatch.services import access as svc

app = typer.Typer(
    help="Monitors' access log: where, when and by whom monitors were denied access.",
    no_args_is_help=True,
)


@app.command("add")
def add(
    truce: TruceArg,
    date: Annotated[str, typer.Option("--date", help="The day (YYYY-MM-DD).")],
    place: Annotated[str, typer.Option("--place", help="Where monitors were stopped.")],
    party: Annotated[str, typer.Option("--party", help="Who denied access (actor name or id).")],
    reason: Annotated[str, typer.Option("--reason", help="The reason given.")],
    source: Annotated[str, typer.Option("--source", help="Who reported it: URL or citation.")],
    minutes: Annotated[
        int | None, typer.Option("--minutes", help="How long monitors were held.")
    ] = None,
    db: DbOpt = None,
) -> None:
    """Record one denial of access to monitors."""
    day = parse_day(date, "--date")
    with transaction(db) as store:
        denial_id = svc.add_access_denial(
            store, caller(), truce, day=day, place=place, party=party, reason=reason,
            source=source, minutes=minutes,
        )  # fmt: skip
    console.print(f"Access denial {denial_id} recorded.")


@app.command("list")
def list_(
    truce: TruceArg,
    since: Annotated[str | None, typer.Option("--since")] = None,
    until: Annotated[str | None, typer.Option("--until")] = None,
    known_on: Annotated[
        str | None, typer.Option("--known-on", help="Only what was recorded by then.")
    ] = None,
    db: DbOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Denials of access on a truce, oldest first."""
    s, u = opt_day(since, "--since"), opt_day(until, "--until")
    k = opt_datetime(known_on, "--known-on")
    with transaction(db, create=False, readonly=True) as store:
        rows = svc.list_access_denials(store, truce, since=s, until=u, known_on=k)
    if json_out:
        emit_json(rows)
        return
    table(
        None,
        ["id", "date", "place", "party", "reason", "minutes", "source"],
        [
            [
                r["id"],
                r["date"],
                r["place"],
                r["party"],
                r["reason"],
                r["minutes"],
                short_source(r["source"]),
            ]
            for r in rows
        ],  # fmt: skip
    )
