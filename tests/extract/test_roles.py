"""Who did what to whom: clause-level roles (extract/roles.py) through the whole pipeline.

The sentences are written for these tests, one per pattern of news English; none is taken
from the development data.
"""

from __future__ import annotations

from typing import Any

import pytest

from trucewatch.extract.pipeline import Pipeline
from trucewatch.extract.roles import Mention, assign


def _roles(pipeline: Pipeline, text: str, family: str = "") -> set[tuple[str, str]]:
    out = pipeline.extract(text)
    events = [e for e in out["events"] if e["type"].startswith(family)]
    assert events, out["events"]
    return {(a["role"], a["name"]) for a in events[0]["actors"]}


@pytest.mark.parametrize(
    "text",
    [
        "The Russian Defence Ministry said Jaysh al-Islam joined the nationwide ceasefire "
        "on 30 December 2016.",
        "Jaysh al-Islam joined the nationwide ceasefire on 30 December 2016, the Russian "
        "Defence Ministry said.",
        "According to the Russian Defence Ministry, Jaysh al-Islam joined the nationwide "
        "ceasefire on 30 December 2016.",
    ],
)
def test_a_reporting_clause_either_way_round_gives_the_claimant(
    pipeline: Pipeline, text: str
) -> None:
    roles = _roles(pipeline, text, "truce.")
    assert ("subject", "Jaysh al-Islam") in roles
    assert ("claimant", "Ministry of Defence of the Russian Federation") in roles
    assert not any(r == "subject" and "Ministry" in n for r, n in roles)


def test_a_passive_with_a_by_agent(pipeline: Pipeline) -> None:
    roles = _roles(
        pipeline, "Four civilians were killed by rockets fired by Hezbollah.", "violence"
    )
    assert ("perpetrator", "Hezbollah") in roles
    assert ("victim", "Civilians") in roles


def test_killed_in_a_strike_of_a_named_party(pipeline: Pipeline) -> None:
    roles = _roles(
        pipeline,
        "Twelve fighters of Ahrar al-Sham were killed in a Russian air strike.",
        "violence",
    )
    assert ("perpetrator", "Russian Federation") in roles
    assert ("target", "Ahrar al-Sham") in roles


def test_a_possessive_and_a_noun_modifier_are_the_doers(pipeline: Pipeline) -> None:
    roles = _roles(pipeline, "Turkey's armed forces shelled positions of the YPG near Afrin.")
    assert any(r == "perpetrator" and "Turk" in n for r, n in roles)
    assert ("target", "People's Protection Units") in roles


def test_an_accusation_makes_the_accused_the_alleged_perpetrator(pipeline: Pipeline) -> None:
    out = pipeline.extract(
        "The Free Syrian Army accused Hezbollah of shelling the town of Madaya on Monday."
    )
    violent = [e for e in out["events"] if e["type"].startswith("violence")]
    assert violent
    roles = {(a["role"], a["name"]) for a in violent[0]["actors"]}
    assert ("perpetrator", "Hezbollah") in roles
    assert ("claimant", "Free Syrian Army") in roles


def test_holders_and_backers_play_no_part() -> None:
    text = "Government jets bombed the Iranian-backed militia in the Kurdish-held town."
    iran = Mention(text.index("Iranian"), text.index("Iranian") + 7, "Iran", "iran")
    out = assign(text, [iran], violent=True, saying=False, receiving="target", trigger=15)
    assert all(m.name != "Iran" for _, m, _ in out)
    assert ("perpetrator", "Government Forces") in {(r, m.name) for r, m, _ in out}


def test_coordination_gives_every_party_the_role(pipeline: Pipeline) -> None:
    roles = _roles(pipeline, "Russia and Turkey agreed on a ceasefire across Syria.")
    assert {("subject", "Russian Federation"), ("subject", "Republic of Turkey")} <= roles


def test_a_generic_doer_gets_an_acled_style_name(pipeline: Pipeline) -> None:
    roles = _roles(pipeline, "Unidentified gunmen killed three civilians in Idlib.", "violence")
    assert ("perpetrator", "Unidentified Armed Group") in roles


def test_a_monitor_reporting_is_the_claimant_not_the_target(pipeline: Pipeline) -> None:
    roles = _roles(
        pipeline,
        "Regime helicopters dropped barrels on Daraya on Sunday, the Syrian Observatory for "
        "Human Rights said.",
        "violence",
    )
    assert ("claimant", "Syrian Observatory for Human Rights") in roles
    assert not any(r in ("target", "perpetrator") and "Observatory" in n for r, n in roles)
    assert any(r == "perpetrator" for r, _ in roles)


