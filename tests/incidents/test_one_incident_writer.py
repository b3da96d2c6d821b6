"""Two paths write incidents: `file_incident` (one at a time) and the ACLED import's bulk
insert. Whatever one refuses, the other refuses with the same sentence, and writes nothing."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from trucewatch.domain.errors import InvalidInput
from trucewatch.interop import acled
from trucewatch.services.context import Caller
from trucewatch.services.import_context import ImportContext, ImportSummary
from trucewatch.services.interop_acled import AcledBatch, import_acled_record
from trucewatch.storage.db import Database

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "interop" / "acled_syria_2017.csv"
ME = Caller("tester", "import")


def _good_row() -> acled.AcledRecord:
    for _line, rec in acled.read(FIXTURE):
        if isinstance(rec, acled.AcledRecord) and rec.fatalities is not None:
            return rec
    raise AssertionError(f"no readable row with fatalities in {FIXTURE}")


# Rows the CSV parser would not produce, as a newer parser or another dataset's mapping might.
BAD = {
    "a date after the recording time": {"event_date": dt.date(2999, 1, 1)},
    "a country that is no ISO code": {"country": "Syria"},
    "a negative death toll": {"fatalities": -3},
    "an unknown event type": {"type_id": "violence.teleportation"},
    "a latitude off the globe": {"latitude": 123.0},
}


def _refusal(database: Database, write: str, rec: acled.AcledRecord) -> str:
    with pytest.raises(InvalidInput) as refused, database.write() as store:
        ctx = ImportContext(store, ME, ImportSummary("acled", str(FIXTURE)), FIXTURE)
        if write == "one":
            import_acled_record(ctx, rec)
        else:
            batch = AcledBatch(ctx)
            batch.add(rec)
            batch.close()
    with database.read() as store:
        assert store.external_versions("acled", rec.event_id_cnty) == []
    return refused.value.message


@pytest.mark.parametrize("case", sorted(BAD))
def test_the_bulk_path_refuses_what_file_incident_refuses(database: Database, case: str) -> None:
    rec = dataclasses.replace(_good_row(), **BAD[case])  # type: ignore[arg-type]
    one = _refusal(database, "one", rec)
    bulk = _refusal(database, "bulk", rec)
    assert one == bulk


def test_both_paths_file_a_good_row(database: Database) -> None:
    rec = _good_row()
    for write in ("one", "bulk"):
        with database.write(dry_run=True) as store:
            ctx = ImportContext(store, ME, ImportSummary("acled", str(FIXTURE)), FIXTURE)
            if write == "one":
                assert import_acled_record(ctx, rec) == "created"
            else:
                batch = AcledBatch(ctx)
                batch.add(rec)
                batch.close()
                assert ctx.summary.created == 1
