"""Sentence-level event classification with weighted lexicons and a few combination rules.

Why rules and not a model: the default pipeline must run with what ``pip install trucewatch``
brings (no scikit-learn, no downloaded weights) on every sentence of every article, so this stage
has to be fast and explainable: each guess points at the trigger words that produced it.

How it works. One Aho–Corasick automaton (``pyahocorasick``) holds every phrase of
``lexicons.LEXICON``; a sentence is lower-cased and scanned once. Each hit carries weights for event
types (direct evidence) and for ``#features`` (who acted, protesters present, a truce or an inquiry
mentioned, ...). Then:

* a hit inside a longer hit of the same label (or one the longer phrase blocks) is dropped;
* a hit right after a negation ("no", "not", "denied", "without") counts a quarter, and one after
  a hedge ("threatened to", "plans to") counts 60%;
* combination rules turn features into types: protesters + live fire → excessive force, + stones
  → violent demonstration, + tear gas or arrests → protest with intervention, else peaceful;
  "captured/recaptured" + an actor cue → which side regains or overtakes territory; a truce noun
  + a nearby verb → truce declared/joined/withdrew/refused/appeal/violation; an inquiry noun + a
  verb → investigation requested/opposed/deployed/reported;
* scores become confidences with ``s / (s + 1)``.

The automaton is built on first use (no work at import time) and shared afterwards; it is
read-only, so threads and forked workers can share it.

Speed. The pipeline calls ``classify_spans`` once per document rather than ``classify_lowered``
once per sentence: punctuation is blanked over the whole article with one regex, the sentences
are joined (each after the space a single sentence is padded with) and scanned in one automaton
pass, and matches are dealt to sentences as they come (in end order); a match that starts in the
previous sentence is dropped, so every sentence gets exactly the phrases its own scan finds.
Sentences without a phrase (about a third) cost nothing more, and each combination rule runs only
when a feature or score it reads is present. The results are the same as sentence by sentence
(checked byte for byte on the demo corpus, the FA-KES dev texts and the seed article); on the
demo corpus classifying went from ~21 to ~13 µs per sentence (CPU time, best of 9, same process).
"""

from __future__ import annotations

import re
import string
from bisect import bisect_right
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import accumulate

import ahocorasick

from trucewatch.domain.taxonomy import ACLED_CASE_LABELS, CASE_LABELS, EVENT_TYPES
from trucewatch.extract.cues import CUE_LEXICON, refine
from trucewatch.extract.lexicons import (
    BLOCKS,
    INVESTIGATION_VERBS,
    LEXICON,
    PRIORS,
    TRUCE_VERBS,
)

__all__ = [
    "EventGuess", "classify_lowered", "classify_sentence", "classify_spans", "classify_text",
    "split_sentences",
]  # fmt: skip

_MIN_SCORE = 0.6
_NEGATION_WINDOW = 20
_HEDGE_WINDOW = 40
_NEAR = 90  # characters between a truce/inquiry noun and its verb
_ACLED_IDS = frozenset(CASE_LABELS[label] for label in ACLED_CASE_LABELS)
_POSITION_WEIGHTS = (1.0, 0.75, 0.6, 0.5)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"'“(]?[A-Z0-9])")


@dataclass(frozen=True, slots=True)
class EventGuess:
    """A plausible event type for a text span, with the trigger that suggested it."""

    type: str
    confidence: float
    trigger_start: int
    trigger_end: int


# One automaton value: phrase length, its labelled entries, the entries that may also match as a
# word prefix ("shell*" in "shelling"), the labels it blocks, and whether the entries (then the
# prefix entries) can make a guess on their own (`_can_score`).
_Entry = tuple[str, float, bool]  # label, weight, is_prefix
_Value = tuple[int, tuple[_Entry, ...], tuple[_Entry, ...], frozenset[str], bool, bool]
# One hit: start, end, label, weight.
_Hit = tuple[int, int, str, float]
# A sentence's hits: those of event types, and those of each feature ("#...").
_Hits = tuple[list[_Hit], dict[str, list[_Hit]]]
# One phrase occurrence: start, end, its entries, the labels it blocks.
_Occurrence = tuple[int, int, tuple[_Entry, ...], frozenset[str]]
_Total = Callable[[str], float]  # summed, damped weight of a feature
_Damp = Callable[[int, str], float]  # negation/hedge factor for a label at a position


