"""`trucewatch truce ...`"""

from __future__ import annotations

from typing import Annotated, Any

import typer

from trucewatch.cli.common import (
    DbOpt,
    JsonOpt,
    caller,
    console,
    emit_json,
    opt_date,
    opt_datetime,
    opt_day,
    sources_text,
    styled,
    table,
    transaction,
)
from trucewatch.domain.dates import parse_date, parse_day
from trucewatch.domain.ledger import EntryKind
from trucewatch.services import queries
from trucewatch.services import truces as svc

app = typer.Typer(help="Truces and the participation ledger.", no_args_is_help=True)

SourceOpt = Annotated[
    list[str], typer.Option("--source", help="URL, citation or source:ID (repeatable).")
]
AssertedOpt = Annotated[
    str | None,
    typer.Option(
        "--claimant",
        "--asserted-by",
        help="Who says so, e.g. 'Russian Ministry of Defence' (--asserted-by: deprecated alias).",
    ),
]
NoteOpt = Annotated[str | None, typer.Option("--note")]


@app.command("add")
def add(
    name: str,
    kind: Annotated[
        str,
        typer.Option(
            "--kind",
            help="nationwide_ceasefire, cessation_of_hostilities, local_truce, humanitarian_pause, de_escalation_zone",
        ),
    ],
    effective: Annotated[str, typer.Option("--effective", help="YYYY, YYYY-MM or YYYY-MM-DD")],
    declared: Annotated[str | None, typer.Option("--declared")] = None,
    ended: Annotated[str | None, typer.Option("--ended")] = None,
    country: Annotated[
        list[str] | None, typer.Option("--country", help="ISO alpha-2 (repeatable).")
    ] = None,
    area: Annotated[
        list[str] | None, typer.Option("--area", help="A named area in scope (repeatable).")
    ] = None,
    guarantor: Annotated[
        list[str] | None, typer.Option("--guarantor", help="Actor (repeatable).")
    ] = None,
    mediator: Annotated[
        list[str] | None, typer.Option("--mediator", help="Actor (repeatable).")
    ] = None,
    exclude_designated_by: Annotated[
        list[str] | None,
        typer.Option(
            "--exclude-designated-by",
            help="Authority whose designees are excluded, e.g. UNSC-1267 (repeatable).",
        ),
    ] = None,
    source: Annotated[str | None, typer.Option("--source")] = None,
    db: DbOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Declare a truce."""
    k = svc.parse_truce_kind(kind, "--kind")
    eff = parse_date(effective, "--effective")
    dec, end = opt_date(declared, "--declared"), opt_date(ended, "--ended")
    with transaction(db) as store:
        truce_id = svc.add_truce(
            store,
            caller(),
            name,
            k,
            effective=eff,
            declared=dec,
            ended=end,
            countries=country or [],
            areas=area or [],
            guarantors=guarantor or [],
            mediators=mediator or [],
            exclude_designated_by=exclude_designated_by or [],
            source=source,
        )
        detail = queries.truce_detail(store, str(truce_id))
    if json_out:
        emit_json(detail)
    else:
        console.print(
            f"Added truce {truce_id}: {detail['name']} ({detail['kind']}, effective {detail['effective']})."
        )


@app.command("list")
def list_(db: DbOpt = None, json_out: JsonOpt = False) -> None:
    """List truces."""
    with transaction(db, create=False, readonly=True) as store:
        rows = queries.list_truces(store)
    if json_out:
        emit_json(rows)
    else:
        table(
            f"{len(rows)} truces",
            ["id", "name", "kind", "declared", "effective", "ended"],
            [
                [r["id"], r["name"], r["kind"], r["declared"], r["effective"], r["ended"]]
                for r in rows
            ],
        )


@app.command("show")
def show(truce: str, db: DbOpt = None, json_out: JsonOpt = False) -> None:
    """Show a truce: dates, scope, guarantors, exclusions."""
    with transaction(db, create=False, readonly=True) as store:
        d = queries.truce_detail(store, truce)
    if json_out:
        emit_json(d)
        return
    console.print(styled(d["name"], "bold", f" (id {d['id']}, {d['kind']})"))
    console.print(
        f"Declared {d['declared'] or '—'} · effective {d['effective']} · ended {d['ended'] or '—'}"
    )
    if d["countries"] or d["areas"]:
        console.print("Scope: " + ", ".join(d["countries"] + d["areas"]))
    if d["guarantors"]:
        console.print("Guarantors: " + ", ".join(g["name"] for g in d["guarantors"]))
    if d["excludes_designated_by"]:
        console.print("Excludes actors designated by: " + ", ".join(d["excludes_designated_by"]))
    if d["source"]:
        console.print("Source: " + (d["source"]["url"] or d["source"]["citation"]))
    console.print(f"Participants today: {d['participants_today']}")


def _record(
    kind: EntryKind,
    truce: str,
    actor: str,
    date: str,
    source: list[str],
    asserted_by: str | None,
    note: str | None,
    db: str | None,
    json_out: bool,
) -> None:
    eff = parse_date(date, "--date")
    with transaction(db) as store:
        entry_id = svc.record_participation(
            store,
            caller(),
            truce,
            actor,
            kind,
            effective=eff,
            sources=source,
            asserted_by=asserted_by,
            note=note,
        )
    if json_out:
        emit_json({"entry_id": entry_id})
    else:
        console.print(f"Recorded entry {entry_id}: {actor} {kind} {truce} on {eff}.")


@app.command("join")
def join(
    truce: str,
    actor: str,
    date: Annotated[str, typer.Option("--date")],
    source: SourceOpt,
    asserted_by: AssertedOpt = None,
    note: NoteOpt = None,
    db: DbOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Record that an actor joined a truce (refused if the truce excludes it)."""
    _record(EntryKind.JOINED, truce, actor, date, source, asserted_by, note, db, json_out)


@app.command("withdraw")
def withdraw(
    truce: str,
    actor: str,
    date: Annotated[str, typer.Option("--date")],
    source: SourceOpt,
    asserted_by: AssertedOpt = None,
    note: NoteOpt = None,
    db: DbOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Record that an actor withdrew from a truce."""
    _record(EntryKind.WITHDREW, truce, actor, date, source, asserted_by, note, db, json_out)


@app.command("record")
def record(
    truce: str,
    actor: str,
    kind: Annotated[
        str, typer.Option("--kind", help="joined, withdrew, suspended, resumed, excluded")
    ],
    date: Annotated[str, typer.Option("--date")],
    source: SourceOpt,
    asserted_by: AssertedOpt = None,
    note: NoteOpt = None,
    db: DbOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Record any participation entry (suspended, resumed, excluded, ...)."""
    _record(
        svc.parse_entry_kind(kind, "--kind"),
        truce,
        actor,
        date,
        source,
        asserted_by,
        note,
        db,
        json_out,
    )


@app.command("retract")
def retract(
    entry: Annotated[int, typer.Argument(metavar="ENTRY_ID")],
    source: Annotated[str, typer.Option("--source")],
    note: NoteOpt = None,
    db: DbOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Retract a ledger entry (appends a retraction; the entry itself is kept)."""
    with transaction(db) as store:
        new_id = svc.retract_entry(store, caller(), entry, source=source, note=note)
    if json_out:
        emit_json({"entry_id": new_id, "retracts": entry})
    else:
        console.print(f"Recorded entry {new_id}: retraction of entry {entry}.")


@app.command("participants")
def participants(
    truce: str,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="The date to answer for (default: today).")
    ] = None,
    known_on: Annotated[
        str | None,
        typer.Option(
            "--known-on",
            help="Answer with only what was recorded by then (YYYY-MM-DD or an ISO timestamp).",
        ),
    ] = None,
    db: DbOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Who participates in a truce on a date, as known now or at a past time."""
    day, known = opt_day(as_of, "--as-of"), opt_datetime(known_on, "--known-on")
    with transaction(db, create=False, readonly=True) as store:
        data = queries.participants(store, truce, as_of=day, known_on=known)
    if json_out:
        emit_json(data["participants"])
        return
    print_participants(data)


def print_participants(data: dict[str, Any]) -> None:
    """The participants table and its count line, from `queries.participants`."""
    title = f"{data['truce']['name']} — participants as of {data['as_of']}"
    if data["known_on"]:
        title += f", as known on {data['known_on']}"
    rows = []
    for p in data["participants"]:
        flags = "; ".join(f["detail"] for f in p["flags"])
        said = ", ".join(sorted({v["asserted_by"] or "unattributed" for v in p["views"]}))
        rows.append(
            [
                p["actor_id"],
                p["name"],
                p["status"],
                p["since"],
                said,
                sources_text(p["sources"]),
                flags,
            ]
        )
    table(title, ["id", "actor", "status", "since", "claimant", "sources", "flags"], rows)
    console.print(
        f"{len(rows)} participants ({sum(1 for p in data['participants'] if p['status'] == 'disputed')} disputed)."
    )


@app.command("changes")
def changes(
    truce: str,
    since: Annotated[str, typer.Option("--since")],
    until: Annotated[str | None, typer.Option("--until")] = None,
    known_on: Annotated[str | None, typer.Option("--known-on")] = None,
    db: DbOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Participation changes effective after --since, up to --until (default today)."""
    s = parse_day(since, "--since")
    u, k = opt_day(until, "--until"), opt_datetime(known_on, "--known-on")
    with transaction(db, create=False, readonly=True) as store:
        data = queries.changes(store, truce, since=s, until=u, known_on=k)
    if json_out:
        emit_json(data["changes"])
        return
    table(
        f"{data['truce']['name']} — changes {data['since']} → {data['until']}",
        ["date", "actor", "entry", "status before → after", "claimant", "sources"],
        [
            [
                c["effective"],
                c["name"],
                c["kind"],
                f"{c['status_before'] or '—'} → {c['status_after'] or '—'}",
                c["asserted_by"] or "unattributed",
                sources_text(c["sources"]),
            ]
            for c in data["changes"]
        ],
    )


@app.command("history")
def history(actor: str, db: DbOpt = None, json_out: JsonOpt = False) -> None:
    """One actor's participation history across truces."""
    with transaction(db, create=False, readonly=True) as store:
        data = queries.actor_history(store, actor)
    if json_out:
        emit_json(data)
        return
    if not data["truces"]:
        console.print(f"{data['actor']['name']} has no participation entries.")
    for t in data["truces"]:
        table(
            f"{data['actor']['name']} in {t['truce']} (today: {t['status_today']})",
            ["entry", "date", "kind", "claimant", "recorded", "sources"],
            [
                [
                    e["entry_id"],
                    e["effective"] or "",
                    e["kind"] + (f" #{e['retracts']}" if e["retracts"] else ""),
                    e["asserted_by"] or "unattributed",
                    e["recorded_at"][:19],
                    sources_text(e["sources"]),
                ]
                for e in t["entries"]
            ],
        )
