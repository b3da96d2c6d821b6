"""Actor mentions: gazetteer names, demonyms, possessives, groups and unknown organisations.

Order of work, each step only over words no earlier step claimed:

1. Gazetteer matches (longest first, then leftmost; see gazetteer.py for acronyms).
2. Possessives of a country: "Russia's Aerospace Forces" is looked up as "Russian Aerospace
   Forces" (the demonym plus the following words, longest first); if that is not in the
   gazetteer the mention is the country alone.
3. Group phrases: "(some|several|...) Western|Arab|Gulf|European countries|states|powers|..."
   are kept as written, kind "other" (resolved only if the gazetteer knows the phrase).
4. Demonyms: "Iranian contingents" mentions Iran. Not before "opposition", "rebels", "people",
   ... where the adjective names a population, not the state.
5. Unknown organisations: a run of capitalised words containing an organisation head word
   ("Front", "Brigades", "Ministry", ...) or opening with an Arabic group prefix ("Jaysh",
   "Liwa", ...) becomes an unresolved actor (id None, kind "organization").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from operator import attrgetter

from trucewatch.extract.doc import ActorMention, ExtractDoc
from trucewatch.extract.gazetteer import COUNTRY_KINDS, ActorEntry, Gazetteer
from trucewatch.extract.tokens import NormText, literal_starts, norm_text

DEMONYMS: dict[str, str] = {
    "russian": "Russia",
    "syrian": "Syria",
    "iranian": "Iran",
    "turkish": "Turkey",
    "american": "United States",
    "iraqi": "Iraq",
    "israeli": "Israel",
    "lebanese": "Lebanon",
    "jordanian": "Jordan",
    "saudi": "Saudi Arabia",
    "qatari": "Qatar",
    "emirati": "United Arab Emirates",
    "egyptian": "Egypt",
    "french": "France",
    "british": "United Kingdom",
    "german": "Germany",
    "chinese": "China",
    "kazakh": "Kazakhstan",
}
# Country name (normalised) -> the adjective used to form "Russian Aerospace Forces".
ADJECTIVE_OF = {v.lower(): k for k, v in DEMONYMS.items()} | {
    "united states": "us",
    "us": "us",
    "usa": "us",
    "turkiye": "turkish",
}
_POPULATION_WORDS = frozenset(
    "opposition rebels rebel people refugees civilians citizens kurds arabs children families "
    "nationals".split()
)
ORG_HEADS = frozenset(
    "front army brigade brigades movement council forces organisation organization group "
    "battalion battalions committee ministry party coalition union corps division regiment "
    "agency command".split()
)
ORG_PREFIXES = frozenset(
    "jabhat jaysh jaish harakat harakah liwa faylaq kataib katibat ahrar".split()
)
_CONNECTORS = frozenset({"of", "for", "the", "de", "on"})
_LEADING_DROP = frozenset({"the", "a", "an", "some", "this", "that", "its", "their"})
_ORG_WORDS = ORG_HEADS | ORG_PREFIXES
_GROUP_QUANTIFIERS = ("some", "several", "many", "certain", "other", "a number of")
_GROUP_ADJECTIVES = ("Western", "western", "Arab", "Gulf", "European")
_GROUP_PHRASE = re.compile(
    r"\b(?:(?:" + "|".join(_GROUP_QUANTIFIERS) + r")\s+)?"
    r"(?:[Ww]estern|Arab|Gulf|European)\s+"
    r"(?:countries|states|powers|nations|allies|governments|partners)\b"
)
# _GROUP_PHRASE without its optional quantifier.
_GROUP_CORE = re.compile(
    r"(?:[Ww]estern|Arab|Gulf|European)\s+"
    r"(?:countries|states|powers|nations|allies|governments|partners)\b"
)


class ActorStage:
    """Attach `doc.actors` (sorted by start)."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        # The entry each demonym names, looked up once (None: the gazetteer lacks the country).
        self._demonym_entries = {d: gazetteer.lookup(c) for d, c in DEMONYMS.items()}

    def __call__(self, doc: ExtractDoc) -> ExtractDoc:
        nt = norm_text(doc.cache, doc.text)
        taken = [False] * len(nt)
        mentions = self._gazetteer_matches(doc.text, nt, taken)
        mentions += self._group_phrases(doc.text, nt, taken)
        mentions += self._demonyms(doc.text, nt, taken)
        mentions += self._organisations(doc.text, nt, taken)
        doc.actors = sorted(mentions, key=attrgetter("start"))
        return doc

    def _mention(
        self, text: str, start: int, end: int, entry: ActorEntry, via: str
    ) -> ActorMention:
        return ActorMention(
            start, end, text[start:end], entry.id, entry.name, entry.kind, True, via
        )

    def _gazetteer_matches(self, text: str, nt: NormText, taken: list[bool]) -> list[ActorMention]:
        gz = self.gazetteer
        found: list[tuple[int, int, str]] = []  # (first word, last word, key)
        if gz.keys:
            key_words = nt.key_words
            for end, key in gz.automaton.iter(nt.string):
                found.append((*key_words(end, key), key))
        # A possessive country joins the words after it when that forms a gazetteer name
        # ("Russia's Aerospace Forces" -> "Russian Aerospace Forces"), before longest-first.
        compounds: dict[tuple[int, int], ActorEntry] = {}
        for first, last, key in list(found):
            if not nt.possessive[last]:
                continue
            cand = self._candidate(key, text[nt.starts[first] : nt.ends[last]])
            entry = gz.entries[cand] if cand is not None else None
            if entry is not None and entry.kind in COUNTRY_KINDS:
                compound = self._possessive_compound(nt, entry, last, taken)
                if compound is not None:
                    compounds[(first, compound[1])] = compound[0]
                    found.append((first, compound[1], key))
        found.sort(key=lambda f: (f[0] - f[1], f[0]))
        out: list[ActorMention] = []
        for first, last, key in found:
            if any(taken[first : last + 1]):
                continue
            start, end = nt.starts[first], nt.ends[last]
            compound_entry = compounds.get((first, last))
            if compound_entry is not None:
                entry, via = compound_entry, "possessive"
            else:
                cand = self._candidate(key, text[start:end])
                if cand is None:
                    continue
                entry, via = gz.entries[cand], "name"
            for i in range(first, last + 1):
                taken[i] = True
            out.append(self._mention(text, start, end, entry, via))
        return out

    def _candidate(self, key: str, surface: str) -> int | str | None:
        for cand in self.gazetteer.keys[key]:
            # `isupper()` (no lower-case letter, one capital at least) answers the usual "US"
            # and "IS" without a generator; `islower()` the pronouns "us" and "is".
            if (
                cand.acronym
                and not surface.isupper()
                and (surface.islower() or any(ch.islower() for ch in surface))
            ):
                continue
            if cand.rank == 2 and not surface[:1].isupper():
                continue
            return cand.entry_id
        return None

    def _possessive_compound(
        self, nt: NormText, country: ActorEntry, last: int, taken: list[bool]
    ) -> tuple[ActorEntry, int] | None:
        names = (country.name, *country.aliases)
        adjective = next(
            (ADJECTIVE_OF[n.lower()] for n in names if n.lower() in ADJECTIVE_OF), None
        )
        if adjective is None:
            return None
        for width in range(4, 0, -1):
            stop = last + width
            if stop >= len(nt) or any(taken[last + 1 : stop + 1]):
                continue
            words = nt.norms[last + 1 : stop + 1]
            entry = self.gazetteer.lookup_key(" " + " ".join([adjective, *words]) + " ")
            if entry is not None:
                return entry, stop
        return None

    def _group_phrases(self, text: str, nt: NormText, taken: list[bool]) -> list[ActorMention]:
        out: list[ActorMention] = []
        for m in group_phrases(text):
            idx = _words_in(nt, m.start(), m.end())
            if not idx or any(taken[i] for i in idx):
                continue
            for i in idx:
                taken[i] = True
            phrase = m.group()
            bare = re.sub(r"^(?:some|several|many|certain|other|a number of)\s+", "", phrase)
            entry = self.gazetteer.lookup(bare)
            out.append(
                ActorMention(
                    m.start(),
                    m.end(),
                    phrase,
                    entry.id if entry else None,
                    phrase,
                    entry.kind if entry else "other",
                    entry is not None,
                    "group",
                )
            )
        return out

    def _demonyms(self, text: str, nt: NormText, taken: list[bool]) -> list[ActorMention]:
        out = []
        norms = nt.norms
        entries = self._demonym_entries
        for i in nt.indices_of(DEMONYMS.keys()):
            if taken[i] or not nt.capitalised[i]:
                continue
            nxt = norms[i + 1] if i + 1 < len(norms) else ""
            if nxt in _POPULATION_WORDS:
                continue
            entry = entries[norms[i]]
            if entry is None:
                continue
            taken[i] = True
            out.append(self._mention(text, nt.starts[i], nt.ends[i], entry, "demonym"))
        return out

    def _organisations(self, text: str, nt: NormText, taken: list[bool]) -> list[ActorMention]:
        # Only runs around a head word or a prefix can qualify: find those words first, then
        # grow each run word by word.
        out = []
        done = -1
        n = len(nt.norms)  # not len(nt), a Python-level call per step of the loop below
        for hit in nt.indices_of(_ORG_WORDS):
            if hit <= done or taken[hit] or not nt.capitalised[hit]:
                continue
            first = hit
            while first > 0 and not taken[first - 1] and _joins(text, nt, first - 1, first):
                first -= 1
            last = hit
            while last + 1 < n and not taken[last + 1] and _joins(text, nt, last, last + 1):
                last += 1
            done = last
            out.extend(self._organisation_from_run(text, nt, list(range(first, last + 1))))
        return out

    def _organisation_from_run(self, text: str, nt: NormText, run: list[int]) -> list[ActorMention]:
        while run and (nt.norms[run[0]] in _LEADING_DROP or not nt.capitalised[run[0]]):
            run = run[1:]
        while run and not nt.capitalised[run[-1]]:
            run = run[:-1]
        if len(run) < 2:
            return []
        norms = [nt.norms[i] for i in run]
        if norms[0] not in ORG_PREFIXES and not any(n in ORG_HEADS for n in norms[1:]):
            return []
        start, end = nt.starts[run[0]], nt.ends[run[-1]]
        surface = text[start:end]
        return [
            ActorMention(start, end, surface, None, surface, "organization", False, "organisation")
        ]


