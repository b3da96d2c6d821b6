"""Events: the sentence classifier's guesses, filled in with who, where, when and which truce.

For each sentence, `classify_sentence` (extract/events.py) names event types and trigger spans.
This stage adds, per guess:
- actors with roles (inside a quote, only the actors within the quote; the attribution
  around it names the speaker). Saying events (statement.*, *.appeal, *.demand) inside a quote: the
  speaker and the speaker's country are "subject"; the actors of the sentence are "target"
  (or "addressee" for appeals and demands). Otherwise `roles.assign` reads the sentence's
  clauses (extract/roles.py), once per sentence and kind of event; a quoted speaker who is not
  among them is added as "claimant". An appealing person's country is also a "subject".
- the headline's frame (`EventStage._frame`): a body line that names the headline's means is
  its event, and a doerless event of its type takes the headline's doers;
- place: the most specific place the sentence names nearest the trigger, else the paragraph's
  first town, else the sentence's or paragraph's first place;
- date: the date mention nearest the trigger in the sentence, else the published date;
- fatalities: `parse_fatalities` on the sentence (all fields null when it finds none);
- truce: the truce mention nearest the trigger in the sentence; for truce-family events also the
  paragraph's first one;
- confidence: the classifier's confidence times a resolution factor (1.0 with a gazetteer actor,
  0.85 with only unresolved actors, 0.7 with none).

One event per (sentence, type); a generic type (strategic.agreement, diplomacy.other) is dropped
when the same sentence has a specific truce/statement/investigation type. In an appeal, actors
after a "combat/fight/against" word are the targets of the requested action, not addressees;
"these forces" with no recipient in the sentence points at the previous sentence's actors.

Salience orders the events: confidence, plus 1.0 for a headline or lead sentence (the first two
sentences after the headline), plus 0.05 per mention in the document of the event's actors
(capped at 0.5). Ties keep text order.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

from trucewatch.extract.doc import (
    ActorMention,
    Event,
    EventActor,
    ExtractDoc,
    PlaceMention,
    Quote,
    Sentence,
    Span,
)
from trucewatch.extract.events import REMOTE_VIOLENCE, classify_sentence, classify_spans
from trucewatch.extract.roles import DOERS, MEANS_NOUNS, Mention, means_is_subject
from trucewatch.extract.roles import assign as assign_roles
from trucewatch.extract.story import merge_story, presume_civilians
from trucewatch.extract.tokens import doc_lower, norm_text
from trucewatch.extract.truces import TruceMatcher

_VIOLENT_FAMILIES = frozenset({"violence", "battle", "riot", "protest", "demonstration"})
_Starts = tuple[list[int], list[int], list[int]]  # starts of doc.actors, doc.places, doc.dates
_Truces = tuple[list[Any], list[int]]  # the doc's truce mentions (sorted by start), their starts
# An event type's family, ACLED sub-event type, CAMEO code and PLOVER (event, mode) if any.
_TypeInfo = tuple[str, Any, Any, tuple[Any, Any] | None]
_NO_FATALITIES: dict[str, int | None] = dict.fromkeys(
    ("civilians", "non_civilians", "children", "women", "total", "low", "high")
)


def _saying(type_id: str, family: str) -> bool:
    return family == "statement" or type_id.endswith((".appeal", ".demand"))


class EventStage:
    """Attach `doc.events`, most salient first."""

    def __init__(
        self,
        truces: TruceMatcher | None = None,
        classify: Callable[[str], Sequence[Any]] | None = None,
        parse_fatalities: Callable[[str], Any] | None = None,
        event_types: dict[str, Any] | None = None,
    ) -> None:
        if classify is None:
            classify = classify_sentence
        if parse_fatalities is None:
            from trucewatch.extract.fatalities import parse_fatalities as parse

            parse_fatalities = parse
        if event_types is None:
            from trucewatch.domain.taxonomy import EVENT_TYPES

            event_types = dict(EVENT_TYPES)
        self.classify = classify
        self.parse_fatalities = parse_fatalities
        self.event_types = event_types
        self.truces = truces or TruceMatcher()
        self._last_fatalities: tuple[str | None, dict[str, int | None]] = (None, {})

    def __call__(self, doc: ExtractDoc) -> ExtractDoc:
        nt = norm_text(doc.cache, doc.text)
        lower = doc_lower(doc.cache, doc.text)
        found = self.truces.find(doc.text, nt, lower)  # sorted by start
        truces: _Truces = (found, [t.start for t in found])
        counts = Counter(m.actor_id if m.actor_id is not None else m.name for m in doc.actors)
        lead = self._lead_sentences(doc)
        starts: _Starts = (
            [m.start for m in doc.actors], [p.start for p in doc.places],
            [d.start for d in doc.dates],
        )  # fmt: skip
        # The default classifier scans the lower-cased document once for all its sentences.
        fast: list[Sequence[Any]] | None = None
        if self.classify is classify_sentence:
            fast = classify_spans(lower, [(s.start, s.end) for s in doc.sentences])
        published = doc.published.isoformat() if doc.published is not None else None
        types: dict[str, _TypeInfo] = {}
        events: list[Event] = []
        frame = self._frame(doc, lead)
        for position, sent in enumerate(doc.sentences):
            guesses: Sequence[Any]
            if fast is not None:
                guesses = fast[position]
            else:
                guesses = self.classify(sent.text)
            if frame is not None and (doc.title_span is None or sent.start >= doc.title_span[1]):
                guesses = _framed(guesses, sent.text, frame)
            if not guesses:
                continue
            view = _SentenceView(doc, sent, starts)
            view.trigger = sent.start + guesses[0].trigger_start
            bonus = 1.0 if sent.index in lead else 0.0
            for guess in _specific(guesses):
                info = types.get(guess.type)
                if info is None:
                    info = types[guess.type] = self._type_info(guess.type)
                event = self._event(doc, view, guess, info, published, truces)
                mentions = 0
                for a in event.actors:
                    mentions += counts.get(a.id if a.id is not None else a.name, 0)
                event.salience = round(event.confidence + bonus + min(0.5, 0.05 * mentions), 3)
                events.append(event)
        if frame is not None and frame.doers:
            for event in events:
                if event.type == frame.type and not any(a.role in DOERS for a in event.actors):
                    event.actors.extend(frame.doers)
        events.sort(key=lambda e: (-e.salience, e.sentence_index, e.evidence.start))
        families = {t: info[0] for t, info in types.items()}
        doc.events = merge_story(doc, events, families)
        presume_civilians(doc.events, families)
        return doc

    def _frame(self, doc: ExtractDoc, lead: set[int]) -> _Frame | None:
        """The story's violent event as its headline tells it: the type and the doers.

        A body sentence that names the headline's means ("one strike struck ...", under
        "Coalition airstrikes in Syria") is that event, and an event of that type whose own
        sentence names no doer ("An air strike killed 15 civilians") is done by the headline's
        doers: a reader reads the body in the headline's light."""
        title_actors = doc.cache.get("title_actors")
        if title_actors is not None and doc.title:
            text, base, mentions = doc.title, 0, title_actors
        elif doc.title_span is not None:
            start, end = doc.title_span
            text, base = doc.text[start:end], start
            mentions = [m for m in doc.actors if start <= m.start < end]
        else:
            return None
        guess = next(
            (g for g in self.classify(text) if g.type.split(".")[0] in _VIOLENT_FAMILIES), None
        )
        if guess is None:
            return None
        pairs = assign_roles(
            text,
            [Mention(m.start - base, m.end - base, m.name, m.actor_id) for m in mentions],
            violent=True,
            saying=False,
            receiving="target",
            trigger=guess.trigger_start,
        )
        # Those a rule names, if any; else those before the verb ("Russian jets kill 15").
        named = [(role, rm) for role, rm, strong in pairs if strong and role in DOERS]
        doers: list[EventActor] = []
        for role, rm in named or [(role, rm) for role, rm, _ in pairs if role in DOERS]:
            if all(d.name != rm.name for d in doers):
                doers.append(EventActor(role, rm.name, rm.id, rm.text))
        doers = _one_party(doers, {m.actor_id: m.kind for m in mentions})
        means = frozenset(_means(w) for w in _WORDS.findall(text.lower()) if w in MEANS_NOUNS)
        return _Frame(guess.type, guess, doers, means)

    def _fatalities_of(self, text: str) -> dict[str, int | None]:
        """The fatality fields of a sentence (all None when `parse_fatalities` finds none).

        Several guesses share one sentence: it is parsed, and its fields read, once."""
        if self._last_fatalities[0] != text:
            fat = self.parse_fatalities(text)
            fields = dict(_NO_FATALITIES)
            if fat is not None:
                fields = {k: getattr(fat, k, None) for k in _NO_FATALITIES}
            self._last_fatalities = (text, fields)
        return self._last_fatalities[1]

    @staticmethod
    def _lead_sentences(doc: ExtractDoc) -> set[int]:
        """The headline's sentences and the first two after it, in one pass that stops there
        (the sentences are in text order: none after them starts in the headline)."""
        title_end = doc.title_span[1] if doc.title_span else None
        lead: set[int] = set()
        body = 0
        for s in doc.sentences:
            if title_end is not None and s.start < title_end:
                lead.add(s.index)
            elif body < 2:
                lead.add(s.index)
                body += 1
            else:
                break
        return lead

    def _type_info(self, type_id: str) -> _TypeInfo:
        """What `_event` reads of an event type (looked up once per type and document)."""
        et = self.event_types.get(type_id)
        plover = None
        if et is not None and getattr(et, "plover_event", None):
            plover = (et.plover_event, et.plover_mode)
        return (
            getattr(et, "family", type_id.split(".")[0]), getattr(et, "acled_sub_event_type", None),
            getattr(et, "cameo", None), plover,
        )  # fmt: skip

    def _event(
        self,
        doc: ExtractDoc,
        view: _SentenceView,
        guess: Any,
        info: _TypeInfo,
        published: str | None,
        truces: _Truces,
    ) -> Event:
        sent = view.sentence
        family, acled, cameo, plover = info
        trigger = sent.start + guess.trigger_start
        actors = self._roles(doc, view, guess.type, family)
        # The most specific place the sentence names (a town or a province before its country);
        # a sentence naming only a country, or none, takes its paragraph's first town.
        places = [p for p in view.places if p.kind != "country"]
        if not places:
            places = [p for p in view.paragraph_places(doc) if p.kind != "country"] or view.places
        if not places:
            places = view.paragraph_places(doc)  # made once per view
        place = _nearest(places, trigger).name if places else None
        dates = view.dates
        if dates:
            nearest = _nearest(dates, trigger)
            date, precision = nearest.value.isoformat(), nearest.precision
        elif published is not None:
            date, precision = published, "day"
        else:
            date, precision = None, None
        fatalities = dict(self._fatalities_of(sent.text))  # each event its own dict
        quality = 0.7
        if actors:
            quality = 0.85
            for a in actors:
                if a.id is not None:
                    quality = 1.0
                    break
        return Event(
            type=guess.type,
            acled_sub_event_type=acled,
            cameo=cameo,
            # each event its own dict
            plover={"event": plover[0], "mode": plover[1]} if plover is not None else None,
            date=date,
            date_precision=precision,
            actors=actors,
            place=place,
            fatalities=fatalities,
            # Most documents mention no truce: then no look-up per event.
            truce=self._truce(doc, sent, trigger, family, truces) if truces[0] else None,
            evidence=view.evidence,
            confidence=round(float(guess.confidence) * quality, 3),
            sentence_index=sent.index,
        )

    def _roles(
        self, doc: ExtractDoc, view: _SentenceView, type_id: str, family: str
    ) -> list[EventActor]:
        in_sent = view.actors
        quote = view.quote
        if quote is not None:  # the attribution ("Russian ... Lavrov said") is the speaker
            in_sent = [m for m in in_sent if quote.start <= m.start < quote.end]
        receiving = "addressee" if type_id.endswith((".appeal", ".demand")) else "target"
        out: list[EventActor] = []
        saying = _saying(type_id, family)
        if quote is not None and saying:
            out.append(EventActor("subject", quote.speaker or "", quote.speaker_actor_id))
            if quote.speaker_country:
                out.append(EventActor("subject", quote.speaker_country, quote.speaker_country_id))
            taken = {a.id if a.id is not None else a.name for a in out}
            fight = _fight_cue(doc.text, view.sentence) if receiving == "addressee" else None
            for m in in_sent:
                if (m.actor_id if m.actor_id is not None else m.name) not in taken:
                    # "use these forces to combat ISIS": the fought are targets, not recipients.
                    role = "target" if fight is not None and m.start >= fight else receiving
                    out.append(EventActor(role, m.name, m.actor_id))
            if fight is not None and all(a.role != "addressee" for a in out):
                out.extend(self._referred_recipients(doc, view, out))
            return out
        # The roles depend on the sentence and on the kind of event, not on which guess of
        # that kind is being filled: computed once per sentence and kind. (With no event verb
        # in the sentence, the first guess's trigger is the pivot for all of them.)
        # A peaceful protest is a non-violent act: its marchers are its subjects.
        marching = type_id == "protest.peaceful"
        violent = family in _VIOLENT_FAMILIES and not marching
        cache_key = (violent, saying, receiving, marching)
        assigned = view.roles.get(cache_key)
        if assigned is None:
            assigned = view.roles[cache_key] = self._assign(
                view, violent, saying, receiving, marching
            )
        out.extend(EventActor(a.role, a.name, a.id, a.text) for a in assigned)
        if quote is not None and all(a.name != quote.speaker for a in out):
            out.append(EventActor("claimant", quote.speaker or "", quote.speaker_actor_id))
        if saying:
            out.extend(self._speaker_countries(doc, out))
        return out

    @staticmethod
    def _assign(
        view: _SentenceView, violent: bool, saying: bool, receiving: str, marching: bool
    ) -> list[EventActor]:
        """`roles.assign` over the sentence's mentions, one role per actor: the first decided
        by a rule, else its first mention's."""
        base = view.sentence.start
        quote = view.quote
        mentions = [
            Mention(m.start - base, m.end - base, m.name, m.actor_id, m.text, m.via, m.kind)
            for m in view.all
            if quote is None or quote.start <= m.start < quote.end
        ]
        chosen: dict[Any, tuple[str, Mention, bool]] = {}
        for role, rm, strong in assign_roles(
            view.sentence.text,
            mentions,
            violent=violent,
            saying=saying,
            receiving=receiving,
            trigger=view.trigger - base,
            marching=marching,
        ):
            key = rm.id if rm.id is not None else (rm.name, rm.text)
            if key not in chosen or (strong and not chosen[key][2]):
                chosen[key] = (role, rm, strong)
        return [
            EventActor(role, rm.name, rm.id, rm.text)
            for role, rm, _ in sorted(chosen.values(), key=lambda c: c[1].start)
        ]

    @staticmethod
    def _referred_recipients(
        doc: ExtractDoc, view: _SentenceView, out: list[EventActor]
    ) -> list[EventActor]:
        """ "These forces" / "those countries": the actors of the previous sentence in the same
        paragraph are the ones appealed to."""
        sent = view.sentence
        if not _DEMONSTRATIVE.search(sent.text) or sent.index == 0:
            return []
        prev = doc.sentences[sent.index - 1]
        if prev.paragraph != sent.paragraph:
            return []
        taken = {a.id if a.id is not None else a.name for a in out}
        extra: list[EventActor] = []
        for m in doc.actors:
            key = m.actor_id if m.actor_id is not None else m.name
            if prev.start <= m.start < prev.end and key not in taken:
                taken.add(key)
                extra.append(EventActor("addressee", m.name, m.actor_id))
        return extra

    @staticmethod
    def _speaker_countries(doc: ExtractDoc, actors: list[EventActor]) -> list[EventActor]:
        names = {a.name for a in actors}
        extra = []
        for a in actors:
            if a.role != "subject":
                continue
            q = next((q for q in doc.quotes if q.speaker == a.name and q.speaker_country), None)
            if q is not None and q.speaker_country and q.speaker_country not in names:
                names.add(q.speaker_country)
                extra.append(EventActor("subject", q.speaker_country, q.speaker_country_id))
        return extra

    @staticmethod
    def _truce(
        doc: ExtractDoc, sent: Sentence, trigger: int, family: str, truces: _Truces
    ) -> str | int | None:
        # The mentions starting in the sentence (or paragraph): a slice of the sorted list.
        found, starts = truces
        here = found[bisect_left(starts, sent.start) : bisect_left(starts, sent.end)]
        if not here and family == "truce":
            pstart, pend = doc.paragraphs[sent.paragraph]
            here = found[bisect_left(starts, pstart) : bisect_left(starts, pend)][:1]
        if not here:
            return None
        best = min(here, key=lambda t: (abs(t.start - trigger), t.truce_id is None))
        return best.truce_id if best.truce_id is not None else best.text


