"""UCDP GED, GDELT (with mentions) and PA-X in."""

from __future__ import annotations

import json

from tests.interop.helpers import FIX, PAX_SHARED, TABLES, count, imp, registry_with_aliases
from tests.shared_data import shared_path
from trucewatch.domain.actors import ActorKind
from trucewatch.services import registry
from trucewatch.services.context import Caller
from trucewatch.services.incident_queries import incident_detail
from trucewatch.services.review import list_candidates
from trucewatch.storage.db import Database

ME = Caller("tester", "import")


def test_ucdp_ged_rows_become_incidents_with_deaths_by_side(database: Database) -> None:
    with database.transaction() as s:
        gov = registry.add_actor(s, ME, "Syrian government", ActorKind.STATE)
        s.set_external_id(gov, "ucdp", "116")  # GED's side_a_new_id for "Government of Syria"
    summary = imp(database, "ucdp-ged", "ucdp_ged_syria_2017.csv")
    assert summary.created == 3
    with database.transaction() as s:
        first = incident_detail(s, s.external_versions("ucdp-ged", "900101")[0]["incident_id"])
        bomb = incident_detail(s, s.external_versions("ucdp-ged", "900102")[0]["incident_id"])
        clash = incident_detail(s, s.external_versions("ucdp-ged", "900103")[0]["incident_id"])
    assert first["summary"]["perpetrators"] == ["Syrian government"]  # by UCDP actor id
    assert first["summary"]["fatalities"] == {"low": 9, "best": 9, "high": 12}
    assert first["claims"][0]["source"]["citation"].startswith(
        "UCDP GED event 900101: Agence France Presse,2017-04-06"
    )
    assert first["claims"][0]["evidence"] == "Regime strikes rebel-held town in Idlib"
    # one-sided violence; 15-18 April crosses a week boundary -> the month; where_prec 2 -> 2
    assert (bomb["type"], bomb["occurred"], bomb["place"]["geo_precision"]) == (
        "violence.attack", "2017-04", 2,
    )  # fmt: skip
    assert bomb["summary"]["fatalities"] == {"low": 112, "best": 126, "high": 135}
    # where_prec 4 (first-order division) -> our 3
    assert clash["place"]["geo_precision"] == 3 and clash["occurred_precision"] == "month"
    assert imp(database, "ucdp-ged", "ucdp_ged_syria_2017.csv").unchanged == 3


def test_gdelt_events_become_review_candidates_with_independent_sources(
    database: Database,
) -> None:
    summary = imp(database, "gdelt", "20161231.export.CSV", mentions=FIX / "20161231.mentions.CSV")
    assert (summary.created, summary.filtered) == (3, 1)  # CAMEO 042 (a visit) is not kept
    assert count(database, TABLES["incidents"]) == 0  # never straight into the record
    with database.transaction() as s:
        cands = {c["payload"]["gdelt"]["GlobalEventID"]: c for c in list_candidates(s)}
    truce = cands["612345001"]
    assert truce["type"] == "truce.declared" and truce["status"] == "pending"
    # five reports from tass.com (twice), reuters.com and www.reuters.com, aljazeera.com
    assert truce["payload"]["corroboration"]["mentions"] == 5
    assert truce["payload"]["corroboration"]["independent_sources"] == 3
    assert cands["612345002"]["type"] == "truce.violation_alleged"
    assert cands["612345004"]["payload"]["corroboration"] is None  # no mentions in the file
    again = imp(database, "gdelt", "20161231.export.CSV")
    assert (again.created, again.unchanged) == (0, 3)


def test_pax_ceasefire_agreements_become_truces_with_licence_and_parties(
    database: Database,
) -> None:
    ids = registry_with_aliases(database)
    with database.transaction() as s:
        egypt = registry.add_actor(s, ME, "Egypt", ActorKind.STATE)
    summary = imp(database, "pax", "pax_example.csv")
    assert (summary.created, summary.filtered) == (2, 1)  # Ce 0 and not at the ceasefire stage
    assert "A representative of the local council" in summary.unresolved
    with database.transaction() as s:
        [rec] = s.external_versions("pax", "990001")
        truce = s.get_truce(rec["truce_id"])
        extras = s.truce_extras(rec["truce_id"])
        entries = s.truce_entries(rec["truce_id"])
        coh = s.get_truce(s.external_versions("pax", "990002")[0]["truce_id"])
    assert truce.kind == "local_truce" and str(truce.effective) == "2017-08-16"
    assert truce.countries == ["SY"]
    assert "CC BY-NC-SA 4.0" in extras["notes"] and "PA-X 990001" in extras["aliases"]
    assert extras["roles"]["third_party"] == [egypt]
    assert [(e.actor_id, str(e.kind)) for e in entries] == [(ids["jai"], "joined")]
    assert rec["data"]["licence"].startswith("PA-X Peace Agreements Database")
    assert coh.kind == "cessation_of_hostilities"
    assert imp(database, "pax", "pax_example.csv").unchanged == 2


def test_the_public_pax_syria_subset_imports(sqlite_db: Database) -> None:
    summary = imp(sqlite_db, "pax", shared_path(PAX_SHARED))
    assert summary.created > 50 and not summary.skipped
    with sqlite_db.transaction() as s:
        memo = s.get_truce(s.external_versions("pax", "2093")[0]["truce_id"])
    assert memo.kind == "de_escalation_zone" and str(memo.declared) == "2017-05-04"
    assert json.dumps(summary.to_dict())  # the summary is plain JSON
