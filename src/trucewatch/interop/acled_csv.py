"""Our incidents in ACLED's 31 columns, so colleagues can load them next to ACLED's own data.

An incident imported from ACLED is written back as ACLED coded it (its latest version, with its
own `event_id_cnty`), with any claims we added appended to `notes`. An incident of our own gets
`TW<id>` in `event_id_cnty`, ACLED's types from the taxonomy (types ACLED lacks are written as
Strategic developments / Other, our type named in `tags`), the summary's actors and deaths, and
its claims summarised in `notes` with their sources. `timestamp` is when we last learned
something about it, so a newer export of ours can update an older one the way ACLED's do.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from trucewatch.domain.incidents import TimePrecision
from trucewatch.domain.taxonomy import EVENT_TYPES
from trucewatch.interop import countries
from trucewatch.interop.acled import COLUMNS, TIME_PRECISION_CODE, parse_event_date
from trucewatch.interop.csvtext import csv_line

ID_PREFIX = "TW"
DISORDER = {
    "Battles": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence",
    "Protests": "Demonstrations",
    "Riots": "Demonstrations",
    "Strategic developments": "Strategic developments",
}
# Our actor kinds -> ACLED actor categories (inter codes); kinds ACLED has no category for
# are left blank rather than guessed.
KIND_INTER = {"state": 1, "state_force": 1, "armed_group": 2, "coalition": 8}


def header() -> str:
    return csv_line(COLUMNS)


def claim_line(claim: dict[str, Any]) -> str:
    """One claim as a sentence in `notes`: who says it, how graded, what, and where from."""
    src = claim["source"]
    where = src.get("citation") or src.get("url") or src.get("title") or f"source {src['id']}"
    what = claim.get("evidence") or claim.get("note") or "no text"
    who = claim.get("claimant") or "unattributed"
    return f"{who} ({claim['grade']}): {what} [source: {where}]"


def source_name(src: dict[str, Any]) -> str:
    return str(src.get("title") or src.get("citation") or src.get("url") or f"source {src['id']}")


def row(
    view: dict[str, Any],
    acled_raw: dict[str, str] | None,
    acled_claims: set[int],
    kinds: dict[str, str],
    *,
    raw_formulas: bool = False,
) -> str:
    """The CSV line of one incident view (see the module docstring for the two cases)."""
    accepted = [c for c in view["claims"] if c["accepted"]]
    if acled_raw is not None:
        out = dict(acled_raw)
        # ACLED's files mix date forms; ours always say YYYY-MM-DD.
        out["event_date"] = parse_event_date(out["event_date"]).isoformat()
        ours = [c for c in accepted if c["id"] not in acled_claims]
        if ours:
            extra = " | ".join(claim_line(c) for c in ours)
            out["notes"] = f"{out.get('notes') or ''} | trucewatch claims: {extra}".lstrip(" |")
        return csv_line((out.get(c, "") for c in COLUMNS), raw_formulas=raw_formulas)
    et = EVENT_TYPES.get(view["type"])
    event_type = (et.acled_event_type if et else None) or "Strategic developments"
    sub = (et.acled_sub_event_type if et else None) or "Other"
    s = view["summary"]
    perps = sorted((p for p in s["perpetrators"] if p), key=str.casefold)
    targets = sorted((t for t in s["targets"] if t), key=str.casefold)
    inter1 = KIND_INTER.get(kinds.get(perps[0], "")) if perps else None
    inter2 = KIND_INTER.get(kinds.get(targets[0], "")) if targets else None
    codes = sorted(c for c in (inter1, inter2) if c)
    interaction = (codes[0] * 10 + (codes[1] if len(codes) > 1 else 0)) if codes else None
    fat = s["fatalities"]
    place = view["place"]
    notes = " | ".join(claim_line(c) for c in accepted)
    if view.get("description"):
        notes = f"{view['description']} — {notes}" if notes else view["description"]
    stamp = max([view["recorded_at"]] + [c["recorded_at"] for c in view["claims"]])
    values = {
        "event_id_cnty": f"{ID_PREFIX}{view['id']}",
        "event_date": view["occurred_start"],
        "year": view["occurred_start"][:4],
        "time_precision": TIME_PRECISION_CODE[TimePrecision(view["occurred_precision"])],
        "disorder_type": DISORDER.get(event_type, ""),
        "event_type": event_type,
        "sub_event_type": sub,
        "actor1": perps[0] if perps else "",
        "assoc_actor_1": "; ".join(perps[1:]),
        "inter1": inter1,
        "actor2": targets[0] if targets else "",
        "assoc_actor_2": "; ".join(targets[1:]),
        "inter2": inter2,
        "interaction": interaction,
        "civilian_targeting": "Civilian targeting" if view["type"] == "violence.attack" else "",
        "iso": countries.numeric(place["country"]),
        "region": "",
        "country": countries.name(place["country"]) or place["country"],
        "admin1": place["admin1"],
        "admin2": "",
        "admin3": "",
        "location": place["name"],
        "latitude": place["lat"],
        "longitude": place["lon"],
        "geo_precision": place["geo_precision"],
        "source": "; ".join(dict.fromkeys(source_name(c["source"]) for c in accepted)),
        "source_scale": "",
        "notes": notes,
        "fatalities": ""
        if fat is None
        else (fat["best"] if fat["best"] is not None else fat["low"]),
        "tags": f"trucewatch type: {view['type']}; status: {view['status']}",
        "timestamp": int(dt.datetime.fromisoformat(stamp).timestamp()),
    }
    return csv_line((values[c] for c in COLUMNS), raw_formulas=raw_formulas)
