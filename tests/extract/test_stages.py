"""Unit tests of the stages, each on a few sentences written for the test."""

from __future__ import annotations

import datetime as dt
import random
import re
from bisect import bisect_right
from itertools import accumulate

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trucewatch.domain.taxonomy import EVENT_TYPES
from trucewatch.extract.actors import _GROUP_PHRASE, DEMONYMS, ORG_HEADS, ActorStage, group_phrases
from trucewatch.extract.clean import clean_text, paragraphs
from trucewatch.extract.dates import _CORES, core_starts, find_dates
from trucewatch.extract.doc import ExtractDoc, PlaceMention, Sentence
from trucewatch.extract.events import EventGuess
from trucewatch.extract.events_stage import EventStage, _nearest, _SentenceView, _specific
from trucewatch.extract.gazetteer import ActorEntry, Gazetteer
from trucewatch.extract.places import PlaceGazetteer, PlaceStage
from trucewatch.extract.quotes import QuoteStage, find_quote_spans
from trucewatch.extract.sentences import split_sentences
from trucewatch.extract.tokens import (
    NormText,
    chunk_layout,
    literal_starts,
    long_gaps,
    norm_key,
)


def _doc(text: str) -> ExtractDoc:
    doc = ExtractDoc(text)
    doc.paragraphs = paragraphs(text)
    return doc


def _sentences(text: str) -> list[str]:
    return [s.text for s in split_sentences(text, paragraphs(text))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mr. Lavrov met Gen. Smith. They talked.", ["Mr. Lavrov met Gen. Smith.", "They talked."]),
        ("George W. Bush spoke. It rained.", ["George W. Bush spoke.", "It rained."]),
        ("Troops of the U.S. Army left. Then more came.",
         ["Troops of the U.S. Army left.", "Then more came."]),
        ("He said “it is over.” She left.", ["He said “it is over.”", "She left."]),
        ("“It is over,” he said. Then he left.", ["“It is over,” he said.", "Then he left."]),
        ("Line one\n- item one\n- item two", ["Line one", "- item one", "- item two"]),
    ],
)  # fmt: skip
def test_sentence_splitter_handles_abbreviations_initials_and_quotes(
    text: str, expected: list[str]
) -> None:
    assert _sentences(text) == expected


def test_sentence_offsets_index_into_the_text() -> None:
    text = "First one. Second one!\n\nThird?"
    for s in split_sentences(text, paragraphs(text)):
        assert text[s.start : s.end] == s.text


def test_boilerplate_comment_form_is_cut_from_the_end_only() -> None:
    body = "Leave a reply was the title of the talk.\n\nReal article text."
    text = body + "\n\nLeave a Reply\n\nYour email address will not be published. Required *"
    assert clean_text(text) == body


def test_normalised_view_maps_back_to_original_offsets() -> None:
    text = "Jabhat an-Nusra and the U.S.-led coalition"
    nt = NormText(text)
    assert " jabhat nusra " in nt.string
    assert norm_key("Jabhat al-Nusra") == " jabhat nusra "
    first, last = 0, 1
    assert text[nt.words[first].start : nt.words[last].end] == "Jabhat an-Nusra"


# Words, punctuation and every kind of whitespace Python knows (tabs, no-break and em spaces,
# the information separators \x1c-\x1f, NEL), in runs of any length.
_SPACEY = st.text(st.sampled_from(list("ab.-'ا \t\n\r\x0b\x0c\x1c\x1f\x85\xa0\u2003\u3000")))


# Words and runs of spaces and line breaks only: `long_gaps` finds these without the regex.
_SPACES_AND_BREAKS = st.text(st.sampled_from(list("ab. \n")))


@given(st.one_of(_SPACEY, _SPACES_AND_BREAKS))
def test_chunk_offsets_equal_the_regex_definition(text: str) -> None:
    chunks = text.split()
    layout = chunk_layout(text, chunks)
    starts = [layout.start(c) for c in range(len(chunks))]
    assert starts == [m.start() for m in re.finditer(r"\S+", text)]


@given(st.one_of(_SPACEY, _SPACES_AND_BREAKS), st.integers(0, 5))
def test_long_gaps_equal_the_regex(text: str, pos: int) -> None:
    expected = [m.span() for m in re.compile(r"\s\s+").finditer(text, pos)]
    assert long_gaps(text, pos) == expected
    assert long_gaps(text, pos, sum(c.isspace() for c in text)) == expected


@given(_SPACEY)
def test_normalised_words_point_inside_their_chunks(text: str) -> None:
    nt = NormText(text)
    for w in nt.words:
        assert 0 <= w.start < w.end <= len(text)
        assert not text[w.start : w.end].isspace()


