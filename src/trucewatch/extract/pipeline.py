"""The extraction pipeline: text in, actors, quotes, places, dates and events out.

`Pipeline` wires the stages in order (sentences, actors, quotes, places, dates, events); each
stage loads its resources once, in its constructor, so one `Pipeline` per worker is the unit to
reuse. `Pipeline.default()` builds everything from data bundled in the package only: the actor
and truce gazetteer of `data/syria-2016.json` (when present; `key` is the id) merged with
`data/gazetteer/common_actors.json`, and the GeoNames places in `data/places/`.

`extract` returns plain JSON-ready dicts (see `serialize.to_dict` for the shape); offsets index
into the returned "text", which is the input after `clean.clean_text`.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

from trucewatch.domain.errors import InvalidInput
from trucewatch.extract.actors import ActorStage
from trucewatch.extract.clean import clean_text, guess_title, paragraphs
from trucewatch.extract.dates import DateStage
from trucewatch.extract.doc import ExtractDoc, Stage
from trucewatch.extract.events_stage import EventStage
from trucewatch.extract.gazetteer import ActorEntry, Gazetteer
from trucewatch.extract.places import PlaceGazetteer, PlaceStage
from trucewatch.extract.quotes import QuoteStage
from trucewatch.extract.sentences import SentenceStage
from trucewatch.extract.serialize import to_dict
from trucewatch.extract.truces import TruceEntry, TruceMatcher

DateLike = dt.date | dt.datetime | str | None


def load_gazetteer_file(path: Path) -> tuple[list[ActorEntry], list[TruceEntry]]:
    """Actors and truces of a gazetteer JSON file ({actors: [{key, name, kind, country,
    aliases: [{name}]}], truces: [{key, name, aliases}]}); `key` becomes the id."""
    data = json.loads(path.read_text(encoding="utf-8"))
    actors = [
        ActorEntry(
            a["key"], a["name"], a.get("kind") or "other",
            tuple(_alias(x) for x in a.get("aliases") or ()), a.get("country"),
        )
        for a in data.get("actors", [])
    ]  # fmt: skip
    truces = [
        TruceEntry(t["key"], t["name"], tuple(_alias(x) for x in t.get("aliases") or ()))
        for t in data.get("truces", [])
    ]
    return actors, truces


def _alias(value: Any) -> str:
    return str(value["name"] if isinstance(value, Mapping) else value)


def _as_date(value: DateLike) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        raise InvalidInput(
            f"published: {value!r} is not a date; expected YYYY-MM-DD.", field="published"
        ) from None


class Pipeline:
    """Run the stages over texts; reuse one instance for many documents."""

    def __init__(
        self,
        gazetteer: Gazetteer,
        places: PlaceGazetteer,
        truces: Iterable[TruceEntry] | None = None,
        classify: Callable[[str], Sequence[Any]] | None = None,
    ) -> None:
        self.gazetteer = gazetteer
        self.places = places
        self.stages: list[Stage] = [
            SentenceStage(),
            ActorStage(gazetteer),
            QuoteStage(gazetteer),
            PlaceStage(places),
            DateStage(),
            EventStage(TruceMatcher(truces or ()), classify=classify),
        ]

    @classmethod
    def default(cls, **kwargs: Any) -> Pipeline:
        """A pipeline over the bundled data only (no network, no database)."""
        data = Path(str(resources.files("trucewatch") / "data"))
        actors: list[ActorEntry] = []
        truces: list[TruceEntry] = []
        syria = data / "syria-2016.json"
        if syria.exists():
            actors, truces = load_gazetteer_file(syria)
        common, _ = load_gazetteer_file(data / "gazetteer" / "common_actors.json")
        gazetteer = Gazetteer.from_entries([*actors, *common])
        return cls(gazetteer, PlaceGazetteer.from_directory(data / "places"), truces, **kwargs)

    def make_doc(
        self, text: str, title: str | None = None, published: DateLike = None
    ) -> ExtractDoc:
        """Clean the text and find its paragraphs and headline (stage zero)."""
        clean = clean_text(text or "")
        doc = ExtractDoc(clean, title=title, published=_as_date(published))
        doc.paragraphs = paragraphs(clean)
        guessed = guess_title(clean)
        if guessed is not None and (title is None or guessed[0] == title.strip()):
            doc.title = doc.title or guessed[0]
            doc.title_span = guessed[1]
        return doc

    def run(self, doc: ExtractDoc) -> ExtractDoc:
        if doc.title and doc.title_span is None:
            # A headline given beside the text: its actors, for the story's frame (EventStage).
            headline = self.stages[0](ExtractDoc(doc.title))
            doc.cache["title_actors"] = self.stages[1](headline).actors
        for stage in self.stages:
            doc = stage(doc)
        doc.cache.clear()
        return doc

    def extract(
        self, text: str, title: str | None = None, published: DateLike = None
    ) -> dict[str, Any]:
        return to_dict(self.run(self.make_doc(text, title, published)))

    def extract_many(self, items: Iterable[Mapping[str, Any] | str]) -> Iterator[dict[str, Any]]:
        """Extract each item: a text, or a mapping with "text" and optional "title" and
        "published" (or "date", as in the demo corpus JSONL)."""
        for item in items:
            if isinstance(item, str):
                yield self.extract(item)
            else:
                yield self.extract(
                    item.get("text") or "", item.get("title"),
                    item.get("published", item.get("date")),
                )  # fmt: skip
