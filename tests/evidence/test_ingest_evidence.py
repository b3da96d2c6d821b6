"""`trucewatch ingest` keeps every input file byte for byte; `evidence verify` re-checks them.

Run on SQLite (evidence beside the file) and PostgreSQL (a configured folder).
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from sqlalchemy import select

from trucewatch.evidence.store import evidence_dir
from trucewatch.storage.db import Database
from trucewatch.storage.tables import (
    document_evidence,
    documents,
    evidence_custody,
    evidence_derivations,
    evidence_items,
)

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "src/trucewatch/data/demo-corpus"


def rows(db_url: str, table: Any) -> list[dict[str, Any]]:
    database = Database(db_url)
    try:
        with database.transaction(readonly=True) as store:
            return [dict(r) for r in store.conn.execute(select(table)).mappings()]
    finally:
        database.dispose()


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def stored_path(db_url: str, digest: str) -> Path:
    return evidence_dir(db_url) / digest[:2] / digest[2:4] / digest


def demo_sample(tmp_path: Path) -> list[Path]:
    """Two demo corpus files, cut short: JSON Lines with many documents each."""
    out = []
    for name in ("wikinews", "whitehouse-briefing-room"):
        src = next((CORPUS / name).glob("*.jsonl"))
        dst = tmp_path / f"{name}.jsonl"
        dst.write_bytes(b"".join(src.read_bytes().splitlines(keepends=True)[:3]))
        out.append(dst)
    return out


def test_ingest_keeps_each_file_byte_for_byte_with_its_text_as_a_derivative(
    cli, db_url: str, tmp_path: Path
) -> None:
    files = demo_sample(tmp_path)
    html = tmp_path / "page.html"
    html.write_bytes(
        b"<html><head><title>Truce</title></head><body><p>Russia and Turkey announced a "
        b"ceasefire in Syria on 29 December 2016, officials said.</p></body></html>\r\n"
    )
    r = cli("ingest", *map(str, files), str(html), "--db", db_url, "--json")
    assert r.code == 0, r.err
    items = {i["sha256"]: i for i in rows(db_url, evidence_items)}
    for f in [*files, html]:
        data = f.read_bytes()
        item = items[sha(data)]
        assert stored_path(db_url, sha(data)).read_bytes() == data
        assert (item["kind"], item["readable"], item["size"]) == ("original", True, len(data))
        assert item["acquired_from"] == os.path.abspath(f) and item["acquired_via"] == "file"
        assert item["tool_version"].startswith("trucewatch ")
    assert items[sha(html.read_bytes())]["media_type"] == "text/html"
    assert items[sha(files[0].read_bytes())]["media_type"] == "application/x-ndjson"
    # Every document names its original (and where in it) and its text, a derivative.
    links = rows(db_url, document_evidence)
    by_id = {i["id"]: i for i in items.values()}
    docs = rows(db_url, documents)
    assert docs
    for doc in docs:
        mine = {x["role"]: x for x in links if x["document_id"] == doc["id"]}
        original = by_id[mine["original"]["item_id"]]
        text = by_id[mine["text"]["item_id"]]
        assert original["kind"] == "original"
        assert stored_path(db_url, text["sha256"]).read_text(encoding="utf-8") == doc["text"]
        assert (
            text["kind"] == "derivative" and text["acquired_from"] == f"sha256:{original['sha256']}"
        )
        if original["media_type"] == "application/x-ndjson":
            assert mine["original"]["locator"].startswith("#line ")
    derivations = rows(db_url, evidence_derivations)
    assert {(d["derivative_id"], d["original_id"]) for d in derivations} >= {
        (
            next(
                x["item_id"] for x in links if x["document_id"] == d["id"] and x["role"] == "text"
            ),
            next(
                x["item_id"]
                for x in links
                if x["document_id"] == d["id"] and x["role"] == "original"
            ),
        )
        for d in docs
    }
    assert all("reader" in d["method"] for d in derivations)
    custody = rows(db_url, evidence_custody)
    acquired = [c for c in custody if c["action"] == "acquired"]
    assert sorted(json.loads(c["detail"])["from"] for c in acquired) == sorted(
        os.path.abspath(f) for f in [*files, html]
    )


def test_an_unreadable_file_is_kept_and_marked_never_dropped(
    cli, db_url: str, tmp_path: Path
) -> None:
    bad = tmp_path / "photo.jpg"
    bad.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x02\x00\x00\x01")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"  \n")
    r = cli("ingest", str(bad), str(empty), str(tmp_path / "missing.txt"), "--db", db_url)
    assert r.code == 1
    items = {i["sha256"]: i for i in rows(db_url, evidence_items)}
    assert set(items) == {sha(bad.read_bytes()), sha(empty.read_bytes())}
    for f in (bad, empty):
        item = items[sha(f.read_bytes())]
        assert item["readable"] is False and str(f) in item["problem"]
        assert stored_path(db_url, item["sha256"]).read_bytes() == f.read_bytes()
    assert items[sha(bad.read_bytes())]["media_type"] == "image/jpeg"


def test_the_same_file_again_is_one_item_with_a_second_acquisition(
    cli, db_url: str, tmp_path: Path
) -> None:
    a = tmp_path / "a.txt"
    a.write_text("Russia and Turkey announced a ceasefire in Syria on 29 December 2016.\n")
    b = tmp_path / "copy" / "b.txt"
    b.parent.mkdir()
    b.write_bytes(a.read_bytes())
    assert cli("ingest", str(a), "--db", db_url).code == 0
    assert cli("ingest", str(b), "--db", db_url).code == 0
    originals = [i for i in rows(db_url, evidence_items) if i["kind"] == "original"]
    assert len(originals) == 1 and originals[0]["acquired_from"] == os.path.abspath(a)
    acquired = [
        json.loads(c["detail"])["from"]
        for c in rows(db_url, evidence_custody)
        if c["action"] == "acquired"
    ]
    assert acquired == [os.path.abspath(a), os.path.abspath(b)]


def test_verify_reports_all_intact_then_exactly_the_corrupted_item(
    cli, db_url: str, tmp_path: Path
) -> None:
    files = demo_sample(tmp_path)
    assert cli("ingest", *map(str, files), "--db", db_url).code == 0
    items = rows(db_url, evidence_items)
    assert len(items) > 4
    ok = cli("evidence", "verify", "--all", "--db", db_url, "--json")
    assert ok.code == 0, ok.err
    assert ok.json() == {"checked": len(items), "problems": []}
    # One byte of one stored original flipped, another derivative deleted.
    victim = next(i for i in items if i["kind"] == "original")
    path = stored_path(db_url, victim["sha256"])
    os.chmod(path, 0o644)
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))
    gone = next(i for i in items if i["kind"] == "derivative")
    stored_path(db_url, gone["sha256"]).unlink()
    bad = cli("evidence", "verify", "--all", "--db", db_url, "--json")
    assert bad.code == 1
    assert (
        bad.json()["problems"]
        == [
            {
                "item": victim["id"],
                "sha256": victim["sha256"],
                "status": "altered",
                "size": len(data),
                "found_sha256": sha(bytes(data)),
            },
            {
                "item": gone["id"],
                "sha256": gone["sha256"],
                "status": "missing",
                "size": None,
                "found_sha256": None,
            },
        ][:: 1 if victim["id"] < gone["id"] else -1]
    )
    one = cli("evidence", "verify", victim["sha256"][:12], "--db", db_url, "--json")
    assert one.code == 1 and [p["item"] for p in one.json()["problems"]] == [victim["id"]]
    checks = [c for c in rows(db_url, evidence_custody) if c["action"] == "verified"]
    assert len(checks) == 2 * len(items) + 1
    results = [json.loads(c["detail"])["result"] for c in checks if c["item_id"] == victim["id"]]
    assert results == ["intact", "altered", "altered"]


def test_verify_needs_an_item_or_all(cli, db_url: str) -> None:
    r = cli("evidence", "verify", "--db", db_url)
    assert r.code != 0 and "ITEM or --all" in r.err
    r = cli("evidence", "verify", "deadbeefdeadbeef", "--db", db_url)
    assert r.code != 0 and "No evidence item" in r.err
