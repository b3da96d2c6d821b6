"""Bulletin renderers: JSON (exact), Markdown (for docs and chat), HTML (printable, no assets).

Every line that states a fact ends with its source references, [S12], which the Sources list at
the end resolves to a URL or a citation with the source's reliability grade. HTML is built with
`html.escape` only (no template engine), inlines its CSS, and carries print rules so that a
browser's "Save as PDF" gives a clean A4 page.
"""

from __future__ import annotations

import html
import json
from typing import Any

from trucewatch.domain.provenance import link_url
from trucewatch.reports.render_stats import html_sections, md_sections


def render_json(b: dict[str, Any]) -> str:
    return json.dumps(b, indent=2, sort_keys=True, ensure_ascii=False, default=str) + "\n"


def _refs(*ids: int | list[int] | None) -> str:
    flat: list[int] = []
    for i in ids:
        if isinstance(i, list):
            flat.extend(i)
        elif i is not None:
            flat.append(i)
    return " " + " ".join(f"[S{i}]" for i in sorted(set(flat))) if flat else ""


def _fat(f: dict[str, Any] | None) -> str:
    if not f:
        return "not stated"
    lo, best, hi = f.get("low"), f.get("best"), f.get("high")
    if lo is not None and hi is not None and lo != hi:
        text = f"{lo}–{hi}" + (f" (best {best})" if best is not None else "")
    else:
        text = str(best if best is not None else lo if lo is not None else hi)
    cats = f.get("by_category") or {}
    if cats:
        text += " (" + ", ".join(f"{k.replace('_', '-')} {v}" for k, v in cats.items()) + ")"
    return text


def _source_line(s: dict[str, Any]) -> str:
    text = s.get("title") or s.get("citation") or s.get("url") or ""
    url = s.get("url")
    grade = s.get("reliability") or "ungraded"
    # <url> is an autolink in Markdown: only for http(s); any other scheme stays plain text.
    shown = (f" <{url}>" if link_url(url) else f" ({url})") if url and url != text else ""
    return f"[S{s['id']}] {text}{shown} — {grade}"


def _claim_cells(c: dict[str, Any]) -> list[str]:
    return [
        f"#{c['id']}",
        c["claimant"] or "(unattributed)",
        c["grade"] + (" ✓" if c["credible"] else ""),
        ", ".join(c["perpetrators"]) or "—",
        _fat(c["fatalities"]),
        c["type"] or "—",
        c["status"],
        f"story {c['story']}" if c["story"] else "—",
        f"[S{c['source']}]",
    ]


CLAIM_HEADERS = [
    "claim", "claimant", "grade", "perpetrators", "fatalities", "type", "status", "story", "source",
]  # fmt: skip


def _summary_line(s: dict[str, Any]) -> str:
    parts = [
        "perpetrators: " + (", ".join(s["perpetrators"]) or "not stated"),
        "fatalities: " + _fat(s["fatalities"]),
        f"independent sources: {s['corroboration']}",
    ]
    if s["contested"]:
        parts.append("contested: " + ", ".join(s["contested"]))
    if s["provisional"]:
        parts.append("provisional (no claim graded A–C/1–3)")
    return "; ".join(parts)


def _header(b: dict[str, Any]) -> tuple[str, list[str]]:
    p = b["participation"]
    title = f"{b['truce']['name']} — daily bulletin for {b['date']}"
    lines = [
        f"24 hours to {b['date']} 24:00 UTC, as known on {b['known_on']}."
        + ("" if b["in_force"] else " The truce was not in force on this day."),
        f"Participants: {p['count']} (previous day {p['count_previous_day']}, "
        f"change {p['change']:+d})."
        + (f" Disputed: {', '.join(p['disputed'])}." if p["disputed"] else ""),
    ]
    return title, lines


def _movement(m: dict[str, Any]) -> str:
    by = f", according to {m['asserted_by']}" if m["asserted_by"] else ""
    return f"{m['actor']} {m['kind']}{by} (now {m['status_after'] or 'out'}){_refs(m['sources'])}"


def _confirmed(c: dict[str, Any]) -> str:
    target = f"claim #{c['claim_id']}" if c["claim_id"] else "incident"
    by = f" by {c['by']}" if c["by"] else ""
    note = f" — {c['note']}" if c["note"] else ""
    return f"{c['on']}: {target} {c['from']} → {c['to']}{by}{note}{_refs(c['source'])}"


def _violation(x: dict[str, Any]) -> str:
    claims = ", ".join(f"#{i}" for i in x["alleged_by_claims"])
    return (
        f"alleged violation by {x['party']} ({x['participation']} in the truce), alleged by "
        f"{', '.join(x['alleged_by'])} (claims {claims})"
    )


