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
  set ``low_bound`` (dozens → 24, scores → 40, hundreds → 200, several → 3, tens → 20) when no
  exact count exists.

Nouns decide the field: soldiers, troops, fighters, militants, rebels, jihadists, terrorists,
policemen, gunmen ... → ``non_civilians``; civilians, residents, villagers, worshippers, ... →
``civilians``; children, boys, girls, babies → ``children``; women → ``women``; people, persons,
victims, bodies and bare numbers → ``total``. Children and women are kept apart and not added to
civilians. The first sentence with a count of the killed anchors the incident; later sentences (up
to four) only fill fields still empty ("31 civilians were identified among those killed"). When no
explicit total exists, ``total`` is civilians + non_civilians (whichever are known).
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
                 "worker workers relatives refugees",
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
_MODIFIER = r"(?:(?:at least|more than|over|nearly|almost|about|around|some|up to|as many as|" \
            r"approximately|roughly|a total of|another|an estimated)\s+)?"
_NOUN_WORDS = "|".join(sorted(_NOUNS, key=len, reverse=True))
# The patterns below have lower-case literals and run case-sensitively on the case-folded text
# (`tokens.fold_text`): the same matches as IGNORECASE on the original, several times faster.
_MENTION = re.compile(
    rf"\b{_MODIFIER}(?P<num>{_NUMBER})(?:\s+of(?:\s+the)?)?(?P<mods>(?:\s+(?!and\b|or\b|were\b|was\b|of\b)"
    rf"[\w'’-]+){{0,3}}?)\s+(?P<noun>{_NOUN_WORDS})\b"
    rf"|\b(?P<bare>{_NUMBER})(?=\s+(?:were\s+|have\s+been\s+|are\s+)?(?:killed|dead|died)\b)",
)
_TOLL = r"(?:death )?toll\b[^.;]{0,40}?\b(?:to|at|of|reached|hit)"
_BARE_AFTER_VERB = re.compile(
    rf"\b(?:killed|killing|kills|left|leaving|{_TOLL}|claimed the lives of|deaths of)"
    rf"\s+{_MODIFIER}"
    rf"(?P<num>{_NUMBER})\b(?!\s*(?:%|percent|km|kilometres|kilometers|miles|years|days|hours|"
    rf"minutes|metres|meters|weeks|months|times|of\b|and\b|others\b|wounded|injured|more))",
)
_KILL_AFTER = re.compile(
    r"\b(?:killed|dead|died|die|slain|murdered|executed|massacred|perished|beheaded|"
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
    r"kill|dead|die|slain|murder|execut|massacr|perish|behead|lost (?:their|his|her)|bodies"
    r"|death|slaughter|left|leaving|toll|lives"
)
# The literals of _ANY_KILL: `stem in text` for each (`str.find`'s fast search) tells the same,
# about half as costly as the regex, which tries its alternation at most positions of a sentence.
_KILL_STEMS = (
    "kill", "dead", "die", "slain", "murder", "execut", "massacr", "perish", "behead", "lost their",
    "lost his", "lost her", "bodies", "death", "slaughter", "left", "leaving", "toll", "lives",
)  # fmt: skip
_NUMBER_RE = re.compile(rf"\b{_NUMBER}\b", re.IGNORECASE)
_YEAR = re.compile(r"(?:19|20)\d\d")


@dataclass(frozen=True, slots=True)
# fmt: on
class Fatalities:
    """Counts of the killed in one incident; None where the text gives no exact count.

    ``start``/``end`` span the counts used. ``low_bound`` is set only from vague quantities
    ("dozens") when no exact count exists.
    """

    civilians: int | None
    non_civilians: int | None
    children: int | None
    women: int | None
    total: int | None
    start: int
    end: int
    low_bound: int | None = None


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


# field, exact count, vague low bound, start, end, is a sub-count
_Mention = tuple[str, int | None, int | None, int, int, bool]


def _mentions(sentence: str, offset: int) -> list[_Mention]:
    """The counts in one sentence, case-folded with `tokens.fold_text`."""
    found: list[_Mention] = []
    taken: list[tuple[int, int]] = []
    last_end = -10
    for match in _MENTION.finditer(sentence):
        start, end = match.span()
        token = match.group("num") or match.group("bare")
        field = _NOUNS[match.group("noun").lower()] if match.group("noun") else "total"
        if token.lower() in ("a", "an", "single") and (
            not match.group("noun") or match.group("noun").lower().endswith("s")
        ):
            continue
        if _YEAR.fullmatch(token) and not match.group("noun"):
            continue
        exact, vague = _number(token), _VAGUE.get(token.lower())
        before, after = sentence[max(0, start - 45):start], sentence[end:end + 70]
        sub = bool(_SUBCOUNT_BEFORE.search(before))
        kill_after = _KILL_AFTER.search(after)
        injure_after = _INJURE.search(after)
        killed = bool(_KILL_BEFORE.search(before)) or bool(
            kill_after and (not injure_after or kill_after.start() < injure_after.start())
        ) or bool(_COORDINATED.fullmatch(sentence[last_end:start]))
        if not killed and not sub:
            continue
        if _INJURE.search(before[-25:]) and not _KILL_BEFORE.search(before):
            continue
        context = sentence[max(0, start - 60):end + 70]
        if _HISTORY.search(context):
            continue
        found.append((field, exact, vague, start + offset, end + offset, sub and not killed))
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
        found.append(("total", _number(token), _VAGUE.get(token.lower()), start + offset,
                      end + offset, False))
    return found


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

    fields: dict[str, int | None] = dict.fromkeys(
        ("civilians", "non_civilians", "children", "women", "total")
    )
    low_bound: int | None = None
    span: list[int] = []
    anchor: int | None = None
    for index, (offset, sentence) in enumerate(sentences):
        if anchor is not None and index > anchor + 4:
            break
        mentions = _mentions(sentence, offset)
        if not any(not m[5] for m in mentions):
            continue
        first = anchor is None
        if first:
            anchor = index
        sums: dict[str, int] = {}
        for field, exact, vague, start, end, _sub in mentions:
            if exact is None:
                if vague is not None and low_bound is None:
                    low_bound = vague
                continue
            if first:
                sums[field] = sums.get(field, 0) + exact
                span += [start, end]
            elif fields[field] is None and field not in sums:
                sums[field] = exact
                span += [start, end]
        for field, value in sums.items():
            if fields[field] is None:
                fields[field] = value
    if anchor is None or not span and low_bound is None:
        return None
    total = fields["total"]
    if total is None and (fields["civilians"] is not None or fields["non_civilians"] is not None):
        total = (fields["civilians"] or 0) + (fields["non_civilians"] or 0)
    exact_found = any(value is not None for value in fields.values())
    return Fatalities(
        civilians=fields["civilians"],
        non_civilians=fields["non_civilians"],
        children=fields["children"],
        women=fields["women"],
        total=total,
        start=min(span) if span else sentences[anchor][0],
        end=max(span) if span else sentences[anchor][0] + len(sentences[anchor][1]),
        low_bound=None if exact_found else low_bound,
    )