# Punctuation becomes a space on both sides (phrases and text), so "air-strike" matches
# "air strike" and every phrase is keyed with a leading space: only word starts can match.
_PUNCTUATION_CHARS = string.punctuation + "‘’“”–—…«»\t\n\r"
_PUNCTUATION = str.maketrans(dict.fromkeys(_PUNCTUATION_CHARS, " "))
# `blank_punctuation`: a byte table for the ASCII characters (applied to the UTF-8 bytes), and the
# other characters, replaced one by one.
_PUNCTUATION_BYTES = bytes.maketrans(
    "".join(c for c in _PUNCTUATION_CHARS if c.isascii()).encode(),
    b" " * sum(c.isascii() for c in _PUNCTUATION_CHARS),
)
_PUNCTUATION_OTHER = tuple(c for c in _PUNCTUATION_CHARS if not c.isascii())


def blank_punctuation(text: str) -> str:
    """Every character of `_PUNCTUATION_CHARS` becomes a space (as a regex `sub` would do).

    The ASCII ones with one `bytes.translate` of the UTF-8 bytes (UTF-8 keeps ASCII bytes for
    ASCII characters only, so the text keeps its length in characters), the others (curly quotes,
    dashes) with a `str.replace` each, skipped when the text is pure ASCII. A whole article is
    seldom pure ASCII, where `str.translate` takes a dict look-up per character and the regex a
    class test per character; `str.replace` of one character is a `memchr`-like scan, many times
    cheaper than `bytes.replace` of its UTF-8 sequence (~13 instead of ~60 µs per demo article).
    """
    blanked = (
        text.encode("utf-8", "surrogatepass")
        .translate(_PUNCTUATION_BYTES)
        .decode("utf-8", "surrogatepass")
    )
    if not blanked.isascii():
        for char in _PUNCTUATION_OTHER:
            blanked = blanked.replace(char, " ")
    return blanked


def _variants(phrase: str) -> Iterable[str]:
    yield " " + phrase.translate(_PUNCTUATION)


@cache
def _automaton() -> ahocorasick.Automaton:
    entries: dict[str, list[_Entry]] = {}
    blocks: dict[str, frozenset[str]] = {}
    merged: dict[str, dict[str, float]] = {label: dict(p) for label, p in LEXICON.items()}
    for label, phrases in CUE_LEXICON.items():
        merged.setdefault(label, {}).update(phrases)
    for label, phrases in merged.items():
        for raw, weight in phrases.items():
            prefix = raw.endswith("*")
            phrase = raw.rstrip("*")
            for variant in _variants(phrase):
                entries.setdefault(variant, []).append((label, weight, prefix))
    for raw, labels in BLOCKS.items():
        for variant in _variants(raw.rstrip("*")):
            blocks[variant] = frozenset(labels)
    automaton = ahocorasick.Automaton()
    for phrase, items in entries.items():
        prefixed = tuple(item for item in items if item[2])
        value: _Value = (
            len(phrase), tuple(items), prefixed, blocks.get(phrase, frozenset()),
            _can_score(items), _can_score(prefixed),
        )  # fmt: skip
        automaton.add_word(phrase, value)
    automaton.make_automaton()
    return automaton


def _can_score(entries: Iterable[_Entry]) -> bool:
    """Whether one of the entries is an event type or a feature a combination rule reads.

    A sentence whose phrases all fail this has no guesses: its features only damp or refine
    scores that something else made (see `_apply_rules` and `cues.refine`).
    """
    return any(label[0] != "#" or label in _RULE_FEATURES for label, _, _ in entries)


def _lower(text: str) -> str:
    lower = text.lower()
    if len(lower) != len(text):  # a few characters change length when lower-cased
        lower = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    return lower


def _hits(lower: str) -> _Hits:
    padded = " " + lower.translate(_PUNCTUATION)
    return _resolve(_occurrences(padded, 0, len(lower), _automaton().iter(padded)))


def _occurrences(
    padded: str, base: int, n: int, matches: Iterable[tuple[int, _Value]]
) -> list[_Occurrence]:
    """The phrase occurrences of one sentence: `padded[base]` is the space before it, `n` its
    length, `matches` the automaton's (end index, value) pairs inside it; offsets are relative to
    the sentence."""
    occurrences: list[_Occurrence] = []
    for end_index, (length, items, prefixed, blocked, _, _) in matches:
        end = end_index - base
        start = end - length + 1  # the key's leading space sits at text[start - 1]
        if end >= n or not padded[end_index + 1].isalnum():  # the phrase ends at a word end
            occurrences.append((start, end, items, blocked))
            continue
        if not prefixed:
            continue
        while end < n and padded[base + end + 1].isalnum():
            end += 1
        occurrences.append((start, end, prefixed, blocked))
    return occurrences


