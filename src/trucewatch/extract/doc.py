"""The document that flows through the extraction stages.

Every stage reads an `ExtractDoc` and attaches what it found; no stage keeps state between
documents. All offsets are character offsets into `ExtractDoc.text` (the cleaned text), so a
span can always be checked against the text it came from.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, NamedTuple, Protocol


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}


class Sentence(NamedTuple):
    """A sentence of the text: a named tuple, immutable and hashable like the frozen records
    here but built for a fraction of their cost (an article has ~40)."""

    start: int
    end: int
    text: str
    paragraph: int
    # The sentence's position in the document; shadows `tuple.index`, which nothing here uses.
    index: int  # type: ignore[assignment]


@dataclass
class ActorMention:
    """One mention of an actor; `actor_id` is None when the name is not in the gazetteer."""

    start: int
    end: int
    text: str
    actor_id: int | str | None
    name: str
    kind: str
    resolved: bool
    via: str = "name"  # name | demonym | possessive | organisation | group | speaker


@dataclass
class Quote:
    start: int  # offsets of the quoted words, without the quote marks
    end: int
    text: str
    speaker: str | None = None
    speaker_title: str | None = None
    speaker_actor_id: int | str | None = None
    speaker_country_id: int | str | None = None
    speaker_country: str | None = None


@dataclass
class PlaceMention:
    start: int
    end: int
    text: str
    name: str
    geonameid: int | None
    lat: float | None
    lon: float | None
    admin1: str | None
    kind: str = "place"  # place | admin1 | country


@dataclass
class DateMention:
    start: int
    end: int
    text: str
    value: dt.date
    precision: str  # day | week | month | year
    relative: bool = False


@dataclass
class EventActor:
    role: str
    name: str
    id: int | str | None
    text: str | None = None  # the words of the sentence that name it, when it has them


@dataclass
class Event:
    type: str
    acled_sub_event_type: str | None
    cameo: str | None
    plover: dict[str, str | None] | None
    date: str | None
    date_precision: str | None
    actors: list[EventActor]
    place: str | None
    fatalities: dict[str, int | None]
    truce: str | int | None
    evidence: Span
    confidence: float
    salience: float = 0.0
    sentence_index: int = 0
    # The other sentences that tell the same incident (extract/story.py), in salience order.
    also_in: list[Span] = field(default_factory=list)


@dataclass
class ExtractDoc:
    text: str
    title: str | None = None
    published: dt.date | None = None
    title_span: tuple[int, int] | None = None
    sentences: list[Sentence] = field(default_factory=list)
    actors: list[ActorMention] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    places: list[PlaceMention] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    paragraphs: list[tuple[int, int]] = field(default_factory=list)
    # Cached normalised token view, shared by the gazetteer stages (see tokens.py).
    cache: dict[str, Any] = field(default_factory=dict)

    def paragraph_of(self, offset: int) -> int:
        for i, (start, end) in enumerate(self.paragraphs):
            if start <= offset <= end:
                return i
        return -1


class Stage(Protocol):
    def __call__(self, doc: ExtractDoc) -> ExtractDoc: ...