def group_phrases(text: str) -> Iterator[re.Match[str]]:
    """`_GROUP_PHRASE.finditer(text)`, trying the pattern only where a match can start.

    A match starts with a quantifier or, without one, with an adjective, and holds a match of
    `_GROUP_CORE`, which starts with an adjective. `str.find` lists those literals; most
    articles have no core match and stop there. Scanning with the regex engine instead cost
    about ten times as much (a leading \\b or alternation is tried at every character), a
    millisecond per article with a group phrase.
    """
    core = _GROUP_CORE.match
    starts = [i for i in literal_starts(text, _GROUP_ADJECTIVES) if core(text, i)]
    if not starts:
        return
    starts += literal_starts(text, _GROUP_QUANTIFIERS)
    starts.sort()
    end = 0
    for start in starts:  # in order, none inside the previous match, as finditer tries them
        if start < end:
            continue
        m = _GROUP_PHRASE.match(text, start)
        if m is not None:
            yield m
            end = m.end()


def _joins(text: str, nt: NormText, left: int, right: int) -> bool:
    """Whether two neighbouring words belong to one capitalised name."""
    if nt.possessive[left] or not (nt.capitalised[right] or nt.norms[right] in _CONNECTORS):
        return False
    if not (nt.capitalised[left] or nt.norms[left] in _CONNECTORS):
        return False
    gap = text[nt.ends[left] : nt.starts[right]]
    return not gap.strip(" -‐'’") and "\n" not in gap


def _words_in(nt: NormText, start: int, end: int) -> list[int]:
    return list(nt.words_between(start, end))
