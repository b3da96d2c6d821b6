"""`trucewatch ingest URL…` against a local 127.0.0.1 server: the capture is kept as WARC and
reads back byte for byte; robots.txt, HTTP errors and size limits refuse one URL, not the batch."""

from __future__ import annotations

import gzip
import hashlib
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from tests.evidence.test_ingest_evidence import rows, stored_path
from trucewatch.storage.tables import document_evidence, documents, evidence_items

PAGE = (
    b"<html><head><title>Truce holds</title></head><body><article><p>Russia and Turkey "
    b"announced a ceasefire in Syria on 29 December 2016, officials said. The truce was "
    b"announced in Ankara and Moscow.</p></article></body></html>\n"
)
OTHER = PAGE.replace(b"Truce holds", b"Second page").replace(b"Ankara", b"Astana")


@dataclass
class Site:
    pages: dict[str, tuple[int, bytes, dict[str, str]]] = field(default_factory=dict)
    seen: list[tuple[str, str]] = field(default_factory=list)  # (path, User-Agent)
    base: str = ""


@contextmanager
def site() -> Iterator[Site]:
    s = Site()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802
            s.seen.append((self.path, self.headers.get("User-Agent", "")))
            status, body, headers = s.pages.get(self.path, (404, b"not here", {}))
            self.send_response(status)
            for k, v in {"Content-Type": "text/html; charset=utf-8", **headers}.items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    s.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield s
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def warc_records(db_url: str, sha256: str) -> list[tuple[str, str, bytes, bytes]]:
    """(type, target URI, payload as sent, payload content-decoded) of each record, by warcio."""

    def read(decoded: bool) -> list[tuple[str, str, bytes]]:
        with stored_path(db_url, sha256).open("rb") as handle:
            return [
                (
                    rec.rec_type,
                    rec.rec_headers.get_header("WARC-Target-URI"),
                    (rec.content_stream() if decoded else rec.raw_stream).read(),
                )
                for rec in ArchiveIterator(handle)
            ]

    return [
        (t, u, raw, dec) for (t, u, raw), (_, _, dec) in zip(read(False), read(True), strict=True)
    ]


def test_ingest_url_keeps_request_and_response_as_warc_and_the_text_as_its_derivative(
    cli, db_url: str, tmp_path: Path
) -> None:
    zipped = gzip.compress(OTHER, mtime=0)
    with site() as s:
        s.pages["/robots.txt"] = (200, b"User-agent: *\nDisallow: /private\n", {})
        s.pages["/news/truce"] = (200, PAGE, {})
        s.pages["/old"] = (301, b"", {"Location": "/news/truce"})
        s.pages["/zipped"] = (200, zipped, {"Content-Encoding": "gzip"})
        r = cli("ingest", s.base + "/news/truce", s.base + "/zipped", "--db", db_url, "--json")
        assert r.code == 0, r.err
        assert r.json()["new documents"] == 2
        agents = {ua for _, ua in s.seen}
        assert len(agents) == 1 and agents.pop().startswith("trucewatch/")
        assert s.seen[0][0] == "/robots.txt"
        # A redirect is followed; the capture holds both exchanges.
        r = cli("ingest", s.base + "/old", "--db", db_url, "--json")
        assert r.code == 0, r.err
    items = rows(db_url, evidence_items)
    captures = {i["acquired_from"]: i for i in items if i["kind"] == "original"}
    assert set(captures) == {s.base + "/news/truce", s.base + "/zipped", s.base + "/old"}
    for item in captures.values():
        assert (item["media_type"], item["acquired_via"]) == ("application/warc", "url")
        data = stored_path(db_url, item["sha256"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == item["sha256"]
    page = warc_records(db_url, captures[s.base + "/news/truce"]["sha256"])
    assert [(t, u) for t, u, _, _ in page] == [
        ("warcinfo", None),
        ("request", s.base + "/news/truce"),
        ("response", s.base + "/news/truce"),
    ]
    assert page[2][2] == PAGE  # byte-identical to what the server sent
    gz = warc_records(db_url, captures[s.base + "/zipped"]["sha256"])
    assert gz[2][2] == zipped and gz[2][3] == OTHER  # as sent (gzip), and decoded
    moved = warc_records(db_url, captures[s.base + "/old"]["sha256"])
    assert [(t, u) for t, u, _, _ in moved][1:] == [
        ("request", s.base + "/old"),
        ("response", s.base + "/old"),
        ("request", s.base + "/news/truce"),
        ("response", s.base + "/news/truce"),
    ]
    # The documents' texts are derivatives of their captures; the URL is their source.
    links = rows(db_url, document_evidence)
    by_id = {i["id"]: i for i in items}
    docs = {d["id"]: d for d in rows(db_url, documents)}
    assert {d["url"] for d in docs.values()} == {s.base + "/news/truce", s.base + "/zipped"}
    for link in links:
        if link["role"] == "original":
            assert by_id[link["item_id"]]["media_type"] == "application/warc"
            assert link["locator"].startswith("#record <urn:uuid:")
        else:
            text = by_id[link["item_id"]]
            assert text["kind"] == "derivative"
            stored = stored_path(db_url, text["sha256"]).read_text(encoding="utf-8")
            assert stored == docs[link["document_id"]]["text"]
            assert "officials said" in stored


def test_refused_urls_are_one_line_errors_and_the_rest_of_the_batch_goes_on(
    cli, tmp_path: Path
) -> None:
    db_url = f"sqlite:///{tmp_path / 'urls.db'}"
    good = tmp_path / "good.html"
    good.write_bytes(PAGE)
    with site() as s:
        s.pages["/robots.txt"] = (200, b"User-agent: trucewatch\nDisallow: /private\n", {})
        s.pages["/private/memo"] = (200, OTHER, {})
        s.pages["/boom"] = (500, b"oops", {})
        s.pages["/huge"] = (200, b"<p>" + b"x" * 5000 + b"</p>", {})
        urls = [s.base + p for p in ("/private/memo", "/missing", "/boom", "/huge")]
        r = cli(
            "ingest", *urls[:2], str(good), *urls[2:],
            "--db", db_url, "--json", "--max-document-bytes", "4000",
        )  # fmt: skip
        fetched = [p for p, _ in s.seen]
    assert r.code == 1
    out = json.loads(r.out)
    assert out["new documents"] == 1 and out["unreadable"] == 4
    problems = out["problems"]
    assert problems[0] == (f"{urls[0]}: refused, {s.base}/robots.txt disallows it for trucewatch")
    assert problems[1] == f"{urls[1]}: HTTP 404 Not Found"
    assert problems[2] == f"{urls[2]}: HTTP 500 Internal Server Error"
    assert problems[3].startswith(f"{urls[3]}: the response is 5,007 bytes, over the limit")
    assert all("\n" not in p and "Traceback" not in p for p in problems)
    assert "Traceback" not in r.err
    assert "/private/memo" not in fetched  # robots.txt was asked, the page never
    # Nothing kept for a refused URL; the file in the middle of the batch was ingested.
    items = rows(db_url, evidence_items)
    assert [i["acquired_via"] for i in items if i["kind"] == "original"] == ["file"]
