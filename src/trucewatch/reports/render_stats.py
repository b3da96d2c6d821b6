"""The bulletin's violation statistics and access log as Markdown tables and HTML tables.

One table per breakdown, with the day, the previous period, the running total since the truce
took effect and the baseline as columns, so each row reads across like a monitoring mission's
daily report. Per-claimant rows keep each claimant's own figures apart.
"""

from __future__ import annotations

import html
from typing import Any

from trucewatch.domain.violations import CATEGORIES

_PERIODS = (
    ("day", "D"),
    ("previous_period", "D-1"),
    ("since_start", "Since start"),
    ("baseline", "Baseline"),
)


def _periods(v: dict[str, Any]) -> list[tuple[str, dict[str, Any] | None]]:
    day = v["day"]
    return [(label, day if key == "day" else v.get(key)) for key, label in _PERIODS]


def stat_tables(v: dict[str, Any]) -> list[tuple[str, list[str], list[list[str]]]]:
    """(caption, header, rows) for each breakdown; a missing period shows as "–"."""
    periods = _periods(v)
    header = ["", *[label for label, _ in periods]]

    def row(name: str, get: Any) -> list[str]:
        return [name, *["–" if p is None else str(get(p)) for _, p in periods]]

    def keys(field: str) -> list[str]:
        seen: dict[str, None] = {}
        for _, p in periods:
            for k in (p or {}).get(field, {}):
                seen[k] = None
        return list(seen)

    totals = [
        row("Violent incidents in scope", lambda p: p["incidents"]),
        row("Alleged violations (by participants)", lambda p: p["violations"]),
    ]
    areas = [row(a, lambda p, a=a: p["by_area"].get(a, 0)) for a in keys("by_area")]
    cats = [row(CATEGORIES[c], lambda p, c=c: p["by_category"].get(c, 0)) for c in CATEGORIES]
    parties = [row(x, lambda p, x=x: p["by_party"].get(x, 0)) for x in sorted(keys("by_party"))]
    claimants = []
    for c in sorted(keys("by_claimant")):
        claimants.append(row(c, lambda p, c=c: _claimant_cell(p["by_claimant"].get(c))))
    return [
        ("Totals", header, totals),
        ("By area", header, areas),
        ("By category", header, cats),
        ("By alleged party", header, parties),
        ("By claimant (incidents reported; whom the claimant blames)", header, claimants),
    ]


def _claimant_cell(c: dict[str, Any] | None) -> str:
    if not c:
        return "0"
    blames = ", ".join(f"{p} {n}" for p, n in c["blames"].items())
    return f"{c['incidents']}" + (f" ({blames})" if blames else "")


def periods_line(v: dict[str, Any]) -> str:
    parts = []
    for key, label in _PERIODS[1:]:
        p = v.get(key)
        if p is not None:
            parts.append(f"{label}: {p['from']} to {p['to']}")
    return "; ".join(parts)


def denial_line(a: dict[str, Any]) -> str:
    held = f", {a['minutes']} min" if a["minutes"] is not None else ""
    return f"{a['place']}: denied by {a['party']} ({a['reason']}{held}) [S{a['source']}]"


def md_sections(b: dict[str, Any]) -> list[str]:
    v = b["violations"]
    out = ["## Violation statistics", "", f"Counted: {v['counted']}. {periods_line(v)}.", ""]
    for caption, header, rows in stat_tables(v):
        if not rows:
            continue
        out += [f"**{caption}**", ""]
        out.append("| " + " | ".join(header) + " |")
        out.append("|" + "---|" * len(header))
        out += ["| " + " | ".join(r) + " |" for r in rows]
        out.append("")
    out += ["## Access denials", ""]
    out += [f"- {denial_line(a)}" for a in b["access_denials"]] or ["- None recorded."]
    out.append("")
    return out


def _e(text: Any) -> str:
    return html.escape("" if text is None else str(text))


def html_sections(b: dict[str, Any]) -> list[str]:
    v = b["violations"]
    out = [
        "<h2>Violation statistics</h2>",
        f'<p class="meta">Counted: {_e(v["counted"])}. {_e(periods_line(v))}.</p>',
    ]
    for caption, header, rows in stat_tables(v):
        if not rows:
            continue
        out.append(
            f"<table><caption>{_e(caption)}</caption><thead><tr>"
            + "".join(f'<th scope="col">{_e(h)}</th>' for h in header)
            + "</tr></thead><tbody>"
            + "".join(
                f'<tr><th scope="row">{_e(r[0])}</th>'
                + "".join(f"<td>{_e(c)}</td>" for c in r[1:])
                + "</tr>"
                for r in rows
            )
            + "</tbody></table>"
        )
    out.append("<h2>Access denials</h2>")
    items = [denial_line(a) for a in b["access_denials"]]
    out.append(
        "<ul>" + "".join(f"<li>{_e(i)}</li>" for i in items) + "</ul>"
        if items
        else "<p>None recorded.</p>"
    )
    return out