def _resolve(occurrences: list[_Occurrence]) -> _Hits:
    """Hits of the occurrences: a hit inside a longer one loses the labels the longer one has or
    blocks. Sorted by start (longest first), containers are found among the few occurrences that
    overlap. A single occurrence (a sixth of the scored sentences) has nothing to lose. The hits
    come split as `_score_hits` reads them: event types, and features by label (each in hit
    order)."""
    direct: list[_Hit] = []
    features: dict[str, list[_Hit]] = {}
    if len(occurrences) == 1:
        start, end, items, _ = occurrences[0]
        for label, weight, _prefix in items:
            hit = (start, end, label, weight)
            (features.setdefault(label, []) if label[0] == "#" else direct).append(hit)
        return direct, features
    occurrences.sort(key=lambda o: (o[0], -o[1]))
    suppressed: dict[int, set[str]] = {}
    for i, (start, end, items, blocked) in enumerate(occurrences):
        for j in range(i + 1, len(occurrences)):
            s2, e2 = occurrences[j][0], occurrences[j][1]
            if s2 >= end:
                break
            if e2 <= end and (e2 - s2) < (end - start):
                suppressed.setdefault(j, set()).update(blocked, (item[0] for item in items))
    for i, (start, end, items, _) in enumerate(occurrences):
        gone = suppressed.get(i)
        for label, weight, _prefix in items:
            if gone is None or label not in gone:
                hit = (start, end, label, weight)
                (features.setdefault(label, []) if label[0] == "#" else direct).append(hit)
    return direct, features


@dataclass(slots=True)
class _Score:
    """Evidence for one type: the strongest hit counts fully, further hits a quarter each."""

    best: float
    total: float
    start: int
    end: int
    scale: float = 1.0

    @property
    def score(self) -> float:
        return self.scale * (self.best + 0.25 * (self.total - self.best))


def _add(scores: dict[str, _Score], label: str, weight: float, start: int, end: int) -> None:
    current = scores.get(label)
    if current is None:
        scores[label] = _Score(weight, weight, start, end)
        return
    current.total += weight
    if weight > current.best:
        current.best, current.start, current.end = weight, start, end


def _nearest(anchors: list[_Hit], start: int, end: int) -> int:
    best = 10_000
    for s, e, _, _ in anchors:
        distance = start - e if s < start else s - end
        best = min(best, max(distance, 0))
    return best


def _score_sentence(lower: str) -> dict[str, _Score]:
    return _score_hits(lower, _hits(lower))


def _score_hits(lower: str, hits: _Hits) -> dict[str, _Score]:
    """Scores of one sentence (`lower`, lower-cased) from its hits (`_resolve`)."""
    direct, features = hits
    negations = features.get("#negation", [])
    hedges = features.get("#hedge", [])

    if not negations and not hedges:  # the usual case: sums without a damping call per hit

        def total(name: str) -> float:
            return sum(h[3] for h in features.get(name, ()))

        return _apply_rules(lower, direct, features, _no_damp, total)

    damp = _damper(negations, hedges)

    def damped_total(name: str) -> float:
        return sum(h[3] * damp(h[0], name) for h in features.get(name, ()))

    return _apply_rules(lower, direct, features, damp, damped_total)


def _no_damp(start: int, label: str) -> float:
    return 1.0


def _damper(negations: list[_Hit], hedges: list[_Hit]) -> _Damp:
    """The factor for a hit: a quarter-ish after a negation (not for statements), 60% after a
    hedge."""

    def damp(start: int, label: str) -> float:
        factor = 1.0
        if not label.startswith("statement."):
            for _, e, _, _ in negations:
                if 0 <= start - e <= _NEGATION_WINDOW:
                    factor = 0.15
                    break
        for _, e, _, _ in hedges:
            if 0 <= start - e <= _HEDGE_WINDOW:
                factor *= 0.6
                break
        return factor

    return damp