# Texts of words that the actor stage looks for and near misses, each followed by a separator
# (mostly one space, so that the words form phrases).
_WORDY = st.lists(
    st.tuples(
        st.sampled_from(
            [
                "Russian",
                "russian",
                "Russians",
                "Syrian-",
                "al-Syrian",
                "Front",
                "front's",
                "Jaysh",
                "Western",
                "western",
                "Arab",
                "Gulf",
                "European",
                "Arabia",
                "countries",
                "states",
                "powers",
                "some",
                "several",
                "a number of",
                "other",
                "awesome",
                "the",
                "U.S.",
                "é",
                "-",
                "'",
                ".",
            ]
        ),  # fmt: skip
        st.sampled_from([" ", " ", " ", "", "  ", "\n", "\t", "\u2003", ", "]),
    ),
    max_size=20,
).map(lambda pairs: "".join(word + sep for word, sep in pairs))


@given(_WORDY)
def test_word_indices_equal_the_word_regex(text: str) -> None:
    nt = NormText(text)
    for words in (DEMONYMS.keys(), ORG_HEADS | {"jaysh"}):
        regex = re.compile(" (?:" + "|".join(sorted(words)) + ")(?= )")
        found = [nt.word_at(m.start() + 1) for m in regex.finditer(nt.string)]
        assert nt.indices_of(words) == found


_WORDY_GAZETTEER = Gazetteer.from_entries(
    [
        ActorEntry(1, "Russian Front", "organization"),
        ActorEntry(2, "Russia", "state", ("Syrian",)),
        ActorEntry(3, "Western Gulf Arab States", "other"),
        ActorEntry(4, "U.S.", "state", ("the US",)),
    ]
)


@given(_WORDY)
def test_gazetteer_hits_span_the_words_word_range_gives(text: str) -> None:
    # `key_words` takes a key's first word from its last and its spaces.
    nt = NormText(text)
    for end, key in _WORDY_GAZETTEER.automaton.iter(nt.string):
        assert nt.key_words(end, key) == nt.word_range(end - len(key) + 2, end)


@given(_WORDY)
def test_group_phrases_equal_the_regex(text: str) -> None:
    assert [m.span() for m in group_phrases(text)] == [
        m.span() for m in _GROUP_PHRASE.finditer(text)
    ]


@given(st.one_of(_SPACEY, _WORDY), st.randoms(use_true_random=False))
def test_word_at_equals_bisecting_the_word_positions(text: str, rnd: random.Random) -> None:
    nt = NormText(text)
    # Where each word starts in `string`: 1, then after each word and its space.
    positions = list(accumulate((len(n) + 1 for n in nt.norms), initial=1))[:-1]
    asked = list(range(-2, len(nt.string) + 3))
    rnd.shuffle(asked)  # in any order: `word_at` counts on from its previous position
    for pos in asked:
        assert nt.word_at(pos) == bisect_right(positions, pos) - 1


def test_gazetteer_matches_transliteration_variants_and_acronyms_in_capitals_only(
    small_gazetteer: Gazetteer,
) -> None:
    doc = ActorStage(small_gazetteer)(_doc("Jabhat an-Nusra attacked us, said the US and IS."))
    found = [(m.text, m.actor_id) for m in doc.actors]
    assert found == [("Jabhat an-Nusra", 5), ("US", 6), ("IS", 7)]


def test_possessives_resolve_to_the_service_entry(small_gazetteer: Gazetteer) -> None:
    text = "Russia’s Aerospace Forces and Turkey's armed forces and Iran's army."
    doc = ActorStage(small_gazetteer)(_doc(text))
    found = [(m.text, m.actor_id, m.via) for m in doc.actors]
    assert found == [
        ("Russia’s Aerospace Forces", 4, "possessive"),
        ("Turkey's armed forces", 3, "possessive"),
        ("Iran", 9, "name"),
    ]


def test_demonyms_groups_and_unknown_organisations(small_gazetteer: Gazetteer) -> None:
    text = (
        "Iranian contingents and some Western countries met the Syrian opposition, "
        "Jaysh al-Izza and the Southern Front."
    )
    doc = ActorStage(small_gazetteer)(_doc(text))
    found = {(m.text, m.actor_id, m.kind, m.resolved) for m in doc.actors}
    assert ("Iranian", 9, "state", True) in found
    assert ("some Western countries", None, "other", False) in found
    assert ("Jaysh al-Izza", None, "organization", False) in found
    assert ("Southern Front", None, "organization", False) in found
    assert not any(m.text.startswith("Syrian") for m in doc.actors)


def test_multi_paragraph_quote_continues_when_next_paragraph_opens_with_a_quote() -> None:
    text = "“First part of the quote goes on\n\n“and the second part ends here,” he said."
    spans = find_quote_spans(text, paragraphs(text))
    assert len(spans) == 1 and len(spans[0]) == 2
    assert text[spans[0][-1][0] : spans[0][-1][1]] == "and the second part ends here,"


