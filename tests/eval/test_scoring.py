"""The measuring stick of `make eval`: gold counts, span overlap, role scores (eval/)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "eval"))

from roles import GoldError, first_mentioned, locate, predicted_roles, read_gold  # noqa: E402
from scoring import (  # noqa: E402
    Predicted,
    RoleTally,
    count_value,
    normalise_actors,
    overlaps,
    parse_gold_count,
    score_sentence,
    side,
)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("31 civilians", 31),
        ("six civilians", 6),
        ("Thirty", 30),
        ("thirty-five people", 35),
        ("one hundred and twenty", 120),
        ("1,300 people", 1300),
        ("conent: seven people", 7),
        ("Family of six", 6),
        ("two children and three women", 2),
        ("a child", 1),
        ("woman", 1),
        ("his young daughter", 1),
        ("civilians", None),
        ("", None),
        (None, None),
    ],
)
def test_gold_count_reads_digits_and_number_words(cell: str | None, expected: int | None) -> None:
    assert parse_gold_count(cell) == expected


@pytest.mark.parametrize(
    ("cell", "expected"), [(5, 5), ({"best": 3}, 3), (None, None), (True, None)]
)
def test_predicted_count_takes_an_int_or_the_best_of_a_range(
    cell: object, expected: object
) -> None:
    assert count_value(cell) == expected


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("Syrian government forces", "the Syrian government", True),
        ("regime helicopters", "regime", True),
        ("Islamic State in Iraq and the Levant", "Islamic State group", True),
        ("US-led coalition", "the coalition", True),
        ("Russian Federation", "Turkish armed forces", False),
        ("Syrian Observatory for Human Rights", "Syrian Arab Republic", False),
        ("the", "the", False),
    ],
)
def test_overlap_is_at_least_half_of_the_shorter_span(a: str, b: str, expected: bool) -> None:
    assert overlaps(a, b) is expected
    assert overlaps(b, a) is expected


def test_a_monitor_named_syrian_is_not_the_syrian_government() -> None:
    assert normalise_actors("common:sohr Syrian Observatory for Human Rights") == set()
    assert normalise_actors("Assad regime") == {"syria_gov"}


def test_old_role_names_score_on_the_same_sides() -> None:
    assert side("source") == side("perpetrator") == side("subject") == "source"
    assert side("recipient") == side("addressee") == side("victim") == "target"
    assert side("claimant") == "claimant"
    assert side("mediator") is None


def test_scorer_counts_precision_recall_and_swaps() -> None:
    gold = [
        {"role": "perpetrator", "text": "Syrian government forces"},
        {"role": "victim", "text": "15 civilians"},
        {"role": "claimant", "text": "the Observatory"},
    ]
    preds = [
        Predicted("target", ("Syrian Arab Republic", "Syrian government forces")),
        Predicted("claimant", ("Syrian Observatory for Human Rights", "the Observatory")),
        Predicted("source", ("Russian Federation",)),
    ]
    tally = RoleTally()
    score_sentence(tally, gold, preds)
    figures = tally.figures()
    assert figures["source"] == {"p": 0.0, "r": 0.0, "f1": 0.0, "gold": 1, "pred": 1}
    assert figures["target"]["p"] == 0.0 and figures["target"]["gold"] == 1
    assert figures["claimant"]["f1"] == 1.0
    assert figures["swaps"] == 1 and figures["swap_rate"] == 1.0

    right = RoleTally()
    score_sentence(right, gold, [Predicted("source", ("Syrian Arab Republic", "government"))])
    assert right.figures()["source"]["f1"] == 1.0
    assert right.figures()["swaps"] == 0 and right.figures()["matched_source_target"] == 1


TEXT = (
    "Title line.\nRussian  jets struck\nthe town, the Observatory said. Rebels agreed to a truce."
)
OUT = {
    "text": TEXT,
    "actors": [
        {"id": "russia", "name": "Russian Federation", "mentions": [{"start": 12, "end": 19, "text": "Russian"}]},
        {"id": "sohr", "name": "Syrian Observatory", "mentions": [{"start": 43, "end": 58, "text": "the Observatory"}]},
        {"id": None, "name": "Rebels", "mentions": [{"start": 65, "end": 71, "text": "Rebels"}]},
    ],
    "events": [
        {
            "type": "violence.air_strike",
            "actors": [
                {"role": "source", "name": "Russian Federation", "id": "russia"},
                {"role": "recipient", "name": "Syrian Observatory", "id": "sohr"},
            ],
            "evidence": {"start": 0, "end": 64},
        },
        {
            "type": "truce.joined",
            "actors": [{"role": "subject", "name": "Rebels", "id": None}],
            "evidence": {"start": 65, "end": 90},
        },
    ],
}  # fmt: skip


def test_sentence_is_found_whatever_the_whitespace_and_gets_its_events_actors() -> None:
    where = locate("Russian jets struck the town, the Observatory said.", TEXT)
    assert where == (12, 64)
    preds = predicted_roles(OUT, *where)
    assert [(p.side, p.forms) for p in preds] == [
        ("source", ("Russian Federation", "Russian")),
        ("target", ("Syrian Observatory", "the Observatory")),
    ]
    baseline = first_mentioned(OUT, *where)
    assert [(p.side, p.forms[0]) for p in baseline] == [
        ("source", "Russian Federation"),
        ("target", "Syrian Observatory"),
    ]
    assert locate("Rebels refused.", TEXT) is None


def test_gold_file_with_an_unknown_role_is_refused_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_text(
        '{"corpus": "wikinews", "doc": "x", "sentence": "s", "spans": []}\n'
        '{"corpus": "wikinews", "doc": "x", "sentence": "s", "spans": [{"role": "actor", "text": "s"}]}\n',
        encoding="utf-8",
    )
    with pytest.raises(GoldError, match=r"gold.jsonl:2: spans: unknown role 'actor'"):
        read_gold(path)