def _apply_rules(
    lower: str, direct: list[_Hit], features: dict[str, list[_Hit]], damp: _Damp, total: _Total
) -> dict[str, _Score]:
    scores: dict[str, _Score] = {}
    if damp is _no_damp:  # `weight * 1.0` is `weight`: no call per hit
        for start, end, label, weight in direct:
            _add(scores, label, weight, start, end)
    else:
        for start, end, label, weight in direct:
            _add(scores, label, weight * damp(start, label), start, end)
    # Each rule runs only when a feature or score it reads is there (without them it changes
    # nothing): most sentences have two or three hits, and the calls cost more than the rules.
    if "#protest" in features or "protest.peaceful" in scores:
        _protest_rules(scores, features, total)
    if "#capture" in features or "#recapture" in features:
        _territory_rules(lower, scores, features, damp)
    if "#truce" in features:
        _anchor_rules(scores, features, "#truce", TRUCE_VERBS, 2.6)
    if "#investigation" in features:
        _anchor_rules(scores, features, "#investigation", INVESTIGATION_VERBS, 2.4)
    if not (
        features.keys().isdisjoint(_VIOLENCE_FEATURES)
        and scores.keys().isdisjoint(_VIOLENCE_SCORES)
    ):
        _violence_rules(scores, features, total)
    if "violence.attack" in scores and "attack" in lower:
        _military_target_rule(lower, scores)
    if "violence.shelling" in scores and "violence.air_strike" in scores:
        _from_the_air_rule(lower, scores)
    if "#kill" not in features and not scores.keys().isdisjoint(_TAKEOVERS):
        _uncontested_rule(lower, scores)
    refine(scores, features, total, _add)
    return scores


# An attack on soldiers, a base or military positions is a fight between armed parties (ACLED's
# armed clash), not violence against civilians (its "attack").
_MILITARY_TARGET = re.compile(
    r"\battack(?:ed|s|ing)?\s+(?:on\s+)?(?:[\w'’-]+\s+){0,4}?(?:military|army|troops|soldiers|"
    r"bases?|camps?|positions|checkpoints?|barracks|garrisons?|outposts?|convoys?|patrols?)\b"
)


# Missiles or rockets fired by aircraft are an air strike (ACLED), not artillery.
_BY_AIRCRAFT = re.compile(
    r"\b(?:fired|launched|dropped)\s+(?:[\w'’-]+\s+){0,3}?by\s+(?:[\w'’-]+\s+){0,2}?"
    r"(?:jets?|warplanes?|war planes|aircraft|planes?|helicopters?|drones?)\b"
    r"|\b(?:jets?|warplanes?|aircraft|helicopters?|drones?)\s+(?:fired|launched)\b"
)


def _from_the_air_rule(lower: str, scores: dict[str, _Score]) -> None:
    hit = _BY_AIRCRAFT.search(lower)
    if hit is not None:
        _add(scores, "violence.air_strike", 1.5, hit.start(), hit.end())


# A side that pulls out, or ground taken without a fight, changes hands without violence: ACLED's
# non-violent transfer of territory, not a battle.
_TAKEOVERS = frozenset(
    {"battle.non_state_overtakes_territory", "battle.government_regains_territory"}
)
_UNCONTESTED = re.compile(
    r"\b(?:pulled out|pulling out|withdrew|withdrawn|withdrawal of|handed over|"
    r"without (?:a fight|a shot|resistance|fighting|clashes))\b"
)


def _uncontested_rule(lower: str, scores: dict[str, _Score]) -> None:
    hit = _UNCONTESTED.search(lower)
    if hit is not None:
        strongest = max(scores[t].score for t in _TAKEOVERS if t in scores)
        _add(scores, "strategic.territory_transfer", strongest + 0.3, hit.start(), hit.end())


_CIVILIAN_CAMP = re.compile(
    r"\b(?:refugee|refugees|displacement|displaced|idp|tent|camp for)\s+camps?\b"
)


def _military_target_rule(lower: str, scores: dict[str, _Score]) -> None:
    hit = _MILITARY_TARGET.search(lower)
    if (
        hit is not None
        and hit.group().endswith(("camp", "camps"))
        and _CIVILIAN_CAMP.search(hit.group())
    ):
        hit = None  # a refugee camp is where civilians shelter, not a military target
    if hit is not None:
        _add(scores, "violence.armed_clash", 1.6, hit.start(), hit.end())
        scores["violence.attack"].scale *= 0.6


