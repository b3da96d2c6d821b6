"""Property tests of the extract fast paths: each gives what the plainer code it replaced gives."""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left

from hypothesis import example, given, settings
from hypothesis import strategies as st

from trucewatch.extract.clean import _PARAGRAPH, guess_title, paragraphs
from trucewatch.extract.dates import (
    _CUE,
    _DATE,
    _DATE_UNGUARDED,
    core_starts,
    find_dates,
    resolve,
)
from trucewatch.extract.doc import DateMention, Sentence
from trucewatch.extract.places import PlaceGazetteer
from trucewatch.extract.quotes import _is_quote, find_quote_spans, word_spans
from trucewatch.extract.sentences import (
    _NAME_PREFIXES,
    _SENTENCE_STARTERS,
    _WORD_BEFORE,
    ABBREVIATIONS,
    split_sentences,
)
from trucewatch.extract.tokens import NormText, lower_text

# Date words, their near misses and the words the _DATE lookahead lets through, joined by one
# of a few separators: texts dense in dates, partial dates and almost-dates.
_DATE_WORDS = (
    "the day before yesterday",
    "Dec. 5, 2016",
    "August 15th of 2017",
    *"in 2016|since 2011|of 1999|by 2020|until 2019|during 2015|on Monday|late tuesday|early Friday"
    "|last week|this month|past year|previous week|next month|a week ago|two days ago|3 days ago"
    "|seven weeks ago|a day ago|12 March|March of 2016|the day|in 2016-04".split("|"),
    *(
        "5 2016 05 2016-04-05 ٥ ٢٠١٦ 12th 3rd 1999 31 29 2-4 -4 4: of in since during by until the "
        "day before yesterday today tonight Monday tuesday Wednesday thursday Friday saturday sunday "
        "monday, last this next on early late "
        "past previous week weeks month year days ago one two three seven a an April apr. Sept "
        "september may May june jan. Dec mar market decided novel holiday weekly yearly today's "
        "said on, a, in, 1 20 19 l o t s x İ"
    ).split(),
)
_SEPARATORS = (" ", " ", " ", "", "  ", "\n", ", ", ". ", "-", "\u2003", "\n\n")
_DATE_TEXT = st.lists(
    st.tuples(st.sampled_from(_DATE_WORDS), st.sampled_from(_SEPARATORS)), max_size=24
).map(lambda pairs: "".join(word + sep for word, sep in pairs))
_PUBLISHED = st.one_of(st.none(), st.dates(dt.date(1990, 1, 1), dt.date(2030, 12, 31)))


def _find_dates_reference(
    text: str, published: dt.date | None, spans: list[tuple[int, int]]
) -> list[DateMention]:
    """find_dates as it was: the spans holding a `core_starts` literal and a _CUE, scanned by the
    pattern without its lookahead."""
    lower = lower_text(text)
    cores = core_starts(lower)
    out = []
    for start, end in spans:
        i = bisect_left(cores, start)
        if i == len(cores) or cores[i] >= end or _CUE.search(lower, start, end) is None:
            continue
        for m in _DATE_UNGUARDED.finditer(lower, start, end):
            got = resolve(m, published)
            if got is not None:
                s, e = m.span()
                out.append(DateMention(s, e, text[s:e], *got))
    return out


@settings(max_examples=500)
@given(st.one_of(_DATE_TEXT, st.text()), st.integers(0, 30), st.integers(0, 200))
def test_date_lookahead_only_skips_positions_without_a_match(
    text: str, start: int, end: int
) -> None:
    lower = lower_text(text)

    def spans(rx: re.Pattern[str]) -> list[dict[str, object]]:
        return [{"span": m.span(), **m.groupdict()} for m in rx.finditer(lower, start, end)]

    assert spans(_DATE) == spans(_DATE_UNGUARDED)


@settings(max_examples=300)
@given(st.one_of(_DATE_TEXT, st.text()), _PUBLISHED)
def test_find_dates_equals_the_core_and_cue_gated_scan(
    text: str, published: dt.date | None
) -> None:
    sentences = [(s.start, s.end) for s in split_sentences(text, paragraphs(text))]
    for spans in (sentences, [(0, len(text))]):
        expected = _find_dates_reference(text, published, spans)
        assert find_dates(text, published, spans=spans) == expected


