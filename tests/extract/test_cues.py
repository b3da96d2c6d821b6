"""The cue rules (extract/cues.py and the event stage's role rules) on our own sentences."""

from __future__ import annotations

import pytest

from trucewatch.extract.events import classify_sentence
from trucewatch.extract.pipeline import Pipeline


def _types(sentence: str) -> set[str]:
    return {g.type for g in classify_sentence(sentence)}


@pytest.mark.parametrize(
    "sentence",
    [
        "Ankara wants more factions to join the ceasefire.",
        "The envoy said they are working for the expansion of the truce to the south.",
        "Moscow hopes the ceasefire will incorporate more rebel brigades.",
    ],
)
def test_wanting_others_to_join_or_expand_a_truce_is_an_appeal(sentence: str) -> None:
    types = _types(sentence)
    assert "truce.appeal" in types
    assert "truce.joined" not in types


@pytest.mark.parametrize(
    "sentence",
    [
        "Three more rebel brigades have joined the ceasefire, the ministry said.",
        "The faction signed up to the truce on Monday.",
    ],
)
def test_a_reported_joining_stays_truce_joined(sentence: str) -> None:
    assert "truce.joined" in _types(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "The minister said the raids were a pretext to sabotage and undermine the agreement.",
    ],
)
def test_accusation_cues_in_a_statement_make_an_accusation(sentence: str) -> None:
    assert "statement.accuse" in _types(sentence)


def test_a_single_weak_cue_in_a_field_report_is_no_accusation() -> None:
    assert "statement.accuse" not in _types("Soldiers tried to sabotage the border fence.")


def test_an_attack_named_inside_an_investigation_is_not_a_new_attack() -> None:
    types = _types(
        "The council blocked a plan to send inspectors to the site of the alleged gas attack."
    )
    assert "violence.chemical_weapon" not in types
    assert "investigation.opposed" in types


def test_an_investigation_that_reports_an_attack_keeps_the_attack() -> None:
    types = _types("Inspectors said sarin was used in the attack that killed 80 people.")
    assert "violence.chemical_weapon" in types


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The talks platform set up by Egypt and Qatar met again.", False),
        ("The militia set up a base outside the town.", True),
        ("Rebels established new headquarters in the village.", True),
    ],
)
def test_headquarters_need_a_base_or_headquarters_noun(sentence: str, expected: bool) -> None:
    assert ("strategic.hq_established" in _types(sentence)) is expected


def test_one_event_per_sentence_and_type_and_no_generic_duplicate(pipeline: Pipeline) -> None:
    out = pipeline.extract("Two rebel brigades have joined the truce, the ministry said.")
    by_sentence = [(e["evidence"]["start"], e["type"]) for e in out["events"]]
    assert len(by_sentence) == len(set(by_sentence))
    types = {e["type"] for e in out["events"]}
    assert "truce.joined" in types
    assert "strategic.agreement" not in types


def test_an_appeal_to_fight_makes_the_fought_targets_and_the_forces_recipients(
    pipeline: Pipeline,
) -> None:
    text = (
        "“The Turkish army and the US-led coalition are in the north. If these forces are used "
        "to fight terrorism, ISIS first of all, the war could end soon,” Foreign Minister Ivan "
        "Petrov said."
    )
    out = pipeline.extract(text)
    appeals = [e for e in out["events"] if e["type"] == "statement.appeal"]
    assert appeals
    roles = {(a["role"], a["name"]) for e in appeals for a in e["actors"]}
    assert any(role == "target" and "Islamic State" in name for role, name in roles)
    assert ("addressee", "Turkish Armed Forces") in roles