# What `_violence_rules` reads: without any of these it changes nothing.
_VIOLENCE_FEATURES = frozenset({"#kill", "#supporters", "#weapon", "#find"})
_VIOLENCE_SCORES = frozenset(
    {"other.man_made_disaster", "violence.suicide_bomb", "strategic.disrupted_weapons"}
)
# The features whose presence lets a rule add a score (the conditions of `_apply_rules`;
# `cues.refine` adds truce.appeal only with "#truce"). Every other feature only changes scores
# that a direct hit or one of these made, so a sentence with none of them and no direct hit has
# no guesses. A new rule that adds scores from another feature must list it here.
_RULE_FEATURES = frozenset(
    {"#protest", "#capture", "#recapture", "#truce", "#investigation"} | _VIOLENCE_FEATURES
)


def _span(hits: list[_Hit]) -> tuple[int, int]:
    best = max(hits, key=lambda h: h[3])
    return best[0], best[1]


def _protest_rules(
    scores: dict[str, _Score], features: dict[str, list[_Hit]], total: _Total
) -> None:
    protest = total("#protest")
    peaceful = scores.get("protest.peaceful")
    if protest < 0.8 and not (peaceful and peaceful.score >= 1.5):
        return
    anchor = features.get("#protest") or [(peaceful.start, peaceful.end, "", 1.0)]  # type: ignore[union-attr]
    start, end = _span(anchor)
    violent = total("#violent") + (
        scores["riot.violent_demonstration"].score
        if "riot.violent_demonstration" in scores
        else 0.0
    )
    lethal, intervention = total("#lethal"), total("#intervene")
    if "#peaceful" in features:  # protesters described as peaceful: any violence is the state's
        violent = 0.0
    if violent >= 0.8:
        _add(scores, "riot.violent_demonstration", 1.4 + 0.4 * min(violent, 3.0), start, end)
    elif lethal >= 0.7:
        _add(scores, "protest.excessive_force", 2.2 + 0.4 * min(lethal, 2.0), start, end)
    elif intervention >= 0.8:
        _add(scores, "protest.with_intervention", 2.2 + 0.4 * min(intervention, 2.0), start, end)
    else:
        _add(scores, "protest.peaceful", 1.8, start, end)
    for label in ("strategic.arrests", "violence.armed_clash", "violence.attack"):
        if label in scores:
            scores[label].scale *= 0.4


def _territory_rules(
    lower: str, scores: dict[str, _Score], features: dict[str, list[_Hit]], damp: _Damp
) -> None:
    gov = features.get("#gov", [])
    nonstate = features.get("#nonstate", [])
    place = 0.8 if "#place" in features else 0.0
    for name, default in (("#capture", "nonstate"), ("#recapture", "gov")):
        for start, end, _, weight in features.get(name, ()):
            side = default
            before_gov = [h for h in gov if h[1] <= start and start - h[1] < 120]
            before_non = [h for h in nonstate if h[1] <= start and start - h[1] < 120]
            if before_gov or before_non:
                last_gov = max((h[1] + h[3] * 10 for h in before_gov), default=-1.0)
                last_non = max((h[1] + h[3] * 10 for h in before_non), default=-1.0)
                side = "gov" if last_gov > last_non else "nonstate"
            elif gov and not nonstate:
                side = "gov"
            elif nonstate and not gov:
                side = "nonstate"
            target = (
                "battle.government_regains_territory"
                if side == "gov"
                else "battle.non_state_overtakes_territory"
            )
            if name == "#capture" and start and lower[start - 1] == "-":
                continue  # "IS-held", "rebel-occupied": a description, not an event
            strength = weight * (1.2 + 2 * place) * damp(start, target)
            _add(scores, target, strength, start, end)


def _anchor_rules(
    scores: dict[str, _Score],
    features: dict[str, list[_Hit]],
    anchor: str,
    verbs: dict[str, str],
    strength: float,
) -> None:
    anchors = features.get(anchor)
    if not anchors:
        return
    found = False
    # "called on X to join the truce" is an appeal, "refused to join" a refusal: a governing
    # verb just before another verb takes its place.
    governors = [
        (h, verbs[name])
        for name in ("#appeal", "#refuse", "#inv_request", "#inv_oppose")
        if name in verbs
        for h in features.get(name, ())
    ]
    for verb, target in verbs.items():
        for start, end, _, weight in features.get(verb, ()):
            distance = _nearest(anchors, start, end)
            if distance > _NEAR:
                continue
            found = True
            for (g_start, g_end, _, _), g_target in governors:
                if g_start < start and 0 <= start - g_end <= 60:
                    target = g_target
            _add(scores, target, strength * weight * (1.0 - distance / (2 * _NEAR)), start, end)
    if anchor == "#truce":
        start, end = _span(anchors)
        _add(scores, "strategic.agreement", 1.0 if found else 0.6, start, end)


