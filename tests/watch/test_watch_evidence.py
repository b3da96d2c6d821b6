"""`trucewatch watch` keeps each fetched feed that brings new items as a WARC capture in the
evidence store, and links the items' documents to it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from warcio.archiveiterator import ArchiveIterator

from tests.evidence.test_ingest_evidence import rows, stored_path
from tests.watch.feeds import feed_server, rss
from tests.watch.test_watch import _config
from trucewatch.storage.tables import document_evidence, documents, evidence_items


def _response_payload(db_url: str, sha256: str) -> tuple[str, bytes]:
    with stored_path(db_url, sha256).open("rb") as handle:
        [(uri, body)] = [
            (r.rec_headers.get_header("WARC-Target-URI"), r.raw_stream.read())
            for r in ArchiveIterator(handle)
            if r.rec_type == "response"
        ]
    return uri, body


def test_watch_keeps_each_new_feed_capture_as_warc_and_links_its_items(
    db_url: str, tmp_path: Path, cli: Any
) -> None:
    with feed_server() as feeds:
        url = feeds.base + "/wire"
        feeds.items["/wire"] = [1, 2]
        config = _config(tmp_path, [{"url": url, "format": "feed", "every": 5}])
        first = rss([1, 2])
        assert cli("watch", "--config", str(config), "--once", "--db", db_url).code == 0
        # Unchanged (304): nothing new is kept.
        assert cli("watch", "--config", str(config), "--once", "--db", db_url).code == 0
        feeds.items["/wire"] = [1, 2, 3]
        second = rss([1, 2, 3])
        assert cli("watch", "--config", str(config), "--once", "--db", db_url).code == 0
    items = rows(db_url, evidence_items)
    captures = [i for i in items if i["kind"] == "original"]
    assert [(i["acquired_from"], i["acquired_via"], i["media_type"]) for i in captures] == [
        (url, "feed", "application/warc"),
        (url, "feed", "application/warc"),
    ]
    # warcio reads each capture back; its payload is what the server sent, byte for byte.
    assert [_response_payload(db_url, i["sha256"]) for i in captures] == [
        (url, first),
        (url, second),
    ]
    by_id = {i["id"]: i for i in items}
    docs = {d["id"]: d for d in rows(db_url, documents)}
    assert len(docs) == 3
    links = rows(db_url, document_evidence)
    originals = {x["document_id"]: x for x in links if x["role"] == "original"}
    texts = {x["document_id"]: x for x in links if x["role"] == "text"}
    assert set(originals) == set(texts) == set(docs)
    # Items 1 and 2 came from the first capture, item 3 from the second.
    which = sorted(
        (x["locator"].rsplit("#", 1)[1], by_id[x["item_id"]]["sha256"]) for x in originals.values()
    )
    assert which == [
        ("item 1", captures[0]["sha256"]),
        ("item 2", captures[0]["sha256"]),
        ("item 3", captures[1]["sha256"]),
    ]
    assert all(x["locator"].startswith("#record <urn:uuid:") for x in originals.values())
    for doc_id, link in texts.items():
        text = by_id[link["item_id"]]
        assert text["kind"] == "derivative"
        assert (
            stored_path(db_url, text["sha256"]).read_text(encoding="utf-8")
            == (docs[doc_id]["text"])
        )
