import datetime as dt
from pathlib import Path

import pytest

from trucewatch.ingest import ColumnMap, read_path

from .helpers import FIXTURES, only_document, split

HEADLINES = ColumnMap(
    text="body", id="story_id", title="headline", date="published_on", url=None,
    source=None, license=None,
)  # fmt: skip


def test_csv_reader_reads_rows_with_the_default_columns() -> None:
    path = FIXTURES / "articles.csv"
    docs, problems = split(read_path(path))
    assert problems == []
    assert [d.id for d in docs] == ["a1", "a2", "a3"]
    # a1's text spans two lines, so a2 starts on line 4.
    assert [d.origin for d in docs] == [f"{path}#line {n}" for n in (2, 4, 5)]
    assert [d.published for d in docs] == [
        dt.date(2016, 2, 27),
        dt.date(2016, 2, 28),
        dt.date(2016, 2, 29),
    ]
    assert docs[0].text.endswith("Both sides reported isolated violations.")
    assert docs[2].title is None and docs[2].url is None
    assert docs[0].extra == {"section": "world"}


def test_csv_reader_uses_a_caller_column_map_and_sniffs_semicolons() -> None:
    docs, problems = split(read_path(FIXTURES / "headlines.csv", csv_columns=HEADLINES))
    assert problems == []
    assert [(d.id, d.title, d.published) for d in docs] == [
        ("s-1", "Talks resume in Astana", dt.date(2017, 5, 3)),
        ("s-2", "De-escalation zones agreed", dt.date(2017, 5, 4)),
    ]


@pytest.mark.parametrize(
    ("columns", "missing"),
    [(None, "text"), (ColumnMap(text="body", title="heading"), "heading")],
)
def test_csv_reader_names_a_missing_column_and_lists_the_present_ones(
    columns: ColumnMap | None, missing: str
) -> None:
    path = FIXTURES / "headlines.csv"
    docs, problems = split(read_path(path, csv_columns=columns))
    assert docs == []
    assert any(
        p.message.startswith(f"{path}, field {missing!r}: has no column {missing!r}")
        and "'story_id', 'headline', 'body', 'published_on'" in p.message
        for p in problems
    )


def test_csv_reader_reports_a_bad_row_and_reads_the_next(tmp_path: Path) -> None:
    path = tmp_path / "rows.csv"
    path.write_text("id,text,date\n1,,2017-01-01\n2,Truce holds.,not a date\n3,It held.,\n")
    docs, problems = split(read_path(path))
    assert [d.id for d in docs] == ["3"]
    assert [p.origin for p in problems] == [f"{path}#line 2", f"{path}#line 3"]
    assert "line 2, field 'text': is empty" in problems[0].message
    assert "line 3, field 'date': 'not a date' is not a date" in problems[1].message


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "cp1256"])
def test_csv_reader_decodes_reencoded_files(tmp_path: Path, encoding: str) -> None:
    text = "Cessez-le-feu à Alep : « trêve »" if encoding != "cp1256" else "وقف إطلاق النار في حلب"
    text = (text + " ") * 8
    path = tmp_path / "rows.csv"
    path.write_bytes(f"id,text\nx1,{text}\n".encode(encoding))
    assert only_document(read_path(path)).text == text
