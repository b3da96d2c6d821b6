"""Web captures as WARC (ISO 28500): what we asked, what the server answered, byte for byte.

One capture is one `.warc.gz` object in the evidence store: a `warcinfo` record (the tool), then
for each HTTP exchange (a redirect is an exchange too) a `request` record and a `response`
record, the pair linked by `WARC-Concurrent-To`. The response record holds the status line, the
headers and the body exactly as received (content-encoding included), except that a body sent
chunked is stored de-chunked, so its `Transfer-Encoding` header is dropped (httpx hands over the
de-chunked bytes; a reader of the record would otherwise try to de-chunk them again).

Extraction reads the response payload back from the stored object (`payload`), never from the
network response, so the text we extract is provably the text of the capture we keep.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable
from dataclasses import dataclass
from typing import BinaryIO
from urllib.parse import urlsplit

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import BufferWARCWriter

from trucewatch import __version__

MEDIA_TYPE = "application/warc"


@dataclass(frozen=True)
class Exchange:
    """One HTTP request and the response it got, as sent and received."""

    url: str
    method: str
    request_headers: list[tuple[str, str]]
    http_version: str  # "HTTP/1.1"
    status: int
    reason: str
    response_headers: list[tuple[str, str]]
    body: bytes  # as received: still content-encoded when the server encoded it
    at: dt.datetime  # when the response arrived (UTC)


@dataclass(frozen=True)
class Payload:
    url: str  # the response record's WARC-Target-URI
    record_id: str  # its WARC-Record-ID
    status: int
    content_type: str | None
    body: bytes  # content-decoded


def _warc_date(at: dt.datetime) -> str:
    return at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def write_capture(exchanges: Iterable[Exchange]) -> bytes:
    """The exchanges as one gzipped WARC file (each record its own gzip member)."""
    writer = BufferWARCWriter(gzip=True)
    writer.write_record(
        writer.create_warcinfo_record(
            "capture.warc.gz", {"software": f"trucewatch {__version__}", "format": "WARC/1.0"}
        )
    )
    for x in exchanges:
        date = _warc_date(x.at)
        parts = urlsplit(x.url)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        request = writer.create_warc_record(
            x.url,
            "request",
            payload=io.BytesIO(b""),
            warc_headers_dict={"WARC-Date": date},
            http_headers=StatusAndHeaders(
                f"{x.method} {target} {x.http_version}",
                list(x.request_headers),
                is_http_request=True,
            ),
        )
        headers = [(k, v) for k, v in x.response_headers if k.lower() != "transfer-encoding"]
        response = writer.create_warc_record(
            x.url,
            "response",
            payload=io.BytesIO(x.body),
            length=len(x.body),
            warc_headers_dict={"WARC-Date": date},
            http_headers=StatusAndHeaders(
                f"{x.status} {x.reason}".strip(), headers, protocol=x.http_version
            ),
        )
        request.rec_headers.add_header(
            "WARC-Concurrent-To", response.rec_headers.get_header("WARC-Record-ID")
        )
        writer.write_record(request)
        writer.write_record(response)
    return writer.get_contents()


def payload(stream: BinaryIO) -> Payload | None:
    """The last response record's payload (after redirects: the page itself), content-decoded;
    None when the file holds no response record."""
    last: Payload | None = None
    for record in ArchiveIterator(stream):
        if record.rec_type != "response":
            continue
        http = record.http_headers
        last = Payload(
            record.rec_headers.get_header("WARC-Target-URI"),
            record.rec_headers.get_header("WARC-Record-ID"),
            int(http.get_statuscode()) if http else 0,
            http.get_header("Content-Type") if http else None,
            record.content_stream().read(),
        )
    return last
