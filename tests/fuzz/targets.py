"""One fuzz target per reader and importer: bytes in, every record read, nothing stored.

A target writes the bytes to a file with the name its reader expects (the suffix matters for
the ingest readers and ACLED's JSON), runs the same steps the CLI runs before storing (the
import's format check, then the reader to the end) and returns how many records or problems it
saw. The contract the fuzz tests check: a target returns, or raises `TrucewatchError` (the
user-facing error the CLI prints as one sentence); anything else is a bug.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from trucewatch.ingest import read_path
from trucewatch.interop import acled, gdelt, pax, sniff, ucdp_ged
from trucewatch.reference import geonames, phoenix, ucdp, unsanctions

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def _count(items: Iterable[object]) -> int:
    return sum(1 for _ in items)


def _ingest(name: str, fmt: str = "auto") -> Callable[[Path], int]:
    def run(path: Path) -> int:
        return _count(read_path(path, format=fmt))

    return run


def _import(kind: str, reader: Callable[[Path], Iterable[object]]) -> Callable[[Path], int]:
    def run(path: Path) -> int:
        sniff.expect(path, kind)
        return _count(reader(path))

    return run


def _gdelt_mentions(path: Path) -> int:
    sniff.expect(path, "gdelt-mentions")
    return len(gdelt.read_mentions(path, ["610848413", "610848414"]))


@dataclass(frozen=True)
class Target:
    name: str
    filename: str  # the name the bytes are written under
    run: Callable[[Path], int]
    seeds: tuple[str, ...]  # fixture files (under tests/fixtures) to mutate

    def __call__(self, data: bytes) -> int:
        with tempfile.TemporaryDirectory(prefix="trucewatch-fuzz-") as folder:
            path = Path(folder) / self.filename
            path.write_bytes(data)
            return self.run(path)

    def seed_bytes(self) -> list[bytes]:
        return [(FIXTURES / s).read_bytes() for s in self.seeds]


TARGETS: dict[str, Target] = {
    t.name: t
    for t in (
        Target("text", "doc.txt", _ingest("text"), ("ingest/french-communique.txt",)),
        Target("html", "doc.html", _ingest("html"), ("ingest/divsoup-article.html",)),
        Target("csv", "docs.csv", _ingest("csv"), ("ingest/articles.csv", "ingest/headlines.csv")),
        Target("jsonl", "docs.jsonl", _ingest("jsonl"), ("ingest/mixed.jsonl",)),
        Target(
            "feed",
            "news.rss",
            _ingest("feed"),
            ("ingest/ceasefire-news.rss", "ingest/ceasefire-news.atom"),
        ),
        Target("sniffed", "upload", _ingest("auto"), ("ingest/mixed.jsonl", "ingest/broken.html")),
        Target(
            "acled-csv",
            "acled.csv",
            _import("acled", acled.read),
            ("interop/acled_syria_2017.csv", "interop/acled_bad_rows.csv"),
        ),
        Target(
            "acled-json", "acled.json", _import("acled", acled.read), ("interop/acled_api.json",)
        ),
        Target(
            "acled-deletions",
            "deleted.csv",
            _import("acled-deletions", acled.read_deletions),
            ("interop/acled_deleted.csv",),
        ),
        Target(
            "ucdp-ged",
            "ged.csv",
            _import("ucdp-ged", ucdp_ged.read),
            ("interop/ucdp_ged_syria_2017.csv",),
        ),
        Target(
            "gdelt",
            "20161231.export.CSV",
            _import("gdelt", gdelt.read_events),
            ("interop/20161231.export.CSV",),
        ),
        Target(
            "gdelt-mentions",
            "20161231.mentions.CSV",
            _gdelt_mentions,
            ("interop/20161231.mentions.CSV",),
        ),
        Target("pax", "pax.csv", _import("pax", pax.read), ("interop/pax_example.csv",)),
        Target(
            "geonames-places",
            "places.csv",
            lambda p: _count(geonames.parse_places(p)),
            ("reference/geonames_places_excerpt.csv",),
        ),
        Target(
            "geonames-admin1",
            "admin1.csv",
            lambda p: _count(geonames.parse_admin1(p)),
            ("reference/geonames_admin1.csv",),
        ),
        Target(
            "ucdp-actors",
            "actors.csv",
            lambda p: _count(ucdp.parse_ucdp_actors(p)),
            ("reference/ucdp_actors.csv",),
        ),
        Target(
            "phoenix",
            "actors.txt",
            lambda p: _count(phoenix.parse_phoenix(p)),
            ("reference/phoenix_actors_excerpt.txt",),
        ),
        Target(
            "un-sanctions",
            "consolidated.xml",
            lambda p: _count(unsanctions.parse_un_sanctions(p)),
            ("reference/un_truncated.xml", "reference/un_not_the_schema.xml"),
        ),
    )
}
