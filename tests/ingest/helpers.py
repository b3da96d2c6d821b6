"""Shared by the reader tests: where the fixture files are, and helpers to split results."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from trucewatch.ingest import Document, ReadProblem, ReadResult

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ingest"
# The founding example as scraped (comment form included), shipped with the tests.
SEED_TEXT = Path(__file__).resolve().parents[1] / "fixtures" / "extract" / "seed-article.txt"
# The demo corpus ships with the package (src/trucewatch/data/demo-corpus).
DEMO_CORPUS = Path(__file__).resolve().parents[2] / "src" / "trucewatch" / "data" / "demo-corpus"


def split(results: Iterable[ReadResult]) -> tuple[list[Document], list[ReadProblem]]:
    """Documents and problems, each in reading order."""
    docs: list[Document] = []
    problems: list[ReadProblem] = []
    for result in results:
        (docs if isinstance(result, Document) else problems).append(result)  # type: ignore[arg-type]
    return docs, problems


def only_document(results: Iterable[ReadResult]) -> Document:
    docs, problems = split(results)
    assert problems == []
    assert len(docs) == 1
    return docs[0]
