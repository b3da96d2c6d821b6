"""`trucewatch incident ...`: file incidents, add claims, move verification, record investigations."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from trucewatch.cli.common import (
    DbOpt,
    JsonOpt,
    caller,
    console,
    emit_json,
    opt_datetime,
    opt_day,
    table,
    transaction,
)
from trucewatch.domain.incidents import Fatalities, Place, parse_incident_time, parse_status
from trucewatch.domain.provenance import Evidence
from trucewatch.services import incident_queries as q
from trucewatch.services import incidents as svc
from trucewatch.services import verification as ver

app = typer.Typer(
    help="Incidents, the claims made about them, verification and investigations.",
    no_args_is_help=True,
)

SourceOpt = Annotated[str, typer.Option("--source", help="URL or citation of the document.")]
ClaimantOpt = Annotated[
    str | None, typer.Option("--claimant", help="Who makes the claim, e.g. 'Russian MoD'.")
]
PerpOpt = Annotated[
    list[str] | None, typer.Option("--perpetrator", help="Alleged perpetrator (repeatable).")
]
TargetOpt = Annotated[list[str] | None, typer.Option("--target", help="Target (repeatable).")]
LowOpt = Annotated[int | None, typer.Option("--fatalities-low")]
BestOpt = Annotated[int | None, typer.Option("--fatalities-best")]
HighOpt = Annotated[int | None, typer.Option("--fatalities-high")]
CivOpt = Annotated[int | None, typer.Option("--civilians", help="Civilian deaths.")]
NonCivOpt = Annotated[int | None, typer.Option("--non-civilians")]
ChildOpt = Annotated[int | None, typer.Option("--children")]
WomenOpt = Annotated[int | None, typer.Option("--women")]
CredOpt = Annotated[
    int | None, typer.Option("--credibility", help="Admiralty 1 (confirmed) - 6 (cannot judge).")
]
EvidenceOpt = Annotated[
    str | None, typer.Option("--evidence", help="The quoted sentence the claim rests on.")
]
DocOpt = Annotated[int | None, typer.Option("--document", help="Id of a stored document.")]
KnownOpt = Annotated[
    str | None,
    typer.Option("--known-on", help="Show only what was recorded by then (YYYY-MM-DD[THH:MM])."),
]


def _fatalities(*vals: int | None) -> Fatalities:
    low, best, high, civ, noncv, children, women = vals
    return Fatalities(low, best, high, civ, noncv, children, women)


def _print_incident(v: dict[str, Any]) -> None:
    s = v["summary"]
    console.print(
        f"Incident {v['id']}: {v['type_label'] or v['type']} — {v['place']['label']}, "
        f"{v['occurred']} ({v['occurred_precision']}; geo precision {v['place']['geo_precision']})"
    )
    console.print(f"Verification: {v['status']}")
    fat = s["fatalities"]
    fat_text = "not stated" if fat is None else f"{fat['low']}–{fat['high']} (best {fat['best']})"
    console.print(
        f"Summary: perpetrators {', '.join(s['perpetrators']) or 'not stated'}; fatalities "
        f"{fat_text}; independent sources {s['corroboration']}"
        + ("; provisional" if s["provisional"] else "")
    )
    if s["contested"]:
        console.print(f"Contested: {', '.join(s['contested'])}")
    table(
        "Claims",
        [
            "id",
            "claimant",
            "grade",
            "perpetrators",
            "fatalities",
            "type",
            "status",
            "story",
            "source",
        ],
        [
            [
                c["id"],
                c["claimant"],
                c["grade"],
                ", ".join(c["perpetrators"]),
                "" if not c["fatalities"] else c["fatalities"]["best"] or c["fatalities"]["high"],
                c["type"],
                c["status"],
                c["story"],
                c["source"]["citation"] or c["source"]["url"],
            ]
            for c in v["claims"]
        ],
    )
    for x in v["violations"]:
        console.print(
            f"Alleged violation of {x['truce']} by {x['party']} ({x['participation']}), "
            f"alleged by {', '.join(x['alleged_by'])}"
        )
    for i in v["investigations"]:
        state = "open" if i["open"] else f"reported: {i['finding']}"
        console.print(f"Investigation by {i['body']}: {state}")


@app.command("add")
def add(
    type: Annotated[str, typer.Option("--type", help="Event type id, e.g. violence.air_strike.")],
    date: Annotated[str, typer.Option("--date", help="YYYY-MM-DD, or YYYY-MM for a month.")],
    source: SourceOpt,
    place: Annotated[str | None, typer.Option("--place", help="Place name.")] = None,
    admin1: Annotated[str | None, typer.Option("--admin1", help="Governorate/province.")] = None,
    country: Annotated[str | None, typer.Option("--country", help="ISO alpha-2.")] = None,
    lat: Annotated[float | None, typer.Option("--lat")] = None,
    lon: Annotated[float | None, typer.Option("--lon")] = None,
    geo_precision: Annotated[
        int, typer.Option("--geo-precision", help="1 exact, 2 near, 3 region (ACLED).")
    ] = 1,
    precision: Annotated[
        str | None, typer.Option("--precision", help="day, week or month.")
    ] = None,
    claimant: ClaimantOpt = None,
    perpetrator: PerpOpt = None,
    target: TargetOpt = None,
    fatalities_low: LowOpt = None,
    fatalities_best: BestOpt = None,
    fatalities_high: HighOpt = None,
    civilians: CivOpt = None,
    non_civilians: NonCivOpt = None,
    children: ChildOpt = None,
    women: WomenOpt = None,
    credibility: CredOpt = None,
    summary: Annotated[str | None, typer.Option("--summary", help="One line.")] = None,
    evidence: EvidenceOpt = None,
    document: DocOpt = None,
    db: DbOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """File an incident and its first claim (the filing source's account)."""
    when = parse_incident_time(date, precision)
    where = Place(place, admin1, country.upper() if country else None, lat, lon, geo_precision)
    f = _fatalities(
        fatalities_low, fatalities_best, fatalities_high, civilians, non_civilians, children, women
    )
    with transaction(db) as store:
        incident_id, _claim = svc.file_incident(
            store, caller(), type=type, occurred=when, place=where, source=source,
            claimant=claimant, perpetrators=perpetrator or [], targets=target or [],
            fatalities=f, credibility=credibility, summary=summary,
            evidence=Evidence(document, text=evidence) if evidence or document else None,
        )  # fmt: skip
        view = q.incident_detail(store, incident_id)
    if json_out:
        emit_json(view)
    else:
        console.print(f"Filed incident {incident_id}: {view['type']} at {view['place']['label']}.")


@app.command("show")
def show(
    incident: int, known_on: KnownOpt = None, db: DbOpt = None, json_out: JsonOpt = False
) -> None:
    """One incident: claims side by side, contested fields, summary, violations, investigations."""
    k = opt_datetime(known_on, "--known-on")
    with transaction(db, create=False, readonly=True) as store:
        view = q.incident_detail(store, incident, k)
    if json_out:
        emit_json(view)
    else:
        _print_incident(view)


@app.command("list")
def list_(
    truce: Annotated[
        str | None, typer.Option("--truce", help="Only incidents in its scope.")
    ] = None,
    since: Annotated[str | None, typer.Option("--since")] = None,
    until: Annotated[str | None, typer.Option("--until")] = None,
    status: Annotated[str | None, typer.Option("--status", help="Verification status.")] = None,
    known_on: KnownOpt = None,
    db: DbOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """List incidents, optionally within a truce's scope and a date range."""
    st = parse_status(status, "--status") if status else None
    s, u = opt_day(since, "--since"), opt_day(until, "--until")
    k = opt_datetime(known_on, "--known-on")
    with transaction(db, create=False, readonly=True) as store:
        rows = q.list_incidents(store, truce=truce, since=s, until=u, status=st, known_on=k)
    if json_out:
        emit_json(rows)
        return
    table(
        f"{len(rows)} incidents",
        ["id", "date", "type", "place", "status", "claims", "contested", "violations"],
        [
            [
                r["id"],
                r["occurred"],
                r["type"],
                r["place"]["label"],
                r["status"],
                len(r["claims"]),
                ", ".join(r["summary"]["contested"]),
                "; ".join(f"{x['party']} ({x['truce']})" for x in r["violations"]),
            ]
            for r in rows
        ],
    )


@app.command("claim")
def claim(
    incident: int,
    source: SourceOpt,
    claimant: ClaimantOpt = None,
    perpetrator: PerpOpt = None,
    target: TargetOpt = None,
    fatalities_low: LowOpt = None,
    fatalities_best: BestOpt = None,
    fatalities_high: HighOpt = None,
    civilians: CivOpt = None,
    non_civilians: NonCivOpt = None,
    children: ChildOpt = None,
    women: WomenOpt = None,
    type: Annotated[str | None, typer.Option("--type", help="The type this claim asserts.")] = None,
    place: Annotated[str | None, typer.Option("--place")] = None,
    admin1: Annotated[str | None, typer.Option("--admin1")] = None,
    credibility: CredOpt = None,
    same_story_as: Annotated[
        int | None,
        typer.Option("--same-story-as", help="A claim this one reprints (counts once)."),
    ] = None,
    evidence: EvidenceOpt = None,
    document: DocOpt = None,
    note: Annotated[str | None, typer.Option("--note")] = None,
    db: DbOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Add a claim about an incident (claims are never edited or merged)."""
    f = _fatalities(
        fatalities_low, fatalities_best, fatalities_high, civilians, non_civilians, children, women
    )
    with transaction(db) as store:
        claim_id = svc.add_claim(
            store, caller(), incident, source=source, claimant=claimant,
            perpetrators=perpetrator or [], targets=target or [], fatalities=f, type=type,
            place_name=place, admin1=admin1, credibility=credibility, same_story_as=same_story_as,
            evidence=Evidence(document, text=evidence) if evidence or document else None,
            note=note,
        )  # fmt: skip
        view = q.incident_detail(store, incident)
    if json_out:
        emit_json(view)
    else:
        contested = ", ".join(view["summary"]["contested"]) or "nothing"
        console.print(f"Added claim {claim_id} to incident {incident}; contested: {contested}.")


@app.command("verify")
def verify(
    incident: int,
    status: Annotated[
        str, typer.Argument(help="observed, verified, attributed, disputed, refuted, inconclusive")
    ],
    source: SourceOpt,
    by: Annotated[str | None, typer.Option("--by", help="Who established it.")] = None,
    date: Annotated[str | None, typer.Option("--date", help="When (default today).")] = None,
    claim_id: Annotated[
        int | None, typer.Option("--claim", help="Move one claim instead of the incident.")
    ] = None,
    note: Annotated[str | None, typer.Option("--note")] = None,
    db: DbOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Move an incident (or one claim) along the verification workflow."""
    st = parse_status(status)
    on = opt_day(date, "--date")
    with transaction(db) as store:
        ver.verify(
            store, caller(), incident, st, source=source, by=by, on=on, claim_id=claim_id,
            note=note,
        )  # fmt: skip
        view = q.incident_detail(store, incident)
    if json_out:
        emit_json(view)
    else:
        target = f"Claim {claim_id}" if claim_id else f"Incident {incident}"
        console.print(f"{target} is now {st}.")


@app.command("investigate")
def investigate(
    incident: int,
    body: Annotated[str, typer.Option("--body", help="e.g. 'OPCW Fact-Finding Mission'.")],
    event: Annotated[str, typer.Option("--event", help="requested, opposed, deployed, reported")],
    source: SourceOpt,
    by: Annotated[str | None, typer.Option("--by", help="Who requested or opposed it.")] = None,
    date: Annotated[str | None, typer.Option("--date", help="When (default today).")] = None,
    finding: Annotated[str | None, typer.Option("--finding", help="With 'reported'.")] = None,
    note: Annotated[str | None, typer.Option("--note")] = None,
    db: DbOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Record a step of an investigation into an incident."""
    step = ver.parse_step(event)
    on = opt_day(date, "--date")
    with transaction(db) as store:
        inv_id, _event = ver.investigate(
            store, caller(), incident, step, body=body, source=source, by=by, on=on,
            finding=finding, note=note,
        )  # fmt: skip
        view = q.incident_detail(store, incident)
    if json_out:
        emit_json(view)
    else:
        console.print(f"Investigation {inv_id} of incident {incident}: {step} recorded.")