def test_the_headline_frames_a_doerless_body(pipeline: Pipeline) -> None:
    out = pipeline.extract(
        "- Near Raqqa, one strike struck an ISIL vehicle and destroyed a bunker.",
        title="US-led coalition airstrikes in Syria on 3 May 2016",
    )
    event: dict[str, Any] = out["events"][0]
    assert event["type"] == "violence.air_strike"
    roles = {(a["role"], a["name"]) for a in event["actors"]}
    assert any(r == "perpetrator" and "Inherent Resolve" in n for r, n in roles)
    assert ("target", "Islamic State in Iraq and the Levant") in roles


def test_without_a_headline_a_doerless_sentence_keeps_no_doer(pipeline: Pipeline) -> None:
    out = pipeline.extract("- Near Raqqa, one air strike hit an ISIL fighting position.")
    assert out["events"]
    assert not any(a["role"] == "perpetrator" for a in out["events"][0]["actors"])


def _actors(pipeline: Pipeline, text: str, family: str = "") -> list[dict[str, Any]]:
    out = pipeline.extract(text)
    events = [e for e in out["events"] if e["type"].startswith(family)]
    assert events, out["events"]
    actors: list[dict[str, Any]] = events[0]["actors"]
    return actors


def test_a_speaker_named_by_a_common_noun_is_the_claimant(pipeline: Pipeline) -> None:
    actors = _actors(
        pipeline,
        "Activists said that regime helicopters dropped barrel bombs on Daraya.",
        "violence",
    )
    assert {"role": "claimant", "name": "Activists", "id": None, "text": "Activists"} in actors
    assert any(a["role"] == "perpetrator" and a["name"] == "Government Forces" for a in actors)


def test_several_speakers_after_according_to(pipeline: Pipeline) -> None:
    actors = _actors(
        pipeline,
        "Jets bombed the town of Saraqeb on Monday, according to residents, doctors and a "
        "monitoring group.",
        "violence",
    )
    claimants = {a["text"] for a in actors if a["role"] == "claimant"}
    assert claimants == {"residents", "doctors", "a monitoring group"}


def test_a_subordinate_clause_has_its_own_voice(pipeline: Pipeline) -> None:
    actors = _actors(
        pipeline,
        "Ten soldiers were killed when Islamic State militants attacked a checkpoint near Palmyra.",
        "violence",
    )
    roles = {(a["role"], a["text"]) for a in actors}
    assert ("target", "Ten soldiers") in roles
    assert any(r == "perpetrator" and t and "Islamic State" in t for r, t in roles)


def test_each_counted_group_is_a_victim(pipeline: Pipeline) -> None:
    actors = _actors(
        pipeline, "Eight civilians were killed and 20 others wounded in the shelling of Douma."
    )
    victims = {a["text"] for a in actors if a["role"] == "victim"}
    assert {"Eight civilians", "20 others"} <= victims


def test_a_march_is_not_a_passive(pipeline: Pipeline) -> None:
    actors = _actors(pipeline, "Protesters marched in Idlib on Friday against the government.")
    assert any(
        a["role"] in ("subject", "perpetrator") and a["name"] == "Protesters" for a in actors
    )
    assert not any(a["role"] == "target" and a["name"] == "Protesters" for a in actors)


def test_the_blamed_is_the_perpetrator(pipeline: Pipeline) -> None:
    actors = _actors(
        pipeline,
        "The car bomb attack in Azaz was blamed on Islamic State, officials said.",
        "violence",
    )
    roles = {(a["role"], a["name"]) for a in actors}
    assert ("perpetrator", "Islamic State in Iraq and the Levant") in roles
    assert ("claimant", "officials") in roles


def test_a_setting_is_not_a_party(pipeline: Pipeline) -> None:
    actors = _actors(
        pipeline, "Russian jets struck a market in northern Syria, killing nine people.", "violence"
    )
    assert ("perpetrator", "Russian Federation") in {(a["role"], a["name"]) for a in actors}
    assert not any(a["name"] == "Syrian Arab Republic" for a in actors)


def test_a_line_whose_subject_is_the_headlines_means_is_that_event(pipeline: Pipeline) -> None:
    out = pipeline.extract(
        "- Near Raqqa, one strike struck an ISIL unit and destroyed two ISIL fighting positions.",
        title="US-led coalition airstrikes in Syria on 3 May 2016",
    )
    assert [e["type"] for e in out["events"]] == ["violence.air_strike"]


