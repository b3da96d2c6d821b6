"""Truce mentions in a sentence: generic words, or named truces from a truce gazetteer.

An event that mentions a truce is linked to it: the id of a `TruceEntry` when the text names a
known truce (its name or an alias, matched on the normalised key), else the words as written
("truce", "Astana process", "de-escalation zones").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import ahocorasick

from trucewatch.extract.tokens import NormText, norm_key

GENERIC = re.compile(
    r"\b(?:(?:nationwide\s+|humanitarian\s+)?(?:truce|ceasefire|cease-fire|cease\s+fire)s?"
    r"|cessation\s+of\s+hostilities|Astana\s+(?:process|platform|talks|format|agreements?)"
    r"|de-?escalation\s+(?:zones?|areas?)|reconciliation\s+agreements?|humanitarian\s+pause"
    r"|suspension\s+of\s+hostilities)\b",
    re.IGNORECASE,
)


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

    def find(self, text: str, nt: NormText) -> list[TruceMention]:
        out: list[TruceMention] = []
        if self.keys:
            for end, key in self.automaton.iter(nt.string):
                first, last = nt.word_range(end - len(key) + 2, end)
                if first < 0 or last < 0:
                    continue
                s, e = nt.words[first].start, nt.words[last].end
                out.append(TruceMention(s, e, text[s:e], self.keys[key]))
        for m in GENERIC.finditer(text):
            if not any(t.start < m.end() and m.start() < t.end for t in out):
                out.append(TruceMention(m.start(), m.end(), m.group(), None))
        return sorted(out, key=lambda t: (t.start, -(t.end - t.start)))
