"""PLOVER JSON lines (one record per line) for incidents and truce events.

PLOVER's event and mode come from the taxonomy (Schrodt's CAMEO->PLOVER table); an incident or
ledger entry whose type has no PLOVER event is left out rather than given a guessed one, and
`context` is empty because the taxonomy does not record PLOVER contexts. Extra keys
(`trucewatch_*`) carry what PLOVER has no field for.
"""

from __future__ import annotations

import json
from typing import Any

from trucewatch.domain.taxonomy import EVENT_TYPES

# Ledger entry kinds -> taxonomy ids (entries of other kinds have no PLOVER event).
ENTRY_TYPES = {"joined": "truce.joined", "withdrew": "truce.withdrew"}


def _line(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n"


def incident(view: dict[str, Any]) -> str | None:
    et = EVENT_TYPES.get(view["type"])
    if et is None or et.plover_event is None:
        return None
    s = view["summary"]
    accepted = [c for c in view["claims"] if c["accepted"]]
    text = view.get("description") or next((c["evidence"] for c in accepted if c["evidence"]), "")
    place = view["place"]
    return _line(
        {
            "id": f"trucewatch-incident-{view['id']}",
            "date": view["occurred_start"],
            "actor": "; ".join(a for a in s["perpetrators"] if a),
            "recipient": "; ".join(t for t in s["targets"] if t),
            "event": et.plover_event,
            "mode": et.plover_mode or "",
            "context": [],
            "event_loc": {
                "name": place["name"],
                "admin1": place["admin1"],
                "country": place["country"],
                "lat": place["lat"],
                "lon": place["lon"],
                "geo_precision": place["geo_precision"],
            },
            "event_text": text,
            "cite_info": [_cite(c["source"]) for c in accepted],
            "trucewatch_type": view["type"],
            "trucewatch_date_precision": view["occurred_precision"],
            "trucewatch_status": view["status"],
            "trucewatch_fatalities": s["fatalities"],
        }
    )


def truce_declared(truce: dict[str, Any]) -> str:
    et = EVENT_TYPES["truce.declared"]
    return _line(
        {
            "id": f"trucewatch-truce-{truce['id']}",
            "date": truce["date"],
            "actor": "; ".join(truce["guarantors"]),
            "recipient": "",
            "event": et.plover_event,
            "mode": et.plover_mode or "",
            "context": [],
            "event_loc": {"country": ",".join(truce["countries"]) or None},
            "event_text": truce["name"],
            "cite_info": [_cite(truce["source"])] if truce["source"] else [],
            "trucewatch_type": "truce.declared",
            "trucewatch_truce": truce["name"],
        }
    )


def ledger_entry(entry: dict[str, Any]) -> str | None:
    type_id = ENTRY_TYPES.get(entry["kind"])
    if type_id is None:
        return None
    et = EVENT_TYPES[type_id]
    return _line(
        {
            "id": f"trucewatch-ledger-{entry['id']}",
            "date": entry["effective"],
            "actor": entry["actor"],
            "recipient": entry["truce"],
            "event": et.plover_event,
            "mode": et.plover_mode or "",
            "context": [],
            "event_loc": {},
            "event_text": entry["note"] or f"{entry['actor']} {entry['kind']} {entry['truce']}",
            "cite_info": [_cite(s) for s in entry["sources"]],
            "trucewatch_type": type_id,
            "trucewatch_asserted_by": entry["asserted_by"],
        }
    )


def _cite(src: dict[str, Any]) -> str:
    return str(src.get("url") or src.get("citation") or src.get("title") or f"source {src['id']}")