_PLACE_GAZETTEER = PlaceGazetteer.from_directory()
# Place names (one and several words, with articles and apostrophes), near misses and filler.
_PLACE_TEXT = st.lists(
    st.tuples(
        st.sampled_from(
            "Idlib|Idleb province|Deir ez-Zor|Deir Ezzor|Al-Bab|al Bab|Bab|Rif Dimashq|Damascus "
            "countryside|Eastern Ghouta|Ghouta|Dera'a|Daraa|in Syria|into Turkey|Russia|U.S.|the|"
            "Aleppo|Aleppo's|Saraqib|Douma|near|Homs|Hama|Raqqa|Jaysh Idlib|al-Nusra|é|-|'|.|"
            "Tall Rif'at|Ma'arat al-Numan|Khan Shaykhun|Jisr al-Shughur|Manbij|Afrin|Qamishli".split(
                "|"
            )
        ),
        st.sampled_from([" ", " ", " ", "", "  ", "\n", ", ", "-", "\u2003"]),
    ),
    max_size=16,
).map(lambda pairs: "".join(word + sep for word, sep in pairs))


@given(st.one_of(_PLACE_TEXT, st.text()))
def test_place_keys_cover_consecutive_words(text: str) -> None:
    """PlaceStage's keys span the words `key_words` gives (one count for two)."""
    nt = NormText(text)
    for end, key in _PLACE_GAZETTEER.automaton.iter(nt.string):
        assert nt.key_words(end, key) == nt.word_range(end - len(key) + 2, end)


def _split_sentences_reference(text: str, paragraphs: list[tuple[int, int]]) -> list[Sentence]:
    """split_sentences as it was: whitespace trimmed by character, every "." candidate's word
    found by the regex."""
    out: list[Sentence] = []

    def add(start: int, end: int, paragraph: int) -> None:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            out.append(Sentence(start, end, text[start:end], paragraph, len(out)))

    def is_boundary(mark: int, end: int, limit: int) -> bool:
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
        if end - mark > 1:
            return True
        wm = _WORD_BEFORE.search(text, max(0, mark - 20), mark)
        word = wm.group(1).lower() if wm else ""
        if len(word) == 1 and word.isalpha() and text[mark - 1].isupper():
            return False
        if word in _NAME_PREFIXES or word in {"no", "nos"}:
            return False
        if word in ABBREVIATIONS and "." in word:
            return text[nxt : nxt + 12].split(" ", 1)[0].lower() in _SENTENCE_STARTERS
        return True

    candidate = re.compile(r"[.!?\n](?:(?<=\n)|[.!?]*[\"'”’»)\]]*(?=\s))")
    for pi, (pstart, pend) in enumerate(paragraphs):
        start = pstart
        for m in candidate.finditer(text, pstart, pend):
            if m.group() != "\n" and not is_boundary(m.start(), m.end(), pend):
                continue
            add(start, m.end(), pi)
            start = m.end()
        add(start, pend, pi)
    return out


# Prose with the splitter's hard cases: abbreviations (in any case), initials, numbers, closing
# quotes and brackets, runs of stops, and whitespace of several kinds.
_PROSE = st.lists(
    st.tuples(
        st.sampled_from(
            "Mr|MR|mr|Prof|prof|Capt|Sept|Gen|U.S|u.s|e.g|No|nos|W|w|Bush|said|talks|the|He|"
            "They|city|İstanbul|Σ|approx|Corp|a|I|5|3.5|x|ΣΣΣΣ|İİİİ|Dr|dr|st|The|it|Army".split("|")
        ),
        st.sampled_from(
            [
                " ",
                " ",
                ". ",
                ". ",
                ".",
                "! ",
                "? ",
                ".” ",
                ".) ",
                "... ",
                "?! ",
                "\n",
                "\n\n",
                ", ",
                ".\n",
                ".\u2003",
                ".\x85",
                "\t",
                " \n ",
                ":",
            ]
        ),  # fmt: skip
    ),
    max_size=30,
).map(lambda pairs: "".join(word + sep for word, sep in pairs))


