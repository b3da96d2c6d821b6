"""Counts of the killed in a news text: civilians, combatants, children, women, total.

Monitors compare casualty figures across sources, so the parser is conservative: it reports only
counts of people *killed* (never wounded or injured), and only for the incident the text is about.

Rules, in order:

* A count is a number (numerals, "1,300", or words: "six", "twenty-five", "a"/"an" before a
  singular noun) optionally before up to three modifier words and a person noun ("civilians",
  "IS fighters", "Syrian troops", "people"), or a bare number right after a killing verb
  ("killed 47", "death toll rose to 112").
* It is a count of the killed when a killing word follows it closely ("were killed", "died",
  "dead", "among those killed") before any wounding word, or precedes it directly ("killing 47
  people", "the deaths of", "claimed the lives of"), or it is a sub-count ("including 11
  children", "among them 3 women") in a sentence that has a count of the killed.
* Historical and cumulative figures are skipped: a count near "since 2011", "since the conflict
  began", "so far", "in the war", "this year", "in total" ... is context, not the incident.
* Vague quantities ("dozens", "scores", "hundreds", "several") never give an exact count; they
  set ``low`` (and ``low_bound``) (dozens → 24, scores → 40, hundreds → 200, several → 3, tens →
  20: the smallest number the word can mean) when no exact count exists. ACLED codes "dozens" as
  12 in its one fatality column; we keep the best estimate empty instead of inventing one.
* Each count has low/best/high, UCDP GED style, as the text bounds it: a bare number is exact
  (31/31/31); "at least", "more than", "over" give a low bound (18/18/-); "up to", "as many as",
  "nearly", "almost" a high bound (-/20/20); "about", "some", "an estimated" only a best
  estimate; "between 10 and 15", "10 to 15", "10-15" give 10/10/15 — the best estimate of a range
  is its lower end, ACLED's conservative rule ("rose from 10 to 15" is the later figure).
* Within a sentence, coordinated counts add up ("14 rebels and 9 soldiers" → 23) but a count
  stated again is not added: a headline glued onto its lead ("... Leave 31 Civilians Dead ...
  left at least 31 civilians dead") or a second figure for the same field keeps the larger best
  estimate (`restate`). A year before a count ("9 Feb 2015 At least 15 people") is a dateline,
  never part of the count.

Nouns decide the field: soldiers, troops, fighters, militants, rebels, jihadists, terrorists,
policemen, gunmen ... → ``non_civilians``; civilians, residents, villagers, worshippers, ... →
``civilians``; children, boys, girls, babies → ``children``; women → ``women``; people, persons,
victims, bodies and bare numbers → ``total``. Children and women are kept apart and not added to
civilians. The first sentence with a count of the killed anchors the incident; later sentences (up
to four) only fill fields still empty ("31 civilians were identified among those killed"). When no
explicit total exists, ``total`` is civilians + non_civilians (whichever are known). ``low`` and
``high`` bound ``total``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from trucewatch.extract.tokens import fold_text

__all__ = ["Fatalities", "parse_fatalities", "parse_count"]

# Hand-aligned tables: the formatter would put one item per line.
# fmt: off
_UNITS = {
    "a": 1, "an": 1, "one": 1, "single": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}
_VAGUE = {"dozens": 24, "scores": 40, "hundreds": 200, "several": 3, "tens": 20, "dozen": 12}

_NOUNS: dict[str, str] = {}
for _field, _words in {
    "civilians": "civilian civilians resident residents villager villagers worshipper "
                 "worshippers passer-by passers-by passersby student students pupil pupils "
                 "patient patients farmer farmers shepherd shepherds journalist journalists "
                 "worker workers relatives refugees citizen citizens medic medics doctor doctors nurse "
                 "nurses paramedic paramedics rescuer rescuers volunteer volunteers teacher "
                 "teachers staff",
    "children": "child children kid kids baby babies infant infants boy boys girl girls "
                "minor minors toddler toddlers schoolchildren",
    "women": "woman women mother mothers",
    "non_civilians": "soldier soldiers troop troops fighter fighters militant militants rebel "
                     "rebels insurgent insurgents jihadist jihadists terrorist terrorists "
                     "gunman gunmen combatant combatants serviceman servicemen policeman "
                     "policemen officer officers guard guards commander commanders militiaman "
                     "militiamen members member personnel recruits conscripts extremists "
                     "attackers bombers",
    "total": "people persons person individuals victims bodies men man others",
}.items():
    for _word in _words.split():
        _NOUNS[_word] = _field

_ONES = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_NUM_WORDS = "|".join(
    sorted([*(_UNITS), *(_TENS), *(_VAGUE)], key=len, reverse=True)
)
_NUMBER = (
    rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d+|(?:{'|'.join(_TENS)})(?:[- ](?:{'|'.join(_ONES)}))?"
    rf"|{_NUM_WORDS})"
)
_MODIFIER = r"(?:(?P<mod>at least|more than|over|nearly|almost|about|around|some|up to|" \
            r"as many as|approximately|roughly|a total of|another|an estimated|between)\s+)?"
# "between 10 and 15", "10 to 15", "10-15": the second number of a range.
_RANGE = rf"(?:(?P<join>\s*(?:-|–|to|and)\s*)(?P<num2>{_NUMBER})\b)?"
# Which bounds a modifier states: "at least 18" is a low bound, "up to 20" a high one, "about 30"
# neither; a bare number is exact (low = best = high).
_LOW_MODS = frozenset({"at least", "more than", "over"})
_HIGH_MODS = frozenset({"nearly", "almost", "up to", "as many as"})
_APPROX_MODS = frozenset({"about", "around", "some", "approximately", "roughly", "an estimated"})
# Words that end the modifiers of a count: "25 injured by terrorist rockets" is not 25 terrorists.
_NOT_MODIFIER = (
    "(?:killed|wounded|injured|dead|died|hurt|martyred|by|in|at|on|from|with|after|during|when|"
    "while|as|to|for|into|near|including|among)"
)
_NOUN_WORDS = "|".join(sorted(_NOUNS, key=len, reverse=True))
# The patterns below have lower-case literals and run case-sensitively on the case-folded text
# (`tokens.fold_text`): the same matches as IGNORECASE on the original, several times faster.
_MENTION = re.compile(
    rf"(?<![-/.:])\b{_MODIFIER}(?P<num>{_NUMBER}){_RANGE}(?:\s+of(?:\s+the)?)?"
    # Up to three modifier words ("IS fighters"), none a number: "2015 at least 15 people" and
    # "2015 Thirteen civilians" are a dateline's year before a count, not 2015 people; nor is a
    # number inside a date ("03-07-2015").
    rf"(?P<mods>(?:\s+(?!and\b|or\b|were\b|was\b|of\b|{_NOT_MODIFIER}\b|\d|(?:{_NUM_WORDS})\b)"
    rf"[\w'’-]+){{0,3}}?)\s+(?P<noun>{_NOUN_WORDS})\b"
    rf"|\b(?P<bare>{_NUMBER})(?=\s+(?:were\s+|have\s+been\s+|are\s+)?(?:killed|dead|died)\b)",
)
_TOLL = r"(?:death )?toll\b[^.;]{0,80}?\b(?:to|at|of|reached|hit)"
_BARE_AFTER_VERB = re.compile(
    rf"\b(?:killed|killing|kills|left|leaving|{_TOLL}|claimed the lives of|deaths of)"
    rf"\s+{_MODIFIER}"
    rf"(?P<num>{_NUMBER})\b{_RANGE}(?!\s*(?:%|percent|km|kilometres|kilometers|miles|years|days|hours|"
    rf"minutes|metres|meters|weeks|months|times|of\b|and\b|others\b|wounded|injured|more))",
)
_KILL_AFTER = re.compile(
    r"\b(?:killed|dead|died|die|slain|murdered|executed|massacred|perished|beheaded|martyred|"
    r"shot dead|lost their lives|lost his life|lost her life|bodies|death|deaths|"
    r"among (?:those|the) (?:killed|dead))\b",
)
_INJURE = re.compile(r"\b(?:wounded|injured|injuring|injuries|hurt|hospitali[sz]ed|missing|"
                     r"arrested|detained|abducted|kidnapped|rescued|displaced|evacuated|"
                     r"survived|fled|captured)\b")
_KILL_BEFORE = re.compile(
    rf"\b(?:killed|killing|kills|kill|killings of|deaths of|death of|claimed the lives of|"
    rf"claiming the lives of|bodies of|executed|executing|massacred|slaughtered|beheaded|"
    rf"murdered|shot dead|leaving|left|{_TOLL})\s+(?:the\s+)?{_MODIFIER}$",
)
_SUBCOUNT_BEFORE = re.compile(
    r"\b(?:including|among them|among whom|of whom|among the dead|among the victims|"
    r"among those killed|most of them|mostly|among)\s+(?:were\s+)?$",
)
_HISTORY = re.compile(
    r"\bsince (?:the (?:start|beginning|outbreak)|the (?:conflict|war|uprising|revolt|crisis)|"
    r"(?:march |early |mid-?|late )?(?:19|20)\d\d|it (?:began|started|erupted)|then)"
    r"|\bso far\b|\bin the (?:war|conflict)\b|\b(?:war|conflict) (?:has|had) killed\b"
    r"|\bthis year\b|\blast year\b|\bin total\b|\boverall\b|\bover the (?:past|last)\b"
    r"|\bconflict erupted\b|\bwar erupted\b|\bthe war began\b|\bin (?:19|20)\d\d\b"
    r"|\bcumulative\b|\bmonthly\b|\bper month\b|\bper year\b|\bin recent (?:months|years)\b",
)
_FAMILY = re.compile(r"\bfamily\b|^\s*of (?:a|one|the same|his|her|their|the) famil")
_COORDINATED = re.compile(r"\s*(?:,|,?\s*and|,?\s*as well as)\s*")
# The spaces that end a sentence. `parse_fatalities` finds them as group 1 of `_SENTENCE_BREAK`
# (the same runs: each follows a [.!?], and no run starts inside another), whose search skips to
# the next [.!?] (the pattern's first character set) instead of trying the lookbehind at every
# position.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_SENTENCE_BREAK = re.compile(r"[.!?](\s+)")
# Every count of the killed needs one of these stems nearby (the killing words of _KILL_AFTER,
# _KILL_BEFORE and _BARE_AFTER_VERB). Most sentences have none: a cheap check skips them
# (`_has_kill_stem`, with the literals of this regex). It runs case-sensitively on the lower-cased
# text: an IGNORECASE alternation is several times slower.
_ANY_KILL = re.compile(
    r"kill|dead|die|slain|murder|execut|massacr|perish|behead|lost (?:their|his|her)|bodies|martyr"
    r"|death|slaughter|left|leaving|toll|lives"
)
# The literals of _ANY_KILL: `stem in text` for each (`str.find`'s fast search) tells the same,
# about half as costly as the regex, which tries its alternation at most positions of a sentence.
_KILL_STEMS = (
    "kill", "dead", "die", "slain", "murder", "execut", "massacr", "perish", "behead", "lost their",
    "lost his", "lost her", "bodies", "death", "slaughter", "left", "leaving", "toll", "lives", "martyr",
)  # fmt: skip
_NUMBER_RE = re.compile(rf"\b{_NUMBER}\b", re.IGNORECASE)
_YEAR = re.compile(r"(?:19|20)\d\d")


@dataclass(frozen=True, slots=True)
# fmt: on
class Fatalities:
    """Counts of the killed in one incident; None where the text gives no count.

    The category fields are best estimates (see the module docstring for ranges and vague
    words). ``low`` and ``high`` bound the number of all killed as the text states it (UCDP GED's
    low/best/high, with ``total`` as best): an exact "31 killed" gives 31/31/31, "at least 18"
    18/18/None, "up to 20" None/20/20, "between 10 and 15" 10/10/15, "dozens" 24/None/None.
    ``start``/``end`` span the counts used. ``low_bound`` is ``low`` when no exact count exists
    (kept for callers that read only vague quantities).
    """

    civilians: int | None
    non_civilians: int | None
    children: int | None
    women: int | None
    total: int | None
    start: int
    end: int
    low_bound: int | None = None
    low: int | None = None
    high: int | None = None


def parse_count(text: str) -> int | None:
    """The first exact number in a short phrase ("six civilians" → 6, "1,300 people" → 1300)."""
    for match in _NUMBER_RE.finditer(text):
        value = _number(match.group(0))
        if value is not None:
            return value
    return None


def _number(token: str) -> int | None:
    word = token.lower().replace(",", "")
    if word.isdigit():
        return int(word)
    if word in _UNITS:
        return _UNITS[word]
    parts = re.split(r"[- ]", word)
    if parts[0] in _TENS:
        return _TENS[parts[0]] + (_UNITS.get(parts[1], 0) if len(parts) > 1 else 0)
    return None


# (low, best, high) of one count; best is None for a vague quantity ("dozens").
Bounds = tuple[int | None, int | None, int | None]
# field, bounds, start, end, is a sub-count, group (coordinated counts share a group)
_Mention = tuple[str, Bounds, int, int, bool, int]
FIELDS = ("civilians", "non_civilians", "children", "women", "total")


def _bounds(match: re.Match[str], token: str, before: str) -> Bounds | None:
    """What a count states: exact, a low or high bound, an estimate, a range or a vague number."""
    exact = _number(token)
    if exact is None:
        vague = _VAGUE.get(token.lower())
        return None if vague is None else (vague, None, None)
    mod = match.group("mod")
    second = match.group("num2")
    if second is not None:
        other = _number(second)
        joined_by_and = match.group("join").strip() == "and"
        if other is not None and not _YEAR.fullmatch(second) and (mod == "between" or not joined_by_and):
            if before.endswith("from "):  # "rose from 10 to 15": the later figure
                return other, other, other
            low, high = min(exact, other), max(exact, other)
            return low, low, high
    if mod in _LOW_MODS:
        return exact, exact, None
    if mod in _HIGH_MODS:
        return None, exact, exact
    if mod in _APPROX_MODS:
        return None, exact, None
    return exact, exact, exact


def _mentions(sentence: str, offset: int) -> list[_Mention]:
    """The counts in one sentence, case-folded with `tokens.fold_text`."""
    found: list[_Mention] = []
    taken: list[tuple[int, int]] = []
    last_end = -10
    group = 0
    for match in _MENTION.finditer(sentence):
        start, end = match.span()
        token = match.group("num") or match.group("bare")
        field = _NOUNS[match.group("noun").lower()] if match.group("noun") else "total"
        if field == "non_civilians" and _FAMILY.search(
            f"{match.group('mods') or ''} {sentence[end:end + 30]}"
        ):
            field = "civilians"  # "six members of one family", "three family members"
        if token.lower() in ("a", "an", "single") and (
            not match.group("noun") or match.group("noun").lower().endswith("s")
        ):
            continue
        if _YEAR.fullmatch(token) and not match.group("noun"):
            continue
        before, after = sentence[max(0, start - 45):start], sentence[end:end + 70]
        sub = bool(_SUBCOUNT_BEFORE.search(before))
        kill_after = _KILL_AFTER.search(after)
        injure_after = _INJURE.search(after)
        coordinated = bool(_COORDINATED.fullmatch(sentence[last_end:start]))
        killed = bool(_KILL_BEFORE.search(before)) or bool(
            kill_after and (not injure_after or kill_after.start() < injure_after.start())
        ) or coordinated
        if not killed and not sub:
            continue
        if _INJURE.search(before[-25:]) and not _KILL_BEFORE.search(before):
            continue
        context = sentence[max(0, start - 60):end + 70]
        if _HISTORY.search(context):
            continue
        bounds = _bounds(match, token, before)
        if bounds is None:
            continue
        if not coordinated:
            group += 1
        found.append((field, bounds, start + offset, end + offset, sub and not killed, group))
        taken.append((start, end))
        last_end = end
    for match in _BARE_AFTER_VERB.finditer(sentence):
        start, end = match.span("num")
        if any(s <= start < e for s, e in taken):
            continue
        token = match.group("num")
        if token.lower() in ("a", "an") or _YEAR.fullmatch(token):
            continue
        if _HISTORY.search(sentence[max(0, start - 80):end + 70]):
            continue
        bounds = _bounds(match, token, sentence[max(0, start - 45):start])
        if bounds is None:
            continue
        group += 1
        found.append(("total", bounds, start + offset, match.end() + offset, False, group))
    return found


def _add(a: int | None, b: int | None) -> int | None:
    return None if a is None or b is None else a + b


def sum_bounds(parts: list[Bounds]) -> Bounds:
    """Counts that add up ("14 rebels and 9 soldiers"): each bound is the sum when every part
    states it; a best is the sum of the exact parts (a vague part adds only to the low bound)."""
    low: int | None = 0
    high: int | None = 0
    best: int | None = None
    for part_low, part_best, part_high in parts:
        low, high = _add(low, part_low), _add(high, part_high)
        if part_best is not None:
            best = part_best + (best or 0)
        else:
            high = None
    return low, best, high


def restate(a: Bounds | None, b: Bounds) -> Bounds:
    """Two statements of the same count (a headline and its lead, two paragraphs, two
    repetitions of one incident): never added. The larger best estimate wins; equal ones keep
    the stronger low bound and an upper bound only if both state one."""
    if a is None:
        return b
    if (a[1] or -1) != (b[1] or -1):
        return a if (a[1] or -1) > (b[1] or -1) else b
    lows = [v for v in (a[0], b[0]) if v is not None]
    high = None if a[2] is None or b[2] is None else max(a[2], b[2])
    return (max(lows) if lows else None), a[1], high


def _sentence_counts(mentions: list[_Mention]) -> dict[str, Bounds]:
    """One sentence's counts per field: coordinated counts add up, repeated ones do not."""
    groups: dict[tuple[int, str], list[Bounds]] = {}
    for field, bounds, _start, _end, _sub, group in mentions:
        groups.setdefault((group, field), []).append(bounds)
    out: dict[str, Bounds] = {}
    for (_group, field), parts in groups.items():
        value = parts[0] if len(parts) == 1 else sum_bounds(parts)
        out[field] = restate(out.get(field), value)
    return out


