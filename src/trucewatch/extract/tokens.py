"""A normalised token view of a text with a map back to the original offsets.

Gazetteer matching (actors, places, truces) runs an Aho-Corasick automaton over a normalised
copy of the text. Each whitespace-separated chunk is normalised with
`trucewatch.domain.names.normalize_name`, the registry's matching key, so "Jabhat an-Nusra" in an
article and the alias "Jabhat al-Nusra" meet at the same key "jabhat nusra". Normalising per chunk
keeps the offset map simple: every normalised word points back to the chunk (or, for "US-led",
to the part of the chunk) it came from.

The normalised string is " w1 w2 ... wn " with single spaces, so a key padded with spaces only
matches at word boundaries. `normalize_name` is cached: news vocabulary repeats a lot.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache
from typing import NamedTuple

from trucewatch.domain.names import normalize_name

_CHUNK = re.compile(r"\S+")
_EDGE_PUNCT = "\"'“”‘’«»()[]{}<>,;:!?*…–—-/"
_POSSESSIVE = re.compile(r"(?:['’]s|s['’])$", re.IGNORECASE)
_PARTS = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
# The dot after a single letter that is followed by another single letter: "U.S." -> "US.".
_INITIAL_DOT = re.compile(r"(?<![^\W\d_])([^\W\d_])\.(?=[^\W\d_](?![^\W\d_]))")


class Word(NamedTuple):
    """A normalised word and the original span it stands for."""

    norm: str
    start: int
    end: int
    chunk: int  # index of the chunk (whitespace token) it came from
    possessive: bool
    capitalised: bool


@lru_cache(maxsize=200_000)
def _norm(chunk: str) -> str:
    return normalize_name(chunk)


@lru_cache(maxsize=200_000)
def _split_chunk(core: str) -> tuple[tuple[str, int, int], ...]:
    """Normalised words of one chunk with offsets relative to the chunk core."""
    index = list(range(len(core) + 1))
    if "." in core:
        kept = [m.start() + 1 for m in _INITIAL_DOT.finditer(core)]
        if kept:
            drop = set(kept)
            index = [i for i in range(len(core)) if i not in drop] + [len(core)]
            core = "".join(ch for i, ch in enumerate(core) if i not in drop)
    whole = _norm(core)
    if not whole:
        return ()
    words = whole.split(" ")
    if len(words) == 1:
        return ((whole, 0, index[-1]),)
    parts = [(m.group(), m.start(), m.end()) for m in _PARTS.finditer(core)]
    normed = [(_norm(p), s, e) for p, s, e in parts]
    normed = [(n, s, e) for n, s, e in normed if n]
    if [n for n, _, _ in normed] == words:
        return tuple((n, index[s], index[e - 1] + 1) for n, s, e in normed)
    return tuple((w, 0, index[-1]) for w in words)


@lru_cache(maxsize=200_000)
def _analyse(raw: str) -> tuple[tuple[str, int, int, bool, bool], ...]:
    """Words of one whitespace chunk: (norm, start, end, possessive, capitalised), cached."""
    lead = len(raw) - len(raw.lstrip(_EDGE_PUNCT))
    core = raw.strip(_EDGE_PUNCT)
    while core.endswith(".") and not _is_abbrev(core):
        core = core[:-1]
    core = core.strip(_EDGE_PUNCT)
    if not core:
        return ()
    possessive = bool(_POSSESSIVE.search(core)) and len(core) > 3
    if possessive:
        core = core[:-2]
    return tuple(
        (n, lead + s, lead + e, possessive, _capitalised(raw[lead + s : lead + e]))
        for n, s, e in _split_chunk(core)
    )


class NormText:
    """The normalised view of one text: `string`, its `words`, and where each word starts."""

    __slots__ = ("words", "string", "_starts")

    def __init__(self, text: str) -> None:
        words: list[Word] = []
        pieces: list[str] = [""]
        starts: list[int] = []
        pos = 1
        for ci, m in enumerate(_CHUNK.finditer(text)):
            base = m.start()
            for norm, s, e, possessive, cap in _analyse(m.group()):
                words.append(Word(norm, base + s, base + e, ci, possessive, cap))
                pieces.append(norm)
                starts.append(pos)
                pos += len(norm) + 1
        pieces.append("")
        self.words = words
        self.string = " ".join(pieces)
        self._starts = starts

    def word_range(self, start: int, end: int) -> tuple[int, int]:
        """Word indices [first, last] covered by normalised string positions [start, end)."""
        return bisect_right(self._starts, start) - 1, bisect_right(self._starts, end - 1) - 1

    def word_at(self, pos: int) -> int:
        return bisect_right(self._starts, pos) - 1


def _is_abbrev(core: str) -> bool:
    # "U.S." keeps its dots: they are part of the name, not the end of a sentence.
    return len(core) <= 6 and core.count(".") >= 2


def norm_key(name: str) -> str:
    """The padded automaton key of a gazetteer name (empty when it normalises to nothing)."""
    words: list[str] = []
    for m in _CHUNK.finditer(name):
        core = m.group().strip(_EDGE_PUNCT)
        words.extend(w for w, _, _ in _split_chunk(core))
    return (" " + " ".join(words) + " ") if words else ""


def norm_text(doc_cache: dict[str, object], text: str) -> NormText:
    """The doc's NormText, built once and shared between stages."""
    cached = doc_cache.get("normtext")
    if isinstance(cached, NormText):
        return cached
    nt = NormText(text)
    doc_cache["normtext"] = nt
    return nt


_ARTICLE_CAP = re.compile(r"[a-z]{1,3}[-‐'’][A-Z]")


def _capitalised(word: str) -> bool:
    """Both "Nusra" and "al-Nusra" are capitalised words; "led" is not."""
    return word[:1].isupper() or bool(_ARTICLE_CAP.match(word))
