"""Contextual escaping where data meets HTML or JavaScript, beyond Jinja's HTML autoescape.

- `script_json`: JSON embedded in `<script type="application/json">`. `json.dumps` leaves `<`,
  `>` and `&` as they are, so a value holding `</script>` would close the element and the rest
  would run as markup; U+2028/U+2029 end lines in older JavaScript. All five are written as
  `\\uXXXX` escapes, which JSON.parse reads back unchanged.
- `http_url`: a URL that may become a link: http and https only. `javascript:`, `data:`,
  `vbscript:` and anything else are shown as text, never as an `href`.
- `CSP`: the Content-Security-Policy of every page: scripts only from this origin (no inline
  script, no eval), no plugins, no framing, forms posting only here.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlsplit

from markupsafe import Markup

_SCRIPT_ESCAPES = {
    ord("<"): "\\u003c",
    ord(">"): "\\u003e",
    ord("&"): "\\u0026",
    0x2028: "\\u2028",
    0x2029: "\\u2029",
}


def script_json(value: Any) -> Markup:
    """JSON safe inside a `<script>` element (already a JSON string, or any JSON-able value)."""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return Markup(text.translate(_SCRIPT_ESCAPES))  # noqa: S704 -- escaped for <script> above


def http_url(value: Any) -> str | None:
    """The URL when its scheme is http or https (and it names a host), else None."""
    if not isinstance(value, str):
        return None
    url = value.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() in ("http", "https") and parts.netloc:
        return url
    return None


def csp(tile_url: str | None = None) -> str:
    img = "'self' data:"
    if tile_url:
        origin = urlsplit(tile_url)
        if origin.scheme in ("http", "https") and origin.netloc:
            img += f" {origin.scheme}://{origin.netloc.split('{')[0] or origin.netloc}"
    return (
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        f"img-src {img}; connect-src 'self'; object-src 'none'; base-uri 'none'; "
        "frame-ancestors 'none'; form-action 'self'"
    )


class SecurityHeaders:
    """Every response: the page policy (`csp`), no MIME sniffing, no referrer to other sites."""

    def __init__(self, app: Any, *, tile_url: str | None = None) -> None:
        self.app = app
        self.headers = [
            (b"content-security-policy", csp(tile_url).encode()),
            (b"x-content-type-options", b"nosniff"),
            (b"referrer-policy", b"same-origin"),
        ]

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in self.headers if k not in names]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, with_headers)
