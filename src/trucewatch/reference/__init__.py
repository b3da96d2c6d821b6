"""Readers for the reference datasets that seed the actor and place registries.

Each reader is pure: it takes a path, streams plain records (see `records`), and raises
`BadFile` naming the file, the line or record, and the field when the input is malformed. No
reader touches the database; loading the records is a service's job.
"""

from __future__ import annotations

from trucewatch.reference.geonames import parse_admin1, parse_places
from trucewatch.reference.phoenix import parse_phoenix
from trucewatch.reference.records import (
    ActorRecord,
    DesignationRecord,
    PlaceRecord,
    RelationRecord,
)
from trucewatch.reference.ucdp import parse_ucdp_actors
from trucewatch.reference.unsanctions import parse_un_sanctions

__all__ = [
    "ActorRecord",
    "DesignationRecord",
    "PlaceRecord",
    "RelationRecord",
    "parse_admin1",
    "parse_phoenix",
    "parse_places",
    "parse_ucdp_actors",
    "parse_un_sanctions",
]
