import datetime as dt
from pathlib import Path

import pytest

from trucewatch.ingest import read_path

from .helpers import FIXTURES, only_document, split


def test_feed_reader_turns_rss_items_into_documents() -> None:
    path = FIXTURES / "ceasefire-news.rss"
    docs, problems = split(read_path(path))
    first, second = docs
    assert first.id == "monitor-2020-03-08-1"
    assert first.title == "Truce holds in Idlib for a third day"
    assert first.url == "https://monitor.example.org/2020/03/08/truce-holds/"
    assert first.published == dt.date(2020, 3, 8)
    assert first.text == (
        "The ceasefire agreed in Moscow held for a third day in Idlib.\n"
        "Monitors reported no air strikes overnight."
    )  # HTML stripped, "The post ... appeared first on" dropped
    assert first.source_name == "Ceasefire Monitor"
    assert first.license == "CC BY 4.0"
    assert first.origin == f"{path}#item 1"
    # Full content wins over the summary; the stated local date is kept.
    assert "under the additional protocol signed in Moscow" in second.text
    assert second.published == dt.date(2020, 3, 9)
    assert [p.origin for p in problems] == [f"{path}#item 3"]
    assert "has no content or summary" in problems[0].message


def test_feed_reader_reads_atom_entries() -> None:
    doc = only_document(read_path(FIXTURES / "ceasefire-news.atom"))
    assert doc.id == "urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a"
    assert doc.published == dt.date(2016, 9, 12)
    assert doc.url == "https://desk.example.net/2016/09/12/cessation-begins"
    assert doc.text.startswith("A nationwide cessation of hostilities")
    assert doc.format == "feed"


@pytest.mark.parametrize(
    "content",
    ["<rss><channel><title>No items yet</title></channel></rss>", "<rss>\x01\x02 garbage"],
)
def test_feed_reader_reports_a_feed_without_items(tmp_path: Path, content: str) -> None:
    path = tmp_path / "feed.rss"
    path.write_text(content)
    docs, problems = split(read_path(path))
    assert docs == []
    assert problems[0].message.startswith(f"{path}: is not an RSS or Atom feed with items")