def _has_kill_stem(lower: str) -> bool:
    """`_ANY_KILL.search(lower) is not None`, with `str` searches (see `_KILL_STEMS`)."""
    for stem in _KILL_STEMS:
        if stem in lower:
            return True
    return False


def parse_fatalities(text: str) -> Fatalities | None:
    """Counts of the killed for the incident the text leads with, or None if it gives none."""
    if not _has_kill_stem(text.lower()):
        return None
    folded = fold_text(text)  # same length and sentence ends as `text`
    sentences: list[tuple[int, str]] = []
    position = 0
    for match in _SENTENCE_BREAK.finditer(folded):  # the spaces of `_SENTENCE_END`
        sentences.append((position, folded[position : match.start(1)]))
        position = match.end(1)
    sentences.append((position, folded[position:]))

    counts: dict[str, Bounds] = {}
    span: list[int] = []
    anchor: int | None = None
    for index, (offset, sentence) in enumerate(sentences):
        if anchor is not None and index > anchor + 4:
            break
        mentions = _mentions(sentence, offset)
        if not any(not m[4] for m in mentions):
            continue
        first = anchor is None
        if first:
            anchor = index
        here = _sentence_counts(mentions)
        for field, bounds in here.items():
            known = counts.get(field)
            if first or known is None or known[1] is None and bounds[1] is not None:
                counts[field] = bounds
                span += [m[2] for m in mentions if m[0] == field]
                span += [m[3] for m in mentions if m[0] == field]
    if anchor is None or not span:
        return None
    return _result(counts, span)


