"""ACLED in: types, precision and actors; versions by timestamp; deletions; bad rows; dry runs."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.interop.helpers import FIX, TABLES, count, imp, registry_with_aliases
from trucewatch.domain.errors import BadFile
from trucewatch.services.incident_queries import incident_detail
from trucewatch.storage.db import Database


def _by_acled_id(database: Database, event_id: str) -> dict:
    with database.transaction() as s:
        versions = s.external_versions("acled", event_id)
        return incident_detail(s, versions[-1]["incident_id"])


def test_acled_rows_import_with_types_precision_and_actors(database: Database) -> None:
    ids = registry_with_aliases(database)
    summary = imp(database, "acled", "acled_syria_2017.csv")
    assert (summary.created, summary.updated, summary.unchanged) == (6, 0, 0)
    assert summary.unresolved["Hayat Tahrir al-Sham"] == 2
    assert "Syrian Arab Army" not in summary.unresolved  # found through its ACLED-style alias

    chem = _by_acled_id(database, "SYR90001")
    assert chem["type"] == "violence.chemical_weapon"
    assert (chem["occurred"], chem["occurred_precision"]) == ("2017-04-04", "day")
    assert chem["place"]["geo_precision"] == 1 and chem["place"]["country"] == "SY"
    assert chem["summary"]["perpetrators"] == ["Syrian Arab Army"]
    assert chem["summary"]["fatalities"] == {"low": 74, "best": 74, "high": 74}
    claim = chem["claims"][0]
    assert claim["evidence"].startswith("On 4 April 2017, a Syrian regime aircraft")
    assert "ACLED's sources: SOHR; Syrian Civil Defence" in claim["source"]["citation"]

    # dd-mm-yyyy date, an associated actor, geo precision 2
    strike = _by_acled_id(database, "SYR90002")
    assert strike["occurred_start"] == "2017-04-05" and strike["place"]["geo_precision"] == 2
    assert strike["summary"]["perpetrators"] == ["Syrian Arab Army"]
    # "06 April 2017", time_precision 2 -> the ISO week starting Monday 3 April; labels for inter
    clash = _by_acled_id(database, "SYR90003")
    assert (clash["occurred_precision"], clash["occurred_start"]) == ("week", "2017-04-03")
    assert clash["summary"]["perpetrators"] == ["Ahrar al-Sham"]
    # time_precision 3 -> the month; geo_precision 3
    deal = _by_acled_id(database, "SYR90004")
    assert (deal["type"], deal["occurred"], deal["place"]["geo_precision"]) == (
        "strategic.agreement", "2017-04", 3,
    )  # fmt: skip
    assert ids["jai"] and deal["summary"]["perpetrators"] == ["Jaysh al-Islam"]


def test_reimport_of_the_same_export_changes_nothing(database: Database) -> None:
    imp(database, "acled", "acled_syria_2017.csv")
    again = imp(database, "acled", "acled_syria_2017.csv")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 6)
    assert count(database, TABLES["incidents"]) == 6


def test_newer_timestamp_adds_a_claim_version_and_keeps_the_old_one(database: Database) -> None:
    registry_with_aliases(database)
    imp(database, "acled", "acled_syria_2017.csv")
    summary = imp(database, "acled", "acled_syria_2017_update.csv")
    assert (summary.updated, summary.unchanged) == (1, 1)
    chem = _by_acled_id(database, "SYR90001")
    old, new = chem["claims"]
    assert old["status"] == "refuted" and not old["accepted"]
    assert "At least 74" in old["evidence"] and "At least 86" in new["evidence"]
    assert chem["summary"]["fatalities"]["best"] == 86
    with database.transaction() as s:
        versions = s.external_versions("acled", "SYR90001")
    assert [v["version"] for v in versions] == ["1618317712", "1620000000"]
    # an older file after the newer one is left alone
    assert imp(database, "acled", "acled_syria_2017.csv").unchanged == 6


def test_deletions_retract_but_keep_the_history(database: Database) -> None:
    imp(database, "acled", "acled_syria_2017.csv")
    summary = imp(database, "acled-deletions", "acled_deleted.csv")
    assert (summary.updated, summary.unmatched) == (1, 1)  # SYR99999 was never imported
    gone = _by_acled_id(database, "SYR90005")
    assert [c["status"] for c in gone["claims"]] == ["refuted"]
    assert count(database, TABLES["incidents"]) == 6
    assert imp(database, "acled-deletions", "acled_deleted.csv").unchanged == 1


def test_create_actors_adds_unknown_names_only_when_asked(database: Database) -> None:
    summary = imp(database, "acled", "acled_syria_2017.csv", create_actors=True)
    assert "Hayat Tahrir al-Sham" in summary.created_actors
    assert not summary.unresolved
    strike = _by_acled_id(database, "SYR90002")
    assert strike["summary"]["targets"] == ["Hayat Tahrir al-Sham"]


def test_api_json_answer_imports_like_csv(database: Database) -> None:
    summary = imp(database, "acled", "acled_api.json")
    assert summary.created == 1
    assert _by_acled_id(database, "SYR90102")["type"] == "violence.air_strike"


def test_since_filters_events_whose_period_ends_before_it(database: Database) -> None:
    summary = imp(database, "acled", "acled_syria_2017.csv", since=dt.date(2017, 4, 11))
    # SYR90004 is coded to April 2017 as a whole, which overlaps the range: kept.
    assert (summary.created, summary.filtered) == (3, 3)


def test_a_bad_row_stops_the_import_with_line_and_column(database: Database) -> None:
    with pytest.raises(BadFile) as err:
        imp(database, "acled", "acled_bad_rows.csv")
    assert "line 3" in err.value.message and "'sub_event_type'" in err.value.message
    assert "--skip-bad" in err.value.message
    assert count(database, TABLES["incidents"]) == 0  # nothing half-imported


def test_skip_bad_skips_and_lists_each_bad_row(database: Database) -> None:
    summary = imp(database, "acled", "acled_bad_rows.csv", skip_bad=True)
    assert summary.created == 1
    assert [(e.line, e.column) for e in summary.skipped] == [(3, "sub_event_type"), (4, "latitude")]


def test_dry_run_reports_and_rolls_back(database: Database) -> None:
    summary = imp(database, "acled", "acled_syria_2017.csv", dry_run=True)
    assert summary.created == 6 and summary.dry_run
    assert count(database, TABLES["incidents"]) == 0


@pytest.mark.parametrize(
    ("kind", "name", "looks_like"),
    [
        ("acled", "ucdp_ged_syria_2017.csv", "this looks like a UCDP GED file, not ACLED."),
        ("acled", "20161231.export.CSV", "this looks like a GDELT 2.0 events file, not ACLED."),
        ("ucdp-ged", "acled_syria_2017.csv", "this looks like an ACLED events file, not UCDP GED."),
        ("gdelt", "20161231.mentions.CSV", "this looks like a GDELT 2.0 mentions file, not GDELT"),
        ("pax", "acled_deleted.csv", "this looks like an ACLED deleted-events list, not PA-X."),
        ("acled-deletions", "pax_example.csv", "this looks like a PA-X agreements file"),
    ],
)
def test_a_file_of_the_wrong_format_is_refused_saying_what_it_looks_like(
    sqlite_db: Database, kind: str, name: str, looks_like: str
) -> None:
    with pytest.raises(BadFile) as err:
        imp(sqlite_db, kind, name)
    assert looks_like in err.value.message
    assert str(FIX / name) in err.value.message
