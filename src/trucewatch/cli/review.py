"""`trucewatch review ...` — the review queue of extracted candidates."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.text import Text

from trucewatch.cli.common import (
    DbOpt,
    JsonOpt,
    caller,
    console,
    emit_json,
    styled,
    table,
    transaction,
)
from trucewatch.services import review as svc

app = typer.Typer(
    help="Review extracted candidates: accept into the ledger and registry, or reject.",
    no_args_is_help=True,
)


@app.command("list")
def list_(
    status: Annotated[
        str, typer.Option("--status", help="pending, accepted or rejected")
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
    with transaction(db, create=False) as store:
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
    with transaction(db, create=False) as store:
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
    asserted_by: Annotated[
        str | None, typer.Option("--asserted-by", help="The party that says so.")
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
    """Accept a candidate: truce events become ledger entries, violent events incidents with a
    claim, new names actors or aliases."""
    with transaction(db, create=False) as store:
        r = svc.accept_candidate(
            store,
            caller(),
            candidate_id,
            truce=truce,
            actor=actor,
            asserted_by=asserted_by,
            alias_of=alias_of,
            kind=kind,
            note=note,
        )
    if json_out:
        emit_json(r)
    else:
        console.print(
            f"Accepted candidate {candidate_id}" + (f" → {r['result']}." if r["result"] else ".")
        )


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
    asserted_by: Annotated[
        str | None, typer.Option("--asserted-by", help="The party whose account the documents are.")
    ] = None,
    limit: Annotated[int, typer.Option("--limit", min=1)] = 1000,
    db: DbOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Accept every pending candidate of one type (e.g. a publisher's own strike reports)."""
    r = svc.accept_matching(
        lambda: transaction(db, create=False),
        caller(),
        type_id=type_id,
        min_confidence=min_confidence,
        publisher=publisher,
        perpetrators=tuple(perpetrator or ()),
        asserted_by=asserted_by,
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
