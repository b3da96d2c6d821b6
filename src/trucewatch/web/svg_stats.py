"""Paired bar charts for the violation statistics page, drawn on the server as plain shapes.

One chart per breakdown (area, category, party, claimant), rows of labelled bars in two panels:
the day D beside the previous day, and the running total since the truce took effect beside
the baseline (the same number of days just before it). Each panel has its own scale, since a
day's count and a months-long total do not share one; the two bars in a panel always do, and
only they are compared. The numbers are written at the bars' ends and the same figures are in
the table below each chart, which is what a screen reader reads.
"""

from __future__ import annotations

from dataclasses import dataclass, field

WIDTH = 720
LABEL_W = 210
GAP = 24
ROW_H = 28
BAR_H = 10
TOP = 40
NUMBER_W = 44
MAX_ROWS = 12


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    w: float
    h: float
    cls: str
    title: str


@dataclass(frozen=True)
class Text:
    x: float
    y: float
    text: str
    anchor: str = "start"
    cls: str = ""


@dataclass
class PairedChart:
    width: int
    height: int
    summary: str
    rects: list[Rect] = field(default_factory=list)
    texts: list[Text] = field(default_factory=list)
    rules: list[tuple[float, float, float, float]] = field(default_factory=list)
    hidden_rows: int = 0


# (heading, first series' label, second series' label) per panel.
PANELS = (
    ("D against D-1", "D", "D-1"),
    ("Since start against baseline", "Since start", "Baseline"),
)


def _short(label: str, n: int = 30) -> str:
    return label if len(label) <= n else label[: n - 1] + "…"


def paired_bars(rows: list[tuple[str, int, int, int | None, int | None]], what: str) -> PairedChart:
    """rows: (label, D, D-1, since start, baseline); a None total means the truce had not yet
    taken effect on D. Rows beyond MAX_ROWS (the smallest by since start, then D) are left to
    the table."""
    ranked = sorted(rows, key=lambda r: (-(r[3] or 0), -r[1], r[0]))
    shown = [r for r in rows if r in ranked[:MAX_ROWS]]
    panel_w = (WIDTH - LABEL_W - GAP) / 2
    height = TOP + ROW_H * max(1, len(shown)) + 8
    chart = PairedChart(WIDTH, height, "", hidden_rows=len(rows) - len(shown))
    started = all(r[3] is not None for r in rows)
    tops = [
        max([1, *(max(r[1], r[2]) for r in shown)]),
        max([1, *(max(r[3] or 0, r[4] or 0) for r in shown)]),
    ]
    for p, (heading, first, second) in enumerate(PANELS):
        x0 = LABEL_W + p * (panel_w + GAP)
        chart.texts.append(Text(x0, 16, heading, cls="panel"))
        chart.rects.append(Rect(x0, 24, 10, 8, "s1", first))
        chart.texts.append(Text(x0 + 14, 32, first, cls="key"))
        chart.rects.append(Rect(x0 + 110, 24, 10, 8, "s2", second))
        chart.texts.append(Text(x0 + 124, 32, second, cls="key"))
        chart.rules.append((x0, TOP - 4, x0, height - 6))
        if p == 1 and not started:
            chart.texts.append(Text(x0 + 4, TOP + 16, "The truce was not yet in effect on D."))
            continue
        scale = (panel_w - NUMBER_W) / tops[p]
        for i, r in enumerate(shown):
            y = TOP + i * ROW_H
            pair = (r[1], r[2]) if p == 0 else (r[3] or 0, r[4] or 0)
            for k, (v, cls, label) in enumerate(((pair[0], "s1", first), (pair[1], "s2", second))):
                by = y + 3 + k * (BAR_H + 1)
                w = round(v * scale, 1)
                chart.rects.append(Rect(x0, by, max(w, 0.5), BAR_H, cls, f"{r[0]}, {label}: {v}"))
                chart.texts.append(Text(x0 + w + 4, by + BAR_H - 1, str(v), cls="num"))
    for i, r in enumerate(shown):
        chart.texts.append(
            Text(LABEL_W - 8, TOP + i * ROW_H + 15, _short(r[0]), anchor="end", cls="label")
        )
    if not shown:
        chart.texts.append(Text(LABEL_W - 8, TOP + 15, "(none)", anchor="end", cls="label"))
    d, d1 = sum(r[1] for r in rows), sum(r[2] for r in rows)
    summary = f"{what}: {d} on D against {d1} on D-1"
    if started:
        s, b = sum(r[3] or 0 for r in rows), sum(r[4] or 0 for r in rows)
        summary += f"; {s} since the start against {b} in the baseline"
    chart.summary = summary + "."
    return chart
