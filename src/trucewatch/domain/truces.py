"""Truces: kinds, their three dates, scope, guarantors and exclusion rules."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from trucewatch.domain.actors import Designation
from trucewatch.domain.dates import PartialDate
from trucewatch.domain.errors import RuleViolation


class TruceKind(StrEnum):
    NATIONWIDE_CEASEFIRE = "nationwide_ceasefire"
    CESSATION_OF_HOSTILITIES = "cessation_of_hostilities"
    LOCAL_TRUCE = "local_truce"
    HUMANITARIAN_PAUSE = "humanitarian_pause"
    DE_ESCALATION_ZONE = "de_escalation_zone"


@dataclass
class Truce:
    """A truce. `declared`, `effective` and `ended` are three different dates (ETH/PRIO keeps all three)."""

    id: int | None
    name: str
    kind: TruceKind
    effective: PartialDate
    declared: PartialDate | None = None
    ended: PartialDate | None = None
    countries: list[str] = field(default_factory=list)
    areas: list[str] = field(default_factory=list)
    excluded_authorities: list[str] = field(default_factory=list)

    def in_force_on(self, day: PartialDate) -> bool:
        if day.start < self.effective.start:
            return False
        return self.ended is None or day.start <= self.ended.end


def excluding_designation(
    truce: Truce, designations: Iterable[Designation], on: PartialDate
) -> Designation | None:
    """The first designation active on `on` whose authority the truce excludes, if any."""
    excluded = {a.casefold() for a in truce.excluded_authorities}
    for d in designations:
        if d.authority.casefold() in excluded and d.active_on(on):
            return d
    return None


def check_eligible(
    truce: Truce, actor_name: str, designations: Iterable[Designation], on: PartialDate
) -> None:
    """Refuse a join by an actor that the truce's exclusion rules keep out, naming the designation."""
    d = excluding_designation(truce, designations, on)
    if d is not None:
        ref = (
            f" ({d.reference}, listed {d.listed_on})" if d.reference else f" (listed {d.listed_on})"
        )
        raise RuleViolation(
            f"{actor_name} cannot join {truce.name}: it is designated by {d.authority}{ref}, "
            f"and the truce excludes actors designated by {d.authority}."
        )
