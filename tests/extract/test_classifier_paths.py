"""The classifier the pipeline runs equals the one the unit tests cover.

The event stage does not call `classify_sentence` per sentence: with the default classifier it
scans the whole lower-cased document once (`classify_spans`). tests/extract/test_events.py checks
`classify_sentence`; these properties check that the fast path gives, sentence by sentence, what
`classify_sentence` gives, and that a whole pipeline run gives the same output either way.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from trucewatch.extract import events
from trucewatch.extract.clean import paragraphs
from trucewatch.extract.events import classify_sentence, classify_spans
from trucewatch.extract.pipeline import Pipeline
from trucewatch.extract.sentences import split_sentences
from trucewatch.extract.tokens import lower_text

# Every phrase the classifier's automaton knows, plus filler, negations, hedges and the
# characters whose lower case changes length: sentences dense in triggers and near misses.
_PHRASES = sorted(key.strip() for key in events._automaton().keys())
_WORDS = st.one_of(
    st.sampled_from(_PHRASES),
    st.sampled_from(
        "the of in near Idlib Aleppo Russia said not no denied reportedly allegedly killing "
        "civilians two 12 İstanbul “ ” ( ) - on Monday".split()
    ),
)
_SEPARATORS = st.sampled_from([" ", " ", " ", ", ", ". ", ".\n\n", "; ", "-", "! ", "? ", "\n"])
_TEXT = st.lists(st.tuples(_WORDS, st.booleans(), _SEPARATORS), max_size=40).map(
    lambda parts: "".join((w.capitalize() if up else w) + sep for w, up, sep in parts)
)
SEED = Path(__file__).resolve().parents[1] / "fixtures" / "extract" / "seed-article.txt"


def _sentence_spans(text: str) -> list[tuple[int, int]]:
    return [(s.start, s.end) for s in split_sentences(text, paragraphs(text))]


@settings(max_examples=300, deadline=None)
@given(_TEXT)
@example("Government warplanes bombed the market. Rebels fired rockets at the airport.")
@example("A drone strike hit a car. İ The ceasefire was violated, the ministry said.")
def test_classify_spans_equals_classify_sentence_on_each_sentence(text: str) -> None:
    spans = _sentence_spans(text)
    fast = classify_spans(lower_text(text), spans)
    assert [list(g) for g in fast] == [classify_sentence(text[s:e]) for s, e in spans]


@st.composite
def _text_and_spans(draw: st.DrawFn) -> tuple[str, list[tuple[int, int]]]:
    """Any sorted, disjoint spans: the fast path must not rely on how sentences are split."""
    text = draw(_TEXT)
    cuts = sorted(set(draw(st.lists(st.integers(0, len(text)), max_size=12))))
    pairs = list(zip(cuts[::2], cuts[1::2], strict=False))
    return text, [(s, e) for s, e in pairs if s < e]


@settings(max_examples=300, deadline=None)
@given(_text_and_spans())
def test_classify_spans_equals_classify_sentence_on_any_spans(
    case: tuple[str, list[tuple[int, int]]],
) -> None:
    text, spans = case
    fast = classify_spans(lower_text(text), spans)
    assert [list(g) for g in fast] == [classify_sentence(text[s:e]) for s, e in spans]


@pytest.fixture(scope="module")
def per_sentence() -> Pipeline:
    """The default pipeline with a classifier that is `classify_sentence` but not the same
    object, so the event stage classifies sentence by sentence."""
    return Pipeline.default(classify=lambda sentence: classify_sentence(sentence))


def test_the_pipeline_gives_the_same_output_on_either_path(
    pipeline: Pipeline, per_sentence: Pipeline
) -> None:
    demo = Path(__file__).resolve().parents[2] / "src" / "trucewatch" / "data" / "demo-corpus"
    texts = [SEED.read_text(encoding="utf-8")]
    for path in sorted(demo.glob("*/*.jsonl")):
        lines = path.read_text(encoding="utf-8").splitlines()
        texts += [json.loads(line)["text"] for line in lines[:4]]
    assert len(texts) > 10
    for text in texts:
        assert pipeline.extract(text) == per_sentence.extract(text)
