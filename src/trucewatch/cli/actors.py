"""`trucewatch actor ...`"""

from __future__ import annotations

from typing import Annotated

import typer

from trucewatch.cli.common import (
    DbOpt,
    JsonOpt,
    caller,
    console,
    emit_json,
    opt_date,
    styled,
    table,
    transaction,
)
from trucewatch.domain.dates import parse_date
from trucewatch.services import queries, registry

app = typer.Typer(
    help="The actor registry: names, aliases, relations, designations.", no_args_is_help=True
)


@app.command("add")
def add(
    name: str,
    kind: Annotated[
        str,
        typer.Option(
            "--kind",
            help="state, state_force, armed_group, coalition, igo, ngo, person, media, other",
        ),
    ],
    alias: Annotated[
        list[str] | None, typer.Option("--alias", help="Another name (repeatable).")
    ] = None,
    country: Annotated[
        str | None, typer.Option("--country", help="ISO 3166 alpha-2 code, e.g. SY.")
    ] = None,
    db: DbOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Register an actor."""
    k = registry.parse_kind(kind, "--kind")
    with transaction(db) as store:
        actor_id = registry.add_actor(
            store, caller(), name, k, aliases=alias or [], country=country
        )
        detail = queries.actor_detail(store, str(actor_id))
    if json_out:
        emit_json(detail)
    else:
        console.print(f"Added actor {actor_id}: {detail['name']} ({detail['kind']}).")


@app.command("show")
def show(
    name_or_id: Annotated[str, typer.Argument(metavar="NAME_OR_ID")],
    db: DbOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Show an actor by id, name or any alias."""
    with transaction(db, create=False, readonly=True) as store:
        d = queries.actor_detail(store, name_or_id)
    if json_out:
        emit_json(d)
        return
    country = f", {d['country']}" if d["country"] else ""
    console.print(styled(d["name"], "bold", f"  (id {d['id']}, {d['kind']}{country})"))
    if d["external_ids"]:
        console.print(
            "External ids: " + ", ".join(f"{k} {v}" for k, v in sorted(d["external_ids"].items()))
        )
    if d["aliases"]:
        console.print("Aliases: " + "; ".join(a["name"] for a in d["aliases"]))
    if d["designations"]:
        table(
            "Designations",
            ["authority", "reference", "listed", "delisted"],
            [
                [x["authority"], x["reference"], x["listed_on"], x["delisted_on"]]
                for x in d["designations"]
            ],
        )
    if d["relations"]:
        table(
            "Relations",
            ["subject", "relation", "object", "from", "to"],
            [
                [r["subject"], r["relation"], r["object"], r["from"], r["to"]]
                for r in d["relations"]
            ],
        )
    if d["notes"]:
        console.print(f"Notes: {d['notes']}")


@app.command("list")
def list_(
    kind: Annotated[str | None, typer.Option("--kind", help="Only actors of this kind.")] = None,
    db: DbOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """List actors."""
    if kind is not None:
        kind = str(registry.parse_kind(kind, "--kind"))
    with transaction(db, create=False, readonly=True) as store:
        rows = store.list_actors(kind)
    data = [{"id": i, "name": n, "kind": k, "country": c} for i, n, k, c in rows]
    if json_out:
        emit_json(data)
    else:
        table(
            f"{len(data)} actors",
            ["id", "name", "kind", "country"],
            [[r["id"], r["name"], r["kind"], r["country"]] for r in data],
        )


@app.command("relate")
def relate(
    a: Annotated[str, typer.Argument(metavar="A")],
    relation: Annotated[
        str,
        typer.Argument(
            metavar="RELATION",
            help="member_of, allied_with, supports, commands, renamed_to, merged_into, split_from",
        ),
    ],
    b: Annotated[str, typer.Argument(metavar="B")],
    source: Annotated[str, typer.Option("--source", help="URL or citation.")],
    from_: Annotated[str | None, typer.Option("--from", help="YYYY, YYYY-MM or YYYY-MM-DD")] = None,
    to: Annotated[str | None, typer.Option("--to", help="YYYY, YYYY-MM or YYYY-MM-DD")] = None,
    db: DbOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Record a typed, time-bounded relation A RELATION B."""
    kind = registry.parse_relation(relation, "RELATION")
    vf, vt = opt_date(from_, "--from"), opt_date(to, "--to")
    with transaction(db) as store:
        rel_id = registry.relate_actors(
            store, caller(), a, kind, b, source=source, valid_from=vf, valid_to=vt
        )
    if json_out:
        emit_json({"id": rel_id})
    else:
        console.print(f"Recorded relation {rel_id}: {a} {kind} {b}.")


@app.command("designate")
def designate(
    actor: Annotated[str, typer.Argument(metavar="A")],
    authority: Annotated[str, typer.Option("--authority", help="e.g. UNSC-1267, US-FTO")],
    listed_on: Annotated[str, typer.Option("--listed-on", help="YYYY, YYYY-MM or YYYY-MM-DD")],
    source: Annotated[str, typer.Option("--source", help="URL or citation.")],
    ref: Annotated[str | None, typer.Option("--ref", help="Reference number, e.g. QDe.137")] = None,
    delisted_on: Annotated[str | None, typer.Option("--delisted-on")] = None,
    db: DbOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Record a designation (sanctions or terrorist listing) of an actor."""
    listed = parse_date(listed_on, "--listed-on")
    delisted = opt_date(delisted_on, "--delisted-on")
    with transaction(db) as store:
        des_id = registry.designate_actor(
            store,
            caller(),
            actor,
            authority=authority,
            listed_on=listed,
            source=source,
            reference=ref,
            delisted_on=delisted,
        )
    if json_out:
        emit_json({"id": des_id})
    else:
        console.print(f"Recorded designation {des_id} of {actor} by {authority}.")