# The violent types named by their means (from afar or by a device), more specific than an
# attack or an armed clash.
REMOTE_VIOLENCE = (
    "violence.air_strike",
    "violence.shelling",
    "violence.remote_explosive",
    "violence.suicide_bomb",
    "violence.chemical_weapon",
    "violence.grenade",
)


def _violence_rules(
    scores: dict[str, _Score], features: dict[str, list[_Hit]], total: _Total
) -> None:
    kill = total("#kill")
    if kill >= 0.6:
        start, end = _span(features["#kill"])
        remote = max(
            (scores[t].score for t in REMOTE_VIOLENCE if t in scores),
            default=0.0,
        )
        if total("#civ") >= 0.6 and remote < 1.5:
            _add(scores, "violence.attack", 0.9, start, end)
        if "#gov" in features and "#nonstate" in features:
            _add(scores, "violence.armed_clash", 0.9, start, end)
    supporters = total("#supporters")
    if supporters >= 0.8 and (kill or "#injure" in features or "violence.armed_clash" in scores):
        start, end = _span(features["#supporters"])
        _add(scores, "riot.mob_violence", 1.2, start, end)
    weapons, finds = features.get("#weapon", []), features.get("#find", [])
    if weapons and finds:
        distance = min(_nearest(weapons, s, e) for s, e, _, _ in finds)
        if distance <= 60:
            start, end = _span(finds)
            _add(scores, "strategic.disrupted_weapons", 2.6 - distance / 60, start, end)
    man_made = scores.get("other.man_made_disaster")
    if man_made and man_made.score >= 2.0 and total("#hostile") < 0.8:
        for label in (
            "violence.remote_explosive",
            "violence.chemical_weapon",
            "violence.shelling",
            "violence.air_strike",
        ):
            if label in scores:
                scores[label].scale *= 0.4
    suicide = scores.get("violence.suicide_bomb")
    if suicide and suicide.score >= 3.0 and "violence.remote_explosive" in scores:
        scores["violence.remote_explosive"].scale *= 0.3
    disrupted = scores.get("strategic.disrupted_weapons")
    if disrupted and disrupted.score >= 2.5:
        for label in (
            "violence.remote_explosive",
            "violence.shelling",
            "violence.air_strike",
            "violence.grenade",
            "violence.suicide_bomb",
        ):
            if label in scores:
                scores[label].scale *= 0.45


def _guesses(scores: dict[str, _Score]) -> list[EventGuess]:
    """The scores that make guesses, best first (ties in the order the scores were made).

    The weak and unknown ones are dropped before the (stable) sort rather than after: the same
    order for fewer items, and most sentences keep one, which needs no sort."""
    ranked = [(s.score, label, s) for label, s in scores.items()]
    ranked = [t for t in ranked if t[0] >= _MIN_SCORE and t[1] in EVENT_TYPES]
    if len(ranked) > 1:
        ranked.sort(key=_negated_score)
    return [
        EventGuess(label, round(score / (score + 1.0), 3), s.start, s.end)
        for score, label, s in ranked
    ]


def _negated_score(item: tuple[float, str, _Score]) -> float:
    return -item[0]


def classify_sentence(text: str) -> list[EventGuess]:
    """Every plausible event type in one sentence, best first; offsets are within ``text``."""
    if not text:
        return []
    return _guesses(_score_sentence(_lower(text)))


def classify_lowered(lower: str) -> list[EventGuess]:
    """`classify_sentence` of a sentence already lower-cased with `tokens.lower_text` (the
    pipeline lower-cases each document once and passes slices)."""
    if not lower:
        return []
    return _guesses(_score_sentence(lower))


