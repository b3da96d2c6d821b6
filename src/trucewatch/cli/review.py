"""`trucewatch review ...` — the review queue of extracted candidates."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.text import Text

from trucewatch.cli.common import (
    DbOpt,
    JsonOpt,
    caller,
    console,
    emit_json,
    open_database,
    styled,
    table,
    transaction,
)
from trucewatch.services import review as svc
from trucewatch.services import review_edit, review_gold

app = typer.Typer(
    help="Review extracted candidates: accept into the ledger and registry, or reject.",
    no_args_is_help=True,
)


@app.command("list")
def list_(
    status: Annotated[
        str, typer.Option("--status", help="pending, accepted, rejected or merged")
    ] = "pending",
    kind: Annotated[str | None, typer.Option("--kind", help="event or actor")] = None,
    limit: Annotated[int, typer.Option("--limit", min=1)] = 50,
    after: Annotated[
        int, typer.Option("--after", help="Show candidates with a larger id (paging).")
    ] = 0,
    db: DbOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """List candidates waiting for review."""
    with transaction(db, create=False, readonly=True) as store:
        rows = svc.list_candidates(store, status=status, kind=kind, limit=limit, after_id=after)
    if json_out:
        emit_json(rows)
        return
    table(
        f"{len(rows)} {status} candidates",
        ["id", "kind", "summary", "confidence", "document", "evidence"],
        [
            [
                r["id"],
                r["kind"],
                r["summary"],
                f"{r['confidence']:.2f}" if r["confidence"] is not None else "",
                (r["document_title"] or "")[:40],
                (r["evidence_text"] or "")[:80],
            ]
            for r in rows
        ],
    )


@app.command("show")
def show(
    candidate_id: Annotated[int, typer.Argument(metavar="ID")],
    db: DbOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Show a candidate with its evidence in context."""
    with transaction(db, create=False, readonly=True) as store:
        c = svc.show_candidate(store, candidate_id)
    if json_out:
        emit_json(c)
        return
    console.print(
        styled(f"Candidate {c['id']}", "bold", f" ({c['kind']}, {c['status']}): {c['summary']}")
    )
    console.print(
        f"Document {c['document']['id']}: {c['document']['title'] or ''} — {c['document']['url'] or c['document']['origin']}"
    )
    if "context" in c:
        ctx = c["context"]
        console.print(
            Text.assemble(f"…{ctx['before']}", (ctx["evidence"], "reverse"), f"{ctx['after']}…")
        )
    for s in c["sources"]:
        console.print(f"Source ({s['relation']}): {s['url'] or s['citation']}")
    if c["kind"] == "event":
        _print_event(c["payload"])
    for k in c["corrections"]:
        console.print(
            f"Corrected {k['field']}: {_show(k['before'])} → {_show(k['after'])} "
            f"(by {k['user']}, {k['interface']}, {k['at']})",
            highlight=False,
        )
    if c["status"] != "pending":
        console.print(f"{c['status'].capitalize()} by {c['reviewed_by']}: {c['result'] or ''}")


def _print_event(p: dict[str, Any]) -> None:
    for a in p.get("actors") or []:
        ident = f" [{a['id']}]" if a.get("id") is not None else ""
        console.print(f"  {a.get('role')}: {a.get('name')}{ident}", highlight=False, markup=False)
    date = p.get("date") or "—"
    console.print(f"  place: {p.get('place') or '—'}; date: {date}", highlight=False)
    counts = {k: v for k, v in (p.get("fatalities") or {}).items() if v is not None}
    if counts:
        console.print(
            "  fatalities: " + ", ".join(f"{k} {v}" for k, v in counts.items()), highlight=False
        )


