"""One incident per story: a headline, its lead and repeating paragraphs give one event."""

from __future__ import annotations

from typing import Any

from trucewatch.extract.pipeline import Pipeline
from trucewatch.extract.story import combine

_VIOLENT = ("violence.", "protest.", "riot.", "battle.")

# The headline glued onto the lead without punctuation, as scraped news often comes, then a
# paragraph that tells the same raid again with a breakdown.
GLUED = (
    "Government air strikes on Douma kill 12 civilians AFP Monday 9 Feb 2015 Government air "
    "strikes on the town of Douma killed at least 12 civilians on Monday a monitor said.\n\n"
    "The Observatory said government warplanes struck a market in Douma, killing 12 civilians "
    "including four children.\n\n"
    "Residents said the air strikes on Douma hit a market and a school."
)


def _violent(result: dict[str, Any]) -> list[dict[str, Any]]:
    return [e for e in result["events"] if e["type"].startswith(_VIOLENT)]


def test_headline_lead_and_repeated_paragraph_are_one_event(pipeline: Pipeline) -> None:
    result = pipeline.extract(GLUED, title="Government air strikes on Douma kill 12 civilians")
    violent = _violent(result)
    assert len(violent) == 1, [(e["type"], e["evidence"]["text"]) for e in violent]
    main = violent[0]
    assert main["fatalities"]["civilians"] == 12  # not 24 or 36: told three times
    assert main["fatalities"]["children"] == 4  # the breakdown from the later paragraph
    assert main["fatalities"]["low"] == 12
    assert main["fatalities"]["high"] is None  # "at least 12"
    text = result["text"]
    told = [main["evidence"], *main["also_in"]]
    assert len(told) == 3
    for span in told:
        assert text[span["start"] : span["end"]] == span["text"]


def test_incidents_in_different_places_stay_apart(pipeline: Pipeline) -> None:
    text = (
        "An air strike killed six civilians in Douma on Monday.\n\n"
        "Another air strike killed four civilians in Idlib on Monday."
    )
    violent = _violent(pipeline.extract(text, published="2016-03-02"))
    assert len(violent) == 2
    assert {e["fatalities"]["civilians"] for e in violent} == {6, 4}


def test_incidents_on_different_dates_stay_apart(pipeline: Pipeline) -> None:
    text = (
        "An air strike killed six civilians in Douma on 3 March 2016.\n\n"
        "An air strike killed six civilians in Douma on 9 April 2016."
    )
    assert len(_violent(pipeline.extract(text, published="2016-04-10"))) == 2


def test_a_larger_count_later_is_another_incident(pipeline: Pipeline) -> None:
    text = (
        "Rebel shelling killed 10 people in Damascus on Monday, a monitor said.\n\n"
        "Rebel shelling on Damascus has killed 82 people since the offensive began."
    )
    violent = _violent(pipeline.extract(text, published="2016-03-02"))
    assert violent[0]["fatalities"]["total"] == 10


def test_combine_takes_the_larger_count_never_the_sum() -> None:
    a = {"civilians": 31, "total": 31, "low": 31, "high": 31, "children": None}
    b = {"civilians": 23, "total": 31, "low": 31, "high": None, "children": 5}
    out = combine(a, b)
    assert (out["civilians"], out["children"], out["total"]) == (31, 5, 31)
    assert (out["low"], out["high"]) == (31, None)


def test_the_unnamed_dead_of_a_one_sided_attack_are_presumed_civilians(pipeline: Pipeline) -> None:
    stated = pipeline.extract("Government warplanes bombed a market in Douma, killing 9 civilians.")
    presumed = pipeline.extract("Government warplanes bombed a market in Douma, killing 9 people.")
    fighters = pipeline.extract("Government warplanes bombed a base in Douma, killing 9 fighters.")
    main = [_violent(r)[0]["fatalities"] for r in (stated, presumed, fighters)]
    assert (main[0]["civilians"], main[0]["civilians_presumed"]) == (9, False)
    assert (main[1]["civilians"], main[1]["civilians_presumed"]) == (9, True)
    assert main[1]["total"] == 9
    assert (main[2]["civilians"], main[2]["non_civilians"]) == (None, 9)
    assert main[2]["civilians_presumed"] is False


def test_the_dead_of_a_clash_between_parties_are_not_presumed_civilians(pipeline: Pipeline) -> None:
    result = pipeline.extract(
        "Rebels clashed with government troops near Hama; 14 people were killed."
    )
    clashes = [e for e in result["events"] if e["type"] == "violence.armed_clash"]
    assert clashes, [e["type"] for e in result["events"]]
    assert clashes[0]["fatalities"]["total"] == 14
    assert clashes[0]["fatalities"]["civilians"] is None
    assert clashes[0]["fatalities"]["civilians_presumed"] is False


def test_the_body_names_the_means_a_vague_headline_left_open(pipeline: Pipeline) -> None:
    result = pipeline.extract(
        "An Israeli airstrike on a village near the ceasefire line killed five pro-government "
        "fighters on Wednesday, a monitoring group said.",
        title="Israeli strike on border village kills pro-government fighters",
    )
    assert _violent(result)[0]["type"] == "violence.air_strike"
