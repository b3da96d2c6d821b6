"""Participants answers "as known now" from a per-version timeline (services.timeline).

The route asks `participants_now` for the answer on a day: the truce's timeline for the current
version comes from the answer cache (built on the first miss), so a different day costs a lookup,
not a dozen statements. It also hands the fast path (server/front.py) a way to answer other
anonymous `?as_of=` requests of the same truce while nothing has been committed since, with the
headers and bytes this route would have sent.
"""

from __future__ import annotations

import re
from collections.abc import Hashable
from typing import Any

from fastapi import Request
from fastapi.responses import Response

from trucewatch.domain.dates import parse_day
from trucewatch.domain.errors import InvalidInput
from trucewatch.server.deps import dump_json, services, version_tag
from trucewatch.server.front import FamilyAnswer, mark_front_family
from trucewatch.services.timeline import ParticipantsTimeline
from trucewatch.services.versions import Version
from trucewatch.storage.store import Store

# The one query the fast path answers itself; anything else (known_on, an unknown or repeated
# parameter, an empty as_of meaning today) goes the long way and gets the route's checks.
_AS_OF = re.compile(rb"as_of=(\d{4}(?:-\d{2}(?:-\d{2})?)?)")


def participants_key(truce_id: int, day: Any, known_on: Any) -> Hashable:
    """The answer cache's key of a participants answer (the ETag is named by it and the version)."""
    return ("participants", truce_id, day, known_on)


def timeline(
    request: Request, store: Store, truce_id: int, version: Version
) -> ParticipantsTimeline:
    """The truce's timeline at `version` (the ledger head, then the registry's heads)."""
    svc = services(request)
    key = ("participants-timeline", truce_id, version)
    found = svc.answers.get_object(key)
    if isinstance(found, ParticipantsTimeline):
        return found
    built = ParticipantsTimeline.build(store, truce_id, svc.registry.get(store, version[1:]))
    svc.answers.put_object(key, built, built.nbytes)
    return built


def participants_now(
    request: Request, store: Store, truce_id: int, version: Version, day: Any
) -> dict[str, Any]:
    """The answer on `day` as known now, and the fast path's family for this truce."""
    tl = timeline(request, store, truce_id, version)
    mark_front_family(request, _family(tl, truce_id, version))
    return tl.answer(day)


def _family(tl: ParticipantsTimeline, truce_id: int, version: Version) -> FamilyAnswer:
    def answer(query: bytes) -> tuple[list[tuple[bytes, bytes]], bytes] | None:
        m = _AS_OF.fullmatch(query)
        if m is None:
            return None
        try:
            day = parse_day(m.group(1).decode("ascii"), "as_of")
        except InvalidInput:
            return None
        headers = {
            # As the route: not settled (known now), so never `immutable` (deps.cache_control).
            "ETag": version_tag((participants_key(truce_id, day, None), version)),
            "Cache-Control": "private, no-cache",
            "Vary": "Authorization, Cookie",
        }
        r = Response(dump_json(tl.answer(day)), media_type="application/json", headers=headers)
        return list(r.raw_headers), bytes(r.body)

    return answer
