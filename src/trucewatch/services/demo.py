"""Build the demo database: the use case behind `trucewatch demo` and `make demo`.

Bundled GeoNames places, the curated Syria 2016 dataset, the Astana de-escalation areas,
optional reference files, then the demo corpus read, extracted and queued for review, and a
scripted first review pass. Each step is its own unit of work, so an interrupted build keeps
the steps before it, and every step is idempotent, so building again adds nothing twice. It
never prints: each step's summary goes to `on_summary`, for the shell to show.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from importlib import resources
from pathlib import Path
from typing import Any

from trucewatch.services import curated, zones
from trucewatch.services.context import Caller
from trucewatch.services.ingest_files import ingest_paths
from trucewatch.services.reference import import_reference_file
from trucewatch.services.review import accept_matching
from trucewatch.storage.db import Database

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

Tick = Callable[[int], None]
ProgressFactory = Callable[[str], AbstractContextManager[Tick]]


@contextmanager
def no_progress(_label: str) -> Iterator[Tick]:
    yield lambda n: None


def _ignore(*_: Any) -> None:
    return None


def build_demo(
    database: Database,
    who: Caller,
    *,
    reference_dir: Path | None = None,
    on_summary: Callable[[str, dict[str, Any]], None] = _ignore,
    on_skip: Callable[[str], None] = _ignore,
    progress: ProgressFactory = no_progress,
) -> dict[str, Any]:
    """Load everything the demo shows; returns the scripted review pass's counts."""
    places = resources.files("trucewatch.data").joinpath("places/syria_places_geonames_pop500.csv")
    with database.write() as store, progress("GeoNames places") as tick:
        on_summary(
            "GeoNames places (bundled)",
            import_reference_file(store, who, "places", Path(str(places)), progress=tick),
        )
    with database.write() as store:
        on_summary(
            "Curated dataset syria-2016",
            curated.load_dataset(store, who, "syria-2016") or {"nothing new": 0},
        )
    with database.write() as store:
        report = zones.load_curated_zones(
            store, who, DEESCALATION_TRUCE, "astana-2017", dt.date(2017, 5, 6)
        )
        if report is not None:
            on_summary(
                "Astana de-escalation areas, 2017 (approximate)", {"areas": len(report["zones"])}
            )
    if reference_dir is not None and reference_dir.is_dir():
        for kind, rel in REFERENCE_FILES:
            path = reference_dir / rel
            if not path.is_file():
                on_skip(f"Skipping {rel}: not found in {reference_dir}.")
                continue
            with progress(path.name) as tick, database.write() as store:
                on_summary(
                    f"{kind}: {path.name}",
                    import_reference_file(store, who, kind, path, progress=tick),
                )
    corpus = Path(str(resources.files("trucewatch.data").joinpath("demo-corpus")))
    with progress("Reading the demo corpus"):
        summary, _problems = ingest_paths(
            database, who, [str(p) for p in sorted(corpus.glob("*/*.jsonl"))], format="jsonl"
        )
    on_summary("Demo corpus (Kremlin, CENTCOM, White House, Wikinews; see NOTICE)", summary)
    # A scripted first review pass, as an analyst would do it: the coalition's own strike
    # releases are the coalition's account of its own strikes.
    return accept_matching(
        database,
        who,
        type_id="violence.air_strike",
        publisher="Central Command",
        perpetrators=("US-led coalition",),
        claimant="US-led coalition",
    )
