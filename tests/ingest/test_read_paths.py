import io
import shutil
from pathlib import Path

import pytest

from trucewatch.ingest import Document, read_path, read_paths, read_stdin

from .helpers import FIXTURES, only_document, split


@pytest.mark.parametrize(
    ("fixture", "suffix", "expected"),
    [
        ("french-communique.txt", ".md", "text"),
        ("seed-article.html", ".htm", "html"),
        ("mixed.jsonl", ".ndjson", "jsonl"),
        ("articles.csv", ".csv", "csv"),
        ("ceasefire-news.rss", ".xml", "feed"),
        ("ceasefire-news.atom", ".atom", "feed"),
        # No telling extension: the content decides.
        ("seed-article.html", ".dat", "html"),
        ("ceasefire-news.atom", "", "feed"),
        ("mixed.jsonl", ".out", "jsonl"),
        ("french-communique.txt", ".body", "text"),
    ],
)
def test_auto_format_goes_by_extension_then_content(
    tmp_path: Path, fixture: str, suffix: str, expected: str
) -> None:
    path = tmp_path / f"input{suffix}"
    shutil.copy(FIXTURES / fixture, path)
    docs, _ = split(read_path(path))
    assert docs
    assert {d.format for d in docs} == {expected}


def test_explicit_format_overrides_the_extension(tmp_path: Path) -> None:
    path = tmp_path / "page.txt"
    shutil.copy(FIXTURES / "seed-article.html", path)
    assert only_document(read_path(path, format="html")).format == "html"


def test_xml_that_is_not_a_feed_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "data.xml"
    path.write_text('<?xml version="1.0"?><catalog><book>War and Peace</book></catalog>')
    docs, problems = split(read_path(path))
    assert docs == []
    assert "is XML but not an RSS or Atom feed" in problems[0].message


def test_missing_file_is_a_problem_not_an_exception(tmp_path: Path) -> None:
    path = tmp_path / "nope.txt"
    _, problems = split(read_path(path))
    assert problems[0].message == f"{path}: does not exist"


def test_unknown_format_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="unknown format 'pdf'"):
        list(read_path(FIXTURES / "articles.csv", format="pdf"))


def test_read_paths_walks_folders_sorted_and_skips_hidden_files(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / ".git").mkdir()
    (tmp_path / "b" / "two.txt").write_text("Two\nSecond file.")
    (tmp_path / "a.txt").write_text("One\nFirst file.")
    (tmp_path / ".hidden.txt").write_text("Hidden\nNot read.")
    (tmp_path / ".git" / "HEAD").write_text("ref: refs/heads/main")
    (tmp_path / "z.txt").write_bytes(b"")
    extra = tmp_path / "later.txt"
    extra.write_text("Later\nGiven on its own.")

    results = list(read_paths([tmp_path / "b", tmp_path, extra]))

    titles = [r.title if isinstance(r, Document) else r.message for r in results]
    empty = f"{tmp_path / 'z.txt'}: is empty"
    assert titles == ["Two", "One", "Two", "Later", empty, "Later"]


def test_one_bad_file_does_not_stop_the_batch(tmp_path: Path) -> None:
    (tmp_path / "1.bin").write_bytes(b"\x00\x01\x02")
    (tmp_path / "2.txt").write_text("Fine\nThe truce holds.")
    docs, problems = split(read_paths([tmp_path]))
    assert [d.title for d in docs] == ["Fine"]
    assert problems[0].message.endswith("is binary, not text")


@pytest.mark.parametrize("binary", [True, False])
def test_read_stdin_sniffs_and_decodes_the_stream(binary: bool) -> None:
    raw = (FIXTURES / "arabic-statement.txt").read_text(encoding="utf-8")
    stream: io.IOBase
    if binary:
        stream = io.BytesIO(raw.encode("cp1256"))
    else:
        stream = io.TextIOWrapper(io.BytesIO(raw.encode("cp1256")), encoding="latin-1")
    doc = only_document(read_stdin(stream))
    assert doc.text == raw.strip()
    assert doc.origin == "<stdin>"


def test_read_stdin_reads_jsonl_when_told(tmp_path: Path) -> None:
    stream = io.StringIO('{"id": "s1", "text": "From a pipe."}\n')
    doc = only_document(read_stdin(stream, format="jsonl"))
    assert (doc.id, doc.origin) == ("s1", "<stdin>#line 1")
