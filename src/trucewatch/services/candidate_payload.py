"""A candidate's payload in the current role vocabulary, whatever vocabulary it was stored in.

Extraction's event roles are `subject`, `claimant`, `perpetrator`, `target`, `victim`,
`mediator`, `guarantor` and `addressee` (docs/taxonomy.md). Candidates stored before that
vocabulary carry `source` and `recipient`; they are data, not ledger, so they are mapped here on
every read rather than rewritten: `source` is the `perpetrator` of a violent event and the
`subject` of any other, `recipient` is the `addressee`. Nothing downstream reads a role name
other than the current ones, and no role is guessed from the order of the actors.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from trucewatch.domain.incidents import Fatalities
from trucewatch.domain.taxonomy import EVENT_TYPES

ROLES = (
    "subject",
    "claimant",
    "perpetrator",
    "target",
    "victim",
    "mediator",
    "guarantor",
    "addressee",
)
# ACLED's violent event types: the doer of the act is its perpetrator, not its subject.
_VIOLENT_ACLED = {"Battles", "Explosions/Remote violence", "Violence against civilians", "Riots"}
# Strategic developments and allegations where one actor acts upon another.
_VIOLENT_OTHER = {
    "truce.violation_alleged",
    "strategic.looting",
    "strategic.arrests",
    "strategic.disrupted_weapons",
}
FATALITY_FIELDS = ("civilians", "children", "women", "non_civilians", "total", "low", "high")


def is_violent(type_id: str) -> bool:
    et = EVENT_TYPES.get(type_id)
    if type_id in _VIOLENT_OTHER:
        return True
    return et is not None and et.acled_event_type in _VIOLENT_ACLED


def legacy_role(role: str | None, type_id: str) -> str | None:
    """The current name of a role stored under the old vocabulary (others unchanged)."""
    if role == "source":
        return "perpetrator" if is_violent(type_id) else "subject"
    if role == "recipient":
        return "addressee"
    return role


def current_payload(payload: dict[str, Any], type_id: str) -> dict[str, Any]:
    """A copy of an event payload with its actors' roles in the current vocabulary."""
    out = copy.deepcopy(payload)
    for a in out.get("actors") or []:
        if isinstance(a, dict):
            a["role"] = legacy_role(a.get("role"), type_id)
    return out


def actor_ids(payload: dict[str, Any], *roles: str) -> list[str]:
    """Registry ids (as text) of the payload's actors in these roles, in role order, no repeats.

    Actors without a registry id (the bundled gazetteer's slugs, generic actors) are skipped:
    the ledger and incidents refer to registry actors only.
    """
    out: list[str] = []
    for role in roles:
        for a in payload.get("actors") or []:
            if a.get("role") == role and isinstance(a.get("id"), int) and str(a["id"]) not in out:
                out.append(str(a["id"]))
    return out


def fatalities_of(counts: Mapping[str, Any] | None) -> Fatalities:
    """A candidate's `fatalities` (extraction's names: `total` is the best estimate) as the
    incident record's `Fatalities`."""
    f = counts or {}
    return Fatalities(
        best=f.get("total"),
        low=f.get("low"),
        high=f.get("high"),
        civilians=f.get("civilians"),
        non_civilians=f.get("non_civilians"),
        children=f.get("children"),
        women=f.get("women"),
    )
