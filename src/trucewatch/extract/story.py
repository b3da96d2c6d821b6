"""One incident per story: the events of a document that describe the same happening, merged.

A news story tells its main incident several times: in the headline, in the lead, and again in
later paragraphs ("The Observatory said 31 civilians were identified among those killed"). The
sentence classifier gives one event per sentence and type, so without this step one incident
becomes several events, and anything that sums them counts its dead several times.

`merge_story` walks the events in salience order (the main event first) and folds an event into
an earlier kept one when all of these hold:

* same family of event type for violence and demonstrations (an air strike and a shelling
  guess on one raid are one incident), the same type for the others (truce, diplomacy, ...);
  statements and investigations never merge: each sentence says or does something else;
* no conflict of place: the places named in their own sentences share a name, or one is the
  governorate (admin1) or country of the other, or one sentence names no place;
* no conflict of date: the dates named in their own sentences agree to the coarser precision,
  or one sentence names no date (it then defaults to the published date);
* no conflict of doers: when both name perpetrators or subjects, they share at least one (two
  guesses on one sentence never conflict: their roles differ only by trigger);
* no conflict of counts: the later event states no count larger than the kept one's best
  estimate for the same field (or for the total). A later, larger figure is another incident
  ("the barrage killed 10 ... while strikes killed 82") or a cumulative toll, kept apart;
  smaller figures are other sources' counts or parts of the same incident.

The incident keeps the place of its most salient telling in the order (the main event stays
first); the telling that says most (doers, resolved actors, own place, own date, counts) is its
representative, the others are recorded as extra evidence (`Event.also_in`). It takes actors it
lacks, a place and a truce if it has none, and combines counts field by field
(`combine`): the larger estimate, never the sum.

`presume_civilians` then reads the merged incidents' counts the way casualty recorders do: the
dead of a one-sided act of violence (an air strike, a shelling, a bombing, an attack; not an armed
clash between parties) whom the story never calls fighters, soldiers or members of a group are
counted as civilians, under the presumption of civilian status of international humanitarian
law (Additional Protocol I to the Geneva Conventions, 1977, article 50(1): "In case of doubt
whether a person is a civilian, that person shall be considered to be a civilian"). The count is
marked `civilians_presumed` so that no reader takes it for a stated figure.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Mapping
from typing import Any

from trucewatch.extract.doc import DateMention, Event, ExtractDoc, PlaceMention
from trucewatch.extract.fatalities import FIELDS, restate

__all__ = ["merge_story", "presume_civilians"]

_DOERS = frozenset({"perpetrator", "subject", "source"})  # "source": the old role name
_COARSE = frozenset({"admin1", "country"})
_CATEGORIES = ("civilians", "non_civilians", "children", "women")
# Families whose events are happenings told again and again: any two types of one family can be
# one incident ("air strike" and "shelling" guesses on one raid). Statements and investigations
# are utterances and acts of their own: each sentence says something else, so they never merge.
_INCIDENTS = frozenset({"violence", "demonstration"})
_UTTERANCES = frozenset({"statement", "investigation"})
# Violent types whose dead, unless called combatants, are presumed civilians: one-sided acts.
# An armed clash is a fight between parties, whose dead are mostly their fighters.
_NOT_PRESUMED = frozenset({"violence.armed_clash"})
_PRECISION = {"day": 0, "week": 1, "month": 2, "year": 3}


class _Facts:
    """What one event's own sentence says: its places, dates, doers and counts."""

    __slots__ = ("event", "family", "places", "dates", "doers")

    def __init__(
        self, event: Event, family: str, places: list[PlaceMention], dates: list[DateMention]
    ) -> None:
        self.event = event
        self.family = family
        self.places = places
        self.dates = dates
        self.doers = {
            a.id if a.id is not None else a.name.lower() for a in event.actors if a.role in _DOERS
        }


def _actor_key(a: Any) -> Any:
    """An actor's identity within a story: its registry id, else its name and, for a generic
    actor ("Civilians"), the words naming it ("10 civilians" and "37 others" are two groups)."""
    if a.id is not None:
        return a.id
    return (a.name.lower(), (getattr(a, "text", None) or "").lower())


def merge_story(doc: ExtractDoc, events: list[Event], families: Mapping[str, str]) -> list[Event]:
    """`events` (most salient first) with the repetitions of an incident folded into the first
    telling; the order of the kept events is unchanged."""
    if len(events) < 2:
        return events
    sentences = doc.sentences
    place_starts = [p.start for p in doc.places]
    date_starts = [d.start for d in doc.dates]
    kept: list[_Facts] = []
    for event in events:
        sent = sentences[event.sentence_index]
        facts = _Facts(
            event,
            families.get(event.type, event.type.split(".")[0]),
            _within(doc.places, place_starts, sent.start, sent.end),
            _within(doc.dates, date_starts, sent.start, sent.end),
        )
        into = next((k for k in kept if _same_incident(k, facts)), None)
        if into is None:
            kept.append(facts)
        else:
            _fold(into, facts)
    return [k.event for k in kept]


def _within(items: list[Any], starts: list[int], start: int, end: int) -> list[Any]:
    return items[bisect_left(starts, start) : bisect_left(starts, end)]


