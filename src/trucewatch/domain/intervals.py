"""Keys that let a B-tree answer "which spans cover day D" by reading only the spans that do.

This is the Relational Interval Tree (Kriegel, Pötke and Seidl, VLDB 2000) in its simplest form.
Days are integers (`date.toordinal()`); they are the nodes of a virtual binary tree in which a
node's level is its number of trailing zero bits, so node `n` of level `j` spans the days
`n - 2**j + 1 .. n + 2**j - 1`. Each interval `[lo, hi]` (inclusive) is stored under its *fork
node*: the day inside it with the most trailing zeros, the highest tree node it contains.

A day D can only be covered by intervals registered on the path from the root down to D. With
an index on (node, lower bound), one range scan per path node reads exactly:

- at nodes >= D: the intervals that start on or before D (they all reach the node, so past D);
- at nodes < D: the intervals that end after D (they all start before the node, so before D).

The second kind is read with the lower-bound scan too (every such interval qualifies on it) and
filtered on its upper bound; those intervals all contain a node just before D, so the waste is
bounded by how many spans were open then, not by the truce's whole history.

An open interval (no end yet) ends on `OPEN_END`, the last day Python can represent.
"""

from __future__ import annotations

import datetime as dt

OPEN_END = dt.date.max.toordinal()
# Every ordinal (1 .. OPEN_END) is below 2**HEIGHT, so levels 0 .. HEIGHT - 1 cover them all.
HEIGHT = OPEN_END.bit_length()


def fork_node(lo: int, hi: int) -> int:
    """The tree node of the inclusive day interval [lo, hi]: the member with most trailing zeros."""
    if not 0 < lo <= hi:
        raise ValueError(f"not an interval of day numbers: [{lo}, {hi}]")
    # The highest bit in which lo - 1 and hi differ: 2**level is the largest power of two with
    # a multiple in [lo, hi], and hi rounded down to that multiple is the member with the most
    # trailing zeros. (Comparing lo itself with hi misses lo when lo is that member: [16, 17]
    # gave 17, a node on every covered day's path too, so the keys stored before this fix
    # still answer correctly, but not the top-most node the Relational Interval Tree uses.)
    level = ((lo - 1) ^ hi).bit_length() - 1
    return (hi >> level) << level


def span_node(start: dt.date, until: dt.date | None) -> int:
    """The node of a span held from `start` until the day before `until` (open when None)."""
    lo = start.toordinal()
    hi = until.toordinal() - 1 if until is not None else OPEN_END
    return fork_node(lo, hi)


def stab_nodes(day: dt.date) -> list[int]:
    """The nodes whose intervals may cover `day`: its ancestor on each level, lowest level first.

    The day itself is among them (as the ancestor on the level of its own trailing zeros), and
    there are always exactly HEIGHT of them, so a query can use a fixed list of parameters.
    """
    d = day.toordinal()
    return [((d >> (level + 1)) << (level + 1)) | (1 << level) for level in range(HEIGHT)]
