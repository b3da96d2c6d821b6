"""Truce mentions: the named-truce pre-check never hides a mention the automaton finds."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from trucewatch.extract.tokens import NormText
from trucewatch.extract.truces import TruceEntry, TruceMatcher

_WORDS = ["cessation", "of", "hostilities", "in", "Syria", "nationwide", "ceasefire", "truce",
          "Aleppo", "the", "deal", "de-escalation", "zone"]  # fmt: skip
_NAMES = st.lists(st.sampled_from(_WORDS), min_size=1, max_size=4).map(" ".join)
_TEXTS = st.lists(st.sampled_from([*_WORDS, ",", ".", "  ", "\n"]), max_size=40).map(" ".join)


@given(st.lists(_NAMES, min_size=1, max_size=6), _TEXTS)
def test_find_with_and_without_the_anchor_pre_check(names: list[str], text: str) -> None:
    entries = [TruceEntry(i, name) for i, name in enumerate(names)]
    checked = TruceMatcher(entries)
    scanned = TruceMatcher(entries)
    scanned._anchors = None  # the automaton alone
    assert checked.find(text, NormText(text)) == scanned.find(text, NormText(text))


def test_many_anchors_leave_the_automaton_alone() -> None:
    entries = [TruceEntry(i, f"truce number{i}") for i in range(40)]
    assert TruceMatcher(entries)._anchors is None
    text = "They signed truce number7 today."
    found = TruceMatcher(entries).find(text, NormText(text))
    assert [(m.text, m.truce_id) for m in found] == [("truce number7", 7)]
