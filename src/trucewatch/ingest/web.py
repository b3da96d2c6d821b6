"""Fetching web pages politely: who we are, how long we wait, how much we take, where we may go.

* A descriptive User-Agent (`USER_AGENT`) naming trucewatch, its version and why it fetches.
* Connect and read timeouts; a body over `max_bytes` is refused as soon as it is known to be
  (from Content-Length, else while streaming), never read whole into memory first.
* Redirects are followed by hand, at most `MAX_REDIRECTS`, each hop checked against robots.txt.
* robots.txt (RFC 9309) is fetched with the same client, once per site per fetcher, and honoured
  for our user agent: a 4xx robots.txt allows everything (401 and 403 forbid everything, as
  Python's robotparser has it); a 5xx or an unreachable one forbids the site for now.

Every exchange is returned with the bytes as received (`evidence.warc.Exchange`), for the WARC
capture. No database here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from trucewatch import __version__
from trucewatch.evidence.warc import Exchange
from trucewatch.ingest.readers import MAX_BYTES_HINT

USER_AGENT = (
    f"trucewatch/{__version__} (ceasefire monitoring; fetches pages it is given to keep them "
    "as evidence; honours robots.txt)"
)
CONNECT_TIMEOUT_S = 10.0
READ_TIMEOUT_S = 30.0
MAX_REDIRECTS = 5
ROBOTS_MAX_BYTES = 512 * 1024


class FetchRefused(Exception):
    """A URL was not fetched, or not kept; the message says which and why, in one line."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def is_url(arg: str) -> bool:
    return arg.startswith(("http://", "https://"))


def make_client() -> httpx.Client:
    return httpx.Client(
        headers={"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"},
        timeout=httpx.Timeout(READ_TIMEOUT_S, connect=CONNECT_TIMEOUT_S),
        follow_redirects=False,
    )


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def get_raw(
    client: httpx.Client, url: str, max_bytes: int, headers: dict[str, str] | None = None
) -> Exchange:
    """One GET, its body as received (still content-encoded), refused past `max_bytes`."""
    try:
        with client.stream("GET", url, headers=headers or {}) as r:
            declared = r.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                raise FetchRefused(_too_large(url, f"{int(declared):,} bytes"))
            chunks: list[bytes] = []
            size = 0
            for chunk in r.iter_raw():
                size += len(chunk)
                if size > max_bytes:
                    raise FetchRefused(_too_large(url, f"more than {size - 1:,} bytes"))
                chunks.append(chunk)
            return Exchange(
                url=str(r.request.url),
                method=r.request.method,
                request_headers=[(k.decode(), v.decode()) for k, v in r.request.headers.raw],
                http_version=r.http_version,
                status=r.status_code,
                reason=r.reason_phrase,
                response_headers=[(k.decode(), v.decode()) for k, v in r.headers.raw],
                body=b"".join(chunks),
                at=_now(),
            )
    except httpx.TimeoutException:
        raise FetchRefused(f"{url}: no answer within the timeout (connect {CONNECT_TIMEOUT_S:g} s, "
                           f"read {READ_TIMEOUT_S:g} s)") from None  # fmt: skip
    except httpx.HTTPError as exc:
        raise FetchRefused(f"{url}: could not be fetched ({type(exc).__name__}: {exc})") from None


def _too_large(url: str, size: str) -> str:
    return f"{url}: the response is {size}, over the limit ({MAX_BYTES_HINT} raise it)"


@dataclass
class Fetcher:
    """Fetches pages for `trucewatch ingest URL…`, with robots.txt answers cached per site."""

    client: httpx.Client
    max_bytes: int
    robots: dict[str, RobotFileParser | str] = field(default_factory=dict)

    def allowed(self, url: str) -> str | None:
        """None when robots.txt lets us fetch `url`, else the reason it does not."""
        parts = urlsplit(url)
        site = f"{parts.scheme}://{parts.netloc}"
        if site not in self.robots:
            self.robots[site] = self._robots(site)
        rules = self.robots[site]
        if isinstance(rules, str):
            return rules
        if not rules.can_fetch(USER_AGENT, url):
            return f"{url}: refused, {site}/robots.txt disallows it for trucewatch"
        return None

    def _robots(self, site: str) -> RobotFileParser | str:
        where = f"{site}/robots.txt"
        rules = RobotFileParser(where)
        try:
            got = get_raw(self.client, where, ROBOTS_MAX_BYTES)
        except FetchRefused as exc:
            return f"refused: {where} could not be read, so the site is left alone ({exc.message})"
        if got.status >= 500:
            return f"refused: {where} answered HTTP {got.status}, so the site is left alone"
        if got.status in (401, 403):
            rules.parse(["User-agent: *", "Disallow: /"])
        elif got.status >= 300:
            # 3xx (not followed for robots.txt) and other 4xx: no rules, everything allowed.
            rules.parse([])
        else:
            body = httpx.Response(200, headers=got.response_headers, content=got.body)
            rules.parse(body.text.splitlines())
        return rules

    def fetch(self, url: str) -> list[Exchange]:
        """GET `url`, following redirects; every exchange, the page's last. A refusal by
        robots.txt, an HTTP error status, too many redirects or too large a body raise
        FetchRefused naming the URL."""
        exchanges: list[Exchange] = []
        current = url
        while True:
            reason = self.allowed(current)
            if reason is not None:
                raise FetchRefused(reason if current == url else f"{url}: redirected to {reason}")
            got = get_raw(self.client, current, self.max_bytes)
            exchanges.append(got)
            location = {k.lower(): v for k, v in got.response_headers}.get("location")
            if got.status in (301, 302, 303, 307, 308) and location:
                if len(exchanges) > MAX_REDIRECTS:
                    raise FetchRefused(f"{url}: more than {MAX_REDIRECTS} redirects")
                current = urljoin(current, location)
                continue
            if got.status >= 300:
                raise FetchRefused(f"{url}: HTTP {got.status} {got.reason}".rstrip())
            return exchanges