@given(st.text(st.sampled_from(list("ab .,\n“”\"«»'’"))))
def test_quote_spans_need_a_quote_mark(text: str) -> None:
    # `find_quote_spans` returns at once for a text without quote marks: the scan it skips
    # only ever opens a quote right after a mark.
    spans = find_quote_spans(text, paragraphs(text))
    assert all(text[start - 1] in '“”"«»' for quote in spans for start, _ in quote)
    if not any(mark in text for mark in '“”"«»'):
        assert spans == []


def test_scare_quotes_are_not_quotes() -> None:
    text = "The situation “on the ground” is complicated."
    assert find_quote_spans(text, paragraphs(text)) == []


@pytest.mark.parametrize(
    "text",
    [
        "Russian Foreign Minister Sergey Lavrov said: “We will keep working on it.”",
        "“We will keep working on it,” Russian Foreign Minister Sergey Lavrov said.",
        "“We will keep working on it”- Russian Foreign Minister Sergey Lavrov said.",
        "“We will keep working on it,” said Lavrov.",
    ],
)
def test_quote_attribution_before_and_after(small_gazetteer: Gazetteer, text: str) -> None:
    doc = QuoteStage(small_gazetteer)(ActorStage(small_gazetteer)(_doc(text)))
    assert [q.speaker for q in doc.quotes] == ["Sergey Lavrov"]
    assert doc.quotes[0].speaker_actor_id == 8
    assert doc.quotes[0].text.startswith("We will keep working on it")


def test_pronouns_and_role_nouns_resolve_to_the_last_named_speaker(
    small_gazetteer: Gazetteer,
) -> None:
    text = (
        "“The first statement is long enough,” Foreign Minister Ahmed Karimi said.\n\n"
        "“A second statement follows here,” he said.\n\n"
        "“And a third statement comes now,” the minister listed."
    )
    doc = QuoteStage(small_gazetteer)(ActorStage(small_gazetteer)(_doc(text)))
    assert [q.speaker for q in doc.quotes] == ["Ahmed Karimi"] * 3
    assert doc.quotes[0].speaker_title == "Foreign Minister"


@pytest.fixture(scope="module")
def places() -> PlaceGazetteer:
    return PlaceGazetteer.from_directory()


def _places(gz: PlaceGazetteer, text: str) -> list[tuple[str, str, int | None, str | None]]:
    doc = PlaceStage(gz)(_doc(text))
    return [(p.text, p.name, p.geonameid, p.admin1) for p in doc.places]


def test_places_spelling_variants_and_governorates(places: PlaceGazetteer) -> None:
    got = _places(places, "Shelling in Idleb province, near Saraqib and in Deir Ezzor and Raqqa.")
    assert got[0] == ("Idleb", "Idlib", None, "Idlib")
    assert got[1][1] == "Saraqib" and got[1][3] == "Idlib"
    assert ("Raqqa", "Ar Raqqah", 172955, "Ar-Raqqah") in got


@pytest.mark.parametrize(
    ("reported", "first", "kinds"),
    [
        ("Idlib", "Idlib", ["place", "admin1"]),  # the city, then the governorate
        ("near Saraqib", "Saraqib", ["place"]),
        ("Douma, Rif Dimashq", "Dūmā", ["place", "admin1"]),  # not Dimashq inside Rif Dimashq
        ("Atarib, Aleppo countryside", "Al Atārib", ["place", "place", "admin1"]),
        ("Syria", "Syria", ["country"]),
        ("somewhere out of town", None, []),
    ],
)  # fmt: skip
def test_lookup_of_a_free_text_place_ranks_what_it_may_mean(
    places: PlaceGazetteer, reported: str, first: str | None, kinds: list[str]
) -> None:
    found = places.lookup(reported)
    assert [p.kind for p in found] == kinds
    assert (found[0].name if found else None) == first


def test_city_name_without_province_word_is_the_city(places: PlaceGazetteer) -> None:
    got = _places(places, "Airstrikes hit Idlib and Al-Bab.")
    assert got == [("Idlib", "Idlib", 169389, "Idlib"), ("Al-Bab", "Al Bāb", 174018, "Aleppo")]


def test_countries_are_places_only_after_a_locative(places: PlaceGazetteer) -> None:
    got = _places(places, "Russia said its forces in Syria would stay.")
    assert got == [("Syria", "Syria", 163843, None)]


PUB = dt.date(2017, 4, 12)  # a Wednesday