def _show(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(str(v.get("name") or v.get("id")) for v in value) + "]"
    return "—" if value is None else str(value)


@app.command("accept")
def accept(
    candidate_id: Annotated[int, typer.Argument(metavar="ID")],
    truce: Annotated[
        str | None,
        typer.Option("--truce", help="The truce, when the text does not name a registry truce."),
    ] = None,
    actor: Annotated[
        str | None,
        typer.Option("--actor", help="The actor who joined/withdrew, to correct the extraction."),
    ] = None,
    claimant: Annotated[
        str | None,
        typer.Option(
            "--claimant",
            "--asserted-by",
            help="Who says so (registry name or id), over the candidate's claimant. "
            "--asserted-by is a deprecated alias.",
        ),
    ] = None,
    merge: Annotated[
        list[int] | None,
        typer.Option(
            "--merge",
            metavar="ID",
            help="Another pending event candidate reporting the same event: marked merged into "
            "this one, its document a further source or claim. Repeatable.",
        ),
    ] = None,
    alias_of: Annotated[
        str | None,
        typer.Option(
            "--alias-of", help="Actor candidates: add the name as an alias of this actor."
        ),
    ] = None,
    kind: Annotated[
        str | None, typer.Option("--kind", help="Actor candidates: the new actor's kind.")
    ] = None,
    note: Annotated[str | None, typer.Option("--note")] = None,
    db: DbOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Accept a candidate: truce events become ledger entries (the party is the candidate's
    subject, according to its claimant), violent events incidents with a claim, new names actors
    or aliases."""
    with transaction(db, create=False) as store:
        r = svc.accept_candidate(
            store,
            caller(),
            candidate_id,
            truce=truce,
            actor=actor,
            claimant=claimant,
            alias_of=alias_of,
            kind=kind,
            note=note,
            merged=tuple(merge or ()),
        )
    if json_out:
        emit_json(r)
    else:
        console.print(
            f"Accepted candidate {candidate_id}" + (f" → {r['result']}." if r["result"] else ".")
        )
        for m in r.get("merged", []):
            console.print(f"Merged candidate {m['id']} → {m['result']}.")


@app.command("correct")
def correct(
    candidate_id: Annotated[int, typer.Argument(metavar="ID")],
    type_id: Annotated[
        str | None, typer.Option("--type", help="The event type id (docs/taxonomy.md).")
    ] = None,
    set_: Annotated[
        list[str] | None,
        typer.Option(
            "--set",
            metavar="ROLE=ACTOR",
            help="Put this actor (registry name, alias or id) in the role, replacing who was "
            "there. Repeatable.",
        ),
    ] = None,
    add: Annotated[
        list[str] | None,
        typer.Option("--add", metavar="ROLE=ACTOR", help="Add an actor to a role. Repeatable."),
    ] = None,
    remove: Annotated[
        list[str] | None,
        typer.Option(
            "--remove",
            metavar="ROLE[=ACTOR]",
            help="Take an actor out of a role (the whole role without =ACTOR). Repeatable.",
        ),
    ] = None,
    place: Annotated[
        str | None, typer.Option("--place", help="The place name ('' to clear).")
    ] = None,
    date: Annotated[
        str | None,
        typer.Option("--date", help="YYYY, YYYY-MM or YYYY-MM-DD ('' to clear)."),
    ] = None,
    count: Annotated[
        list[str] | None,
        typer.Option(
            "--count",
            metavar="NAME=N",
            help="A death count: civilians, children, women, non_civilians, total, low or high "
            "(NAME= clears it). Repeatable.",
        ),
    ] = None,
    db: DbOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Correct a pending event candidate before accepting it; every change is kept (who, when,
    before, after) and shown by `review show`."""
    edits = (
        [review_edit.parse_role_edit("remove", t, "--remove") for t in remove or ()]
        + [review_edit.parse_role_edit("set", t, "--set") for t in set_ or ()]
        + [review_edit.parse_role_edit("add", t, "--add") for t in add or ()]
    )
    counts = review_edit.parse_counts(count or ())
    with transaction(db, create=False) as store:
        r = review_edit.correct_candidate(
            store,
            caller(),
            candidate_id,
            type=type_id,
            roles=edits,
            place=review_edit.CLEAR if place == "" else place,
            date=review_edit.CLEAR if date == "" else date,
            counts=counts,
        )
    if json_out:
        emit_json(r)
        return
    if not r["corrections"]:
        console.print(f"Candidate {candidate_id}: nothing changed.")
    for k in r["corrections"]:
        console.print(
            f"Candidate {candidate_id} {k['field']}: {_show(k['before'])} → {_show(k['after'])}",
            highlight=False,
        )


@app.command("export-gold")
def export_gold(
    out: Annotated[
        Path, typer.Option("--out", "-o", help="The JSONL file to write.", dir_okay=False)
    ],
    db: DbOpt = None,
) -> None:
    """Write accepted and corrected event candidates as evaluation data (JSONL; docs/formats.md)."""
    n = 0
    tmp = out.with_name(out.name + ".part")
    with (
        transaction(db, create=False, readonly=True) as store,
        tmp.open("w", encoding="utf-8") as fh,
    ):
        for rec in review_gold.gold_records(store):
            fh.write(json.dumps(rec, ensure_ascii=False, sort_keys=True) + "\n")
            n += 1
    tmp.replace(out)
    console.print(f"Wrote {n} gold events to {out}.")


@app.command("accept-matching")
def accept_matching(
    type_id: Annotated[str, typer.Option("--type", help="Event type, e.g. violence.air_strike")],
    min_confidence: Annotated[float, typer.Option("--min-confidence", min=0.0, max=1.0)] = 0.0,
    publisher: Annotated[
        str | None,
        typer.Option("--publisher", help="Only documents whose publisher contains this."),
    ] = None,
    perpetrator: Annotated[
        list[str] | None,
        typer.Option(
            "--perpetrator",
            help="The alleged perpetrator, when the text is the perpetrator's own report.",
        ),
    ] = None,
    claimant: Annotated[
        str | None,
        typer.Option(
            "--claimant",
            "--asserted-by",
            help="Who says so: the party whose account the documents are. "
            "--asserted-by is a deprecated alias.",
        ),
    ] = None,
    limit: Annotated[int, typer.Option("--limit", min=1)] = 1000,
    db: DbOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Accept every pending candidate of one type (e.g. a publisher's own strike reports)."""
    r = svc.accept_matching(
        open_database(db, create=False),
        caller(),
        type_id=type_id,
        min_confidence=min_confidence,
        publisher=publisher,
        perpetrators=tuple(perpetrator or ()),
        claimant=claimant,
        limit=limit,
    )
    if json_out:
        emit_json(r)
        return
    console.print(f"Accepted {r['accepted']} candidates; {len(r['skipped'])} left pending.")
    for s in r["skipped"][:10]:
        console.print(f"  candidate {s['id']}: {s['reason']}")


@app.command("reject")
def reject(
    candidate_id: Annotated[int, typer.Argument(metavar="ID")],
    note: Annotated[str | None, typer.Option("--note")] = None,
    db: DbOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Reject a candidate."""
    with transaction(db, create=False) as store:
        r = svc.reject_candidate(store, caller(), candidate_id, note=note)
    if json_out:
        emit_json(r)
    else:
        console.print(f"Rejected candidate {candidate_id}.")
