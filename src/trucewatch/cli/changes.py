"""`trucewatch changes`: the change feed, as the API serves it."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from trucewatch.cli.common import DbOpt, JsonOpt, emit_json, table, transaction
from trucewatch.services import changes as change_feed


def changes(
    since: Annotated[
        str | None, typer.Option("--since", help="A cursor from an earlier answer.")
    ] = None,
    truce: Annotated[str | None, typer.Option("--truce", help="Only this truce's changes.")] = None,
    limit: Annotated[
        int, typer.Option("--limit", min=1, max=change_feed.MAX_LIMIT, help="Changes per page.")
    ] = change_feed.DEFAULT_LIMIT,
    db: DbOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Every append to the record after --since, in order: {items, next} with --json."""
    with transaction(db, create=False, readonly=True) as store:
        data = change_feed.list_changes(store, since=since, truce=truce, limit=limit)
    if json_out:
        emit_json(data)
        return
    table(
        "Changes",
        ["cursor", "at", "kind", "entity", "id", "truce", "data"],
        [
            [
                i["cursor"],
                i["at"],
                i["kind"],
                i["entity"],
                i["id"],
                i["truce_id"],
                json.dumps(i["data"], ensure_ascii=False)[:80],
            ]
            for i in data["items"]
        ],
    )
    if data["next"]:
        typer.echo(f"More: --since {data['next']}")
