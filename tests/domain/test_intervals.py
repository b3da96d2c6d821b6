"""The interval-tree keys: every span that covers a day is found on that day's path, and the
index bounds the as-of query uses keep exactly the covering spans."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from trucewatch.domain.intervals import HEIGHT, OPEN_END, fork_node, span_node, stab_nodes

days = st.integers(min_value=1, max_value=OPEN_END)


@given(days, days, days)
def test_a_covered_day_finds_the_interval_on_its_path(a: int, b: int, d: int) -> None:
    lo, hi = min(a, b), max(a, b)
    node = fork_node(lo, hi)
    assert lo <= node <= hi
    day = dt.date.fromordinal(d)
    assert d in stab_nodes(day)
    if lo <= d <= hi:
        assert node in stab_nodes(day)


@given(days, days, days)
def test_the_path_scan_keeps_exactly_the_covering_intervals(a: int, b: int, d: int) -> None:
    """With the node on the path, one index bound decides (the scan reads few non-covering rows)."""
    lo, hi = min(a, b), max(a, b)
    node = fork_node(lo, hi)
    if node in stab_nodes(dt.date.fromordinal(d)):
        # On the path, one bound is implied: at or above d an interval that starts by d reaches
        # d; below d it starts before d, so only its end needs checking.
        if node >= d:
            assert (lo <= d) == (lo <= d <= hi)
        else:
            assert lo <= d


@given(days, days)
@example(16, 17)  # lo is the member with most trailing zeros (an earlier version returned 17)
def test_the_fork_node_is_the_member_with_most_trailing_zeros(a: int, b: int) -> None:
    lo, hi = min(a, b), max(a, b)
    node = fork_node(lo, hi)

    def tz(n: int) -> int:
        return (n & -n).bit_length() - 1

    # No member of the interval sits higher in the tree (checked on a window around the node).
    for n in range(max(lo, node - 64), min(hi, node + 64) + 1):
        assert tz(n) <= tz(node)
    assert node - (1 << tz(node)) < lo and hi < node + (1 << tz(node))


@given(days, days, days)
@example(16, 17, 16)
def test_keys_stored_before_the_fork_fix_are_still_found(a: int, b: int, d: int) -> None:
    """Databases keep the nodes an earlier fork_node stored (the common prefix of lo and hi
    and a one bit); those too lie on the path of every day the interval covers."""
    lo, hi = min(a, b), max(a, b)
    level = (lo ^ hi).bit_length() - 1
    old = lo if lo == hi else (hi >> level) << level
    if lo <= d <= hi:
        assert old in stab_nodes(dt.date.fromordinal(d))


def test_open_spans_and_single_days() -> None:
    start = dt.date(2016, 2, 27)
    assert span_node(start, start + dt.timedelta(days=1)) == start.toordinal()
    open_node = span_node(start, None)
    assert open_node in stab_nodes(dt.date(2030, 1, 1))
    assert open_node in stab_nodes(start)
    assert len(stab_nodes(start)) == HEIGHT
    assert start.toordinal() in stab_nodes(start)
    with pytest.raises(ValueError):
        fork_node(5, 4)
