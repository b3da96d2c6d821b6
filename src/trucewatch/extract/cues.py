"""Cue lexicons and refinement rules that tell an appeal from a done deed, an accusation from a
report, and an inquiry about an attack from the attack itself.

Why a separate step: the weighted lexicons (lexicons.py) find what a sentence is about; these
rules then read how it is said. They are general English patterns, never phrases of one article:

* intent, not completion: a desire/effort cue ("wants", "wish", "seek", "urge", "working for",
  "taking steps") with a truce noun and a joining or expanding word ("join", "expand",
  "incorporate", "accede") is an appeal to join or expand the truce (truce.appeal). A
  truce.joined needs the joining reported as done ("have joined", "signed up to", "acceded").
* accusation cues: "undermine", "sabotage", "pretext" in a statement accuse someone.
* an inquiry is not an attack: "the alleged chemical weapons incident" as the object of an
  investigation (experts, inspectors, the OPCW, "find out the truth") is no new violent event
  unless an attack verb ("killed", "used", "struck", "dropped", ...) reports one. Accusations
  alone keep their violent type: "accused the army of gassing" does report an attack.
* a headquarters needs a headquarters: strategic.hq_established needs a military, base, camp,
  office or headquarters noun; a negotiating format "set up" by two states is diplomacy.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

# Extra phrases per label, merged into the classifier's automaton with lexicons.LEXICON.
# Hand-aligned tables: the formatter would put one item per line.
# fmt: off
CUE_LEXICON: dict[str, dict[str, float]] = {
    "statement.accuse": {
        "undermin*": 0.5, "sabotag*": 0.5, "pretext*": 0.5,
    },
    "#intent": {
        "want": 1.0, "wants": 1.0, "wanted": 0.8, "wish": 1.0, "wishes": 1.0, "hope*": 1.0,
        "seek*": 1.0, "sought": 0.8, "working for": 1.0, "working towards": 1.0,
        "working toward": 1.0, "work for": 0.8, "working to": 1.0, "taking steps": 1.0,
        "steps to": 0.8, "efforts to": 1.0, "aims to": 1.0, "intends to": 1.0, "urge*": 1.0,
        "call on": 1.0, "called on": 1.0, "calls on": 1.0, "calling on": 1.0, "invite*": 1.0,
        "would like": 1.0, "encourag*": 1.0,
    },
    "#expand": {
        "expand*": 1.0, "expansion": 1.0, "incorporate": 1.0, "include more": 1.0, "join": 1.0,
        "accede": 1.0, "broaden*": 1.0, "widen*": 1.0, "more groups": 1.0,
        "more armed groups": 1.0, "participants": 0.6,
    },
    "#attack_verb": {
        "killed": 1.0, "killing": 1.0, "kills": 1.0, "dead": 1.0, "died": 1.0, "used": 1.0,
        "dropped": 1.0, "fired": 1.0, "launched": 1.0, "struck": 1.0, "hit": 1.0,
        "targeted": 1.0, "attacked": 1.0, "carried out": 1.0, "carrying out": 1.0,
        "conducted": 1.0, "exposed": 1.0, "suffocat*": 1.0, "injur*": 1.0, "wounded": 1.0,
        "affected": 1.0, "shelled": 1.0, "bombed": 1.0, "gassed": 1.0, "victims": 1.0,
        "casualties": 1.0, "using": 1.0, "gassing": 1.0, "bombing": 1.0, "bombarded": 1.0,
    },
    "#hq_noun": {
        "base": 1.0, "bases": 1.0, "headquarter*": 1.0, "camp*": 1.0, "outpost*": 1.0,
        "office*": 1.0, "command cent*": 1.0, "military": 1.0, "garrison*": 1.0,
        "checkpoint*": 1.0, "barracks": 1.0, "post": 1.0, "posts": 1.0, "station*": 1.0,
        "position*": 1.0, "airfield*": 1.0, "airport": 1.0, "centre": 1.0, "center": 1.0,
    },
}

# fmt: on
_VIOLENT_PREFIXES = ("violence.",)
_Score = Any  # events._Score; kept loose: this module does not import the classifier
_Total = Callable[[str], float]
_Add = Callable[[dict[str, Any], str, float, int, int], None]


def refine(
    scores: dict[str, _Score], features: dict[str, list[Any]], total: _Total, add: _Add
) -> None:
    """Apply the rules of the module docstring to one sentence's scores (in place); `add` is
    the classifier's way of adding a score (events._add, passed in)."""
    intent = features.get("#intent", [])
    truce = features.get("#truce", [])
    expand = features.get("#expand", [])
    joined = scores.get("truce.joined")  # stays when the joining is reported as done
    if intent and truce and expand:
        first_intent = min(h[0] for h in intent)
        if any(h[0] > first_intent for h in expand):
            strength = max(2.0, joined.score if joined is not None else 0.0)
            start, end = expand[0][0], expand[0][1]
            current = scores.get("truce.appeal")
            if current is None or current.score < strength:
                scores.pop("truce.appeal", None)
                add(scores, "truce.appeal", strength, start, end)
            scores.pop("truce.joined", None)
    # Only an inquiry context: an accusation of an attack ("accused the army of gassing ...")
    # still reports the attack, as the FA-KES annotators read it. (The inquiry test, the costly
    # part, only where there is a violent score to damp; without "#investigation" its total is 0.)
    if not features.get("#attack_verb"):
        violent = [t for t in scores if t.startswith(_VIOLENT_PREFIXES)]
        if violent and (
            ("#investigation" in features and total("#investigation") >= 1.0)
            or any(t.startswith("investigation.") for t in scores)
        ):
            for label in violent:
                scores[label].scale *= 0.25
    if "strategic.hq_established" in scores and not features.get("#hq_noun"):
        del scores["strategic.hq_established"]