def _same_incident(a: _Facts, b: _Facts) -> bool:
    if a.family in _UTTERANCES or a.family != b.family:
        return False
    if a.family not in _INCIDENTS and a.event.type != b.event.type:
        return False
    return (
        _places_agree(a.places, b.places)
        and _dates_agree(a.dates, b.dates)
        # Two guesses on one sentence read its roles from different triggers: not a conflict.
        and (
            a.event.sentence_index == b.event.sentence_index
            or not a.doers
            or not b.doers
            or bool(a.doers & b.doers)
        )
        and _counts_agree(a.event.fatalities, b.event.fatalities)
    )


def _places_agree(a: list[PlaceMention], b: list[PlaceMention]) -> bool:
    if not a or not b:
        return True
    names_a, names_b = {p.name for p in a}, {p.name for p in b}
    if names_a & names_b:
        return True
    # A governorate or country contains the other's place; a city named like its governorate
    # ("Deir ez-Zor") stands for it.
    admin_a = {p.admin1 for p in a if p.admin1} | {p.name for p in a if p.kind == "country"}
    admin_b = {p.admin1 for p in b if p.admin1} | {p.name for p in b if p.kind == "country"}
    coarse_a = {p.name for p in a if p.kind in _COARSE} | (names_a & admin_a)
    coarse_b = {p.name for p in b if p.kind in _COARSE} | (names_b & admin_b)
    return bool(coarse_a & admin_b or coarse_b & admin_a)


def _dates_agree(a: list[DateMention], b: list[DateMention]) -> bool:
    if not a or not b:
        return True
    for x in a:
        for y in b:
            coarse = max(x.precision, y.precision, key=lambda p: _PRECISION.get(p, 3))
            if _key(x, coarse) == _key(y, coarse):
                return True
    return False


def _key(d: DateMention, precision: str) -> tuple[int, ...]:
    v = d.value
    if precision == "year":
        return (v.year,)
    if precision == "month":
        return (v.year, v.month)
    if precision == "week":
        return tuple(v.isocalendar()[:2])
    return (v.year, v.month, v.day)


def _counts_agree(kept: Mapping[str, int | None], other: Mapping[str, int | None]) -> bool:
    top = kept.get("total")
    for field in FIELDS:
        value = other.get(field)
        if value is None:
            continue
        limit = kept.get(field)
        if limit is None and field in _CATEGORIES:
            limit = top
        if limit is not None and value > limit:
            return False
    return True


def _informative(f: _Facts) -> int:
    """How much an event's own sentence tells: doers, resolved actors, a place, a date, counts."""
    event = f.event
    told = bool(f.doers) + bool(f.places) + bool(f.dates)
    told += sum(a.id is not None for a in event.actors)
    return told + any(v is not None for v in event.fatalities.values())


def _fold(into: _Facts, other: _Facts) -> None:
    """Fold `other` into `into`, which stays at its place in the order. The more informative
    telling represents the incident ("Group joins ceasefire" gives way to the lead naming the
    group and the date); the other becomes extra evidence."""
    if _informative(other) > _informative(into):
        salience = into.event.salience
        into.event, other.event = other.event, into.event
        into.places, other.places = other.places, into.places
        into.dates, other.dates = other.dates, into.dates
        into.doers, other.doers = other.doers, into.doers
        into.event.also_in.extend(other.event.also_in)
        other.event.also_in = []
        into.event.salience = max(salience, into.event.salience)
    event, extra = into.event, other.event
    if extra.sentence_index != event.sentence_index and all(
        s.start != extra.evidence.start for s in event.also_in
    ):
        event.also_in.append(extra.evidence)
    have = {_actor_key(a) for a in event.actors}
    for a in extra.actors:
        key = _actor_key(a)
        if key not in have:
            have.add(key)
            event.actors.append(a)
            if a.role in _DOERS:
                into.doers.add(a.id if a.id is not None else a.name.lower())
    if event.place is None:
        event.place = extra.place
    if event.truce is None:
        event.truce = extra.truce
    if not into.places:
        into.places = other.places
    if not into.dates and other.dates:  # a published-date default gives way to a stated date
        into.dates = other.dates
        event.date, event.date_precision = extra.date, extra.date_precision
    event.fatalities = combine(event.fatalities, extra.fatalities)


def combine(a: Mapping[str, int | None], b: Mapping[str, int | None]) -> dict[str, int | None]:
    """Two tellings' counts: per field the larger estimate (`restate`), never the sum; the
    total's low/high follow the total that wins."""
    out = dict(a)
    low, best, high = restate(
        (a.get("low"), a.get("total"), a.get("high")), (b.get("low"), b.get("total"), b.get("high"))
    )
    out["low"], out["total"], out["high"] = low, best, high
    for field in _CATEGORIES:
        value, known = b.get(field), out.get(field)
        if value is None or known is not None and value <= known:
            continue
        trial = {**out, field: value}
        split = (trial.get("civilians") or 0) + (trial.get("non_civilians") or 0)
        if best is not None and (value > best or split > best):
            continue  # parts never exceed the whole (`domain.incidents.check_fatalities`)
        out[field] = value
    return out


def presume_civilians(events: list[Event], families: Mapping[str, str]) -> None:
    """Count the dead of one-sided violence as civilians where the story does not say who they
    were (the presumption of civilian status; see the module's docstring), in place. Sets
    `fatalities["civilians_presumed"]` on every event: True where the count is presumed."""
    for event in events:
        f = event.fatalities
        presumed = (
            f.get("civilians") is None
            and f.get("non_civilians") is None
            and f.get("total") is not None
            and families.get(event.type, event.type.split(".")[0]) == "violence"
            and event.type not in _NOT_PRESUMED
        )
        if presumed:
            f["civilians"] = f["total"]
        f["civilians_presumed"] = presumed