@settings(max_examples=300)
@given(st.one_of(_PROSE, st.text(st.sampled_from(list("Ab .!?\n\t”)\u2003İ5")))))
def test_split_sentences_equals_the_reference(text: str) -> None:
    paras = paragraphs(text)
    assert split_sentences(text, paras) == _split_sentences_reference(text, paras)


def _guess_title_reference(text: str) -> tuple[str, tuple[int, int]] | None:
    """guess_title as it was: the whole first paragraph matched and split into words."""
    first = _PARAGRAPH.match(text)
    if not first:
        return None
    line = first.group()
    words = line.split()
    if "\n" in line or not 1 <= len(words) <= 16 or line.rstrip()[-1:] in '.:;,"”':
        return None
    return line.strip(), (first.start(), first.start() + len(line.rstrip()))


_LINES = st.lists(
    st.tuples(
        st.sampled_from(["Title", "A b c d e f g h i j k l m n o p", "q", "Ends.", "x:", "”", ""]),
        st.sampled_from(["", " ", "  ", "\t"]),
        st.sampled_from(["\n", "\n\n", "\n \n", "\n  ", " ", "", "\n\t\n", "\r\n"]),
    ),
    max_size=6,
).map(lambda parts: "".join(a + b + c for a, b, c in parts))


@settings(max_examples=300)
@given(st.one_of(_LINES, st.text(st.sampled_from(list("ab .\n\t\u2003,”")))))
def test_guess_title_equals_the_reference(text: str) -> None:
    assert guess_title(text) == _guess_title_reference(text)


_NAME_CHARS = list("Lavrov ab_1١-.’é ")


@settings(max_examples=300)
@given(st.text(st.sampled_from(_NAME_CHARS)), st.text(st.sampled_from(_NAME_CHARS), min_size=1))
@example("Al Al Al", "Al Al")  # overlapping occurrences: the second is not a match
def test_word_spans_equal_the_boundary_regex(text: str, form: str) -> None:
    for t in (text, text + form, form + text, form + form + text + form):
        expected = [m.span() for m in re.finditer(rf"\b{re.escape(form)}\b", t)]
        assert word_spans(t, form) == expected


def _find_quote_spans_reference(
    text: str, paragraphs: list[tuple[int, int]]
) -> list[list[tuple[int, int]]]:
    """find_quote_spans as it was: each paragraph's marks found by a regex search."""
    quotes: list[list[tuple[int, int]]] = []
    if not any(mark in text for mark in '“”"«»'):
        return quotes
    pending: list[tuple[int, int]] = []
    for pi, (pstart, pend) in enumerate(paragraphs):
        open_at: int | None = None
        if pending:
            if text[pstart] in '“«"':
                open_at = pstart + 1
            else:
                quotes.append(pending)
                pending = []
        for m in re.finditer('[“”"«»]', text[:pend]):
            ch, pos = m.group(), m.start()
            if pos < pstart:
                continue
            if open_at is None and pos == pstart and pending:
                continue
            if open_at is None and ch in '“«"':
                open_at = pos + 1
            elif open_at is not None and ch in '”»"':
                quotes.append([*pending, (open_at, pos)])
                pending, open_at = [], None
        if open_at is not None:
            pending = [*pending, (open_at, pend)]
            nxt = paragraphs[pi + 1][0] if pi + 1 < len(paragraphs) else None
            if nxt is None or text[nxt] not in '“«"':
                quotes.append(pending)
                pending = []
    if pending:
        quotes.append(pending)
    return [q for q in quotes if _is_quote(text, q)]


@settings(max_examples=300)
@given(st.text(st.sampled_from(list('ab .!\n“”"«»'))))
def test_find_quote_spans_equals_the_regex_search(text: str) -> None:
    paras = paragraphs(text)
    assert find_quote_spans(text, paras) == _find_quote_spans_reference(text, paras)


@settings(max_examples=500)
@given(st.one_of(_LINES, st.text(st.sampled_from(list("ab \n\t\r\u2003\x85")))))
def test_paragraphs_equal_the_regex(text: str) -> None:
    expected = [(m.start(), m.end()) for m in _PARAGRAPH.finditer(text) if m.group().strip()]
    assert paragraphs(text) == expected
