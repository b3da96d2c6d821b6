"""The analyst's proof view: a document's text cut into plain and highlighted segments.

The extraction JSON stores character offsets into `documents.text`; overlapping spans are
resolved by keeping the earliest-starting, then longest, span so every character is shown once.
Events cover whole sentences, so they are drawn under the shorter spans (actors, places, quotes).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

KINDS = ("actor", "place", "quote", "event")


@dataclass(frozen=True)
class Segment:
    text: str
    kind: str | None = None
    title: str | None = None


def spans(extraction: dict[str, Any]) -> list[tuple[int, int, str, str]]:
    """(start, end, kind, title) for every mention, quote and event evidence."""
    out: list[tuple[int, int, str, str]] = []
    for a in extraction.get("actors", []):
        for m in a.get("mentions", []):
            out.append((m["start"], m["end"], "actor", str(a.get("name", ""))))
    for p in extraction.get("places", []):
        for m in p.get("mentions", []):
            out.append((m["start"], m["end"], "place", str(p.get("name", ""))))
    for q in extraction.get("quotes", []):
        s, e = q.get("start"), q.get("end")
        if s is None and isinstance(q.get("evidence"), dict):
            s, e = q["evidence"].get("start"), q["evidence"].get("end")
        if s is not None and e is not None:
            who = q.get("speaker") or q.get("speaker_name") or "quote"
            out.append((s, e, "quote", f"quote: {who}" if isinstance(who, str) else "quote"))
    for ev in extraction.get("events", []):
        e = ev.get("evidence") or {}
        if e.get("start") is not None:
            out.append((e["start"], e["end"], "event", str(ev.get("type", "event"))))
    return out


def segments(text: str, extraction: str | dict[str, Any] | None) -> list[Segment]:
    """Non-overlapping segments; short spans win over the event sentences they sit in."""
    if not extraction:
        return [Segment(text)]
    found = spans(json.loads(extraction) if isinstance(extraction, str) else extraction)
    short = sorted((s for s in found if s[2] != "event"), key=lambda s: (s[0], -(s[1] - s[0])))
    events = sorted((s for s in found if s[2] == "event"), key=lambda s: s[0])
    out: list[Segment] = []
    pos = 0

    def plain_until(end: int) -> None:
        # Between short spans, text inside an event sentence is marked as event.
        nonlocal pos
        while pos < end:
            ev = next((e for e in events if e[0] <= pos < e[1]), None)
            if ev is not None:
                stop = min(end, ev[1])
                out.append(Segment(text[pos:stop], "event", ev[3]))
            else:
                nxt = min((e[0] for e in events if e[0] > pos), default=end)
                stop = min(end, nxt)
                out.append(Segment(text[pos:stop]))
            pos = stop

    for start, end, kind, title in short:
        if start < pos or end > len(text) or end <= start:
            continue
        plain_until(start)
        out.append(Segment(text[start:end], kind, title))
        pos = end
    plain_until(len(text))
    return out
