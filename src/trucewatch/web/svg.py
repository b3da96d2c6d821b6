"""Small SVG drawings made on the server: the participants chart and the actor network.

Drawn here rather than by a chart library so the overview needs no JavaScript and prints; the
output is a list of plain shapes a template writes inside an <svg role="img"> with a <title>.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Mark:
    """A point-in-time mark on a chart: a join (up triangle) or a withdrawal (down)."""

    x: float
    y: float
    kind: str
    label: str


@dataclass
class Chart:
    """A step line over days with labelled axes; coordinates are already in SVG units."""

    width: int
    height: int
    path: str
    marks: list[Mark] = field(default_factory=list)
    x_ticks: list[tuple[float, str]] = field(default_factory=list)
    y_ticks: list[tuple[float, str]] = field(default_factory=list)
    bars: list[tuple[float, float, float, str]] = field(default_factory=list)
    summary: str = ""


PAD_L, PAD_R, PAD_T, PAD_B = 40, 12, 12, 28


def _scale(days: list[dt.date], width: int) -> tuple[dt.date, float]:
    start = days[0]
    span = max(1, (days[-1] - start).days)
    return start, (width - PAD_L - PAD_R) / span


def _ticks(start: dt.date, end: dt.date, x: float, n: int = 5) -> list[tuple[float, str]]:
    span = max(1, (end - start).days)
    return [
        (
            PAD_L + (span * i / (n - 1)) * x,
            (start + dt.timedelta(days=round(span * i / (n - 1)))).isoformat(),
        )
        for i in range(n)
    ]


def step_chart(
    counts: list[tuple[dt.date, int]],
    events: list[tuple[dt.date, str, str]],
    width: int = 720,
    height: int = 220,
) -> Chart:
    """Participant counts per day as a step line; `events` are (day, joined|withdrew, label)."""
    if not counts:
        return Chart(width, height, "", summary="No participation recorded.")
    days = [d for d, _ in counts]
    start, x = _scale(days, width)
    top = max(1, max(c for _, c in counts))
    inner_h = height - PAD_T - PAD_B

    def px(d: dt.date) -> float:
        return round(PAD_L + (d - start).days * x, 1)

    def py(c: int) -> float:
        return round(PAD_T + inner_h * (1 - c / top), 1)

    parts = [f"M{px(days[0])},{py(counts[0][1])}"]
    for d, c in counts[1:]:
        parts.append(f"H{px(d)}V{py(c)}")
    by_day = dict(counts)
    marks = [
        Mark(px(d), py(by_day.get(d, 0)), kind, label)
        for d, kind, label in events
        if start <= d <= days[-1]
    ]
    step = max(1, math.ceil(top / 4))
    y_ticks = [(py(v), str(v)) for v in range(0, top + 1, step)]
    last = counts[-1][1]
    return Chart(
        width,
        height,
        "".join(parts),
        marks,
        _ticks(start, days[-1], x),
        y_ticks,
        summary=f"{last} participants on {days[-1].isoformat()}, at most {top}; "
        f"{sum(1 for m in marks if m.kind == 'joined')} joins and "
        f"{sum(1 for m in marks if m.kind != 'joined')} withdrawals marked.",
    )


def bar_chart(per_day: list[tuple[dt.date, int]], width: int = 720, height: int = 160) -> Chart:
    """Alleged violations per day as bars."""
    if not per_day:
        return Chart(width, height, "", summary="No alleged violations recorded.")
    days = [d for d, _ in per_day]
    start, x = _scale(days, width)
    top = max(1, max(c for _, c in per_day))
    inner_h = height - PAD_T - PAD_B
    bw = max(1.5, min(12.0, x * 0.8))
    bars = []
    for d, c in per_day:
        h = inner_h * c / top
        bars.append(
            (
                round(PAD_L + (d - start).days * x - bw / 2, 1),
                round(PAD_T + inner_h - h, 1),
                round(h, 1),
                f"{d}: {c}",
            )
        )
    step = max(1, math.ceil(top / 4))
    y_ticks = [(round(PAD_T + inner_h * (1 - v / top), 1), str(v)) for v in range(0, top + 1, step)]
    return Chart(
        width,
        height,
        "",
        [],
        _ticks(start, days[-1], x),
        y_ticks,
        [(a, b, bw, lbl) if False else (a, b, h, lbl) for a, b, h, lbl in bars],
        summary=f"{sum(c for _, c in per_day)} alleged violations over {len(per_day)} days; "
        f"at most {top} on one day.",
    )


@dataclass(frozen=True)
class Node:
    id: int
    x: float
    y: float
    label: str
    centre: bool


@dataclass(frozen=True)
class Edge:
    x1: float
    y1: float
    x2: float
    y2: float
    label: str
    dated: str


def network(
    centre: tuple[int, str],
    others: list[tuple[int, str]],
    edges: list[tuple[int, int, str, str]],
    size: int = 420,
) -> tuple[list[Node], list[Edge]]:
    """A star layout: the actor in the middle, related actors on a circle, edges labelled with
    the relation and its dates (the 'dated edges' of the issue)."""
    c = size / 2
    r = size / 2 - 60
    pos: dict[int, tuple[float, float]] = {centre[0]: (c, c)}
    nodes = [Node(centre[0], c, c, centre[1], True)]
    n = max(1, len(others))
    for i, (oid, name) in enumerate(others):
        a = 2 * math.pi * i / n - math.pi / 2
        p = (round(c + r * math.cos(a), 1), round(c + r * math.sin(a), 1))
        pos[oid] = p
        nodes.append(Node(oid, p[0], p[1], name, False))
    out = []
    for s, o, label, dated in edges:
        if s in pos and o in pos:
            out.append(Edge(*pos[s], *pos[o], label, dated))
    return nodes, out
