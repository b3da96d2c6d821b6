"""Direct quotes and who said them.

Finding quotes: within a paragraph, “ « open and ” » close; a straight " opens when no quote is
open and closes otherwise. A quote still open at the end of a paragraph continues when the next
paragraph opens with a quote mark (the newspaper convention for multi-paragraph quotes); if it
does not, the quote ends with its paragraph. Short scare quotes ("on the ground") are not
quotes: fewer than four words and no sentence-final punctuation inside.

Attribution, first rule that applies:
1. after the quote: '“...,” he said', '“...” - Russian Foreign Minister Sergey Lavrov said',
   '“...”,- the minister listed', '“...,” said Lavrov', '“...,” according to X';
2. before it, in the same sentence: 'Lavrov said: “...”';
3. otherwise the person named last before the quote in the same or the previous paragraph, or
   the speaker of the previous quote when it is at most one paragraph back.
Pronouns (he, she) and role nouns ("the minister", "the Russian top diplomat") resolve to the
last named speaker. A named speaker is split into a title ("Russian Foreign Minister") and a
name ("Sergey Lavrov"); a bare surname resolves to a speaker already named in full.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from operator import attrgetter

from trucewatch.extract.actors import DEMONYMS
from trucewatch.extract.doc import ActorMention, ExtractDoc, Quote
from trucewatch.extract.gazetteer import Gazetteer
from trucewatch.extract.tokens import literal_starts

SPEECH_VERBS = (
    "said|says|told|tells|noted|notes|added|adds|stressed|stresses|listed|pointed out|stated|"
    "declared|warned|warns|explained|emphasi[sz]ed|underlined|continued|concluded|insisted|"
    "asserted|claimed|replied|wrote|announced|remarked|recalled|urged|argued|admitted"
)
_QUOTE_MARKS = '“”"«»'
_OPENERS, _CLOSERS = "“«", "”»"
_AFTER = re.compile(
    rf"\s*[,.!?;:]?\s*[-–—]*\s*(?:(?P<verb1>{SPEECH_VERBS})\s+(?P<who1>[^,.;:!?\n“”\"]{{2,80}}?)"
    rf"|according\s+to\s+(?P<who3>[^,.;:!?\n“”\"]{{2,80}}?)"
    rf"|(?P<who2>[^,.;:!?\n“”\"]{{2,80}}?)\s+(?:has\s+|had\s+|also\s+)?(?P<verb2>{SPEECH_VERBS}))"
    rf"(?=[\s,.;:!?]|$)"
)
_BEFORE = re.compile(
    rf"(?P<who>[A-Z][^,.;:!?\n“”\"]{{1,80}}?)\s+(?:has\s+|had\s+|also\s+)?(?:{SPEECH_VERBS})"
    rf"(?:\s+(?:reporters|journalists|the\s+\w+))?\s*[:,]?\s*$"
)
_PRONOUNS = frozenset({"he", "she", "they", "it"})
_ROLE_NOUNS = frozenset(
    "minister diplomat spokesman spokeswoman spokesperson president official envoy ambassador "
    "secretary general commander chief leader premier statement source".split()
)
TITLE_WORDS = frozenset(
    "minister foreign defence defense deputy president vice prime secretary general spokesman "
    "spokeswoman spokesperson ambassador envoy special head chief commander lieutenant colonel "
    "major gen lt col maj mr mrs ms dr un us u.s. state interior senior adviser advisor "
    "representative director the of for affairs press top diplomat official army navy "
    "lieutenant-general major-general sheikh king emir".split()
) | frozenset(DEMONYMS)


@dataclass
class _Speaker:
    name: str
    title: str | None
    actor_id: int | str | None
    country_id: int | str | None
    country: str | None


def find_quote_spans(text: str, paragraphs: list[tuple[int, int]]) -> list[list[tuple[int, int]]]:
    """Quotes as lists of content segments (one per paragraph), offsets without the marks."""
    quotes: list[list[tuple[int, int]]] = []
    # Every quote mark of the text, one `str.find` scan per mark; a paragraph's marks are then a
    # slice of them, where a regex search visited each of its characters.
    marks = literal_starts(text, _QUOTE_MARKS)
    if not marks:  # most articles
        return quotes
    pending: list[tuple[int, int]] = []  # segments of a quote carried into the next paragraph
    for pi, (pstart, pend) in enumerate(paragraphs):
        open_at: int | None = None
        if pending:
            if text[pstart] in _OPENERS or text[pstart] == '"':
                open_at = pstart + 1
            else:
                quotes.append(pending)
                pending = []
        for pos in marks[bisect_left(marks, pstart) : bisect_left(marks, pend)]:
            ch = text[pos]
            if open_at is None and pos == pstart and pending:
                continue
            if open_at is None and (ch in _OPENERS or ch == '"'):
                open_at = pos + 1
            elif open_at is not None and (ch in _CLOSERS or ch == '"'):
                quotes.append([*pending, (open_at, pos)])
                pending, open_at = [], None
        if open_at is not None:
            pending = [*pending, (open_at, pend)]
            nxt = paragraphs[pi + 1][0] if pi + 1 < len(paragraphs) else None
            if nxt is None or not (text[nxt] in _OPENERS or text[nxt] == '"'):
                quotes.append(pending)
                pending = []
    if pending:
        quotes.append(pending)
    return [q for q in quotes if _is_quote(text, q)]


def _is_quote(text: str, segments: list[tuple[int, int]]) -> bool:
    body = " ".join(text[s:e] for s, e in segments).strip()
    return len(body.split()) >= 4 or body[-1:] in ".!?"


class QuoteStage:
    """Attach `doc.quotes`, and person mentions for the speakers found (via "speaker")."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self._text = ""

    def __call__(self, doc: ExtractDoc) -> ExtractDoc:
        text = self._text = doc.text
        found = find_quote_spans(text, doc.paragraphs)
        # Most articles quote nobody: then no speakers to gather and no speaker mentions.
        speakers: list[tuple[int, _Speaker]] = [
            (m.start, self._from_entry(m)) for m in doc.actors if found and m.kind == "person"
        ]
        quotes: list[Quote] = []
        prev: tuple[int, _Speaker | None] = (-9, None)
        for segments in found:
            start, end = segments[0][0], segments[-1][1]
            para = doc.paragraph_of(start)
            speaker = self._attribute(doc, start, end, speakers)
            if speaker is None:
                speaker = self._last_named(doc, start, speakers, para)
            if speaker is None and para - prev[0] <= 1:
                speaker = prev[1]
            if speaker is not None:
                speakers.append((end, speaker))
                prev = (doc.paragraph_of(end), speaker)
            body = "\n\n".join(text[s:e].strip() for s, e in segments)
            q = Quote(start, end, body)
            if speaker is not None:
                q.speaker, q.speaker_title = speaker.name, speaker.title
                q.speaker_actor_id = speaker.actor_id
                q.speaker_country_id, q.speaker_country = speaker.country_id, speaker.country
            quotes.append(q)
        doc.quotes = quotes
        if quotes:
            doc.actors = doc.actors + self._person_mentions(doc, quotes)
        doc.actors = sorted(doc.actors, key=attrgetter("start"))
        return doc

    def _from_entry(self, m: ActorMention) -> _Speaker:
        entry = self.gazetteer.entries.get(m.actor_id) if m.actor_id is not None else None
        country = self.gazetteer.lookup(entry.country) if entry and entry.country else None
        return _Speaker(
            m.name,
            None,
            m.actor_id,
            country.id if country else None,
            country.name if country else None,
        )

    def _attribute(
        self, doc: ExtractDoc, start: int, end: int, known: list[tuple[int, _Speaker]]
    ) -> _Speaker | None:
        text = doc.text
        pend = doc.paragraphs[doc.paragraph_of(end)][1] if doc.paragraphs else len(text)
        after = _AFTER.match(text, min(end + 1, len(text)), min(pend, end + 160))
        if after:
            who = after.group("who1") or after.group("who2") or after.group("who3")
            got = self._resolve(who, start, known)
            if got is not None:
                return got
        pstart = doc.paragraphs[doc.paragraph_of(start)][0] if doc.paragraphs else 0
        before = _BEFORE.search(text, max(pstart, start - 160), max(pstart, start - 1))
        if before:
            return self._resolve(before.group("who"), start, known)
        return None

    def _named_before(self, at: int, known: list[tuple[int, _Speaker]]) -> _Speaker | None:
        """The speaker named last before `at` (by the latest occurrence of their surname)."""
        best: tuple[int, _Speaker] | None = None
        for _, sp in known:
            pos = self._text.rfind(sp.name.split()[-1], 0, at)
            if pos >= 0 and (best is None or pos > best[0]):
                best = (pos, sp)
        return best[1] if best else _latest(known, at)

    def _resolve(self, who: str, at: int, known: list[tuple[int, _Speaker]]) -> _Speaker | None:
        words = who.split()
        if not words or len(words) > 9:
            return None
        low = [w.lower().strip("’'") for w in words]
        last = self._named_before(at, known)
        if low[0] in _PRONOUNS and len(words) == 1:
            return last
        if (
            low[0] == "the"
            and low[-1] in _ROLE_NOUNS
            and all(not w[:1].isupper() or w.lower() in DEMONYMS for w in words[1:])
        ):
            return last
        name_words: list[str] = []
        for w in reversed(words):
            if not w[:1].isupper() or w.lower().rstrip(".") in TITLE_WORDS:
                break
            name_words.insert(0, w)
        if not name_words:
            return last if low[-1] in _ROLE_NOUNS else None
        name = " ".join(name_words)
        title = " ".join(words[: len(words) - len(name_words)]).strip() or None
        for _, sp in reversed(known):
            if sp.name == name or sp.name.split()[-1] == name:
                return _Speaker(sp.name, sp.title or title, sp.actor_id, sp.country_id, sp.country)
        entry = self.gazetteer.lookup(name)
        actor_id = entry.id if entry is not None and entry.kind == "person" else None
        country_id, country = None, None
        for w in (title or "").split():
            c = DEMONYMS.get(w.lower())
            ce = self.gazetteer.lookup(c) if c else None
            if ce is not None:
                country_id, country = ce.id, ce.name
                break
        return _Speaker(name, title, actor_id, country_id, country)

    def _last_named(
        self, doc: ExtractDoc, start: int, known: list[tuple[int, _Speaker]], para: int
    ) -> _Speaker | None:
        lo = doc.paragraphs[max(0, para - 1)][0] if doc.paragraphs else 0
        best: tuple[int, _Speaker] | None = None
        for _, sp in known:
            pos = doc.text.rfind(sp.name.split()[-1], lo, start)
            if pos >= 0 and (best is None or pos > best[0]):
                best = (pos, sp)
        return best[1] if best else None

    def _person_mentions(self, doc: ExtractDoc, quotes: list[Quote]) -> list[ActorMention]:
        """Mentions of quoted speakers not in the gazetteer (full name or surname)."""
        taken = [(m.start, m.end) for m in doc.actors]
        names = {q.speaker: q.speaker_actor_id for q in quotes if q.speaker}
        out: list[ActorMention] = []
        for name, actor_id in names.items():
            if actor_id is not None:
                continue
            for form in (name, name.split()[-1]):
                for start, end in word_spans(doc.text, form):
                    if any(s < end and start < e for s, e in taken):
                        continue
                    taken.append((start, end))
                    out.append(
                        ActorMention(
                            start, end, doc.text[start:end], None, name, "person", False, "speaker"
                        )
                    )
        return out


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def word_spans(text: str, form: str) -> list[tuple[int, int]]:
    """The spans of `re.finditer(rf"\\b{re.escape(form)}\\b", text)`: `form` wherever it starts
    and ends at a word boundary, left to right without overlaps.

    Found with `str.find` and a look at the characters on either side (\\w is a character that
    `str.isalnum` takes, or "_"): the regex, which has no literal prefix to skip to, stepped
    through every character of the article, twice per quoted speaker.
    """
    if not form:
        return [m.span() for m in re.finditer(rf"\b{re.escape(form)}\b", text)]
    spans = []
    n, size = len(text), len(form)
    head, tail = _is_word(form[0]), _is_word(form[-1])
    i = text.find(form)
    while i >= 0:
        j = i + size
        # A boundary at i: the characters either side differ in being word characters.
        if (i > 0 and _is_word(text[i - 1])) != head and tail != (j < n and _is_word(text[j])):
            spans.append((i, j))
            i = text.find(form, j)
        else:
            i = text.find(form, i + 1)
    return spans


def _latest(known: list[tuple[int, _Speaker]], at: int) -> _Speaker | None:
    before = [(pos, sp) for pos, sp in known if pos <= at]
    return max(before, key=lambda p: p[0])[1] if before else (known[-1][1] if known else None)
