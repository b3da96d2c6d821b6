"""`trucewatch evidence bundle`: a BagIt bag that validates, and fails after any one-byte change."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import bagit
import pytest

from tests.evidence.helpers import incident_from_strikes
from tests.evidence.test_ingest_evidence import rows, stored_path
from trucewatch.storage.tables import evidence_custody, evidence_items

TRUCE = "Nationwide ceasefire in Syria of 30 December 2016 (Russia–Turkey)"


@pytest.fixture
def bag(cli, db_url: str, tmp_path: Path) -> Path:
    incident = incident_from_strikes(db_url, tmp_path)
    out = tmp_path / "bag"
    r = cli(
        "evidence",
        "bundle",
        "--incident",
        str(incident),
        "--out",
        str(out),
        "--db",
        db_url,
        "--json",
    )
    assert r.code == 0, r.err
    assert r.json()["claims"] == 2 and r.json()["documents"] == 2
    return out


def test_a_bundle_holds_the_originals_texts_and_records_and_validates(
    bag: Path, db_url: str
) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bagit", "--validate", str(bag)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert "is valid" in done.stderr
    data = bag / "data"
    claims = json.loads((data / "claims.json").read_text())
    assert len(claims) == 2 and len({c["document_id"] for c in claims}) == 2
    items = json.loads((data / "items.json").read_text())
    kinds = sorted(i["kind"] for i in items)
    assert kinds == ["derivative", "derivative", "original"]  # both releases: one JSONL file
    for item in items:
        folder = "originals" if item["kind"] == "original" else "derivatives"
        [copy] = list((data / folder).glob(item["sha256"] + ".*"))
        assert hashlib.sha256(copy.read_bytes()).hexdigest() == item["sha256"]
        assert copy.read_bytes() == stored_path(db_url, item["sha256"]).read_bytes()
    derivations = json.loads((data / "derivations.json").read_text())
    original = next(i for i in items if i["kind"] == "original")
    assert {d["original_id"] for d in derivations} == {original["id"]}
    custody = json.loads((data / "custody.json").read_text())
    assert {c["action"] for c in custody} >= {"acquired", "derivative"}
    # The export itself is in the custody log, one entry per item.
    exported = [c for c in rows(db_url, evidence_custody) if c["action"] == "exported"]
    assert sorted(c["item_id"] for c in exported) == sorted(i["id"] for i in items)
    assert "manifest-sha256.txt" in {p.name for p in bag.iterdir()}
    assert "tagmanifest-sha256.txt" in {p.name for p in bag.iterdir()}


def _files(bag: Path) -> list[str]:
    return sorted(str(p.relative_to(bag)) for p in bag.rglob("*") if p.is_file())


def test_flipping_one_byte_of_any_file_fails_validation(bag: Path, tmp_path: Path) -> None:
    bagit.Bag(str(bag)).validate()
    files = _files(bag)
    assert len(files) > 10
    for rel in files:
        copy = tmp_path / "copy"
        shutil.rmtree(copy, ignore_errors=True)
        shutil.copytree(bag, copy)
        target = copy / rel
        data = bytearray(target.read_bytes())
        data[len(data) // 2] ^= 0x01
        target.write_bytes(bytes(data))
        with pytest.raises(bagit.BagError):
            bagit.Bag(str(copy)).validate()


def test_a_damaged_stored_item_is_never_bundled(
    cli, bag: Path, db_url: str, tmp_path: Path
) -> None:
    original = next(i for i in rows(db_url, evidence_items) if i["kind"] == "original")
    path = stored_path(db_url, original["sha256"])
    path.chmod(0o644)
    path.write_bytes(path.read_bytes() + b" ")
    claims = json.loads((bag / "data" / "claims.json").read_text())
    out = tmp_path / "again"
    r = cli(
        "evidence",
        "bundle",
        "--incident",
        str(claims[0]["incident_id"]),
        "--out",
        str(out),
        "--db",
        db_url,
    )
    assert r.code == 1
    assert f"item {original['id']} (sha256 {original['sha256']}) is altered" in r.err
    assert not out.exists() and not (tmp_path / "again.partial").exists()


def test_a_truce_bundle_holds_the_ledger_entries_in_the_period(cli, tmp_path: Path) -> None:
    db = str(tmp_path / "t.db")
    assert cli("reference", "load", "syria-2016", "--db", db).code == 0
    out = tmp_path / "truce-bag"
    r = cli(
        "evidence", "bundle", "--truce", TRUCE, "--since", "2016-12-29", "--until", "2017-01-31",
        "--out", str(out), "--db", db, "--json",
    )  # fmt: skip
    assert r.code == 0, r.err
    ledger = json.loads((out / "data" / "ledger.json").read_text())
    assert ledger and all("2016-12-29" <= e["effective_on"] <= "2017-01-31" for e in ledger)
    assert len({e["truce_id"] for e in ledger}) == 1
    everything = cli(
        "evidence", "bundle", "--truce", TRUCE, "--out", str(tmp_path / "all"), "--db", db, "--json"
    )
    assert everything.json()["ledger entries"] > len(ledger)
    bagit.Bag(str(out)).validate()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "either --incident ID or --truce ID"),
        (["--incident", "1", "--truce", "1"], "either --incident ID or --truce ID"),
        (["--incident", "1", "--since", "2017-01-01"], "--since and --until go with --truce"),
        (["--incident", "999"], "No incident matches '999'"),
    ],
)
def test_bundle_arguments_are_checked(cli, tmp_path: Path, args: list[str], message: str) -> None:
    db = str(tmp_path / "t.db")
    assert cli("init", "--db", db).code == 0
    r = cli("evidence", "bundle", *args, "--out", str(tmp_path / "b"), "--db", db)
    assert r.code != 0 and message in r.err, r.err
    assert not (tmp_path / "b").exists()


def test_the_index_page_escapes_every_value() -> None:
    import datetime as dt

    from trucewatch.evidence.bundle import render_index
    from trucewatch.services.evidence_bundle import BundleContent

    evil = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'
    item = {
        "id": 1, "sha256": "a" * 64, "kind": "original", "media_type": "text/html", "size": 3,
        "acquired_at": dt.datetime(2017, 1, 1, tzinfo=dt.UTC), "acquired_from": evil,
        "readable": False, "problem": evil,
    }  # fmt: skip
    content = BundleContent(
        evil,
        {"incident": 1},
        claims=[{"id": 1, "incident_id": 1, "type": evil, "place_name": evil, "source_id": 1,
                 "document_id": 1, "evidence_text": evil}],
        sources=[{"id": 1, "title": evil}],
        documents=[{"id": 1, "source_id": 1}],
        links=[{"document_id": 1, "item_id": 1, "role": "original", "locator": evil}],
        items=[item],
    )  # fmt: skip
    page = render_index(content, {})
    assert "<script" not in page and "<img" not in page
    assert page.count("&lt;script&gt;") >= 6


def test_the_cli_bundles_report_attachments_only_with_with_attachments(
    cli, db_url: str, tmp_path: Path
) -> None:
    from trucewatch.domain.reports import check_report
    from trucewatch.evidence.store import open_store
    from trucewatch.services import field_reports
    from trucewatch.services.context import Caller
    from trucewatch.services.crypto import ContactCipher
    from trucewatch.storage.db import Database

    photo = b"%PDF-1.4\n" + tmp_path.name.encode() + b"\n%%EOF\n"
    database = Database(db_url)
    try:
        with database.transaction() as store:
            report = check_report("Shelling at dawn.", "Douma", "2017-05-06", [], None)
            files = [field_reports.EvidenceFile("statement.pdf", "application/pdf", photo)]
            rid = field_reports.submit_report(
                store, Caller("anonymous", "api"), report, ContactCipher(b"k" * 32), files,
                open_store(db_url),
            )  # fmt: skip
            done = field_reports.accept_report(
                store, Caller("mod", "cli"), rid, type="violence.shelling"
            )
    finally:
        database.dispose()
    digest = hashlib.sha256(photo).hexdigest()
    for flag, expected in (([], 0), (["--with-attachments"], 1)):
        out = tmp_path / f"bag{len(flag)}"
        r = cli("evidence", "bundle", "--incident", str(done["incident_id"]), "--out", str(out),
                *flag, "--db", db_url, "--json")  # fmt: skip
        assert r.code == 0, r.err
        assert r.json()["report attachments"] == expected
        copies = list((out / "data" / "originals").glob(digest + ".*"))
        assert [c.read_bytes() for c in copies] == [photo] * expected
        bagit.Bag(str(out)).validate()
