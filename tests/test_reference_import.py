"""Reference imports into a real database: idempotent, linked, and all-or-nothing per file."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

FIX = Path(__file__).parent / "fixtures" / "reference"


def _first(pattern: str) -> Path:
    found = sorted(FIX.glob(pattern))
    assert found, f"no fixture matching {pattern} in {FIX}"
    return found[0]


@pytest.mark.parametrize(
    ("kind", "pattern"),
    [
        ("ucdp-actors", "ucdp_actors.csv"),
        ("un-sanctions", "un_consolidated_excerpt.xml"),
        ("phoenix", "phoenix_actors_excerpt.txt"),
        ("places", "geonames_places_excerpt.csv"),
    ],
)
def test_imports_are_idempotent(cli, tmp_path, kind, pattern) -> None:
    db = str(tmp_path / "ref.db")
    path = _first(pattern)
    first = cli("reference", "import", kind, str(path), "--db", db, "--json")
    assert first.code == 0, first.err
    assert first.json()["added"] > 0
    again = cli("reference", "import", kind, str(path), "--db", db, "--json")
    assert again.code == 0
    assert again.json()["added"] == 0
    assert again.json()["updated"] == 0


def test_a_broken_file_writes_nothing_and_names_file_line_and_field(cli, tmp_path) -> None:
    db = str(tmp_path / "ref.db")
    good = _first("ucdp_actors.csv")
    broken = tmp_path / "broken.csv"
    lines = good.read_text(encoding="utf-8-sig").splitlines()
    # Keep the good rows, then break the ActorId of the last row.
    header = lines[0].split(",")
    last = lines[-1].split(",")
    last[header.index("ActorId")] = "not-a-number"
    broken.write_text("\n".join([*lines[:-1], ",".join(last)]) + "\n", encoding="utf-8")
    r = cli("reference", "import", "ucdp-actors", str(broken), "--db", db)
    assert r.code == 1
    assert "broken.csv" in r.err and f"line {len(lines)}" in r.err and "ActorId" in r.err
    listing = cli("actor", "list", "--json", "--db", db)
    assert listing.json() == []


def test_curated_dataset_loads_once_and_refuses_the_excluded(cli, tmp_path) -> None:
    db = str(tmp_path / "cur.db")
    first = cli("reference", "load", "syria-2016", "--db", db, "--json")
    assert first.code == 0, first.err
    assert first.json()["ledger entries added"] > 0
    again = cli("reference", "load", "syria-2016", "--db", db, "--json").json()
    assert "ledger entries added" not in again and "actors added" not in again
    truces = cli("truce", "list", "--json", "--db", db).json()
    assert any(t["declared"] == "2016-02-22" and t["effective"] == "2016-02-27" for t in truces)
    r = cli(
        "truce",
        "join",
        "2",
        "Hayat Tahrir al-Sham",
        "--date",
        "2017-02-01",
        "--source",
        "test",
        "--db",
        db,
    )
    assert r.code == 1 and "UNSC-1267" in r.err


def test_unknown_reference_kind_lists_the_kinds(cli, tmp_path) -> None:
    src = tmp_path / "a.csv"
    shutil.copy(_first("geonames_places_excerpt.csv"), src)
    r = cli("reference", "import", "acled", str(src), "--db", str(tmp_path / "x.db"))
    assert r.code != 0
    assert "ucdp-actors, un-sanctions, phoenix, places" in r.err


def test_every_curated_row_added_has_its_audit_entry(sqlite_db) -> None:
    from collections import Counter

    from trucewatch.domain.audit import AuditAction
    from trucewatch.services.context import SYSTEM
    from trucewatch.services.curated import load_dataset

    with sqlite_db.transaction() as store:
        counts = load_dataset(store, SYSTEM, "syria-2016")
    with sqlite_db.transaction() as store:
        entries = store.audit_entries(limit=100_000)
    actions = Counter(e["action"] for e in entries)
    assert counts["actors added"] > 0 and counts["relations added"] > 0
    assert actions[AuditAction.ADD_ACTOR] == counts["actors added"]
    assert actions[AuditAction.RELATE_ACTORS] == counts["relations added"]
    assert actions[AuditAction.DESIGNATE_ACTOR] == counts["designations added"]
    assert actions[AuditAction.ADD_TRUCE] == counts["truces added"]
    assert set(actions) <= set(AuditAction)
    curated = [e for e in entries if e["action"] == AuditAction.ADD_ACTOR]
    assert all('"dataset": "syria-2016"' in e["after"] for e in curated)
