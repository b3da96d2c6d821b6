"""The JSON shape of an extraction result.

Actors and places are grouped: one entry per actor id (or, for unresolved actors, per name as
written) and per place, each with all its mentions, in order of first mention. Null means
unknown. This shape is a file format users keep: change it only with the golden files.
"""

from __future__ import annotations

from typing import Any

from trucewatch.extract.doc import ExtractDoc


def _mention(start: int, end: int, text: str) -> dict[str, Any]:
    return {"start": start, "end": end, "text": text}


def to_dict(doc: ExtractDoc) -> dict[str, Any]:
    actors: dict[Any, dict[str, Any]] = {}
    for m in doc.actors:
        key = ("id", m.actor_id) if m.actor_id is not None else ("name", m.name.lower())
        entry = actors.get(key)
        if entry is None:  # built only for a new actor, not for every mention
            entry = actors[key] = {
                "id": m.actor_id, "name": m.name, "kind": m.kind, "resolved": m.resolved,
                "mentions": [],
            }  # fmt: skip
        entry["mentions"].append(_mention(m.start, m.end, m.text))
    places: dict[Any, dict[str, Any]] = {}
    for p in doc.places:
        entry = places.get((p.name, p.geonameid))
        if entry is None:
            entry = places[p.name, p.geonameid] = {
                "name": p.name, "geonameid": p.geonameid, "lat": p.lat, "lon": p.lon,
                "admin1": p.admin1, "mentions": [],
            }  # fmt: skip
        entry["mentions"].append(_mention(p.start, p.end, p.text))
    return {
        "title": doc.title,
        "published": doc.published.isoformat() if doc.published else None,
        "text": doc.text,
        "actors": list(actors.values()),
        "quotes": [
            {
                "speaker": q.speaker,
                "speaker_actor_id": q.speaker_actor_id,
                "text": q.text,
                "start": q.start,
                "end": q.end,
            }
            for q in doc.quotes
        ],  # fmt: skip
        "places": list(places.values()),
        "events": [
            {
                "type": e.type,
                "acled_sub_event_type": e.acled_sub_event_type,
                "cameo": e.cameo,
                "plover": e.plover,
                "date": e.date,
                "date_precision": e.date_precision,
                "actors": [
                    {"role": a.role, "name": a.name, "id": a.id, "text": a.text} for a in e.actors
                ],
                "place": e.place,
                "fatalities": e.fatalities,
                "truce": e.truce,
                "evidence": e.evidence.to_dict(),
                "also_in": [span.to_dict() for span in e.also_in],
                "confidence": e.confidence,
            }
            for e in doc.events
        ],
    }
