"""Incidents, claims and verification on a real database (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from tests.incidents import scenario as sc
from trucewatch.domain.dates import utcnow
from trucewatch.domain.errors import InvalidInput, NotFound
from trucewatch.domain.incidents import Fatalities, IncidentTime, Place, VerificationStatus
from trucewatch.services import incidents as inc
from trucewatch.services import verification as ver
from trucewatch.services.incident_queries import incident_detail, list_incidents
from trucewatch.storage.db import Database
from trucewatch.storage.tables import audit_log, claims, incidents


@pytest.fixture
def world(database: Database) -> tuple[Database, int]:
    sc.build_world(database)
    incident_id, _ = sc.file_sohr(database)
    return database, incident_id


def test_conflicting_claims_side_by_side_with_contested_fields_and_violation(world) -> None:
    database, incident_id = world
    sc.add_mod_claim(database, incident_id)
    sc.rate_sources(database)
    with database.transaction() as s:
        v = incident_detail(s, incident_id)
    assert [(c["claimant"], c["perpetrators"], c["grade"]) for c in v["claims"]] == [
        ("Syrian Observatory for Human Rights", ["Syrian Arab Army"], "B2"),
        ("Russian Ministry of Defence", ["Hay'at Tahrir al-Sham"], "C4"),
    ]
    assert set(v["summary"]["contested"]) == {"perpetrators", "fatalities", "type"}
    # The summary rests on the credible claim only (C4 fails the rule).
    assert v["summary"]["basis"] == [v["claims"][0]["id"]]
    assert v["summary"]["fatalities"] == {"low": 72, "best": 86, "high": 86}
    assert v["summary"]["corroboration"] == 2
    # In scope of the December 2016 ceasefire only (the CoH ended, the zones began later).
    assert [t["name"] for t in v["truces"]] == [sc.CEASEFIRE]
    # HTS is alleged too, but it is excluded, not a participant: no violation by it.
    assert [(x["truce"], x["party"], x["alleged_by"], x["status"]) for x in v["violations"]] == [
        (sc.CEASEFIRE, "Syrian Arab Army", ["Syrian Observatory for Human Rights"], "reported")
    ]


def test_investigation_and_verification_run_to_attribution(world) -> None:
    database, incident_id = world
    sc.request_investigation(database, incident_id)
    with database.transaction() as s:
        assert incident_detail(s, incident_id)["investigations"][0]["open"] is True
    cutoff = utcnow()
    sc.report_investigation(database, incident_id)
    with database.transaction() as s:
        v = incident_detail(s, incident_id)
        [inv] = v["investigations"]
        assert (inv["body"], inv["open"]) == ("OPCW Fact-Finding Mission", False)
        assert [e["by"] for e in inv["requested_by"]] == ["Russia"]
        assert [e["by"] for e in inv["opposed_by"]] == ["United States"]
        assert inv["finding"].startswith("Sarin")
        assert v["status"] == "attributed"
        assert v["violations"][0]["status"] == "attributed"
        assert [t["to"] for t in v["verification"]] == ["verified", "attributed"]
        # As known before the report, the investigation was open and nothing verified.
        before = incident_detail(s, incident_id, known_on=cutoff)
    assert before["status"] == "reported"
    assert before["investigations"][0]["open"] is True


def test_illegal_transition_lists_the_allowed_ones_and_writes_nothing(world) -> None:
    database, incident_id = world
    with pytest.raises(InvalidInput, match="Allowed from reported: observed, verified"):
        with database.transaction() as s:
            ver.verify(s, sc.ME, incident_id, VerificationStatus.ATTRIBUTED, source="x")
    with database.transaction() as s:
        assert incident_detail(s, incident_id)["verification"] == []


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"fatalities": Fatalities(low=10, high=2)}, "greater than"),
        ({"occurred": IncidentTime(dt.date(2099, 1, 1))}, "future of the recording time"),
        ({"type": "violence.airstrike"}, "Closest: violence.air_strike"),
        ({"perpetrators": ["Nobody at all"]}, "No actor matches"),
        ({"place": Place(precision=2)}, "place name"),
        ({"source": " "}, "every fact needs a source"),
    ],
)
def test_impossible_incidents_are_refused_with_nothing_half_written(world, kwargs, error) -> None:
    database, _ = world
    args = {
        "type": "violence.air_strike", "occurred": IncidentTime(sc.DAY),
        "place": Place("Idlib", "Idlib", "SY"), "source": "s", "claimant": "Russian MoD",
        "perpetrators": ["Syrian Arab Army"], **kwargs,
    }  # fmt: skip
    with database.transaction() as s:
        counts = [
            s.conn.execute(select(func.count()).select_from(t)).scalar()
            for t in (incidents, claims, audit_log)
        ]
    with pytest.raises((InvalidInput, NotFound), match=error):
        with database.transaction() as s:
            inc.file_incident(s, sc.ME, **args)
    with database.transaction() as s:
        after = [
            s.conn.execute(select(func.count()).select_from(t)).scalar()
            for t in (incidents, claims, audit_log)
        ]
    assert after == counts


def test_claims_are_append_only_in_the_database(world) -> None:
    database, _ = world
    with pytest.raises(DBAPIError):
        with database.transaction() as s:
            s.conn.execute(text("UPDATE claims SET fatalities_best = 1"))
    with pytest.raises(DBAPIError):
        with database.transaction() as s:
            s.conn.execute(text("DELETE FROM claim_actors"))


def test_grades_are_kept_over_time(world) -> None:
    database, incident_id = world
    with database.transaction() as s:
        inc.rate_source(s, sc.ME, sc.SOHR_DOC, "B")
    graded_b = utcnow()
    with database.transaction() as s:
        inc.rate_source(s, sc.ME, sc.SOHR_DOC, "D")
        inc.rate_claim(s, sc.ME, 1, 5)
        old = incident_detail(s, incident_id, known_on=graded_b)
        new = incident_detail(s, incident_id)
        with pytest.raises(NotFound):
            inc.rate_source(s, sc.ME, "a source never seen", "A")
    assert (old["claims"][0]["grade"], old["summary"]["provisional"]) == ("B2", False)
    assert (new["claims"][0]["grade"], new["summary"]["provisional"]) == ("D5", True)


def test_list_filters_by_truce_and_status(world) -> None:
    database, _ = world
    with database.transaction() as s:
        assert len(list_incidents(s, truce=sc.CEASEFIRE)) == 1
        assert list_incidents(s, truce=sc.COH) == []
        assert list_incidents(s, status=VerificationStatus.VERIFIED) == []
        assert len(list_incidents(s, since=sc.DAY, until=sc.DAY)) == 1


def test_same_story_claims_must_belong_to_the_incident(world) -> None:
    database, incident_id = world
    with pytest.raises(InvalidInput, match="is not a claim about incident"):
        with database.transaction() as s:
            inc.add_claim(s, sc.ME, incident_id, source="wire copy", same_story_as=999)
