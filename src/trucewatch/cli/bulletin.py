"""`trucewatch bulletin TRUCE --date D`: the daily truce bulletin in Markdown, HTML or JSON."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from trucewatch.cli.common import DbOpt, console, opt_datetime, transaction
from trucewatch.domain.dates import parse_day
from trucewatch.domain.errors import InvalidInput
from trucewatch.reports.bulletin import build_bulletin
from trucewatch.reports.render import render_html, render_json, render_md

RENDERERS = {"md": render_md, "html": render_html, "json": render_json}


def bulletin(
    truce: Annotated[str, typer.Argument(help="Truce name, alias or id.")],
    date: Annotated[str, typer.Option("--date", help="The day D (YYYY-MM-DD), UTC.")],
    format: Annotated[str, typer.Option("--format", help="md, html or json.")] = "md",
    known_on: Annotated[
        str | None,
        typer.Option(
            "--known-on",
            help="Reproduce the bulletin as it could be written then (a bulletin's own known_on "
            "gives it back exactly).",
        ),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to a file instead of stdout.")
    ] = None,
    db: DbOpt = None,
) -> None:
    """The daily bulletin of a truce for the 24 hours to D, with a source behind every line."""
    render = RENDERERS.get(format.strip().lower())
    if render is None:
        raise InvalidInput(f"--format: {format!r} is not a format; expected md, html or json.")
    day = parse_day(date, "--date")
    k = opt_datetime(known_on, "--known-on")
    with transaction(db, create=False, readonly=True) as store:
        text = render(build_bulletin(store, truce, day, k))
    if output is not None:
        output.write_text(text, encoding="utf-8")
        console.print(f"Wrote {output}.")
    else:
        typer.echo(text, nl=False)
