"""How a user's source reference is read: `source:ID`, a web address, or a citation."""

from __future__ import annotations

import pytest

from trucewatch.domain.provenance import is_url_ref, source_ref_id


@pytest.mark.parametrize(
    ("ref", "expected"),
    [("source:12", 12), (" source:7 ", 7), ("source:", None), ("source:x1", None),
     ("Source:3", None), ("https://example.org/source:3", None), ("a citation", None)],
)  # fmt: skip
def test_source_ref_id_reads_only_the_source_id_form(ref: str, expected: int | None) -> None:
    assert source_ref_id(ref) == expected


@pytest.mark.parametrize(
    ("ref", "expected"),
    [("https://example.org/a", True), ("  http://example.org", True), ("ftp://example.org", False),
     ("Reuters, 5 April 2017", False), ("source:1", False)],
)  # fmt: skip
def test_is_url_ref_takes_web_addresses_only(ref: str, expected: bool) -> None:
    assert is_url_ref(ref) is expected
