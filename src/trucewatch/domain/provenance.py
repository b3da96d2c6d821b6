"""Source grading on the NATO/Admiralty scale, and the credibility rule the summaries use.

The two axes are independent on purpose: *reliability* (A-F) grades a source's track record and
belongs to the source; *credibility* (1-6) grades one piece of information and belongs to the
claim. A reliable outlet can carry an unconfirmed claim (B3), an unknown one a confirmed fact (F1).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from trucewatch.domain.errors import InvalidInput

# Schemes a page, bulletin or export may turn into a link. Anything else (javascript:, data:,
# vbscript:, file:, a relative path) is shown as text: a stored URL is evidence of what a source
# said, so it is kept as given, but it must never run in or navigate a reader's browser.
LINK_SCHEMES = frozenset({"http", "https"})

RELIABILITY: dict[str, str] = {
    "A": "completely reliable",
    "B": "usually reliable",
    "C": "fairly reliable",
    "D": "not usually reliable",
    "E": "unreliable",
    "F": "reliability cannot be judged",
}

CREDIBILITY: dict[int, str] = {
    1: "confirmed by other sources",
    2: "probably true",
    3: "possibly true",
    4: "doubtful",
    5: "improbable",
    6: "truth cannot be judged",
}

# The summary rule (docs/claims.md): a claim counts towards an incident's summary when its
# information is rated 1-3 and its source A-C.
CREDIBLE_RELIABILITY = frozenset("ABC")
CREDIBLE_CREDIBILITY = 3


def source_ref_id(ref: str) -> int | None:
    """The id in a `source:ID` reference (how a user names a source already stored), else None."""
    ref = ref.strip()
    if ref.startswith("source:") and ref[7:].isdigit():
        return int(ref[7:])
    return None


def is_url_ref(ref: str) -> bool:
    """Whether a source reference is a web address (kept as the source's URL) rather than a
    citation (kept as its text)."""
    return ref.strip().startswith(("http://", "https://"))


def link_url(url: str | None) -> str | None:
    """`url` if it is an absolute http(s) URL with a host, else None (show it as text).

    Browsers drop tabs and newlines anywhere in a URL and leading control characters and
    spaces, so `java\tscript:` is `javascript:` to them: a URL holding any control character or
    space is refused rather than cleaned, so what we check is what the browser would follow.
    """
    if not url or any(ord(ch) < 0x21 or ch == "\x7f" for ch in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in LINK_SCHEMES or not parts.netloc or parts.hostname is None:
        return None
    return url


def parse_reliability(value: str, field: str = "--reliability") -> str:
    v = (value or "").strip().upper()
    if v not in RELIABILITY:
        raise InvalidInput(
            f"{field}: {value!r} is not a source reliability grade; expected one of "
            + ", ".join(f"{k} ({d})" for k, d in RELIABILITY.items())
            + ".",
            field=field.lstrip("-"),
        )
    return v


def parse_credibility(value: int | str, field: str = "--credibility") -> int:
    try:
        v = int(str(value).strip())
    except ValueError:
        v = 0
    if v not in CREDIBILITY:
        raise InvalidInput(
            f"{field}: {value!r} is not an information credibility grade; expected one of "
            + ", ".join(f"{k} ({d})" for k, d in CREDIBILITY.items())
            + ".",
            field=field.lstrip("-"),
        )
    return v


def grade(reliability: str | None, credibility: int | None) -> str:
    """The combined Admiralty code, e.g. "B2"; an unknown axis reads as F or 6."""
    return f"{reliability or 'F'}{credibility or 6}"


def is_credible(reliability: str | None, credibility: int | None) -> bool:
    """Whether a claim meets the summary rule. Ungraded claims never do."""
    return (
        reliability in CREDIBLE_RELIABILITY
        and credibility is not None
        and credibility <= CREDIBLE_CREDIBILITY
    )


@dataclass(frozen=True)
class Evidence:
    """Where in a stored document a claim is read: a character span of `documents.text`."""

    document_id: int | None = None
    start: int | None = None
    end: int | None = None
    text: str | None = None

    def check(self) -> None:
        if (self.start is None) != (self.end is None):
            raise InvalidInput("--evidence: give both ends of the span or neither.")
        if self.start is not None and self.end is not None:
            if self.document_id is None:
                raise InvalidInput("--evidence: a span needs the document it points into.")
            if not 0 <= self.start <= self.end:
                raise InvalidInput(
                    f"--evidence: {self.start}..{self.end} is not a span (0 <= start <= end)."
                )
