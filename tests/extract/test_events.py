"""The sentence classifier on hand-written sentences (none from the development data)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trucewatch.domain.taxonomy import EVENT_TYPES
from trucewatch.extract.events import (
    _PUNCTUATION_CHARS,
    EventGuess,
    blank_punctuation,
    classify_sentence,
    classify_text,
)

SENTENCES = [
    (
        "Government warplanes bombed the market in the town, killing nine civilians.",
        "violence.air_strike",
    ),
    ("A drone strike hit a car carrying two commanders near the border.", "violence.air_strike"),
    ("Mortar shells landed on a residential district of the city on Tuesday.", "violence.shelling"),
    ("Rebels fired rockets at the airport overnight.", "violence.shelling"),
    (
        "Residents reported a strong smell of chlorine after the attack and dozens had trouble "
        "breathing.",
        "violence.chemical_weapon",
    ),
    ("A suicide bomber blew himself up at a wedding hall.", "violence.suicide_bomb"),
    ("A roadside bomb struck a police patrol on the highway.", "violence.remote_explosive"),
    ("Two farmers were killed when their tractor hit a landmine.", "violence.remote_explosive"),
    ("An unknown attacker threw a hand grenade into a bus station.", "violence.grenade"),
    (
        "Troops and insurgents exchanged fire for several hours near the village.",
        "violence.armed_clash",
    ),
    ("Unidentified gunmen shot dead a village chief in front of his house.", "violence.attack"),
    ("Armed men kidnapped three aid workers on the road to the camp.", "violence.abduction"),
    ("Soldiers were accused of raping two women at a checkpoint.", "violence.sexual_violence"),
    (
        "The army recaptured the town from Islamic State militants after a week-long offensive.",
        "battle.government_regains_territory",
    ),
    (
        "Militants seized control of the district headquarters town after government troops fled.",
        "battle.non_state_overtakes_territory",
    ),
    (
        "Hundreds of teachers held a peaceful protest outside the ministry demanding higher pay.",
        "protest.peaceful",
    ),
    (
        "Police fired tear gas and water cannon to disperse the demonstrators.",
        "protest.with_intervention",
    ),
    (
        "Security forces opened fire with live ammunition on peaceful protesters, killing four.",
        "protest.excessive_force",
    ),
    (
        "Rioters torched cars and threw stones at police during the demonstration.",
        "riot.violent_demonstration",
    ),
    ("An angry mob lynched a man suspected of stealing a motorbike.", "riot.mob_violence"),
    ("The two sides signed a peace agreement in the capital on Friday.", "strategic.agreement"),
    ("Police arrested twelve suspects in a series of raids on Monday.", "strategic.arrests"),
    (
        "The two rebel factions announced the formation of a new alliance.",
        "strategic.change_to_group",
    ),
    (
        "Bomb disposal experts defused an explosive device found under a bridge.",
        "strategic.disrupted_weapons",
    ),
    (
        "Air defences intercepted two ballistic missiles over the city.",
        "strategic.disrupted_weapons",
    ),
    (
        "The group set up a new headquarters in the former school building.",
        "strategic.hq_established",
    ),
    ("Fighters looted shops and homes after entering the market.", "strategic.looting"),
    (
        "The militia handed over the town to the army without a fight.",
        "strategic.territory_transfer",
    ),
    ("Russia and Turkey declared a nationwide ceasefire starting at midnight.", "truce.declared"),
    ("Seven more armed groups joined the truce, the defence ministry said.", "truce.joined"),
    ("The rebel alliance said it had withdrawn from the ceasefire.", "truce.withdrew"),
    ("The militia rejected the ceasefire proposed by the envoy.", "truce.refused"),
    ("The minister urged all factions to observe the truce.", "truce.appeal"),
    (
        "The opposition said government forces had violated the ceasefire in the south.",
        "truce.violation_alleged",
    ),
    (
        "The group claimed responsibility for the attack in a statement online.",
        "statement.claim_responsibility",
    ),
    ("The ministry denied the allegations as baseless.", "statement.deny"),
    (
        "The council called for an independent investigation into the incident.",
        "investigation.requested",
    ),
    ("Moscow opposed an OPCW investigation of the site.", "investigation.opposed"),
    ("Inspectors arrived at the site of the alleged attack on Saturday.", "investigation.deployed"),
    ("The two foreign ministers held talks in Geneva.", "diplomacy.meeting"),
    ("A 6.1 magnitude earthquake struck the mountainous region.", "other.natural_disaster"),
    ("A fire broke out at a textile factory due to a short circuit.", "other.man_made_disaster"),
    (
        "Police dismantled a drug trafficking network run by a criminal gang.",
        "other.organized_crime",
    ),
]


@pytest.mark.parametrize(("sentence", "expected"), SENTENCES)
def test_classify_sentence_puts_expected_type_first(sentence: str, expected: str) -> None:
    guesses = classify_sentence(sentence)
    assert guesses, "no guess"
    assert guesses[0].type == expected, guesses[:3]


@pytest.mark.parametrize(("sentence", "_"), SENTENCES)
def test_guesses_are_known_types_with_valid_spans(sentence: str, _: str) -> None:
    guesses = classify_sentence(sentence)
    confidences = [g.confidence for g in guesses]
    assert confidences == sorted(confidences, reverse=True)
    for guess in guesses:
        assert guess.type in EVENT_TYPES
        assert 0.0 < guess.confidence < 1.0
        assert 0 <= guess.trigger_start < guess.trigger_end <= len(sentence)
        assert sentence[guess.trigger_start : guess.trigger_end].strip()


@pytest.mark.parametrize(
    "sentence",
    [
        "No air strikes were reported in the province overnight.",
        "The weather was pleasant and the markets were busy.",
    ],
)
def test_negated_or_empty_sentences_give_no_violent_guess(sentence: str) -> None:
    assert not [g for g in classify_sentence(sentence) if g.type.startswith("violence.")]


def test_hedged_trigger_scores_lower_than_plain_one() -> None:
    plain = classify_sentence("The army shelled the village.")[0]
    hedged = classify_sentence("The army threatened to shell the village.")
    assert plain.type == "violence.shelling"
    assert (
        not hedged
        or hedged[0].type != "violence.shelling"
        or (hedged[0].confidence < plain.confidence)
    )


def test_trigger_span_points_at_the_trigger_words() -> None:
    sentence = "Witnesses said a car bomb exploded near the mosque."
    guess = classify_sentence(sentence)[0]
    assert guess.type == "violence.remote_explosive"
    assert sentence[guess.trigger_start : guess.trigger_end] == "car bomb"


def test_classify_text_weighs_the_lead_sentence() -> None:
    text = (
        "Police arrested five men suspected of planning attacks on Sunday. "
        "Officials said the suspects were linked to an explosion in March. "
        "The investigation continues."
    )
    guess = classify_text(text)
    assert isinstance(guess, EventGuess)
    assert guess.type == "strategic.arrests"
    assert text[guess.trigger_start : guess.trigger_end].lower().startswith("arrest")


def test_classify_text_acled_only_and_allowed_restrict_the_answer() -> None:
    text = "The ministry condemned the air strike that killed six civilians."
    acled = classify_text(text, acled_only=True)
    assert acled is not None and acled.type == "violence.air_strike"
    only = classify_text(text, allowed={"diplomacy.other"})
    assert only is not None and only.type == "diplomacy.other"


def test_classify_text_returns_none_when_nothing_fires() -> None:
    assert classify_text("The weather was pleasant.") is None
    assert classify_sentence("") == []


# Punctuation of every kind, letters, other non-ASCII characters (Arabic, CJK, an astral one,
# a lone surrogate) and whitespace.
# (`st.text` leaves surrogates out, so the characters are joined by hand.)
_PUNCTUATED = st.lists(
    st.one_of(
        st.sampled_from([*_PUNCTUATION_CHARS, "a", "é", "ا", "\u2003", "\u20ac", "\U0001f600"]),
        st.sampled_from(["\ud800", "\udfff", "\x00", "\u2010", "\u201a"]),
        st.characters(),
    )
).map("".join)


@given(_PUNCTUATED)
def test_blank_punctuation_equals_the_regex(text: str) -> None:
    regex = re.compile("[" + re.escape(_PUNCTUATION_CHARS) + "]")
    assert blank_punctuation(text) == regex.sub(" ", text)


def test_strikes_that_kill_are_air_strikes() -> None:
    # "strikes" alone is weak (a labour strike, a strike of luck); strikes that kill or hit
    # are the air or missile strikes of war reporting.
    guesses = classify_sentence("Russian strikes kill 21 civilians in the eastern province.")
    assert guesses and guesses[0].type == "violence.air_strike", guesses
    assert (
        classify_sentence("Dock workers went on strike on Monday.")[0].type != "violence.air_strike"
    )


def test_one_word_of_violence_makes_a_protest_a_violent_demonstration() -> None:
    guesses = classify_sentence(
        "Hundreds of rival protesters rallied in aggressive demonstrations."
    )
    assert guesses[0].type == "riot.violent_demonstration", guesses
    calm = classify_sentence("Thousands of protesters marched peacefully through the capital.")
    assert calm[0].type == "protest.peaceful", calm


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # The symptoms medics report after a nerve or choking agent name the weapon.
        (
            "Doctors treated forty residents for blurred vision and breathing difficulties after "
            "shells landed in the market.",
            "violence.chemical_weapon",
        ),
        (
            "Two attackers detonated their explosives, killing themselves at the gate.",
            "violence.suicide_bomb",
        ),
        ("A gun attack on a bus station left four people dead.", "violence.attack"),
        ("Dozens of homes have been burned in the district since Friday.", "strategic.looting"),
        ("The report says guards abused women held at the camp.", "violence.sexual_violence"),
        (
            "Two missiles were fired by Israeli jets at a depot near the airport.",
            "violence.air_strike",
        ),
        ("Two missiles were fired at a depot near the airport overnight.", "violence.shelling"),
        (
            "Rebel fighters took control of the town on Sunday after government troops pulled out.",
            "strategic.territory_transfer",
        ),
        (
            "Rebel fighters took control of the town on Sunday after clashes that killed 12 soldiers.",
            "battle.non_state_overtakes_territory",
        ),
    ],
)
def test_general_cues_name_the_means(sentence: str, expected: str) -> None:
    guesses = classify_sentence(sentence)
    assert guesses and guesses[0].type == expected, guesses


def test_an_attack_on_soldiers_or_a_base_is_an_armed_clash() -> None:
    # ACLED: a fight between organised armed parties is an armed clash; its "attack" is
    # violence against civilians.
    base = classify_sentence(
        "Insurgents attacked the peacekeepers base overnight, killing four people."
    )
    assert base[0].type == "violence.armed_clash", base
    village = classify_sentence(
        "Militants attacked a village near the border, killing six civilians."
    )
    assert village[0].type == "violence.attack", village
    refuge = classify_sentence(
        "Gunmen attacked a refugee camp near the border, killing six people."
    )
    assert refuge[0].type != "violence.armed_clash", refuge
