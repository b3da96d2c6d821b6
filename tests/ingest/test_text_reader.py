import datetime as dt
from pathlib import Path

import pytest

from trucewatch.ingest import content_id, read_path, strip_boilerplate

from .helpers import FIXTURES, SEED_TEXT, only_document, split

LAVROV_QUOTES = [
    "We are working for the expansion of the range of truce participants.",
    "the result could be achieved rather quickly and be positive",
    "also do not agree",
]
PAGE_LEFTOVERS = ["Leave a Reply", "Your email address will not be published", "Required fields"]


def seed_text() -> str:
    return SEED_TEXT.read_text(encoding="utf-8")


def test_strip_boilerplate_drops_the_comment_form_from_the_seed_article() -> None:
    cleaned = strip_boilerplate(seed_text())
    for quote in LAVROV_QUOTES:
        assert quote in cleaned
    for leftover in PAGE_LEFTOVERS:
        assert leftover not in cleaned
    assert cleaned.endswith("also do not agree”.")


def test_strip_boilerplate_keeps_the_text_before_the_leftovers_unchanged() -> None:
    body = "Title\n\nFirst paragraph.\n\nSecond paragraph."
    tail = "\n\nShare this:\nFacebook\nTwitter\nRelated posts\nLeave a Reply\n"
    assert strip_boilerplate(body + tail) == body


def test_strip_boilerplate_leaves_a_leftover_phrase_in_the_middle_alone() -> None:
    text = "Share this:\n" + "The ministry said the truce would hold. " * 5 + "\nIt held."
    assert strip_boilerplate(text) == text


def test_strip_boilerplate_cuts_readers_comments_after_a_late_comment_heading() -> None:
    article = "The ceasefire took effect at midnight. " * 10
    page = article + "\nLeave a Reply\nabu_omar: Pray it holds this time.\nSami: Same promises."
    assert strip_boilerplate(page) == article


def test_text_reader_takes_title_and_dateline_from_the_first_lines(tmp_path: Path) -> None:
    path = tmp_path / "statement.txt"
    path.write_text(
        "Russia wants more groups to join Syria truce\n\nWed 05 Apr 2017\n\n"
        "Russia is taking steps.",
        encoding="utf-8",
    )
    doc = only_document(read_path(path))
    assert doc.title == "Russia wants more groups to join Syria truce"
    assert doc.published == dt.date(2017, 4, 5)
    assert doc.format == "text"
    assert doc.origin == str(path)


@pytest.mark.parametrize(
    "first_line",
    [
        "Russia is taking steps for expanding the list of groups that have joined the truce.",
        "A" * 150,
    ],
)
def test_text_reader_does_not_take_a_sentence_or_long_line_as_title(
    tmp_path: Path, first_line: str
) -> None:
    path = tmp_path / "a.txt"
    path.write_text(first_line + "\nMore text.", encoding="utf-8")
    assert only_document(read_path(path)).title is None


@pytest.mark.parametrize(
    ("dateline", "expected"),
    [
        ("April 5, 2017", dt.date(2017, 4, 5)),
        ("5 April 2017", dt.date(2017, 4, 5)),
        (
            "DAMASCUS, 5 April 2017 (Reuters) - The truce held on the first day of the talks.",
            dt.date(2017, 4, 5),
        ),
    ],
)
def test_text_reader_finds_datelines(tmp_path: Path, dateline: str, expected: dt.date) -> None:
    path = tmp_path / "a.txt"
    path.write_text(f"Headline\n{dateline}\nBody.", encoding="utf-8")
    assert only_document(read_path(path)).published == expected


def test_text_reader_ignores_a_date_deep_inside_the_first_sentence(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    sentence = (
        "Officials met on Monday to review the truce that was first agreed on 30 December 2016."
    )
    path.write_text(f"Headline\n{sentence}\n", encoding="utf-8")
    assert only_document(read_path(path)).published is None


def test_text_reader_cleans_the_seed_article_and_gives_it_a_stable_id(tmp_path: Path) -> None:
    path = tmp_path / "seed.txt"
    path.write_text(seed_text(), encoding="utf-8")
    doc = only_document(read_path(path))
    assert doc.title == "Russia wants more groups to join Syria truce"
    assert "Leave a Reply" not in doc.text
    assert only_document(read_path(path)).id == doc.id
    assert len(doc.id) == 16


ENCODINGS = [
    ("arabic-statement.txt", "utf-8"),
    ("arabic-statement.txt", "utf-8-sig"),
    ("arabic-statement.txt", "cp1256"),
    ("arabic-statement.txt", "utf-16"),
    ("french-communique.txt", "utf-8"),
    ("french-communique.txt", "utf-8-sig"),
    ("french-communique.txt", "cp1252"),
    ("french-communique.txt", "latin-1"),
]
LATIN1_SAFE = str.maketrans({"’": "'", "—": "-", "€": "E", "«": "<", "»": ">"})


def encodable(text: str, encoding: str) -> str:
    return text.translate(LATIN1_SAFE) if encoding == "latin-1" else text


@pytest.mark.parametrize(("fixture", "encoding"), ENCODINGS)
def test_text_reader_decodes_reencoded_files(tmp_path: Path, fixture: str, encoding: str) -> None:
    original = encodable((FIXTURES / fixture).read_text(encoding="utf-8"), encoding)
    path = tmp_path / fixture
    path.write_bytes(original.encode(encoding))
    doc = only_document(read_path(path))
    assert doc.text == original.strip()
    assert doc.id == content_id(original)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty"),
        (b"  \n\n\t ", "is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "is binary, not text"),
        (bytes(range(256)) * 4, "is binary, not text"),
    ],
)
def test_text_reader_reports_empty_and_binary_files(
    tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    docs, problems = split(read_path(path))
    assert docs == []
    assert [p.origin for p in problems] == [str(path)]
    assert problems[0].message == f"{path}: {message}"