def _nearest(mentions: list[Any], trigger: int) -> Any:
    """`min(mentions, key=lambda m: abs(m.start - trigger))`, without the key calls for the usual
    single mention."""
    if len(mentions) == 1:
        return mentions[0]
    return min(mentions, key=lambda m: abs(m.start - trigger))


def _within(items: list[Any], starts: list[int], start: int, end: int) -> list[Any]:
    """The items (sorted by start) that start inside [start, end) (a slice: a new list)."""
    return items[bisect_left(starts, start) : bisect_left(starts, end)]


class _SentenceView:
    """What one sentence holds, gathered once for all the guesses on it: its distinct actors
    (first mention of each), places, dates and the first attributed quote overlapping it."""

    __slots__ = (
        "sentence", "actors", "all", "places", "dates", "quote", "evidence", "_starts",
        "_paragraph", "roles", "trigger",
    )  # fmt: skip

    def __init__(self, doc: ExtractDoc, sent: Sentence, starts: _Starts) -> None:
        self.sentence = sent
        actor_starts, place_starts, date_starts = starts
        seen: set[Any] = set()
        actors: list[ActorMention] = []
        self.all = _within(doc.actors, actor_starts, sent.start, sent.end)
        # Roles per kind of event (`EventStage._assign`), and the pivot when no verb is found.
        self.roles: dict[tuple[bool, bool, str, bool], list[EventActor]] = {}
        self.trigger = sent.start
        for m in self.all:
            key = m.actor_id if m.actor_id is not None else m.name
            if key not in seen:
                seen.add(key)
                actors.append(m)
        self.actors = actors
        self.places = _within(doc.places, place_starts, sent.start, sent.end)
        self.dates = _within(doc.dates, date_starts, sent.start, sent.end)
        quotes = doc.quotes
        self.quote: Quote | None = None
        if quotes:  # most articles have none: no generator to set up
            self.quote = next(
                (q for q in quotes if q.start < sent.end and sent.start < q.end and q.speaker),
                None,
            )
        # One evidence span for all the sentence's events (a Span is frozen, so shared safely).
        self.evidence = Span(sent.start, sent.end, sent.text)
        self._starts = place_starts
        self._paragraph: list[PlaceMention] | None = None

    def paragraph_places(self, doc: ExtractDoc) -> list[PlaceMention]:
        """The sentence paragraph's first place mention and its first town or province (one
        mention when they are the same), looked up once for all the sentence's guesses."""
        if self._paragraph is None:
            pstart, pend = doc.paragraphs[self.sentence.paragraph]
            i = bisect_left(self._starts, pstart)  # doc.places is sorted by start
            places = doc.places
            found: list[PlaceMention] = []
            for p in places[i:]:
                if p.start >= pend:
                    break
                if not found:
                    found.append(p)
                if p.kind != "country":
                    if p is not found[0]:
                        found.append(p)
                    break
            self._paragraph = found
        return self._paragraph