def classify_spans(lower: str, spans: Sequence[tuple[int, int]]) -> list[Sequence[EventGuess]]:
    """`[classify_lowered(lower[s:e]) for s, e in spans]` with one automaton pass per document.

    `lower` is a whole document lower-cased with `tokens.lower_text`, `spans` its sentences
    (sorted, disjoint). The sentences are joined, each after one space (the padding
    `classify_lowered` gives a single sentence), and scanned at once; a phrase that starts in one
    sentence and ends in the next is dropped, so each sentence gets exactly the phrases its own
    scan finds, and sentences without any (about a third of news sentences) cost nothing more.
    """
    out: list[Sequence[EventGuess]] = [()] * len(spans)
    if not spans:
        return out
    clean = blank_punctuation(lower)
    pieces = [clean[s:e] for s, e in spans]
    joined = " " + " ".join(pieces)
    # The padding space before each sentence, and one past the end.
    pads = list(accumulate(map(len, pieces), _after_space, initial=0))
    # One loop over the automaton's matches, which come in end order: `k` is the sentence the
    # match ends in, `base` its padding space, `n` its length; `_occurrences` inlined. Only the
    # sentences with a phrase that can score (`_can_score`) are scored; the others have no
    # guesses.
    found: list[tuple[int, list[_Occurrence]]] = []
    scoring: set[int] = set()
    occurrences: list[_Occurrence] = []
    k, base, limit, n = -1, 0, 0, -1
    matches = _automaton().iter(joined)
    for end_index, (length, items, prefixed, blocked, items_score, prefixed_score) in matches:
        if end_index >= limit:
            k = bisect_right(pads, end_index) - 1
            base, limit = pads[k], pads[k + 1]
            n = limit - base - 1
            occurrences = []
            found.append((k, occurrences))
        end = end_index - base
        start = end - length + 1  # the key's leading space sits at text[start - 1]
        if start < 0:  # the phrase starts in the sentence before
            continue
        if end >= n or not joined[end_index + 1].isalnum():  # the phrase ends at a word end
            occurrences.append((start, end, items, blocked))
            if items_score:
                scoring.add(k)
            continue
        if not prefixed:
            continue
        while end < n and joined[base + end + 1].isalnum():
            end += 1
        occurrences.append((start, end, prefixed, blocked))
        if prefixed_score:
            scoring.add(k)
    for k, occurrences in found:
        if k in scoring:
            hits = _resolve(occurrences)
            if hits[0] or hits[1]:
                s, e = spans[k]
                out[k] = _guesses(_score_hits(lower[s:e], hits))
    return out


def _after_space(position: int, length: int) -> int:
    return position + length + 1


def split_sentences(text: str) -> list[tuple[int, str]]:
    """Split on sentence-final punctuation followed by a capital; (offset, sentence) pairs."""
    pieces: list[tuple[int, str]] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        pieces.append((start, text[start : match.start()]))
        start = match.end()
    pieces.append((start, text[start:]))
    return [(offset, piece) for offset, piece in pieces if piece.strip()]


def classify_text(
    text: str, *, acled_only: bool = False, allowed: Collection[str] | None = None
) -> EventGuess | None:
    """The single best event type for a snippet of a few sentences, or None if nothing fires.

    Sentence scores are summed with falling weights (the lede matters most, as in news writing),
    plus a small prior per type that only breaks near-ties. With ``acled_only`` the answer is one
    of the 25 ACLED sub-event types; with ``allowed``, one of those ids.
    """
    lower = _lower(text)
    combined: dict[str, list[float]] = {}  # label -> [score, best sentence score, start, end]
    for index, (offset, sentence) in enumerate(split_sentences(lower)):
        weight = _POSITION_WEIGHTS[min(index, len(_POSITION_WEIGHTS) - 1)]
        for label, s in _score_sentence(sentence).items():
            if label not in EVENT_TYPES or (acled_only and label not in _ACLED_IDS):
                continue
            if allowed is not None and label not in allowed:
                continue
            value = s.score * weight
            current = combined.setdefault(label, [0.0, -1.0, 0, 0])
            current[0] += value
            if value > current[1]:
                current[1:] = [value, s.start + offset, s.end + offset]
    if not combined:
        return None
    best_label, best = max(combined.items(), key=lambda item: item[1][0] + PRIORS.get(item[0], 0.0))
    score = best[0] + PRIORS.get(best_label, 0.0)
    if score < _MIN_SCORE:
        return None
    return EventGuess(best_label, round(score / (score + 1.0), 3), int(best[2]), int(best[3]))
