"""A local 127.0.0.1 HTTP server whose feeds change between polls (new items, 304s, a malformed
feed, a 500), for the `trucewatch watch` tests."""

from __future__ import annotations

import hashlib
import random
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from xml.sax.saxutils import escape

WORDS = (
    "convoy checkpoint village ridge river bridge market clinic school bakery highway orchard "
    "council envoy monitors shelling airstrike mortar sniper drone withdrawal corridor aid "
    "grain fuel water power harbour border crossing tunnel hill valley district militia army "
    "brigade police delegation talks agreement violation observers truck bus refugees camp"
).split()


def article(n: int, seed: int = 0) -> str:
    """A distinct made-up news text (distinct enough that near-duplicate detection keeps it)."""
    rng = random.Random(n * 7919 + seed)
    sentences = []
    for _ in range(6):
        ws = rng.sample(WORDS, 9)
        sentences.append(f"Item {n}: the {' '.join(ws)} reported on day {rng.randrange(1, 28)}.")
    return " ".join(sentences)


def rss(items: list[int]) -> bytes:
    parts = [
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>',
        "<title>Local wire</title><link>http://127.0.0.1/</link><description>t</description>",
    ]
    for n in items:
        parts.append(
            f"<item><guid>urn:wire:{n}</guid><title>Wire item {n}</title>"
            f"<link>http://127.0.0.1/wire/{n}</link>"
            f"<pubDate>Mon, 0{1 + n % 9} May 2017 10:00:00 GMT</pubDate>"
            f"<description>{escape(article(n))}</description></item>"
        )
    parts.append("</channel></rss>")
    return "".join(parts).encode()


@dataclass
class Feeds:
    items: dict[str, list[int]] = field(default_factory=dict)  # path -> item numbers
    broken: set[str] = field(default_factory=set)  # paths that answer 500
    malformed: set[str] = field(default_factory=set)  # paths that answer a non-feed
    hits: list[tuple[str, int]] = field(default_factory=list)  # (path, status) served
    base: str = ""


@contextmanager
def feed_server() -> Iterator[Feeds]:
    feeds = Feeds()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802
            path = self.path
            if path in feeds.broken:
                self._send(500, b"boom")
            elif path in feeds.malformed:
                self._send(200, b"<rss><channel><item><title>cut off", "application/rss+xml")
            elif path in feeds.items:
                body = rss(feeds.items[path])
                tag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
                if self.headers.get("If-None-Match") == tag:
                    self._send(304, b"", etag=tag)
                else:
                    self._send(200, body, "application/rss+xml", etag=tag)
            else:
                self._send(404, b"no such feed")

        def _send(
            self, status: int, body: bytes, ctype: str = "text/plain", etag: str | None = None
        ) -> None:
            feeds.hits.append((self.path, status))
            self.send_response(status)
            if etag:
                self.send_header("ETag", etag)
            self.send_header("Last-Modified", formatdate(usegmt=True))
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if status != 304:
                self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    feeds.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield feeds
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
