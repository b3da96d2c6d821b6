"""The pages' Content Security Policy: a configured tile server is the only other image origin."""

from __future__ import annotations

import pytest

from trucewatch.server.headers import content_security_policy, tile_source


@pytest.mark.parametrize(
    ("url", "source"),
    [
        ("https://{s}.tile.example.org/{z}/{x}/{y}.png", "https://*.tile.example.org"),
        ("http://tiles.local:8080/{z}/{x}/{y}.png", "http://tiles.local:8080"),
        ("https://a.{s}.example.org/{z}/{x}/{y}.png", "https:"),
        ("javascript:alert(1)//{z}", None),
        (None, None),
    ],
)
def test_tile_source(url: str | None, source: str | None) -> None:
    assert tile_source(url) == source


def test_the_tile_origin_is_allowed_for_images_only() -> None:
    policy = content_security_policy("https://{s}.tile.example.org/{z}/{x}/{y}.png")
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["img-src"] == "'self' data: https://*.tile.example.org"
    assert directives["script-src"] == directives["connect-src"] == "'self'"