@pytest.mark.parametrize(
    ("text", "value", "precision"),
    [
        ("on 5 April 2017", dt.date(2017, 4, 5), "day"),
        ("on April 5", dt.date(2017, 4, 5), "day"),
        ("on 27 February", dt.date(2017, 2, 27), "day"),
        ("on Wednesday", dt.date(2017, 4, 12), "day"),
        ("on Monday", dt.date(2017, 4, 10), "day"),
        ("yesterday", dt.date(2017, 4, 11), "day"),
        ("last week", dt.date(2017, 4, 3), "week"),
        ("last month", dt.date(2017, 3, 1), "month"),
        ("in March 2016", dt.date(2016, 3, 1), "month"),
        ("since 2011", dt.date(2011, 1, 1), "year"),
        ("on December 30", dt.date(2016, 12, 30), "day"),
    ],
)
def test_dates_resolve_against_the_published_date(
    text: str, value: dt.date, precision: str
) -> None:
    found = find_dates(text, PUB)
    assert [(d.value, d.precision) for d in found] == [(value, precision)]


@given(st.one_of(st.text(st.sampled_from(list("-0189 dayma\u0660"))), st.text()))
def test_date_core_starts_equal_the_literal_search(text: str) -> None:
    assert core_starts(text) == literal_starts(text, _CORES)


def test_relative_dates_need_a_published_date() -> None:
    assert find_dates("yesterday and on Monday", None) == []


def _place(start: int) -> PlaceMention:
    return PlaceMention(start, start + 1, "x", f"p{start}", None, None, None, None)


_STARTS = st.lists(st.integers(0, 40), max_size=8).map(sorted)


@given(_STARTS.filter(bool), st.integers(0, 40))
def test_nearest_mention_equals_min(starts: list[int], trigger: int) -> None:
    mentions = [_place(s) for s in starts]
    assert _nearest(mentions, trigger) is min(mentions, key=lambda m: abs(m.start - trigger))


@given(_STARTS, st.integers(0, 40), st.integers(0, 40))
def test_paragraph_places_equal_the_scan(starts: list[int], pstart: int, pend: int) -> None:
    doc = ExtractDoc("x" * 50, paragraphs=[(0, 0), (pstart, pend)])
    doc.places = [_place(s) for s in starts]
    sent = Sentence(pstart, pstart, "", 1, 0)
    view = _SentenceView(doc, sent, ([], starts, []))
    expected = [p for p in doc.places if pstart <= p.start < pend][:1]
    assert view.paragraph_places(doc) == expected


@given(_STARTS, st.one_of(st.none(), st.tuples(st.integers(0, 40), st.integers(0, 40))))
def test_lead_sentences_equal_the_two_scans(
    starts: list[int], title_span: tuple[int, int] | None
) -> None:
    doc = ExtractDoc("", title_span=title_span)
    doc.sentences = [Sentence(s, s + 1, "x", 0, i) for i, s in enumerate(starts)]
    # What `EventStage._lead_sentences` replaces.
    body = [s.index for s in doc.sentences
            if not (doc.title_span and s.start < doc.title_span[1])]  # fmt: skip
    title = {s.index for s in doc.sentences if doc.title_span and s.start < doc.title_span[1]}
    assert EventStage._lead_sentences(doc) == title | set(body[:2])


@given(st.lists(st.sampled_from(sorted(EVENT_TYPES)), max_size=4))
def test_specific_guesses_equal_the_general_rule(types: list[str]) -> None:
    guesses = [EventGuess(t, 0.5, i, i + 1) for i, t in enumerate(types)]
    # The rule `_specific` applies (it skips it for a single guess).
    unique = list({g.type: g for g in reversed(guesses)}.values())[::-1]
    if any(g.type.startswith(("truce.", "statement.", "investigation.")) for g in unique):
        unique = [g for g in unique if g.type not in {"strategic.agreement", "diplomacy.other"}]
    assert _specific(guesses) == unique


def test_common_transliterations_of_large_towns_are_found() -> None:
    from trucewatch.extract.pipeline import Pipeline

    pipeline = Pipeline.default()
    for text, admin1 in (
        ("Warplanes struck targets in Raqa on Sunday.", "Ar-Raqqah"),
        ("The army shelled positions in Deir Ezour overnight.", "Deir ez-Zor"),
    ):
        places = pipeline.extract(text)["places"]
        assert [p["admin1"] for p in places] == [admin1], places


def test_transliteration_variants_write_doubled_letters_once_and_french_ou() -> None:
    from trucewatch.extract.places import transliteration_variants

    assert "Raqa" in transliteration_variants(["Raqqa"])
    variants = {v.lower() for v in transliteration_variants(["Deir ez-Zor"])}
    assert {"deir ezor", "deir ezour"} <= variants
    assert transliteration_variants(["Homs"]) == []  # too short to vary safely
