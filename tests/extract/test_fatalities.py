"""Counting the killed: numerals, number words, categories, and what must not be counted."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trucewatch.extract.fatalities import (
    _ANY_KILL,
    _SENTENCE_BREAK,
    _SENTENCE_END,
    Fatalities,
    _has_kill_stem,
    parse_count,
    parse_fatalities,
)

# (text, expected fields; fields not listed must be None)
CASES = [
    ("Six civilians were killed when shells hit the market.", {"civilians": 6, "total": 6}),
    ("At least 112 people were killed in the bombing on Monday.", {"total": 112}),
    ("The raid killed 38 people, most of them civilians, a monitor said.", {"total": 38}),
    (
        "A soldier was killed and two others were wounded in the ambush.",
        {"non_civilians": 1, "total": 1},
    ),
    # Women and children without a count of civilians are the civilians (and the total).
    (
        "The strike killed 3 children and 2 women in a farmhouse.",
        {"children": 3, "women": 2, "civilians": 5, "total": 5},
    ),
    (
        "Terrorist rockets kill a woman and injure 9 in the city.",
        {"women": 1, "civilians": 1, "total": 1},
    ),
    # Words after the number that are not its noun's modifiers: 25 wounded, not 25 terrorists.
    ("8 killed, 25 injured by terrorist rocket attacks on the city.", {"total": 8}),
    ("Six citizens were martyred when shells hit the district.", {"civilians": 6, "total": 6}),
    ("The raid killed six members of one family.", {"civilians": 6, "total": 6}),
    ("The raid killed six members of the armed group.", {"non_civilians": 6, "total": 6}),
    (
        "The death toll from the bomb blast on a crowded bus convoy outside the city reached at least 112.",
        {"total": 112},
    ),
    (
        "Twenty-five villagers, including nine children, died in the attack.",
        {"civilians": 25, "children": 9, "total": 25},
    ),
    (
        "Fighting left 14 rebels and 9 soldiers dead near the dam.",
        {"non_civilians": 23, "total": 23},
    ),
    ("The death toll from the blast rose to 61 on Wednesday.", {"total": 61}),
    ("Shelling killed 1,300 people in a single month, rescuers said.", {"total": 1300}),
    # "her son" is no count: the woman alone is counted (a civilian).
    ("Gunmen killed an elderly woman and her son.", {"women": 1, "civilians": 1, "total": 1}),
    (
        "Warplanes struck the town, killing seven people. Four children were among those killed, "
        "the civil defence said.",
        {"total": 7, "children": 4},
    ),
    ("Eleven IS fighters were killed in the clashes.", {"non_civilians": 11, "total": 11}),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_parse_fatalities_counts_the_killed(text: str, expected: dict[str, int]) -> None:
    result = parse_fatalities(text)
    assert isinstance(result, Fatalities)
    for field in ("civilians", "non_civilians", "children", "women", "total"):
        assert getattr(result, field) == expected.get(field), (field, result)
    assert 0 <= result.start < result.end <= len(text)


@pytest.mark.parametrize(
    "text",
    [
        "The air strike injured 20 people, including five children.",
        "More than 280,000 people have been killed since the conflict began in 2011.",
        "The war has killed 400,000 people so far, the UN says.",
        "Nearly 3,000 civilians were killed in the province this year, the report said.",
        "Ten people were arrested after the protest.",
        "The convoy of 40 trucks reached the town on Sunday.",
    ],
)
def test_wounded_historical_and_unrelated_numbers_are_not_counted(text: str) -> None:
    assert parse_fatalities(text) is None


def test_historical_context_does_not_override_the_incident_count() -> None:
    text = (
        "An air strike killed 12 civilians in the town on Friday. More than 280,000 people "
        "have been killed since the conflict erupted in 2011."
    )
    result = parse_fatalities(text)
    assert result is not None
    assert (result.civilians, result.total) == (12, 12)


def test_vague_quantities_give_only_a_low_bound() -> None:
    result = parse_fatalities("Dozens of people were killed in the raid.")
    assert result is not None
    assert result.total is None
    assert result.low_bound == 24


@pytest.mark.parametrize(
    ("phrase", "value"),
    [
        ("six civilians", 6),
        ("1,300 people", 1300),
        ("a child", 1),
        ("Twenty-one", 21),
        ("70", 70),
        ("his young daughter", None),
    ],
)
def test_parse_count_reads_numerals_and_number_words(phrase: str, value: int | None) -> None:
    assert parse_count(phrase) == value


# Words and pieces of the killing stems, sentence punctuation and whitespace of several kinds.
_SENTENCEISH = st.lists(
    st.one_of(
        st.sampled_from(
            [
                "kill",
                "ki",
                "ll",
                "dea",
                "d",
                "die",
                "lost",
                "their",
                "his",
                "her",
                "lef",
                "t",
                "leaving",
                "toll",
                "lives",
                "bodies",
                "death",
                "a",
                "e",
                "s",
            ]
        ),  # fmt: skip
        st.sampled_from([".", "!", "?", " ", "  ", "\n", "\t", "\u2003", "\u00a0", ". ", "? \n"]),
        st.characters(),
    )
).map("".join)


@given(_SENTENCEISH)
def test_kill_stem_check_equals_the_regex(text: str) -> None:
    assert _has_kill_stem(text) == (_ANY_KILL.search(text) is not None)


@given(_SENTENCEISH)
def test_sentence_break_spaces_equal_sentence_end(text: str) -> None:
    expected = [m.span() for m in _SENTENCE_END.finditer(text)]
    assert [m.span(1) for m in _SENTENCE_BREAK.finditer(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A headline glued onto its lead repeats the count: stated twice, counted once.
        (
            "Strikes on the town leave 31 civilians dead Reports strikes on the town left at "
            "least 31 civilians dead and dozens injured on Tuesday",
            {"civilians": 31, "total": 31},
        ),
        (
            "Air raid kills 21 at market Monitor AFP Thursday An air strike on a market killed "
            "at least 21 people including three children",
            {"total": 21, "children": 3},
        ),
        # A dateline's year before the count is not a count of people.
        ("Monday 9 Feb 2015 At least 15 people were killed in air strikes", {"total": 15}),
        ("Thursday 9 Jul 2015 At least 19 civilians were killed", {"civilians": 19, "total": 19}),
        ("Wednesday 15 Jul 2015 Thirteen civilians were killed", {"civilians": 13, "total": 13}),
        ("03-07-2015 Five Civilians Killed in Rocket Attacks.", {"civilians": 5, "total": 5}),
        # Sub-counts stay apart from the whole.
        (
            "15 people, including 6 children, were killed in the strike.",
            {"total": 15, "children": 6},
        ),
        # Coordinated counts of one field still add up.
        (
            "The clashes left 14 rebels and 9 soldiers dead.",
            {"non_civilians": 23, "total": 23},
        ),
    ],
)
def test_a_repeated_count_in_one_sentence_is_not_added(text: str, expected: dict[str, int]) -> None:
    result = parse_fatalities(text)
    assert result is not None
    for field in ("civilians", "non_civilians", "children", "women", "total"):
        assert getattr(result, field) == expected.get(field), (field, result)


@pytest.mark.parametrize(
    ("text", "bounds"),
    [
        ("Six civilians were killed when shells hit the market.", (6, 6, 6)),
        ("At least 18 people were killed in the raid.", (18, 18, None)),
        ("More than 20 people were killed.", (20, 20, None)),
        ("The strike killed up to 20 people.", (None, 20, 20)),
        ("Nearly 40 people died in the blast.", (None, 40, 40)),
        ("About 30 people were killed.", (None, 30, None)),
        ("Between 10 and 15 civilians were killed in the raid.", (10, 10, 15)),
        ("Shelling killed 10 to 15 people.", (10, 10, 15)),
        ("The death toll rose from 10 to 15 on Sunday.", (15, 15, 15)),
        ("Dozens of people were killed in the raid.", (24, None, None)),
        ("At least 3 soldiers and 2 rebels were killed.", (5, 5, None)),
    ],
)
def test_counts_give_low_best_high(
    text: str, bounds: tuple[int | None, int | None, int | None]
) -> None:
    result = parse_fatalities(text)
    assert result is not None
    assert (result.low, result.total, result.high) == bounds


def test_a_range_joined_by_and_needs_between() -> None:
    result = parse_fatalities("The shelling killed 12 and 50 were wounded.")
    assert result is not None
    assert (result.low, result.total, result.high) == (12, 12, 12)
