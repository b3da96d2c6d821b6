import datetime as dt
from pathlib import Path

import pytest
import trafilatura

from trucewatch.ingest import read_path

from .helpers import FIXTURES, only_document, split

LAVROV_QUOTES = [
    "We are working for the expansion of the range of truce participants.",
    "Those who support the terrorist organization Jabhat al-Nusra",
    "the result could be achieved rather quickly and be positive",
    "I believe, those supporting the Astana platform set up by Russia and Turkey",
]
# Page chrome in the fixture: comment form, readers' comments, share bar, related links,
# sidebar, navigation, footer, cookie notice.
CHROME = [
    "Leave a Reply",
    "Required fields",
    "Your email address",
    "mark my words",
    "Share this",
    "Related posts",
    "Recent Posts",
    "Subscribe",
    "Contact us",
    "All rights reserved",
    "cookies",
    "Previous:",
]


def test_html_reader_keeps_the_lavrov_quotes_and_drops_the_page_chrome() -> None:
    doc = only_document(read_path(FIXTURES / "seed-article.html"))
    for quote in LAVROV_QUOTES:
        assert quote in doc.text
    for chrome in CHROME:
        assert chrome not in doc.text


def test_html_reader_takes_title_date_url_and_site_from_meta_tags() -> None:
    doc = only_document(read_path(FIXTURES / "seed-article.html"))
    assert doc.title == "Russia wants more groups to join Syria truce"
    assert doc.published == dt.date(2017, 4, 5)
    assert (
        doc.url
        == "https://news.example.org/2017/04/05/russia-wants-more-groups-to-join-syria-truce/"
    )
    assert doc.source_name == "Regional News Network"
    assert doc.format == "html"


def test_html_reader_drops_an_unmarked_comment_section_on_a_div_soup_page() -> None:
    doc = only_document(read_path(FIXTURES / "divsoup-article.html"))
    assert "Negotiators for armed opposition factions" in doc.text
    assert "recorded and published daily." in doc.text
    for chrome in [
        "Leave a Reply",
        "Required fields",
        "Pray it holds",
        "Same promises",
        "Most read",
        "Copyright",
        "Donate",
    ]:
        assert chrome not in doc.text
    assert doc.published == dt.date(2018, 7, 1)


def test_html_reader_survives_broken_markup() -> None:
    doc = only_document(read_path(FIXTURES / "broken.html"))
    assert "mortar round hit a field" in doc.text
    assert "never" not in doc.text
    assert doc.title == "Ceasefire violation reported near Hama"


def test_html_reader_takes_the_date_from_a_time_element(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(
        "<html><head><title>Truce talks</title></head><body><article><h1>Truce talks</h1>"
        '<time datetime="2019-08-30">30 August</time>'
        "<p>Delegations met in Geneva to discuss extending the truce by a month.</p>"
        "</article></body></html>",
        encoding="utf-8",
    )
    doc = only_document(read_path(path))
    assert doc.published == dt.date(2019, 8, 30)
    assert doc.title == "Truce talks"


def test_html_reader_falls_back_to_visible_text_when_trafilatura_finds_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(trafilatura, "bare_extraction", lambda *args, **kwargs: None)
    doc = only_document(read_path(FIXTURES / "broken.html"))
    assert "mortar round hit a field" in doc.text
    assert "never" not in doc.text  # script content is not text


def test_html_reader_falls_back_when_trafilatura_raises(monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(trafilatura, "bare_extraction", explode)
    doc = only_document(read_path(FIXTURES / "seed-article.html"))
    assert LAVROV_QUOTES[0] in doc.text
    assert "Home" not in doc.text.split("\n")  # the nav menu is dropped by the fallback


def test_html_reader_reports_a_page_without_text(tmp_path: Path) -> None:
    path = tmp_path / "empty.html"
    path.write_text("<html><head><title>x</title></head><body><script>1</script></body></html>")
    docs, problems = split(read_path(path))
    assert docs == []
    assert problems[0].message.startswith(f"{path}: has no readable text")


ARABIC_PAGE = """<html><head>{meta}<title>روسيا تدعو إلى توسيع الهدنة</title></head>
<body><article><h1>روسيا تدعو إلى توسيع الهدنة</h1><p>{body}</p></article></body></html>"""


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1256"])
@pytest.mark.parametrize("declared", [True, False])
def test_html_reader_decodes_arabic_pages(tmp_path: Path, encoding: str, declared: bool) -> None:
    body = (FIXTURES / "arabic-statement.txt").read_text(encoding="utf-8").split("\n\n")[2]
    meta = f'<meta charset="{"windows-1256" if encoding == "cp1256" else "utf-8"}">'
    html = ARABIC_PAGE.format(meta=meta if declared else "", body=body)
    path = tmp_path / "page.html"
    path.write_bytes(html.encode(encoding))
    doc = only_document(read_path(path))
    assert body.strip() in doc.text
    assert doc.title == "روسيا تدعو إلى توسيع الهدنة"


@pytest.mark.parametrize("encoding", ["cp1252", "utf-8-sig"])
def test_html_reader_decodes_reencoded_seed_article(tmp_path: Path, encoding: str) -> None:
    html = (FIXTURES / "seed-article.html").read_text(encoding="utf-8")
    path = tmp_path / "seed.html"
    path.write_bytes(html.replace('<meta charset="UTF-8">', "").encode(encoding))
    doc = only_document(read_path(path))
    assert LAVROV_QUOTES[0] in doc.text
    assert "Russia’s Aerospace Forces" in doc.text
