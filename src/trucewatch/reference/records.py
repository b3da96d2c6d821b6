"""Plain records produced by the reference readers.

They mirror the domain objects but carry what only a file knows: the external scheme and id,
relation targets named the way the source names them (an id when it has one, always a name),
and the line the record came from. Turning targets into actor ids is the loader's job, because
a target often lives in another file or another scheme.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from trucewatch.domain.actors import ActorKind, Alias, RelationKind
from trucewatch.domain.dates import PartialDate


@dataclass(frozen=True)
class RelationRecord:
    """`subject kind target`, with the target as the source names it."""

    kind: RelationKind
    target_scheme: str
    target_id: str | None
    target_name: str
    valid_from: PartialDate | None = None
    valid_to: PartialDate | None = None
    note: str | None = None


@dataclass(frozen=True)
class DesignationRecord:
    """A listing by an authority such as "UNSC-1267"; open while `delisted_on` is None."""

    authority: str
    reference: str
    listed_on: PartialDate
    delisted_on: PartialDate | None = None


@dataclass(frozen=True)
class ActorRecord:
    """One actor as a reference source describes it.

    `aliases` never repeats the name or itself under `normalize_name`; `external_ids` maps a
    scheme to the source's identifier (for Phoenix, the role code; see `phoenix`).
    """

    scheme: str
    external_id: str
    name: str
    kind: ActorKind
    country: str | None = None
    aliases: tuple[Alias, ...] = ()
    external_ids: dict[str, str] = field(default_factory=dict)
    notes: str | None = None
    relations: tuple[RelationRecord, ...] = ()
    designations: tuple[DesignationRecord, ...] = ()
    line: int | None = None


@dataclass(frozen=True)
class PlaceRecord:
    """A populated place, an admin1 region or a country from GeoNames.

    `geonameid`, `lat` and `lon` are None only for admin1 rows read from the admin1 table,
    which carries codes and names but no ids or coordinates; we do not invent them.
    """

    geonameid: int | None
    name: str
    lat: float | None
    lon: float | None
    admin1_code: str | None
    admin1_name: str | None
    country: str
    population: int | None
    alternate_names: tuple[str, ...]
    feature: str
    line: int
