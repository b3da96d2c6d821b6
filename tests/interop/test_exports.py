"""Exports: every filter on every kind, the ACLED CSV round trip on both backends, the CLI."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest

from tests.interop.helpers import FIX, ME, imp
from trucewatch.domain.actors import ActorKind
from trucewatch.domain.dates import parse_date
from trucewatch.domain.errors import InvalidInput
from trucewatch.domain.incidents import Fatalities, IncidentTime, Place, TimePrecision
from trucewatch.domain.ledger import EntryKind
from trucewatch.domain.provenance import Evidence
from trucewatch.domain.truces import TruceKind
from trucewatch.services import incidents as inc
from trucewatch.services import registry
from trucewatch.services import truces as tsvc
from trucewatch.services.interop_export import ExportFilters, iter_export
from trucewatch.storage.db import Database

NOW = dt.datetime(2018, 1, 1, tzinfo=dt.UTC)
KINDS = ("acled-csv", "plover-jsonl", "hxl-csv", "geojson")


def build(database: Database) -> dict[str, int]:
    """Three incidents (Idlib in January, Daraa in March, Aleppo in June without coordinates),
    a truce scoped to Daraa from February, and two ledger entries."""
    with database.transaction() as s:
        for name, kind in [("Syrian Arab Army", ActorKind.STATE_FORCE),
                           ("Ahrar al-Sham", ActorKind.ARMED_GROUP),
                           ("Russia", ActorKind.STATE),
                           ("Jaysh al-Islam", ActorKind.ARMED_GROUP)]:  # fmt: skip
            registry.add_actor(s, ME, name, kind)
        tsvc.add_truce(
            s, ME, "Daraa truce", TruceKind.LOCAL_TRUCE, effective=parse_date("2017-02-01"),
            countries=["SY"], areas=["Daraa"], guarantors=["Russia"], source="https://example.org/t",
        )  # fmt: skip
        ids = {}
        for key, type_, day, prec, place, perps, fat in [
            ("idlib", "violence.air_strike", dt.date(2017, 1, 10), TimePrecision.DAY,
             Place("Khan Shaykhun", "Idlib", "SY", 35.44, 36.65, 1), ["Syrian Arab Army"], 4),
            ("daraa", "violence.shelling", dt.date(2017, 3, 6), TimePrecision.WEEK,
             Place("Daraa", "Daraa", "SY", 32.62, 36.10, 2), ["Ahrar al-Sham", "Syrian Arab Army"], None),
            ("aleppo", "violence.armed_clash", dt.date(2017, 6, 1), TimePrecision.MONTH,
             Place(None, "Aleppo", "SY", None, None, 3), [], 2),
        ]:  # fmt: skip
            ids[key], _ = inc.file_incident(
                s, ME, type=type_, occurred=IncidentTime(day, prec), place=place,
                source=f"https://example.org/{key}", perpetrators=perps,
                fatalities=Fatalities(best=fat) if fat is not None else None,
                evidence=Evidence(text=f"Report about {key}."), credibility=2, recorded_at=NOW,
            )  # fmt: skip
        tsvc.record_participation(
            s, ME, "Daraa truce", "Jaysh al-Islam", EntryKind.JOINED,
            effective=parse_date("2017-02-01"), sources=["https://example.org/join"], recorded_at=NOW,
        )  # fmt: skip
        tsvc.record_participation(
            s, ME, "Daraa truce", "Ahrar al-Sham", EntryKind.JOINED,
            effective=parse_date("2017-05-01"), sources=["https://example.org/join2"], recorded_at=NOW,
        )  # fmt: skip
    return ids


def export(database: Database, kind: str, **filters: object) -> str:
    """As the CLI and the API run it: read-only, one snapshot."""
    with database.transaction(readonly=True, snapshot=True) as s:
        return "".join(iter_export(s, kind, ExportFilters(**filters)))  # type: ignore[arg-type]


def incident_ids(kind: str, text: str) -> set[int]:
    if kind == "acled-csv":
        return {int(r["event_id_cnty"][2:]) for r in csv.DictReader(io.StringIO(text))}
    if kind == "hxl-csv":
        return {int(r[0]) for r in list(csv.reader(io.StringIO(text)))[2:]}
    if kind == "geojson":
        return {f["id"] for f in json.loads(text)["features"]}
    recs = [json.loads(line) for line in text.splitlines()]
    return {
        int(r["id"].rsplit("-", 1)[1]) for r in recs if r["id"].startswith("trucewatch-incident")
    }


FILTERS = {
    "none": ({}, {"idlib", "daraa", "aleppo"}),
    "since": ({"since": dt.date(2017, 2, 1)}, {"daraa", "aleppo"}),
    "until": ({"until": dt.date(2017, 3, 5)}, {"idlib"}),  # the week of 6 March starts on the 6th
    "truce": ({"truce": "Daraa truce"}, {"daraa"}),
    "bbox": ({"bbox": (36.0, 35.0, 37.0, 36.0)}, {"idlib"}),
    "since+bbox": ({"since": dt.date(2017, 1, 1), "bbox": (35.0, 32.0, 37.0, 33.0)}, {"daraa"}),
}


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("name", list(FILTERS))
def test_every_export_honours_every_filter(sqlite_db: Database, kind: str, name: str) -> None:
    ids = build(sqlite_db)
    filters, expected = FILTERS[name]
    assert incident_ids(kind, export(sqlite_db, kind, **filters)) == {ids[k] for k in expected}


def test_plover_writes_truce_events_within_the_filters(sqlite_db: Database) -> None:
    build(sqlite_db)
    recs = [json.loads(x) for x in export(sqlite_db, "plover-jsonl").splitlines()]
    truce = [r for r in recs if r["id"].startswith("trucewatch-truce")]
    joins = [r for r in recs if r["id"].startswith("trucewatch-ledger")]
    assert truce[0]["event"] == "RETREAT" and truce[0]["mode"] == "ceasefire"
    assert {r["actor"] for r in joins} == {"Jaysh al-Islam", "Ahrar al-Sham"}
    assert all(r["event"] == "AGREE" for r in joins)
    later = [
        json.loads(x)
        for x in export(sqlite_db, "plover-jsonl", since=dt.date(2017, 3, 1)).splitlines()
    ]
    assert {r["actor"] for r in later if r["id"].startswith("trucewatch-ledger")} == {
        "Ahrar al-Sham"
    }
    boxed = export(sqlite_db, "plover-jsonl", bbox=(36.0, 35.0, 37.0, 36.0))
    assert "trucewatch-ledger" not in boxed and "trucewatch-truce" not in boxed


@pytest.mark.parametrize(
    ("filters", "actors"),
    [
        ({}, {"Jaysh al-Islam", "Ahrar al-Sham"}),
        ({"since": dt.date(2017, 3, 1)}, {"Ahrar al-Sham"}),
        ({"until": dt.date(2017, 3, 1)}, {"Jaysh al-Islam"}),
        ({"truce": "Daraa truce"}, {"Jaysh al-Islam", "Ahrar al-Sham"}),
    ],
)
def test_ledger_csv_honours_its_filters_with_both_times_and_sources(
    sqlite_db: Database, filters: dict, actors: set[str]
) -> None:
    build(sqlite_db)
    rows = list(csv.DictReader(io.StringIO(export(sqlite_db, "ledger-csv", **filters))))
    assert {r["actor"] for r in rows} == actors
    assert all(r["effective"] and r["recorded_at"].startswith("2018-01-01") for r in rows)
    assert all(r["sources"].startswith("https://example.org/join") for r in rows)


def test_a_filter_that_cannot_be_honoured_is_refused_before_any_output(sqlite_db: Database) -> None:
    build(sqlite_db)
    with sqlite_db.transaction() as s, pytest.raises(InvalidInput, match="--bbox: ledger"):
        iter_export(s, "ledger-csv", ExportFilters(bbox=(0, 0, 1, 1)))
    with sqlite_db.transaction() as s, pytest.raises(Exception, match="No truce matches"):
        iter_export(s, "geojson", ExportFilters(truce="Nowhere truce"))


def test_geojson_says_that_no_truce_polygons_are_known(sqlite_db: Database) -> None:
    build(sqlite_db)
    doc = json.loads(export(sqlite_db, "geojson"))
    assert doc["type"] == "FeatureCollection" and "no truce polygons" in doc["trucewatch_note"]
    assert [f["geometry"] is None for f in doc["features"]] == [False, False, True]


def test_hxl_has_the_hashtag_row(sqlite_db: Database) -> None:
    build(sqlite_db)
    rows = list(csv.reader(io.StringIO(export(sqlite_db, "hxl-csv"))))
    assert {
        "#date",
        "#adm1+name",
        "#geo+lat",
        "#geo+lon",
        "#affected+killed",
        "#meta+source",
    } <= set(rows[1])


def test_acled_csv_round_trip_gives_the_same_records(database: Database, tmp_path: Path) -> None:
    """Ours -> ACLED CSV -> an empty database (each backend) -> ACLED CSV: the same records."""
    source = Database(f"sqlite:///{tmp_path / 'source.db'}")
    source.migrate()
    build(source)
    imp(source, "acled", "acled_syria_2017.csv")  # ACLED's own rows travel too
    first = export(source, "acled-csv")
    source.dispose()
    out = tmp_path / "first.csv"
    out.write_text(first, encoding="utf-8")
    summary = imp(database, "acled", out, create_actors=True)
    assert (summary.created, summary.skipped) == (9, [])
    second = export(database, "acled-csv")
    assert second == first
    rows = {r["event_id_cnty"]: r for r in csv.DictReader(io.StringIO(second))}
    daraa = rows["TW2"]
    assert (daraa["sub_event_type"], daraa["time_precision"], daraa["event_date"]) == (
        "Shelling/artillery/missile attack", "2", "2017-03-06",
    )  # fmt: skip
    assert (daraa["actor1"], daraa["assoc_actor_1"]) == ("Ahrar al-Sham", "Syrian Arab Army")
    assert "Report about daraa. [source: https://example.org/daraa]" in daraa["notes"]
    assert rows["SYR90002"]["event_date"] == "2017-04-05"  # ACLED's dd-mm-yyyy, normalised


def test_cli_import_and_export(cli, tmp_path: Path) -> None:
    db = str(tmp_path / "cli.db")
    r = cli("import", "acled", str(FIX / "acled_syria_2017.csv"), "--db", db, "--dry-run")
    assert r.code == 0 and "Dry run (rolled back)" in r.out and "6 created" in r.out
    r = cli("import", "acled", str(FIX / "acled_syria_2017.csv"), "--db", db, "--json")
    assert r.code == 0 and r.json()["created"] == 6
    r = cli("import", "acled", str(FIX / "acled_bad_rows.csv"), "--db", db)
    assert r.code == 1 and "line 3" in r.err and "Traceback" not in r.err
    r = cli("import", "acled", str(FIX / "acled_bad_rows.csv"), "--db", db, "--skip-bad")
    assert r.code == 0 and "skipped line 4, column latitude" in r.out
    r = cli("import", "acled", str(FIX / "ucdp_ged_syria_2017.csv"), "--db", db)
    assert r.code == 1 and "looks like a UCDP GED file, not ACLED" in r.err
    out = tmp_path / "out.csv"
    r = cli("export", "acled-csv", "--db", db, "--since", "2017-04-12", "--out", str(out))
    assert r.code == 0
    assert {row["event_id_cnty"] for row in csv.DictReader(out.open())} == {
        "SYR90004", "SYR90005", "SYR90006",  # 90004 is coded to April as a whole
    }  # fmt: skip
    r = cli("export", "geojson", "--db", db, "--bbox", "1,2,3")
    assert r.code == 1 and "minlon,minlat,maxlon,maxlat" in r.err