def _investigation(i: dict[str, Any]) -> str:
    bits = [f"{i['body']} into {i['incident']}"]
    for e in i["requested_by"]:
        bits.append(f"requested by {e['by']} on {e['on']}{_refs(e['source'])}")
    for e in i["opposed_by"]:
        bits.append(f"opposed by {e['by']} on {e['on']}{_refs(e['source'])}")
    if i["deployed"]:
        bits.append(f"deployed {i['deployed']['on']}{_refs(i['deployed']['source'])}")
    return "; ".join(bits)


def _change(c: dict[str, Any]) -> str:
    by = f" by {c['by']}" if c.get("by") else ""
    finding = f": {c['finding']}" if c.get("finding") else ""
    return f"incident #{c['incident_id']}: {c['what']}{by}{finding}{_refs(c['source'])}"


# --- Markdown ------------------------------------------------------------------------------------


def _md_row(cells: list[str]) -> str:
    return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"


def _md_incident(item: dict[str, Any], out: list[str]) -> None:
    out.append(f"### {item['title']}{_refs(item['source'])}")
    out.append("")
    out.append(f"Verification: **{item['status']}**. Summary: {_summary_line(item['summary'])}.")
    for x in item["violations"]:
        out.append(f"- {_violation(x)}{_refs(x['sources'])}")
    out.append("")
    out.append(_md_row(CLAIM_HEADERS))
    out.append(_md_row(["---"] * len(CLAIM_HEADERS)))
    for c in item["claims"]:
        out.append(_md_row(_claim_cells(c)))
    out.append("")
    if item["confirmed"]:
        out.append("Verification record:")
        out.extend(f"- {_confirmed(c)}" for c in item["confirmed"])
        out.append("")


def render_md(b: dict[str, Any]) -> str:
    title, head = _header(b)
    out = [f"# {title}", "", *head, ""]
    p = b["participation"]
    out.append("## Participation")
    out.append("")
    moves = [*p["joined"], *p["withdrew"]]
    out.extend(f"- {_movement(m)}" for m in moves)
    if not moves:
        out.append("- No one joined or left.")
    out.append("")
    out.append("## Alleged violations")
    out.append("")
    if not b["violations"]["incidents"]:
        out.append("None recorded for this day.")
        out.append("")
    else:
        out.append(
            "By area: " + "; ".join(f"{k} ({len(v)})" for k, v in b["violations_by_area"].items())
        )
        out.append("")
        out.append(
            "By alleged party: "
            + "; ".join(f"{k} ({len(v)})" for k, v in b["violations_by_party"].items())
        )
        out.append("")
        for item in b["violations"]["incidents"]:
            _md_incident(item, out)
    if b["other_incidents"]:
        out.append("## Other incidents in scope")
        out.append("")
        for item in b["other_incidents"]:
            _md_incident(item, out)
    out.extend(md_sections(b))
    out.append("## Open investigations")
    out.append("")
    out.extend(f"- {_investigation(i)}" for i in b["open_investigations"])
    if not b["open_investigations"]:
        out.append("- None.")
    out.append("")
    out.append("## Since the previous bulletin")
    out.append("")
    out.extend(f"- {_change(c)}" for c in b["since_previous"])
    if not b["since_previous"]:
        out.append("- Nothing further on earlier incidents.")
    out.append("")
    out.append("## Sources")
    out.append("")
    out.extend(f"- {_source_line(s)}" for s in b["sources"])
    out.append("")
    out.append(
        "Grades: source reliability A (completely reliable) – F (cannot be judged); information "
        "credibility 1 (confirmed) – 6 (cannot be judged); ✓ meets the summary rule "
        "(docs/claims.md)."
    )
    return "\n".join(out) + "\n"


# --- HTML ----------------------------------------------------------------------------------------

_CSS = """
body{font:11pt/1.4 Georgia,serif;max-width:60em;margin:2em auto;color:#111}
h1{font-size:16pt;border-bottom:2px solid #111}h2{font-size:13pt;margin-top:1.4em}
h3{font-size:11.5pt}table{border-collapse:collapse;width:100%;font-size:9.5pt;margin:.5em 0}
th,td{border:1px solid #999;padding:2px 4px;text-align:left;vertical-align:top}
th{background:#eee}.meta{color:#444}.contested{color:#8a1c1c;font-weight:bold}
.src{color:#555;font-size:9pt}.incident{break-inside:avoid;page-break-inside:avoid}
@page{size:A4;margin:15mm}
@media print{body{margin:0;max-width:none}a{color:#111;text-decoration:none}
a[href]:after{content:" <" attr(href) ">";font-size:8pt}}
"""


STYLE_SHEET = _CSS  # the page's one inline style sheet, allowed by its hash in the CSP


