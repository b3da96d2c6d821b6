"""Property tests of the extract fast paths: each gives what the plainer code it replaced gives."""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left

from hypothesis import given, settings
from hypothesis import strategies as st

from trucewatch.extract.clean import paragraphs
from trucewatch.extract.dates import (
    _CUE,
    _DATE,
    _DATE_UNGUARDED,
    core_starts,
    find_dates,
    resolve,
)
from trucewatch.extract.doc import DateMention
from trucewatch.extract.sentences import split_sentences
from trucewatch.extract.tokens import lower_text

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
