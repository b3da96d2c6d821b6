"""Pure scoring helpers for `make eval`: gold counts, actor classes, span matching, role scores.

Nothing here runs the pipeline or reads files; run_eval.py feeds it the `extract --batch` output.
Kept apart from the extraction code on purpose: the measuring stick must not move when the
pipeline does.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

# ---- numbers written in gold free text ("six civilians", "31", "Thirty", "a child") ------------

_UNITS = {
    "zero": 0, "a": 1, "an": 1, "one": 1, "single": 1, "two": 2, "three": 3, "four": 4,
    "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11,
    "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
_SCALES = {"hundred": 100, "thousand": 1000}
_WORD = re.compile(r"[a-z]+|\d[\d,]*")


def parse_gold_count(text: str | None) -> int | None:
    """The first count in a gold cell: digits or English number words; a bare singular noun is 1.

    "31 civilians" -> 31, "six civilians" -> 6, "Thirty" -> 30, "thirty-five" -> 35,
    "a child" -> 1, "woman" -> 1, "Family of six" -> 6, "1,300 people" -> 1300. A cell with no
    number and a plural last word ("civilians") gives None: the worker did not give a count.
    """
    if not text or not text.strip():
        return None
    words = _WORD.findall(text.lower())
    value: int | None = None
    current = 0
    for word in words:
        if word == "and" and value is not None:
            continue  # "one hundred and twenty"
        if word[0].isdigit():
            if value is not None or current:
                break
            return int(word.replace(",", ""))
        if word in _UNITS and not (word in ("a", "an") and current):
            if current % 10 or (current and current < 20):
                break  # "two three" is not a number; stop at the first
            current += _UNITS[word]
            value = current
        elif word in _TENS and current % 100 == 0:
            current += _TENS[word]
            value = current
        elif word in _SCALES and current:
            current *= _SCALES[word]
            value = current
        elif value is not None:
            break
    if value is not None and value > 0:
        return value
    if value is None and words and not words[-1].endswith("s"):
        return 1  # "woman", "his young daughter", "Girl child"
    return None


def count_value(cell: Any) -> int | None:
    """A predicted count: an int, or a {low, best, high} dict's best (the shape issue 16 plans)."""
    if isinstance(cell, bool):
        return None
    if isinstance(cell, int):
        return cell
    if isinstance(cell, Mapping):
        best = cell.get("best")
        return best if isinstance(best, int) and not isinstance(best, bool) else None
    return None


# ---- FA-KES coarse classes for causes and perpetrators -------------------------------------------

CAUSES = (  # first match wins; gold free text ends up here
    ("chemical", r"chemical|gas\b|chlorine|sarin|toxic|organophosph|poison"),
    ("air strike", r"barrel|\bair|aerial|warplane|\bjets?\b|plane|helicopter|raid|drone|bombed"),
    ("shelling", r"shell|mortar|rocket|missile|artillery|projectile"),
    ("bombing", r"suicide|bomb|blast|explo|\bied\b|\bmines?\b|tunnel|grenade"),
    ("air strike", r"strike"),
    ("clashes", r"clash|fight|battle|offensive|combat|assault"),
    ("attack", r"shot|shoot|sniper|gun|behead|execut|massacre|stab|attack|kill|murder"),
)

# The pipeline's ACLED sub-event type -> the same coarse cause classes.
ACLED_CAUSE = {
    "Air/drone strike": "air strike",
    "Shelling/artillery/missile attack": "shelling",
    "Chemical weapon": "chemical",
    "Suicide bomb": "bombing",
    "Remote explosive/landmine/IED": "bombing",
    "Grenade": "bombing",
    "Armed clash": "clashes",
    "Government regains territory": "clashes",
    "Non-state actor overtakes territory": "clashes",
    "Attack": "attack",
    "Sexual violence": "attack",
    "Mob violence": "attack",
    "Excessive force against protesters": "attack",
}


def normalise_cause(text: str) -> str | None:
    lower = text.lower()
    for cause, pattern in CAUSES:
        if re.search(pattern, lower):
            return cause
    return None


# Names of monitors, aid and UN bodies are blanked out first: "Syrian Observatory for Human
# Rights" must not count as the Syrian government when it is wrongly given as a perpetrator.
_NEUTRAL = (  # with a "Syrian ..." in front of them, which would otherwise read as the government
    r"(?:syrian\s+(?:american\s+|arab\s+)?)?(?:observatory(?:\s+for\s+human\s+rights)?|"
    r"human rights|monitor\w*|red crescent|civil defen[cs]e|medical\w*)|"
    r"united nations|\bun\b|\bopcw\b|red cross|white helmets|doctors|amnesty|\bngo\b|"
    r"ministry of health"
)
ACTOR_CLASSES = (  # first the specific names, each blanked out once matched
    ("kurdish", r"kurd|\bypg\b|\bsdf\b|syrian democratic forces|\bpkk\b|asayish|asayesh"),
    (
        "nusra_hts",
        r"nusra|fateh al.?sham|fatah al.?sham|fath al.?sham|tahrir al.?sham|\bhts\b|"
        r"\bjfs\b|al.?qa.?ida|al.?qaeda|jaysh al.?fat|jeish al.?fat|jaish al.?fat",
    ),
    ("isis", r"\bis\b|\bisis\b|\bisil\b|daesh|daish|islamic state"),
    (
        "us_coalition",
        r"us.led|u\.s\..led|coalition|\bus\b|u\.s\.|united states|america|\busa\b|"
        r"pentagon|centcom",
    ),
    ("russia", r"russia"),
    ("turkey", r"turk"),
    ("israel", r"israel"),
    ("hezbollah", r"hezbollah|hizbollah|hizbullah"),
    ("iran", r"\biran"),
    (
        "rebels",
        r"rebel|opposition|\bfsa\b|free syrian army|islamist|jaysh al.?islam|"
        r"jaish al.?islam|ahrar|faylaq|terrorist|militant|jihadist|insurgent|zenki",
    ),
    ("syria_gov", r"syria|assad|regime|government|pro.government|\bsaa\b|loyalist|army"),
)


