"""`trucewatch zone ...`: import a truce's zones and lines from GeoJSON, list them as of a day."""

from __future__ import annotations

from pathlib import Path
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
    styled,
    table,
    transaction,
)
from trucewatch.domain.dates import parse_day
from trucewatch.services import zones as svc

app = typer.Typer(
    help="Zones and lines of a truce over time (areas, buffers, contact and withdrawal lines).",
    no_args_is_help=True,
)


@app.command("import")
def import_(
    truce: TruceArg,
    file: Annotated[
        Path, typer.Argument(help="GeoJSON FeatureCollection (name, kind per feature).")
    ],
    effective: Annotated[str, typer.Option("--effective", help="First day in force (YYYY-MM-DD).")],
    source: Annotated[str, typer.Option("--source", help="URL or citation the shapes come from.")],
    until: Annotated[
        str | None, typer.Option("--until", help="Last day in force (YYYY-MM-DD); default open.")
    ] = None,
    repair: Annotated[
        bool, typer.Option("--repair", help="Repair invalid geometry instead of refusing it.")
    ] = False,
    db: DbOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Add one version per feature; a name already on the truce gets a new version from --effective."""
    eff = parse_day(effective, "--effective")
    unt = opt_day(until, "--until")
    data = svc.read_geojson(file)
    with transaction(db) as store:
        report = svc.import_zones(
            store,
            caller(),
            truce,
            data,
            effective=eff,
            until=unt,
            source=source,
            label=str(file),
            repair=repair,
        )
    if json_out:
        emit_json(report)
        return
    new = sum(1 for z in report["zones"] if z["new"])
    console.print(
        f"{len(report['zones'])} zone versions recorded on {report['truce']} "
        f"({new} new zones), in force from {eff}" + (f" to {unt}." if unt else ".")
    )
    for line in report["repaired"]:
        console.print(styled("Repaired: ", "yellow", line))
    for line in report["flagged"]:
        console.print(styled("Outside the truce's country: ", "yellow", line))


@app.command("list")
def list_(
    truce: TruceArg,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="Zones in force on this day (default: all versions)."),
    ] = None,
    known_on: Annotated[
        str | None,
        typer.Option("--known-on", help="Only what was recorded by then (YYYY-MM-DD[THH:MM])."),
    ] = None,
    geojson: Annotated[
        bool, typer.Option("--geojson", help="Print a GeoJSON FeatureCollection.")
    ] = False,
    db: DbOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Zones and lines of a truce: in force on --as-of, as known on --known-on."""
    day = opt_day(as_of, "--as-of")
    k = opt_datetime(known_on, "--known-on")
    with transaction(db, create=False, readonly=True) as store:
        rows = svc.list_zones(store, truce, as_of=day, known_on=k)
    if geojson:
        emit_json(svc.as_feature_collection(rows))
    elif json_out:
        emit_json(rows)
    else:
        table(
            None,
            ["id", "name", "kind", "effective", "until", "distance_km", "note"],
            [
                [
                    z["id"],
                    z["name"],
                    z["kind"],
                    z["effective"],
                    z["until"],
                    z["distance_km"],
                    z["note"],
                ]
                for z in rows
            ],
        )