def _result(counts: dict[str, Bounds], span: list[int]) -> Fatalities:
    best = {field: counts[field][1] if field in counts else None for field in FIELDS}
    total = counts.get("total")
    if "civilians" not in counts and (total is None or total[1] is None):
        # Women and children named without a count of civilians are the civilians ("a woman
        # and her two children were killed": three civilians).
        kin = [counts[f] for f in ("children", "women") if f in counts and counts[f][1] is not None]
        if kin:
            counts["civilians"] = sum_bounds(kin)
            best["civilians"] = counts["civilians"][1]
    if total is None or total[1] is None:
        parts = [counts[f] for f in ("civilians", "non_civilians") if f in counts]
        if any(p[1] is not None for p in parts):
            total = sum_bounds([p for p in parts if p[1] is not None])
    exact_found = any(value is not None for value in best.values())
    low = total[0] if total is not None else None
    if low is None and not exact_found:  # only vague quantities: the largest low bound
        low = max((b[0] for b in counts.values() if b[0] is not None), default=None)
    return Fatalities(
        civilians=best["civilians"],
        non_civilians=best["non_civilians"],
        children=best["children"],
        women=best["women"],
        total=total[1] if total is not None else None,
        start=min(span),
        end=max(span),
        low_bound=None if exact_found else low,
        low=low,
        high=total[2] if total is not None else None,
    )