# Generic types give way to a specific one of the same sentence: "join the truce" is a
# truce.* event, not also a strategic.agreement; a statement is not also diplomacy.other.
_GENERIC = frozenset({"strategic.agreement", "diplomacy.other"})
_SPECIFIC_FAMILIES = ("truce.", "statement.", "investigation.")
_FIGHT = re.compile(r"\b(?:combat|combating|fight|fighting|battle|war on|against)\b", re.I)
_DEMONSTRATIVE = re.compile(
    r"\b(?:these|those) (?:forces|countries|states|troops|groups|contingents)\b", re.I
)


_WORDS = re.compile(r"[a-z]+")


class _Frame(NamedTuple):
    type: str
    guess: Any
    doers: list[EventActor]
    means: frozenset[str]


def _means(word: str) -> str:
    """One name per means: "airstrikes", "air strike" and "strikes" are all "strike"."""
    return word.removeprefix("air").removesuffix("s")


# A generic doer and a registry actor of the kind it names are one party when both come from
# the same headline ("Coalition airstrikes ... in the CJTF-OIR strike release"): the registry
# actor stays, with the generic's words.
_GENERIC_KINDS = {"Coalition Forces": "coalition"}


def _one_party(doers: list[EventActor], kinds: dict[Any, str]) -> list[EventActor]:
    for generic in [d for d in doers if d.id is None and d.name in _GENERIC_KINDS]:
        same = [
            d for d in doers if d.id is not None and kinds.get(d.id) == _GENERIC_KINDS[generic.name]
        ]
        if len(same) == 1:
            doers = [d for d in doers if d is not generic]
            if same[0].text is None:
                same[0].text = generic.text
    return doers