def _e(text: Any) -> str:
    return html.escape("" if text is None else str(text))


def _html_list(items: list[str], empty: str) -> str:
    if not items:
        return f"<p>{_e(empty)}</p>"
    return "<ul>" + "".join(f"<li>{_e(i)}</li>" for i in items) + "</ul>"


def _html_incident(item: dict[str, Any]) -> str:
    s = item["summary"]
    rows = "".join(
        "<tr>" + "".join(f"<td>{_e(c)}</td>" for c in _claim_cells(c)) + "</tr>"
        for c in item["claims"]
    )
    contested = (
        f' <span class="contested">Contested: {_e(", ".join(s["contested"]))}</span>'
        if s["contested"]
        else ""
    )
    return (
        f'<section class="incident"><h3>{_e(item["title"] + _refs(item["source"]))}</h3>'
        f"<p>Verification: <b>{_e(item['status'])}</b>. {_e(_summary_line(s))}.{contested}</p>"
        + _html_list(
            [_violation(x) + _refs(x["sources"]) for x in item["violations"]],
            "",
        )
        + "<table><thead><tr>"
        + "".join(f"<th>{_e(h)}</th>" for h in CLAIM_HEADERS)
        + f"</tr></thead><tbody>{rows}</tbody></table>"
        + (_html_list([_confirmed(c) for c in item["confirmed"]], "") if item["confirmed"] else "")
        + "</section>"
    )


def render_html(b: dict[str, Any], *, feed_url: str | None = None) -> str:
    """The printable bulletin. With `feed_url` (the web page) it links the truce's bulletin
    feed: a `<link rel="alternate">` for feed readers and a visible link."""
    title, head = _header(b)
    feed = (
        f'<link rel="alternate" type="application/atom+xml" title="Daily bulletins (Atom)" '
        f'href="{_e(feed_url)}">'
        if feed_url
        else ""
    )
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{_e(title)}</title>{feed}<style>{_CSS}</style></head><body>",
        *_html_body(b, title, head, feed_url),
    ]
    parts[-1] += "</body></html>"
    return "\n".join(parts) + "\n"


def render_html_body(b: dict[str, Any]) -> str:
    """The bulletin's HTML without the page around it (no style): an Atom entry's content."""
    title, head = _header(b)
    return "\n".join(_html_body(b, title, head, None)) + "\n"


def _html_body(b: dict[str, Any], title: str, head: list[str], feed_url: str | None) -> list[str]:
    p = b["participation"]
    parts = [
        f"<h1>{_e(title)}</h1>",
        *(f'<p class="meta">{_e(line)}</p>' for line in head),
        *(
            [f'<p class="meta"><a href="{_e(feed_url)}">Subscribe: daily bulletins (Atom)</a></p>']
            if feed_url
            else []
        ),
        "<h2>Participation</h2>",
        _html_list(
            [_movement(m) for m in [*p["joined"], *p["withdrew"]]], "No one joined or left."
        ),
        "<h2>Alleged violations</h2>",
    ]
    if b["violations"]["incidents"]:
        parts.append(
            "<p>By area: "
            + _e("; ".join(f"{k} ({len(v)})" for k, v in b["violations_by_area"].items()))
            + "<br>By alleged party: "
            + _e("; ".join(f"{k} ({len(v)})" for k, v in b["violations_by_party"].items()))
            + "</p>"
        )
        parts.extend(_html_incident(i) for i in b["violations"]["incidents"])
    else:
        parts.append("<p>None recorded for this day.</p>")
    if b["other_incidents"]:
        parts.append("<h2>Other incidents in scope</h2>")
        parts.extend(_html_incident(i) for i in b["other_incidents"])
    parts += html_sections(b)
    parts += [
        "<h2>Open investigations</h2>",
        _html_list([_investigation(i) for i in b["open_investigations"]], "None."),
        "<h2>Since the previous bulletin</h2>",
        _html_list(
            [_change(c) for c in b["since_previous"]], "Nothing further on earlier incidents."
        ),
        '<h2>Sources</h2><ol class="src">',
    ]
    for s in b["sources"]:
        text = s.get("title") or s.get("citation") or s.get("url") or ""
        href = link_url(s.get("url"))
        link = f' <a href="{_e(href)}">{_e(href)}</a>' if href else ""
        if s.get("url") and not href:
            link = f" &lt;{_e(s['url'])}&gt;"  # not http(s): shown, never followed
        parts.append(
            f'<li id="S{s["id"]}" value="{s["id"]}">[S{s["id"]}] {_e(text)}{link} — '
            f"{_e(s.get('reliability') or 'ungraded')}</li>"
        )
    parts.append("</ol>")
    return parts
