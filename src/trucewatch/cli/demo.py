"""`trucewatch demo` — build the demo database and show the demo truce."""

from __future__ import annotations

import datetime as dt
from importlib import resources
from pathlib import Path
from typing import Annotated

import typer

from trucewatch.cli.common import caller, console, open_database, styled
from trucewatch.cli.extract import ingest_paths
from trucewatch.cli.reference import print_summary, progress_bar, run_import
from trucewatch.cli.truces import participants
from trucewatch.services import curated, zones
from trucewatch.services.review import accept_matching

DEMO_TRUCE = "Nationwide ceasefire in Syria of 30 December 2016 (Russia–Turkey)"
DEMO_DAY = "2017-01-15"
DEESCALATION_TRUCE = "De-escalation areas in Syria (Astana memorandum of 4 May 2017)"

# Reference files read from a folder of public reference data when one is given (they are
# not all shipped in the package: see docs/reference-data.md for their licences).
REFERENCE_FILES = [
    ("un-sanctions", "un-sc-consolidated-sanctions/consolidated_2020-11-30.xml"),
    ("ucdp-actors", "ucdp-actors/ucdp-actor-221.csv"),
    ("phoenix", "phoenix-petrarch2-dictionaries/Phoenix.Countries.actors.txt"),
    ("phoenix", "phoenix-petrarch2-dictionaries/Phoenix.MilNonState.actors.txt"),
]


def demo(
    db: Annotated[
        str, typer.Option("--db", help="Where to build the demo database.")
    ] = "demo/trucewatch.db",
    reference_dir: Annotated[
        Path | None,
        typer.Option(
            "--reference-dir", help="Folder with UCDP, UN and Phoenix files to import too."
        ),
    ] = None,
) -> None:
    """Build the demo database: places, the curated Syria 2016 data, reference data and the demo
    corpus (read, extracted, queued for review); then show the December 2016 ceasefire."""
    Path(db).parent.mkdir(parents=True, exist_ok=True)
    database = open_database(db)
    places = resources.files("trucewatch.data").joinpath("places/syria_places_geonames_pop500.csv")
    with database.write() as store, progress_bar("GeoNames places", False) as tick:
        print_summary(
            "GeoNames places (bundled)",
            run_import(store, "places", Path(str(places)), progress=tick),
        )
    with database.write() as store:
        print_summary(
            "Curated dataset syria-2016",
            curated.load_dataset(store, caller(), "syria-2016") or {"nothing new": 0},
        )
    with database.write() as store:
        report = zones.load_curated_zones(
            store, caller(), DEESCALATION_TRUCE, "astana-2017", dt.date(2017, 5, 6)
        )
        if report is not None:
            print_summary(
                "Astana de-escalation areas, 2017 (approximate)", {"areas": len(report["zones"])}
            )
    if reference_dir is not None and reference_dir.is_dir():
        for kind, rel in REFERENCE_FILES:
            path = reference_dir / rel
            if not path.is_file():
                console.print(styled(f"Skipping {rel}: not found in {reference_dir}.", "yellow"))
                continue
            with progress_bar(path.name, False) as tick, database.write() as store:
                print_summary(f"{kind}: {path.name}", run_import(store, kind, path, progress=tick))
    corpus = Path(str(resources.files("trucewatch.data").joinpath("demo-corpus")))
    with progress_bar("Reading the demo corpus", False):
        summary, _problems = ingest_paths(
            database, [str(p) for p in sorted(corpus.glob("*/*.jsonl"))], format="jsonl"
        )
    print_summary("Demo corpus (Kremlin, CENTCOM, White House, Wikinews; see NOTICE)", summary)
    # A scripted first review pass, as an analyst would do it: the coalition's own strike
    # releases are the coalition's account of its own strikes.
    accepted = accept_matching(
        database,
        caller(),
        type_id="violence.air_strike",
        publisher="Central Command",
        perpetrators=("US-led coalition",),
        claimant="US-led coalition",
    )
    console.print(
        f"Review: accepted {accepted['accepted']} air-strike candidates from CENTCOM releases as incidents."
    )
    console.print()
    participants(DEMO_TRUCE, as_of=DEMO_DAY, known_on=None, db=db, json_out=False)
    console.print(f"\nDemo database: {db}. Try: trucewatch truce list --db {db}")