_GENERIC_VIOLENCE = frozenset({"violence.armed_clash", "violence.attack"})
_REMOTE = frozenset(REMOTE_VIOLENCE)


def _framed(guesses: Sequence[Any], text: str, frame: _Frame) -> Sequence[Any]:
    """A body sentence's guesses in the light of the headline's event (`EventStage._frame`).

    A sentence whose subject is the headline's means ("one strike struck an ISIL unit and
    destroyed two fighting positions", under "Coalition airstrikes") reports that event: the
    violent and strategic types its other words suggest ("fighting", "destroyed") give way. A
    sentence that names the means elsewhere and has no violent type of its own also reports
    it."""
    if not frame.means:
        return guesses
    lower = text.lower()
    words = {_means(w) for w in _WORDS.findall(lower) if w in MEANS_NOUNS}
    if not words & frame.means:
        return guesses
    subject = means_is_subject(lower, MEANS_NOUNS)
    own = any(g.type.split(".")[0] in _VIOLENT_FAMILIES for g in guesses)
    if own and not subject:
        return guesses
    if frame.type in _GENERIC_VIOLENCE and any(g.type in _REMOTE for g in guesses[:1]):
        # The body names the means the headline left vague ("Israeli strike ... kills
        # fighters" over "An Israeli airstrike ... killed five"): the body's type stands.
        return guesses
    confidence = max((g.confidence for g in guesses), default=frame.guess.confidence)
    framed = type(frame.guess)(frame.type, confidence, 0, 0)
    if subject:  # "one strike struck ... destroyed ... denied ISIL ...": that event only
        return [framed]
    kept = [
        g
        for g in guesses
        if not g.type.startswith(("strategic.", "other."))
        and g.type.split(".")[0] not in _VIOLENT_FAMILIES
    ]
    return [framed, *kept]


def _specific(guesses: Sequence[Any]) -> list[Any]:
    """One guess per type (the first, best), without generic types a specific one covers."""
    if len(guesses) == 1:  # the usual case; a generic type is never a specific family's
        return list(guesses)
    unique = list({g.type: g for g in reversed(guesses)}.values())[::-1]
    if any(g.type.startswith(_SPECIFIC_FAMILIES) for g in unique):
        unique = [g for g in unique if g.type not in _GENERIC]
    return unique


def _fight_cue(text: str, sent: Sentence) -> int | None:
    """Offset of the first "combat/fight/against" word of a sentence (None if there is none)."""
    m = _FIGHT.search(text, sent.start, sent.end)
    return m.start() if m else None
