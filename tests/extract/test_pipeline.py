"""Small golden tests of the whole pipeline on texts written for the test, and the JSON shape."""

from __future__ import annotations

from typing import Any

from trucewatch.extract.pipeline import Pipeline

STRIKE = (
    "Coalition strikes near Raqqa\n\n"
    "On Tuesday, the US-led coalition conducted air strikes near Ar Raqqah and Al-Bab, "
    "destroying an ISIL fighting position and killing 12 ISIL fighters."
)
TRANSLIT = "Fighters of Jabhat an-Nusra and Hay'at Tahrir ash-Sham shelled Idleb province."
MULTI = (
    "The talks went on.\n\n"
    "“We call on all parties to respect the ceasefire in Eastern Ghouta\n\n"
    "“and to let the convoys through without delay,” Foreign Minister Ahmed Karimi said."
)


def _mentioned(result: dict[str, Any]) -> dict[str, Any]:
    return {m["text"]: a for a in result["actors"] for m in a["mentions"]}


def test_result_has_exactly_the_documented_shape(pipeline: Pipeline) -> None:
    r = pipeline.extract(STRIKE, published="2016-03-02")
    assert set(r) == {"title", "published", "text", "actors", "quotes", "places", "events"}
    assert set(r["actors"][0]) == {"id", "name", "kind", "resolved", "mentions"}
    assert set(r["places"][0]) == {"name", "geonameid", "lat", "lon", "admin1", "mentions"}
    for e in r["events"]:
        assert set(e) == {
            "type", "acled_sub_event_type", "cameo", "plover", "date", "date_precision",
            "actors", "place", "fatalities", "truce", "evidence", "also_in", "confidence",
        }  # fmt: skip
        assert set(e["fatalities"]) == {
            "civilians", "non_civilians", "children", "women", "total", "low", "high",
            "civilians_presumed",
        }  # fmt: skip


def test_strike_release(pipeline: Pipeline) -> None:
    r = pipeline.extract(STRIKE, published="2016-03-02")
    actors = _mentioned(r)
    assert actors["US-led coalition"]["resolved"] and actors["ISIL"]["resolved"]
    assert [p["name"] for p in r["places"]] == ["Ar Raqqah", "Al Bāb"]
    strikes = [e for e in r["events"] if e["type"] == "violence.air_strike"]
    assert strikes, [e["type"] for e in r["events"]]
    assert strikes[0]["date"] == "2016-03-01" and strikes[0]["place"] == "Ar Raqqah"
    assert any(a["role"] == "perpetrator" for a in strikes[0]["actors"])


def test_arabic_transliteration_variants(pipeline: Pipeline) -> None:
    r = pipeline.extract(TRANSLIT)
    actors = _mentioned(r)
    assert actors["Jabhat an-Nusra"]["resolved"]
    assert actors["Hay'at Tahrir ash-Sham"]["resolved"]
    assert r["places"][0]["admin1"] == "Idlib"


def test_multi_paragraph_quote_is_one_quote_with_its_speaker(pipeline: Pipeline) -> None:
    r = pipeline.extract(MULTI, published="2017-04-12")
    assert len(r["quotes"]) == 1
    q = r["quotes"][0]
    assert q["speaker"] == "Ahmed Karimi"
    assert q["text"].startswith("We call on all parties") and q["text"].endswith("delay,")
    assert [p["name"] for p in r["places"]] == ["Eastern Ghouta"]


def test_extract_many_reads_corpus_records(pipeline: Pipeline) -> None:
    items = [{"text": STRIKE, "date": "2016-03-02"}, TRANSLIT]
    out = list(pipeline.extract_many(items))
    assert [o["published"] for o in out] == ["2016-03-02", None]
