import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trucewatch.ingest import content_id, read_path

from .helpers import DEMO_CORPUS, FIXTURES, split


def test_jsonl_reader_reports_bad_lines_and_reads_the_rest() -> None:
    path = FIXTURES / "mixed.jsonl"
    docs, problems = split(read_path(path))
    assert [d.origin for d in docs] == [f"{path}#line {n}" for n in (1, 5, 8)]
    assert [p.origin for p in problems] == [f"{path}#line {n}" for n in (2, 4, 6, 7)]
    assert "line 2: is not JSON" in problems[0].message
    assert "line 4, field 'text': has no text" in problems[1].message
    assert "line 6, field 'date': 'sometime in spring' is not a date" in problems[2].message
    assert "line 7: is a JSON list, not an object" in problems[3].message


def test_jsonl_reader_maps_keys_and_keeps_unknown_ones_in_extra() -> None:
    docs, _ = split(read_path(FIXTURES / "mixed.jsonl"))
    first, from_html, no_id = docs
    assert (first.id, first.published, first.source_name) == ("j1", dt.date(2017, 4, 5), "Desk")
    assert from_html.title == "From HTML"
    assert from_html.text.startswith("The truce was extended by seventy-two hours")
    assert no_id.id == content_id(no_id.text)
    assert no_id.extra == {"lang": "en", "tags": '["a", "b"]'}


records = st.lists(
    st.fixed_dictionaries(
        {"text": st.text(min_size=1).filter(str.strip)},
        optional={
            "id": st.text(min_size=1).filter(str.strip).map(str.strip),
            "title": st.text(),
        },
    ),
    max_size=8,
)
# A raw NUL byte makes the whole file binary, which is a different test.
not_json = st.text(min_size=1).filter(lambda s: s.strip() and not any(c in s for c in "\n\r\x00"))


def _is_json(line: str) -> bool:
    try:
        json.loads(line)
    except ValueError:
        return False
    return True


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(items=st.lists(st.one_of(records.map(tuple), not_json.filter(lambda s: not _is_json(s)))))
def test_jsonl_reader_round_trips_records_and_numbers_bad_lines(
    tmp_path: Path, items: list[tuple[dict[str, str], ...] | str]
) -> None:
    lines: list[str] = []
    expected_docs: list[tuple[int, str, str]] = []
    expected_problems: list[int] = []
    for item in items:
        if isinstance(item, str):
            lines.append(item)
            expected_problems.append(len(lines))
            continue
        for record in item:
            lines.append(json.dumps(record, ensure_ascii=False))
            id_ = record.get("id") or content_id(record["text"])
            expected_docs.append((len(lines), record["text"], id_))
    path = tmp_path / "records.jsonl"
    path.write_bytes(("\n".join(lines) + "\n").encode("utf-8"))

    docs, problems = split(read_path(path))

    if not lines:
        assert [p.message for p in problems] == [f"{path}: is empty"]
        return
    assert [(d.origin, d.text, d.id) for d in docs] == [
        (f"{path}#line {n}", text, id_) for n, text, id_ in expected_docs
    ]
    assert [p.origin for p in problems] == [f"{path}#line {n}" for n in expected_problems]


DEMO_FILES = sorted(DEMO_CORPUS.glob("*/*.jsonl"))


def test_the_demo_corpus_ships_with_the_package() -> None:
    assert len(DEMO_FILES) >= 4, DEMO_CORPUS


@pytest.mark.parametrize("path", DEMO_FILES, ids=lambda p: p.parent.name)
def test_demo_corpus_reads_without_problems(path: Path) -> None:
    docs, problems = split(read_path(path))
    assert problems == []
    assert docs
    assert all(d.published and d.url and d.source_name and d.license for d in docs)
    assert len({d.id for d in docs}) == len(docs)
