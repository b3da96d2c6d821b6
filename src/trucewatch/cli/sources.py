"""`trucewatch source ...`: grade sources (reliability) and claims (credibility)."""

from __future__ import annotations

from typing import Annotated

import typer

from trucewatch.cli.common import DbOpt, JsonOpt, caller, console, emit_json, transaction
from trucewatch.domain.errors import InvalidInput
from trucewatch.services import incidents as svc

app = typer.Typer(help="Sources and their Admiralty grades.", no_args_is_help=True)


@app.command("rate")
def rate(
    source: Annotated[
        str, typer.Argument(help="Source id, or the URL/citation it was recorded as.")
    ],
    reliability: Annotated[
        str | None, typer.Option("--reliability", help="A (reliable) ... F (cannot be judged).")
    ] = None,
    credibility: Annotated[
        int | None,
        typer.Option(
            "--credibility", help="1 (confirmed) ... 6 (cannot be judged); needs --claim."
        ),
    ] = None,
    claim: Annotated[
        int | None, typer.Option("--claim", help="The claim (from this source) to grade.")
    ] = None,
    note: Annotated[str | None, typer.Option("--note")] = None,
    db: DbOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Grade a source's reliability, and with --claim a claim's credibility.

    Reliability belongs to the source, credibility to one piece of information: a credibility
    grade always names the claim it grades.
    """
    if reliability is None and credibility is None:
        raise InvalidInput("Give --reliability, or --credibility with --claim (or both).")
    if (credibility is None) != (claim is None):
        raise InvalidInput("--credibility grades one claim: give it together with --claim ID.")
    out: dict[str, object] = {}
    with transaction(db) as store:
        if reliability is not None:
            out["source_rating"] = svc.rate_source(store, caller(), source, reliability, note=note)
            out["reliability"] = reliability.upper()
        if claim is not None and credibility is not None:
            out["claim_rating"] = svc.rate_claim(
                store, caller(), claim, credibility, note=note, source=source
            )
            out["claim"], out["credibility"] = claim, credibility
    if json_out:
        emit_json(out)
    else:
        parts = []
        if "reliability" in out:
            parts.append(f"source {source} rated {out['reliability']}")
        if "credibility" in out:
            parts.append(f"claim {claim} rated {credibility}")
        line = "; ".join(parts)
        console.print(line[:1].upper() + line[1:] + ".")
