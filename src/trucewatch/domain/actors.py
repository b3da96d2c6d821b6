"""Actors, their names, typed time-bounded relations, and designations."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from trucewatch.domain.dates import PartialDate


class ActorKind(StrEnum):
    STATE = "state"
    STATE_FORCE = "state_force"
    ARMED_GROUP = "armed_group"
    COALITION = "coalition"
    IGO = "igo"
    NGO = "ngo"
    PERSON = "person"
    MEDIA = "media"
    OTHER = "other"


class RelationKind(StrEnum):
    """Directed relations: `A member_of B`, `A renamed_to B`, `A merged_into B`, ..."""

    MEMBER_OF = "member_of"
    ALLIED_WITH = "allied_with"
    SUPPORTS = "supports"
    COMMANDS = "commands"
    RENAMED_TO = "renamed_to"
    MERGED_INTO = "merged_into"
    SPLIT_FROM = "split_from"


@dataclass(frozen=True)
class Alias:
    name: str
    language: str | None = None
    script: str | None = None
    origin: str | None = None  # where the alias came from ("UN list QDe.137", "UCDP 22.1", ...)


@dataclass
class Actor:
    id: int | None
    name: str
    kind: ActorKind
    country: str | None = None
    aliases: list[Alias] = field(default_factory=list)
    external_ids: dict[str, str] = field(default_factory=dict)
    notes: str | None = None


@dataclass(frozen=True)
class Relation:
    subject_id: int
    kind: RelationKind
    object_id: int
    valid_from: PartialDate | None
    valid_to: PartialDate | None
    source_id: int | None

    def holds_on(self, day: PartialDate | None) -> bool:
        """Whether the relation holds on a day (open ends hold forever; None means "ever")."""
        if day is None:
            return True
        if self.valid_from is not None and day.start < self.valid_from.start:
            return False
        return not (self.valid_to is not None and day.start > self.valid_to.end)


@dataclass(frozen=True)
class Designation:
    actor_id: int
    authority: str
    reference: str | None
    listed_on: PartialDate
    delisted_on: PartialDate | None
    source_id: int | None

    def active_on(self, day: PartialDate) -> bool:
        if day.start < self.listed_on.start:
            return False
        return self.delisted_on is None or day.start < self.delisted_on.start
