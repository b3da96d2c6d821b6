"""Security headers on every response, and the Content Security Policy of the pages.

The policy allows scripts and styles from this server only: no inline script, no inline event
handler, no `eval`, no inline style sheet or style attribute. Data that reaches a page is escaped
by the templates; the policy is the second wall, so that a mistake there still runs nothing.
A response that sets its own policy (the printable bulletin, whose style sheet is inline and
allowed by its hash) keeps it. The interactive API docs (Swagger UI, loaded by FastAPI from a
CDN with an inline bootstrap script) get no policy; everything else HTML does.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

ASGIApp = Callable[..., Any]


def tile_source(tile_server_url: str | None) -> str | None:
    """The CSP source for a Leaflet tile URL template such as `https://{s}.tile.example/{z}/…`.

    A `{s}` subdomain becomes the `*.` wildcard CSP allows in the leftmost label; a template with
    placeholders elsewhere in the host falls back to its scheme alone.
    """
    if not tile_server_url:
        return None
    parts = urlsplit(tile_server_url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    host = parts.netloc
    if host.startswith("{") and "}." in host:
        host = "*." + host.split("}.", 1)[1]
    if "{" in host or "}" in host or "'" in host or ";" in host or " " in host:
        return f"{parts.scheme}:"
    return f"{parts.scheme}://{host}"


def content_security_policy(tile_server_url: str | None = None, *, styles: str = "'self'") -> str:
    images = " ".join(x for x in ("'self'", "data:", tile_source(tile_server_url)) if x)
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            f"style-src {styles}",
            f"img-src {images}",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
            "form-action 'self'",
        ]
    )


def style_hash(css: str) -> str:
    """The CSP source allowing exactly one inline style sheet."""
    digest = hashlib.sha256(css.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


class SecurityHeaders:
    """Adds nosniff and a referrer policy everywhere, and the CSP and framing ban to HTML."""

    def __init__(self, app: ASGIApp, *, policy: str, exempt: frozenset[str]) -> None:
        self.app = app
        self.policy = policy.encode("ascii")
        self.exempt = exempt

    async def __call__(
        self, scope: dict[str, Any], receive: Callable[..., Any], send: Callable[..., Any]
    ) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        exempt = scope["path"] in self.exempt

        async def with_headers(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {name.lower() for name, _ in headers}
                html = any(
                    name.lower() == b"content-type" and value.startswith(b"text/html")
                    for name, value in headers
                )
                extra = [
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"same-origin"),
                ]
                if html and not exempt:
                    extra += [
                        (b"content-security-policy", self.policy),
                        (b"x-frame-options", b"DENY"),
                    ]
                headers += [(k, v) for k, v in extra if k not in names]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers)
