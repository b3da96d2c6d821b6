"""Truce mentions in a sentence: generic words, or named truces from a truce gazetteer.

An event that mentions a truce is linked to it: the id of a `TruceEntry` when the text names a
known truce (its name or an alias, matched on the normalised key), else the words as written
("truce", "Astana process", "de-escalation zones").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

import ahocorasick

from trucewatch.extract.tokens import NormText, literal_starts, lower_text, norm_key

# Lower-case literals, matched against the lower-cased text (`tokens.lower_text`).
GENERIC = re.compile(
    r"\b(?:(?:syria(?:n)?\s+|nationwide\s+|humanitarian\s+)?"
    r"(?:truce|ceasefire|cease-fire|cease\s+fire)s?"
    r"|cessation\s+of\s+hostilities|astana\s+(?:process|platform|talks|format|agreements?)"
    r"|de-?escalation\s+(?:zones?|areas?)|reconciliation\s+agreements?|humanitarian\s+pause"
    r"|suspension\s+of\s+hostilities)\b"
)
# Every GENERIC match starts with one of these literals, so GENERIC is tried only where one
# occurs (`_generic_mentions`) instead of scanning the text, the costliest part of `find`.
_GENERIC_STARTS = (
    "syria", "nationwide", "humanitarian", "truce", "cease", "cessation", "astana",
    "de-escalation", "deescalation", "reconciliation", "suspension",
)  # fmt: skip
_FEW_ANCHORS = 16  # see `TruceMatcher._anchors`


@dataclass(frozen=True)
class TruceEntry:
    id: int | str
    name: str
    aliases: Sequence[str] = ()


@dataclass(frozen=True)
class TruceMention:
    start: int
    end: int
    text: str
    truce_id: int | str | None


class TruceMatcher:
    """Finds truce mentions; named truces win over the generic words they contain."""

    def __init__(self, entries: Iterable[TruceEntry] = ()) -> None:
        self.keys: dict[str, int | str] = {}
        for entry in entries:
            for name in (entry.name, *entry.aliases):
                key = norm_key(name)
                if key and len(key) > 6:
                    self.keys.setdefault(key, entry.id)
        self.automaton = ahocorasick.Automaton()
        for key in self.keys:
            self.automaton.add_word(key, key)
        if self.keys:
            self.automaton.make_automaton()
        # A key (" w1 w2 ... ", padded) occurs only where each of its words does, as " w ": when
        # none of the keys' longest words occurs, the automaton would find nothing. The automaton
        # walks the whole string (~11 ns a character, ~50 µs an article); a few substring searches
        # cost a fraction of that, and most articles name no truce. With many such words, only the
        # automaton is used.
        anchors = {" " + max(key.split(), key=len) + " " for key in self.keys}
        self._anchors = tuple(sorted(anchors)) if len(anchors) <= _FEW_ANCHORS else None

    def find(self, text: str, nt: NormText, lower: str | None = None) -> list[TruceMention]:
        """Truce mentions of `text` (`lower` is its `lower_text`, when already made)."""
        if lower is None:
            lower = lower_text(text)
        out: list[TruceMention] = []
        if self.keys and self._may_name(nt.string):
            for end, key in self.automaton.iter(nt.string):
                first, last = nt.key_words(end, key)
                s, e = nt.starts[first], nt.ends[last]
                out.append(TruceMention(s, e, text[s:e], self.keys[key]))
        named = list(out)
        for m in _generic_mentions(lower):
            s, e = m.span()
            if not any(t.start < e and s < t.end for t in named):
                out.append(TruceMention(s, e, text[s:e], None))
        return sorted(out, key=lambda t: (t.start, -(t.end - t.start)))

    def _may_name(self, string: str) -> bool:
        """False when no key can occur in `string` (see `_anchors`)."""
        if self._anchors is None:
            return True
        for anchor in self._anchors:
            if anchor in string:
                return True
        return False


def _generic_mentions(lower: str) -> Iterator[re.Match[str]]:
    """`GENERIC.finditer(lower)`, trying GENERIC only where one of `_GENERIC_STARTS` occurs:
    positions in order, none inside the previous match, as finditer tries them."""
    end = 0
    for start in literal_starts(lower, _GENERIC_STARTS):
        if start < end:
            continue
        m = GENERIC.match(lower, start)
        if m is not None:
            yield m
            end = m.end()