def test_rebel_held_is_a_place_not_held_responsible(pipeline: Pipeline) -> None:
    actors = _actors(
        pipeline,
        "Barrel bombs killed 12 civilians in a rebel-held district of Aleppo on Saturday, the "
        "Syrian Observatory for Human Rights said.",
        "violence",
    )
    roles = {(a["role"], a["name"]) for a in actors}
    assert ("claimant", "Syrian Observatory for Human Rights") in roles
    assert ("perpetrator", "Government Forces") in roles


def test_held_responsible_names_the_doer(pipeline: Pipeline) -> None:
    actors = _actors(
        pipeline,
        "Turkey held the YPG responsible for the car bomb that killed five people in Afrin.",
    )
    assert any(
        a["role"] == "perpetrator" and a["name"] == "People's Protection Units" for a in actors
    )


def test_an_event_takes_the_most_specific_place(pipeline: Pipeline) -> None:
    out = pipeline.extract(
        "Air strikes hit the town of Saraqeb on Monday. The raids killed 12 civilians in Syria, "
        "activists said."
    )
    places = {e["evidence"]["text"][:10]: e["place"] for e in out["events"]}
    assert set(places.values()) == {"Saraqib"}, places  # the gazetteer's name for it


def test_a_coordinated_reporting_verb_belongs_to_the_sentence_subject(pipeline: Pipeline) -> None:
    roles = _roles(
        pipeline,
        "Turkey and France condemned the raids on the camp and said Russia was responsible.",
        "violence.",
    )
    assert ("claimant", "Republic of Turkey") in roles
    assert ("claimant", "France") in roles
    assert ("perpetrator", "Russian Federation") in roles


def test_a_headline_count_before_the_participle_reads_passive(pipeline: Pipeline) -> None:
    # "12 killed over 40 injured in X attack": X did it; nobody attacked X.
    roles = _roles(pipeline, "12 Killed Over 40 Injured in Hezbollah Rocket Attack on Hama.")
    assert ("perpetrator", "Hezbollah") in roles
    assert not any(role == "target" and name == "Hezbollah" for role, name in roles)
    # With a determiner before the count and an object after the verb, it is active.
    out = pipeline.extract("The four gunmen killed at least 11 people at a checkpoint.")
    actors = {(a["role"], a["text"]) for e in out["events"] for a in e["actors"]}
    assert ("perpetrator", "four gunmen") in actors


def test_the_modifier_of_an_act_is_its_doer_in_either_voice(pipeline: Pipeline) -> None:
    # "a terrorist rocket attack": an act cannot be destroyed, so its modifier did it, also
    # after an active verb whose subject is the victim ("Girl killed in ...").
    out = pipeline.extract(
        "Two girls killed three injured in terrorist rocket attack on the market."
    )
    actors = {(a["role"], a["name"]) for e in out["events"] for a in e["actors"]}
    assert ("perpetrator", "Unidentified Armed Group") in actors
    assert ("target", "Unidentified Armed Group") not in actors


def test_the_marchers_of_a_peaceful_protest_are_its_subjects(pipeline: Pipeline) -> None:
    out = pipeline.extract(
        "Thousands of students marched peacefully through the capital as protesters renewed "
        "their call for the minister to resign."
    )
    protest = [e for e in out["events"] if e["type"] == "protest.peaceful"]
    assert protest, [e["type"] for e in out["events"]]
    roles = {(a["role"], a["text"]) for a in protest[0]["actors"]}
    assert ("subject", "Thousands of students") in roles
    assert ("subject", "protesters") in roles
    assert not any(role in ("victim", "target") for role, _ in roles)


def test_a_generic_doer_and_the_registry_actor_it_names_are_one_party(pipeline: Pipeline) -> None:
    out = pipeline.extract(
        "Near Manbij, two strikes destroyed an ISIL fighting position and an ISIL vehicle.",
        title="Coalition airstrikes in Syria in the CJTF-OIR strike release of 3 March 2016",
    )
    strikes = [e for e in out["events"] if e["type"] == "violence.air_strike"]
    assert strikes, [e["type"] for e in out["events"]]
    doers = [a for a in strikes[0]["actors"] if a["role"] == "perpetrator"]
    assert [a["name"] for a in doers] == ["Combined Joint Task Force – Operation Inherent Resolve"]
    assert doers[0]["text"] == "Coalition"
