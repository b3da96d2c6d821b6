"""The actor gazetteer: names and aliases compiled into one Aho-Corasick automaton.

Keys are `tokens.norm_key` of each name, so matching is done on the same normalisation the
registry uses (`normalize_name`). An alias written in capitals ("US", "IS", "SDF") is an
acronym: it only matches text written in capitals, so the pronoun "us" is never the United
States. A person's surname is added as a weak alias ("Lavrov" for "Sergey Lavrov"), used only
when it is capitalised in the text and no full name matches there.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import ahocorasick

from trucewatch.extract.tokens import norm_key

# Aliases that are ordinary English words would match everywhere; they are not compiled.
_COMMON_WORDS = frozenset(
    " army state states government regime rebels opposition forces people police military "
    " coalition council group front party union ".split()
)
COUNTRY_KINDS = frozenset({"state", "country"})


@dataclass(frozen=True)
class ActorEntry:
    id: int | str
    name: str
    kind: str
    aliases: Sequence[str] = ()
    country: str | None = None


@dataclass(frozen=True)
class Candidate:
    entry_id: int | str
    acronym: bool  # the alias is written in capitals: the text must be too
    rank: int  # 0 primary name, 1 alias, 2 weak (surname)


@dataclass
class Gazetteer:
    """Entries by id and the automaton over their normalised names."""

    entries: dict[int | str, ActorEntry] = field(default_factory=dict)
    keys: dict[str, list[Candidate]] = field(default_factory=dict)
    automaton: Any = None

    @classmethod
    def from_entries(cls, entries: Iterable[ActorEntry]) -> Gazetteer:
        """Build the gazetteer; an entry whose name is already known adds its aliases to it."""
        gz = cls()
        for entry in entries:
            existing = gz.lookup(entry.name)
            if existing is not None and existing.id != entry.id:
                merged = ActorEntry(
                    existing.id,
                    existing.name,
                    existing.kind,
                    tuple(existing.aliases) + tuple(entry.aliases),
                    existing.country or entry.country,
                )
                gz.entries[existing.id] = merged
                for alias in entry.aliases:
                    gz._add_key(alias, existing.id, 1)
                continue
            gz.entries[entry.id] = entry
            gz._add_key(entry.name, entry.id, 0)
            for alias in entry.aliases:
                gz._add_key(alias, entry.id, 1)
            if entry.kind == "person":
                parts = entry.name.split()
                if len(parts) >= 2 and len(parts[-1]) >= 4:
                    gz._add_key(parts[-1], entry.id, 2)
        gz.automaton = _compile(gz.keys)
        return gz

    def _add_key(self, name: str, entry_id: int | str, rank: int) -> None:
        key = norm_key(name)
        if not key or key.strip() in _COMMON_WORDS:
            return
        stripped = name.replace(".", "").replace("-", "").replace(" ", "")
        acronym = stripped.isupper() and len(stripped) <= 6
        cands = self.keys.setdefault(key, [])
        if all(c.entry_id != entry_id for c in cands):
            cands.append(Candidate(entry_id, acronym, rank))
            cands.sort(key=lambda c: c.rank)

    def lookup(self, name: str) -> ActorEntry | None:
        """The entry a name resolves to (best-ranked candidate), or None."""
        cands = self.keys.get(norm_key(name))
        return self.entries[cands[0].entry_id] if cands else None

    def lookup_key(self, key: str) -> ActorEntry | None:
        cands = self.keys.get(key)
        if not cands or cands[0].rank == 2:
            return None
        return self.entries[cands[0].entry_id]


def _compile(keys: dict[str, list[Candidate]]) -> object:
    automaton = ahocorasick.Automaton()
    for key in keys:
        automaton.add_word(key, key)
    if keys:
        automaton.make_automaton()
    return automaton