def normalise_actors(text: str) -> set[str]:
    """Coarse perpetrator classes named in a text ("Assad regime" -> {"syria_gov"})."""
    lower, found = re.sub(_NEUTRAL, " ", text.lower()), set()
    for key, pattern in ACTOR_CLASSES:
        if re.search(pattern, lower):
            found.add(key)
            lower = re.sub(pattern, " ", lower)
    return found


# ---- roles ---------------------------------------------------------------------------------------

SOURCE_ROLES = frozenset({"subject", "perpetrator", "source"})  # "source": before issue 16
TARGET_ROLES = frozenset({"target", "victim", "addressee", "recipient"})  # "recipient": before
CLAIMANT_ROLES = frozenset({"claimant"})
NOT_PERPETRATOR = TARGET_ROLES | CLAIMANT_ROLES | {"mediator", "guarantor"}


def side(role: str) -> str | None:
    """The side a role is scored on: "source", "target", "claimant" or None (not scored)."""
    if role in SOURCE_ROLES:
        return "source"
    if role in TARGET_ROLES:
        return "target"
    if role in CLAIMANT_ROLES:
        return "claimant"
    return None


_TOKEN = re.compile(r"[a-z0-9]+")
_STOP = frozenset({"the", "a", "an", "of", "s", "and", "in", "on", "for", "to", "its", "his"})


def words(text: str) -> set[str]:
    """Lower-cased word set of a span, without articles and a few function words."""
    return {w for w in _TOKEN.findall(text.lower()) if w not in _STOP}


def overlaps(a: str, b: str) -> bool:
    """True when the word overlap is at least half of the shorter span's words."""
    wa, wb = words(a), words(b)
    if not wa or not wb:
        return False
    return 2 * len(wa & wb) >= min(len(wa), len(wb))


@dataclass
class Predicted:
    """One predicted actor in a sentence: its side and the forms it may match by."""

    side: str
    forms: tuple[str, ...]


_SIDES = ("source", "target", "claimant")


@dataclass
class RoleTally:
    hit_pred: dict[str, int] = field(default_factory=lambda: dict.fromkeys(_SIDES, 0))
    hit_gold: dict[str, int] = field(default_factory=lambda: dict.fromkeys(_SIDES, 0))
    n_pred: dict[str, int] = field(default_factory=lambda: dict.fromkeys(_SIDES, 0))
    n_gold: dict[str, int] = field(default_factory=lambda: dict.fromkeys(_SIDES, 0))
    swaps: int = 0
    matched_st: int = 0  # gold source/target spans matched by a prediction on either side

    def figures(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for s in _SIDES:
            p = self.hit_pred[s] / self.n_pred[s] if self.n_pred[s] else 0.0
            r = self.hit_gold[s] / self.n_gold[s] if self.n_gold[s] else 0.0
            f = 2 * p * r / (p + r) if p + r else 0.0
            out[s] = {"p": p, "r": r, "f1": f, "gold": self.n_gold[s], "pred": self.n_pred[s]}
        out["swap_rate"] = self.swaps / self.matched_st if self.matched_st else 0.0
        out["swaps"], out["matched_source_target"] = self.swaps, self.matched_st
        return out


def _matches(pred: Predicted, span: str) -> bool:
    return any(overlaps(form, span) for form in pred.forms)


def score_sentence(
    tally: RoleTally, gold: Sequence[Mapping[str, str]], preds: Iterable[Predicted]
) -> None:
    """Add one sentence to the tally.

    Per side, a gold span is found when a predicted actor on that side matches it, and a
    predicted actor is correct when it matches a gold span on its side (so P and R are counted
    on their own sets, and one actor covering two spans is not punished twice). A gold source or
    target span matched only by predictions on the opposite side is a swap.
    """
    preds = list(preds)
    by_side: dict[str, list[str]] = {"source": [], "target": [], "claimant": []}
    for span in gold:
        s = side(span["role"])
        if s is not None:
            by_side[s].append(span["text"])
    for s, spans in by_side.items():
        mine = [p for p in preds if p.side == s]
        tally.n_gold[s] += len(spans)
        tally.n_pred[s] += len(mine)
        tally.hit_pred[s] += sum(any(_matches(p, g) for g in spans) for p in mine)
        tally.hit_gold[s] += sum(any(_matches(p, g) for p in mine) for g in spans)
    for s, other in (("source", "target"), ("target", "source")):
        for span in by_side[s]:
            same = any(_matches(p, span) for p in preds if p.side == s)
            opposite = any(_matches(p, span) for p in preds if p.side == other)
            if same or opposite:
                tally.matched_st += 1
                tally.swaps += int(opposite and not same)
