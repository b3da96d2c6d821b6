"""Rule-based sentence splitting with offsets.

A statistical splitter would be a heavy dependency for a modest gain on news prose, where the
hard cases are few and known: abbreviations ("Mr.", "Gen.", "U.S."), initials ("George W.
Bush"), numbers ("No. 5") and closing quotes after the full stop ('...positive.” He said').

Rules: a line break that ends a paragraph or a list item always ends a sentence. Otherwise a
candidate boundary is ".", "!" or "?" (with any closing quotes or brackets after it) followed by
whitespace. A "." candidate is rejected when the word before it is a known abbreviation or a
single capital letter (an initial), or when the next word starts with a lower-case letter or a
digit. One compiled regex finds the candidates; the checks are string look-ups.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from trucewatch.extract.doc import ExtractDoc, Sentence
from trucewatch.extract.tokens import literal_starts

ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof gen lt col maj capt cpt sgt cpl adm cmdr gov sen rep st jr sr rev
    hon pres amb sec dept no nos vs etc inc ltd co corp bros fig approx est ca jan feb mar apr
    jun jul aug sep sept oct nov dec mt ft u.s u.n u.k e.g i.e a.m p.m al""".split()
)
# After these, a capitalised next word is still the same sentence ("the U.S. Army").
_NAME_PREFIXES = frozenset("mr mrs ms dr prof gen lt col maj capt sgt adm gov sen rep st".split())
_SENTENCE_STARTERS = frozenset(
    "the a an he she it we they this that these those in on at but and however i there".split()
)
# `[.!?]+[\"'”’»)\]]*(?=\s)|\n`, written to open with a character class: the regex engine then
# skips to the next ".", "!", "?" or line break at once, where a leading alternation made it try
# the whole pattern at every character (about a tenth of the pipeline's time).
_CANDIDATE = re.compile(r"[.!?\n](?:(?<=\n)|[.!?]*[\"'”’»)\]]*(?=\s))")
_WORD_BEFORE = re.compile(r"([\w.]+)$")
# The words before a "." that can keep the sentence going (see `_is_boundary`), and the length
# of the longest ("prof", "capt"): a word of more letters always ends one.
_EXCEPTIONS = _NAME_PREFIXES | {"no", "nos"} | {w for w in ABBREVIATIONS if "." in w}
_LONGEST_EXCEPTION = max(map(len, _EXCEPTIONS))


def split_sentences(text: str, paragraphs: list[tuple[int, int]]) -> list[Sentence]:
    """Split each paragraph into sentences; sentences never cross a paragraph.

    The candidates are `_CANDIDATE.finditer(text, pstart, pend)`, tried with `match` only where
    one can start (a stop or a line break), each after the end of the one before. A sentence is the stretch
    between two boundaries less its outer whitespace, which `str.strip` takes off in C: where
    that stretch begins is where its first character first occurs in it (the characters before
    are whitespace, and that one is not).
    """
    out: list[Sentence] = []
    append = out.append
    # Where a `_CANDIDATE` match can start: every stop and line break (`str.find` scans).
    marks = literal_starts(text, ".!?\n")
    match = _CANDIDATE.match
    k = 0
    for pi, (pstart, pend) in enumerate(paragraphs):
        start = resume = pstart  # the sentence's start; where the next candidate may start
        k = bisect_left(marks, pstart, k)
        while k < len(marks) and marks[k] < pend:
            mark = marks[k]
            k += 1
            if mark < resume:
                continue
            m = match(text, mark, pend)
            if m is None:
                continue
            end = resume = m.end()
            # A match ends with a line break only when it is one ("\n"); the others end with a
            # stop or a closing quote.
            if text[end - 1] != "\n" and not _is_boundary(text, mark, end, pend):
                continue
            piece = text[start:end]
            body = piece.strip()
            if body:
                first = start + piece.find(body[0])
                append(Sentence(first, first + len(body), body, pi, len(out)))
            start = end
        piece = text[start:pend]
        body = piece.strip()
        if body:
            first = start + piece.find(body[0])
            append(Sentence(first, first + len(body), body, pi, len(out)))
    return out


def _is_boundary(text: str, mark: int, end: int, limit: int) -> bool:
    if text[mark] != ".":
        return True
    nxt = end
    while nxt < limit and text[nxt].isspace():
        nxt += 1
    if nxt >= limit:
        return True
    following = text[nxt]
    if following.islower() or following.isdigit() or following in ",;:":
        return False
    if end - mark > 1:  # ".”" or ".)" : a closing quote after the stop ends the sentence
        return True
    # Most stops follow a plain word ("said."). When the `_LONGEST_EXCEPTION` characters before
    # the stop are letters, the word is that long or longer: if longer, or not an exception, it
    # ends the sentence, with no regex search for it.
    tail = text[mark - _LONGEST_EXCEPTION : mark] if mark >= _LONGEST_EXCEPTION else ""
    if tail.isalpha() and tail.lower() not in _EXCEPTIONS:
        return True
    wm = _WORD_BEFORE.search(text, max(0, mark - 20), mark)
    word = wm.group(1).lower() if wm else ""
    if len(word) == 1 and word.isalpha() and text[mark - 1].isupper():
        return False  # an initial
    if word in _NAME_PREFIXES or word in {"no", "nos"}:
        return False
    if word in ABBREVIATIONS and "." in word:
        next_word = text[nxt : nxt + 12].split(" ", 1)[0].lower()
        return next_word in _SENTENCE_STARTERS
    return True


class SentenceStage:
    """Attach `doc.sentences`."""

    def __call__(self, doc: ExtractDoc) -> ExtractDoc:
        doc.sentences = split_sentences(doc.text, doc.paragraphs)
        return doc
