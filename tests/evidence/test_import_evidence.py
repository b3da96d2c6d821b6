"""`trucewatch import` and `reference import` keep the imported file as an original.

The kept bytes equal the file, the item is acquired through "dataset" from the file, the
import's summary and audit entry name it, `evidence verify --all` reports it intact, and a
one-byte change to the stored copy is reported as exactly that item. A dry run keeps nothing.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.evidence.test_ingest_evidence import rows, sha, stored_path
from trucewatch.storage.tables import audit_log, evidence_custody, evidence_items

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
ACLED = FIXTURES / "interop" / "acled_syria_2017.csv"
GDELT = FIXTURES / "interop" / "20161231.export.CSV"
MENTIONS = FIXTURES / "interop" / "20161231.mentions.CSV"


def _audit_after(db_url: str, entity_id: str) -> dict:
    [entry] = [a for a in rows(db_url, audit_log) if a["entity_id"] == entity_id]
    return json.loads(entry["after"])


def test_an_acled_import_keeps_its_file_and_verify_reports_it_then_its_damage(
    cli, db_url: str
) -> None:
    r = cli("import", "acled", str(ACLED), "--create-actors", "--db", db_url, "--json")
    assert r.code == 0, r.err
    [kept] = r.json()["evidence"]
    assert kept["sha256"] == sha(ACLED.read_bytes())
    path = stored_path(db_url, kept["sha256"])
    assert path.read_bytes() == ACLED.read_bytes()
    [item] = [i for i in rows(db_url, evidence_items) if i["id"] == kept["item"]]
    assert (item["kind"], item["acquired_via"], item["media_type"]) == (
        "original",
        "dataset",
        "text/csv",
    )
    assert item["acquired_from"] == str(ACLED)
    actions = [c["action"] for c in rows(db_url, evidence_custody) if c["item_id"] == item["id"]]
    assert actions == ["acquired"]
    assert _audit_after(db_url, ACLED.name)["evidence"] == [kept]

    r = cli("evidence", "verify", "--all", "--db", db_url, "--json")
    assert r.code == 0, r.out + r.err
    assert r.json() == {"checked": 1, "problems": []}

    path.chmod(0o644)
    path.write_bytes(ACLED.read_bytes() + b"\n")
    r = cli("evidence", "verify", "--all", "--db", db_url, "--json")
    assert r.code == 1
    [problem] = r.json()["problems"]
    assert (problem["item"], problem["status"]) == (item["id"], "altered")


def test_a_gdelt_import_keeps_the_events_and_the_mentions_file(cli, db_url: str) -> None:
    r = cli("import", "gdelt", str(GDELT), "--mentions", str(MENTIONS), "--db", db_url, "--json")
    assert r.code == 0, r.err
    kept = r.json()["evidence"]
    assert [k["sha256"] for k in kept] == [sha(GDELT.read_bytes()), sha(MENTIONS.read_bytes())]
    assert {i["acquired_from"] for i in rows(db_url, evidence_items)} == {
        str(GDELT),
        str(MENTIONS),
    }


def test_a_dry_run_keeps_nothing(cli, db_url: str) -> None:
    r = cli("import", "acled", str(ACLED), "--dry-run", "--db", db_url, "--json")
    assert r.code == 0, r.err
    assert r.json()["evidence"] == []
    assert rows(db_url, evidence_items) == []


@pytest.mark.parametrize(
    ("kind", "name"),
    [("places", "geonames_places_excerpt.csv"), ("ucdp-actors", "ucdp_actors.csv")],
)
def test_a_reference_import_keeps_its_file(cli, db_url: str, kind: str, name: str) -> None:
    file = FIXTURES / "reference" / name
    r = cli("reference", "import", kind, str(file), "--db", db_url, "--json")
    assert r.code == 0, r.err
    [item] = rows(db_url, evidence_items)
    assert r.json()["evidence_item"] == item["id"]
    assert item["sha256"] == sha(file.read_bytes()) and item["acquired_via"] == "dataset"
    assert stored_path(db_url, item["sha256"]).read_bytes() == file.read_bytes()
    assert _audit_after(db_url, name)["evidence"]["item"] == item["id"]
