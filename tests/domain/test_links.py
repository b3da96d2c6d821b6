"""Which stored URLs may become links (issue 15, finding 9): http and https only."""

from __future__ import annotations

import pytest

from trucewatch.domain.provenance import link_url


@pytest.mark.parametrize(
    "url",
    ["http://example.org", "https://example.org/a?b=c#d", "HTTPS://EXAMPLE.ORG/x"],
)
def test_http_urls_are_links(url: str) -> None:
    assert link_url(url) == url


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        " javascript:alert(1)",
        "java\tscript:alert(1)",
        "\x01javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "file:///etc/passwd",
        "//evil.example/x",
        "/relative/path",
        "https:///no-host",
        "https://exa mple.org",
        "http://[::1",
        "",
        None,
    ],
)
def test_anything_else_is_text(url: str | None) -> None:
    assert link_url(url) is None
