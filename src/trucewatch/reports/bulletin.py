"""The daily truce bulletin: what a ceasefire monitor reads each morning, with a source per line.

`build_bulletin` returns plain data; `render_md`, `render_html` and `render_json` (reports.render)
turn it into text. The bulletin covers the 24 hours of day D (UTC) and is computed as known at
`known_on` (default: now). The cut-off is part of the bulletin, so passing a bulletin's own
`known_on` back reproduces it exactly, whatever was recorded since.

What "the 24 hours to D" holds:

* participation: participants on D and on D-1, and the ledger entries effective on D;
* incidents in the truce's scope that happened on D (a week- or month-precision incident is
  reported on the last day of its period), each with its claims side by side, and the alleged
  violations among them, grouped by area (admin1) and by alleged party;
* violation statistics (reports.violation_stats): counts per area (zone or governorate), party,
  claimant and category for D, the previous period, since the truce took effect, and the
  baseline of the same length before it;
* monitors' access denials on D;
* investigations into incidents in scope that are open at the end of D;
* changes since the previous day's bulletin: verification transitions and investigation steps
  dated D about earlier incidents (what D-1's bulletin would have said otherwise).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from trucewatch.domain.dates import PartialDate, utcnow
from trucewatch.domain.ledger import EntryKind, changes_between, fold
from trucewatch.reports.violation_stats import violation_stats
from trucewatch.services.access import list_access_denials
from trucewatch.services.incident_queries import IncidentReader
from trucewatch.services.resolve import resolve_truce
from trucewatch.storage.store import Store

BULLETIN_VERSION = 2


def build_bulletin(
    store: Store, truce: str, day: dt.date, known_on: dt.datetime | None = None
) -> dict[str, Any]:
    cutoff = known_on or utcnow()
    truce_id = resolve_truce(store, truce)
    t = store.get_truce(truce_id)
    reader = IncidentReader(store, cutoff, as_of=day)
    sources: dict[int, dict[str, Any]] = {}

    def cite(src: dict[str, Any]) -> int:
        sources[src["id"]] = src
        return int(src["id"])

    # --- participation ---------------------------------------------------------------------
    entries = store.truce_entries(truce_id, known_on=cutoff)
    today = fold(entries, day, cutoff)
    before = fold(entries, day - dt.timedelta(days=1), cutoff)
    changes = changes_between(entries, day - dt.timedelta(days=1), day, cutoff)
    reader.names({c.actor_id for c in changes} | {c.entry.asserted_by or 0 for c in changes} - {0})
    src_rows = reader.sources({s for c in changes for s in c.entry.source_ids})
    movements = []
    for c in changes:
        movements.append(
            {
                "entry_id": c.entry.id,
                "actor": reader.name(c.actor_id),
                "kind": str(c.entry.kind),
                "asserted_by": reader.name(c.entry.asserted_by),
                "status_before": str(c.before) if c.before else None,
                "status_after": str(c.after) if c.after else None,
                "sources": [cite(src_rows[s]) for s in c.entry.source_ids],
            }
        )
    joined = [m for m in movements if m["kind"] in (EntryKind.JOINED, EntryKind.RESUMED)]
    left = [m for m in movements if m not in joined]

    # --- incidents -------------------------------------------------------------------------
    every = reader.views(reader.rows(occurred_to=day))
    views = [v for v in every if any(x["id"] == truce_id for x in v["truces"])]
    window = [v for v in views if v["occurred_end"] == day.isoformat()]
    violations: list[dict[str, Any]] = []
    others: list[dict[str, Any]] = []
    for v in window:
        item = _incident_item(v, truce_id, cite)
        (violations if item["violations"] else others).append(item)
    by_area: dict[str, list[int]] = defaultdict(list)
    by_party: dict[str, list[int]] = defaultdict(list)
    for item in violations:
        by_area[item["area"]].append(item["id"])
        for vio in item["violations"]:
            by_party[vio["party"]].append(item["id"])

    # --- investigations and changes since the previous day ---------------------------------
    open_invs = []
    since_previous = []
    iso = day.isoformat()
    for v in views:
        for inv in v["investigations"]:
            if inv["open"]:
                open_invs.append(
                    {
                        "incident_id": v["id"],
                        "incident": _title(v),
                        "body": inv["body"],
                        "requested_by": [_step(e, cite) for e in inv["requested_by"]],
                        "opposed_by": [_step(e, cite) for e in inv["opposed_by"]],
                        "deployed": _step(inv["deployed"], cite) if inv["deployed"] else None,
                    }
                )
            steps = [*inv["requested_by"], *inv["opposed_by"], inv["deployed"], inv["reported"]]
            for e in steps:
                if e is not None and e["on"] == iso:
                    since_previous.append(
                        {
                            "incident_id": v["id"],
                            "what": f"investigation by {inv['body']}: {e['kind']}",
                            **_step(e, cite),
                        }
                    )
        if v["occurred_end"] == iso:
            continue  # reported in full above
        for tr in v["verification"]:
            if tr["on"] == iso:
                target = f"claim {tr['claim_id']}" if tr["claim_id"] else "incident"
                since_previous.append(
                    {
                        "incident_id": v["id"],
                        "what": f"{target} {tr['from']} → {tr['to']}",
                        "by": tr["by"],
                        "on": tr["on"],
                        "note": tr["note"],
                        "finding": None,
                        "source": cite(tr["source"]),
                    }
                )

    names = reader.names(list(today) + list(before))
    return {
        "bulletin_version": BULLETIN_VERSION,
        "truce": {"id": truce_id, "name": t.name, "effective": t.effective.iso()},
        "date": day.isoformat(),
        "window": {
            "from": f"{(day - dt.timedelta(days=1)).isoformat()}T24:00Z",
            "to": f"{day.isoformat()}T24:00Z",
        },
        "known_on": cutoff.isoformat(),
        "in_force": t.in_force_on(PartialDate.of(day)),
        "participation": {
            "count": len(today),
            "count_previous_day": len(before),
            "change": len(today) - len(before),
            "disputed": sorted(names[a] for a, p in today.items() if str(p.status) == "disputed"),
            "joined": joined,
            "withdrew": left,
        },
        "violations": {
            "incidents": violations,
            **violation_stats(reader, t, every, day),
        },
        "access_denials": [
            {**a, "source": cite(a["source"])}
            for a in list_access_denials(
                store, str(truce_id), since=day, until=day, known_on=cutoff
            )
        ],
        "violations_by_area": {k: by_area[k] for k in sorted(by_area)},
        "violations_by_party": {k: by_party[k] for k in sorted(by_party)},
        "other_incidents": others,
        "open_investigations": open_invs,
        "since_previous": since_previous,
        "sources": [sources[k] for k in sorted(sources)],
    }


def _title(v: dict[str, Any]) -> str:
    return f"#{v['id']} {v['type_label'] or v['type']}, {v['place']['label']}, {v['occurred']}"


def _step(e: dict[str, Any], cite: Any) -> dict[str, Any]:
    return {
        "by": e.get("by"),
        "on": e["on"],
        "note": e.get("note"),
        "finding": e.get("finding"),
        "source": cite(e["source"]),
    }


def _incident_item(v: dict[str, Any], truce_id: int, cite: Any) -> dict[str, Any]:
    """One incident as the bulletin shows it: claims side by side, who confirmed what."""
    place = v["place"]
    return {
        "id": v["id"],
        "title": _title(v),
        "type": v["type"],
        "occurred": v["occurred"],
        "area": place["admin1"] or place["label"],
        "place": place["label"],
        "geo_precision": place["geo_precision"],
        "status": v["status"],
        "source": cite(v["source"]),
        "summary": v["summary"],
        "claims": [
            {
                "id": c["id"],
                "claimant": c["claimant"],
                "grade": c["grade"],
                "credible": c["credible"],
                "status": c["status"],
                "perpetrators": c["perpetrators"],
                "fatalities": c["fatalities"],
                "type": c["type"],
                "place": c["place"] or c["admin1"],
                "story": c["story"],
                "source": cite(c["source"]),
            }
            for c in v["claims"]
        ],
        "confirmed": [
            {
                "claim_id": tr["claim_id"],
                "from": tr["from"],
                "to": tr["to"],
                "by": tr["by"],
                "on": tr["on"],
                "note": tr["note"],
                "source": cite(tr["source"]),
            }
            for tr in v["verification"]
        ],
        "violations": [
            {
                **{k: x[k] for k in ("party", "participation", "alleged_by", "alleged_by_claims")},
                "sources": sorted(
                    {cite(c["source"]) for c in v["claims"] if c["id"] in x["alleged_by_claims"]}
                ),
            }
            for x in v["violations"]
            if x["truce_id"] == truce_id
        ],
    }
