"""Incidents, the claims made about them, their summary rule, and the verification workflow.

An incident is *what happened*; everything said about it is a claim by a party in a source. We
never merge claims away: an incident's summary is derived from its claims by the rule in
`summarize` (documented in docs/claims.md), and a field is *contested* when accepted claims
disagree on it. Near-duplicate claims (outlets reprinting one wire story) form one story and
count once, because corroboration needs independent sources.
"""

from __future__ import annotations

import datetime as dt
import re
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from trucewatch.domain.checks import parse_enum
from trucewatch.domain.dates import Precision, parse_date
from trucewatch.domain.errors import InvalidInput
from trucewatch.domain.names import normalize_name
from trucewatch.domain.provenance import is_credible
from trucewatch.domain.truces import Truce

# --- time and place ------------------------------------------------------------------------------


class TimePrecision(StrEnum):
    """How precisely we know when an incident happened (ACLED time_precision 1-3)."""

    DAY = "day"
    WEEK = "week"
    MONTH = "month"


@dataclass(frozen=True, order=True)
class IncidentTime:
    """A day, an ISO week (starting Monday) or a calendar month."""

    start: dt.date
    precision: TimePrecision = TimePrecision.DAY

    @property
    def end(self) -> dt.date:
        if self.precision is TimePrecision.DAY:
            return self.start
        if self.precision is TimePrecision.WEEK:
            return self.start + dt.timedelta(days=6)
        nxt = (self.start.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        return nxt - dt.timedelta(days=1)

    def iso(self) -> str:
        if self.precision is TimePrecision.DAY:
            return self.start.isoformat()
        if self.precision is TimePrecision.WEEK:
            y, w, _ = self.start.isocalendar()
            return f"{y:04d}-W{w:02d}"
        return f"{self.start.year:04d}-{self.start.month:02d}"

    def __str__(self) -> str:
        return self.iso()


def parse_incident_time(
    text: str, precision: str | None = None, field: str = "--date"
) -> IncidentTime:
    """Parse YYYY-MM-DD or YYYY-MM; with precision `week`, the ISO week holding the day."""
    pd = parse_date(text, field)
    if precision is None:
        if pd.precision is Precision.YEAR:
            raise InvalidInput(
                f"{field}: {text!r} gives only a year; an incident needs a day, week or month.",
                field=field.lstrip("-"),
            )
        p = TimePrecision.DAY if pd.precision is Precision.DAY else TimePrecision.MONTH
        return IncidentTime(pd.start, p)
    try:
        p = TimePrecision(precision.strip().lower())
    except ValueError:
        raise InvalidInput(
            f"--precision: {precision!r} is not a time precision; expected day, week or month.",
            field="precision",
        ) from None
    if p is TimePrecision.MONTH:
        return IncidentTime(pd.start.replace(day=1), p)
    if pd.precision is not Precision.DAY:
        raise InvalidInput(
            f"{field}: {text!r} is not a day; precision {p} needs YYYY-MM-DD.",
            field=field.lstrip("-"),
        )
    if p is TimePrecision.WEEK:
        return IncidentTime(pd.start - dt.timedelta(days=pd.start.weekday()), p)
    return IncidentTime(pd.start, p)


# ACLED geo_precision: 1 the exact place, 2 near it (a part of a region), 3 a larger region.
GEO_PRECISION = {1: "exact location", 2: "near the location", 3: "region only"}


@dataclass(frozen=True)
class Place:
    name: str | None = None
    admin1: str | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    precision: int = 1

    def label(self) -> str:
        parts = [p for p in (self.name, self.admin1, self.country) if p]
        return ", ".join(dict.fromkeys(parts)) or "unknown place"


def check_place(place: Place) -> None:
    if place.precision not in GEO_PRECISION:
        raise InvalidInput(
            f"--geo-precision: {place.precision} is not 1 (exact), 2 (near) or 3 (region).",
            field="geo_precision",
        )
    if (place.lat is None) != (place.lon is None):
        raise InvalidInput("--lat/--lon: give both coordinates or neither.", field="lat")
    if place.lat is not None and not -90 <= place.lat <= 90:
        raise InvalidInput(f"--lat: {place.lat} is outside -90..90.", field="lat")
    if place.lon is not None and not -180 <= place.lon <= 180:
        raise InvalidInput(f"--lon: {place.lon} is outside -180..180.", field="lon")
    if not (place.name or place.admin1 or place.lat is not None):
        raise InvalidInput("--place: an incident needs a place name, an admin1 or coordinates.")


# --- fatalities ----------------------------------------------------------------------------------

FATALITY_CATEGORIES = ("civilians", "non_civilians", "children", "women")


@dataclass(frozen=True)
class Fatalities:
    """Deaths as low/best/high (UCDP style) and by category; None means "not stated"."""

    low: int | None = None
    best: int | None = None
    high: int | None = None
    civilians: int | None = None
    non_civilians: int | None = None
    children: int | None = None
    women: int | None = None

    @property
    def stated(self) -> bool:
        return any(v is not None for v in (self.low, self.best, self.high))

    def bounds(self) -> tuple[int, int | None, int] | None:
        """(low, best, high) with missing ends filled from the others; None when not stated."""
        vals = [v for v in (self.low, self.best, self.high) if v is not None]
        if not vals:
            return None
        lo = self.low if self.low is not None else min(vals)
        hi = self.high if self.high is not None else max(vals)
        best = self.best if self.best is not None else (lo if lo == hi else None)
        return lo, best, hi

    def by_category(self) -> dict[str, int]:
        return {c: getattr(self, c) for c in FATALITY_CATEGORIES if getattr(self, c) is not None}


def check_fatalities(f: Fatalities) -> None:
    """Refuse impossible counts: negatives, low > high, best outside low..high, parts > whole."""
    for name in ("low", "best", "high", *FATALITY_CATEGORIES):
        v = getattr(f, name)
        if v is not None and v < 0:
            raise InvalidInput(f"--fatalities-{name.replace('_', '-')}: {v} is negative.")
    if f.low is not None and f.high is not None and f.low > f.high:
        raise InvalidInput(
            f"--fatalities-low {f.low} is greater than --fatalities-high {f.high}.",
            field="fatalities_low",
        )
    if f.best is not None:
        if f.low is not None and f.best < f.low:
            raise InvalidInput(f"--fatalities-best {f.best} is below --fatalities-low {f.low}.")
        if f.high is not None and f.best > f.high:
            raise InvalidInput(f"--fatalities-best {f.best} is above --fatalities-high {f.high}.")
    b = f.bounds()
    top = b[2] if b else None
    if top is not None:
        for c, v in f.by_category().items():
            if v > top:
                raise InvalidInput(
                    f"--{c.replace('_', '-')}: {v} is more than the total of {top} deaths."
                )
        split = (f.civilians or 0) + (f.non_civilians or 0)
        if split > top:
            raise InvalidInput(
                f"--civilians + --non-civilians = {split} is more than the total of {top} deaths."
            )


# --- verification --------------------------------------------------------------------------------


class VerificationStatus(StrEnum):
    """The monitoring-and-verification vocabulary (UN DPPA; Clayton & Sticher)."""

    REPORTED = "reported"
    OBSERVED = "observed"  # seen first-hand by a monitor
    VERIFIED = "verified"
    ATTRIBUTED = "attributed"  # verified, and the perpetrator established
    DISPUTED = "disputed"
    REFUTED = "refuted"
    INCONCLUSIVE = "inconclusive"


VS = VerificationStatus
# Allowed moves. Everything starts "reported" when filed; evidence can move it forwards, and new
# evidence can reopen a verified, refuted or inconclusive record as disputed.
TRANSITIONS: dict[VerificationStatus, tuple[VerificationStatus, ...]] = {
    VS.REPORTED: (VS.OBSERVED, VS.VERIFIED, VS.DISPUTED, VS.REFUTED, VS.INCONCLUSIVE),
    VS.OBSERVED: (VS.VERIFIED, VS.DISPUTED, VS.REFUTED, VS.INCONCLUSIVE),
    VS.VERIFIED: (VS.ATTRIBUTED, VS.DISPUTED, VS.REFUTED),
    VS.ATTRIBUTED: (VS.DISPUTED, VS.REFUTED),
    VS.DISPUTED: (VS.OBSERVED, VS.VERIFIED, VS.REFUTED, VS.INCONCLUSIVE),
    VS.INCONCLUSIVE: (VS.VERIFIED, VS.DISPUTED, VS.REFUTED),
    VS.REFUTED: (VS.DISPUTED,),
}


def parse_status(value: str, field: str = "STATUS") -> VerificationStatus:
    return parse_enum(VerificationStatus, value, field, "a verification status")


def check_transition(current: VerificationStatus, new: VerificationStatus, what: str) -> None:
    """Refuse a move the workflow does not allow, listing the moves it does."""
    allowed = TRANSITIONS[current]
    if new not in allowed:
        raise InvalidInput(
            f"{what} is {current}; it cannot move to {new}. Allowed from {current}: "
            + ", ".join(s.value for s in allowed)
            + ".",
            field="status",
        )


# --- claims and the summary rule -----------------------------------------------------------------


@dataclass(frozen=True)
class Claim:
    """One party's statement about an incident, as graded when read (`known_on`)."""

    id: int
    incident_id: int
    source_id: int
    recorded_at: dt.datetime
    claimant_id: int | None = None
    perpetrators: frozenset[int] = frozenset()
    targets: frozenset[int] = frozenset()
    fatalities: Fatalities = field(default_factory=Fatalities)
    type: str | None = None
    place: str | None = None
    admin1: str | None = None
    reliability: str | None = None
    credibility: int | None = None
    status: VerificationStatus = VerificationStatus.REPORTED
    same_story_as: int | None = None
    document_id: int | None = None
    evidence_text: str | None = None
    note: str | None = None

    @property
    def accepted(self) -> bool:
        """A claim counts unless it has been refuted."""
        return self.status is not VerificationStatus.REFUTED

    @property
    def credible(self) -> bool:
        return is_credible(self.reliability, self.credibility)

    def rank(self) -> tuple[str, int, int]:
        """Best-graded first: reliability A..F, credibility 1..6, then the earliest claim."""
        return (self.reliability or "F", self.credibility or 6, self.id)


_WORD = re.compile(r"\w+")
NEAR_DUPLICATE_JACCARD = 0.7  # of word 3-shingles; wire copies differ by a byline or a headline
_MIN_WORDS = 8


def _shingles(text: str) -> set[tuple[str, ...]]:
    words = _WORD.findall(text.casefold())
    return {tuple(words[i : i + 3]) for i in range(max(0, len(words) - 2))}


def near_duplicate(a: str | None, b: str | None) -> bool:
    if not a or not b or min(len(_WORD.findall(a)), len(_WORD.findall(b))) < _MIN_WORDS:
        return False
    sa, sb = _shingles(a), _shingles(b)
    return len(sa & sb) / len(sa | sb) >= NEAR_DUPLICATE_JACCARD


def story_groups(claims: Sequence[Claim]) -> list[tuple[int, ...]]:
    """Claims that are one story: linked by `same_story_as`, drawn from one document, or with
    near-identical evidence text. Each group counts once towards corroboration."""
    parent = {c.id: c.id for c in claims}

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: int, b: int) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    for c in claims:
        if c.same_story_as is not None and c.same_story_as in parent:
            union(c.id, c.same_story_as)
    for i, a in enumerate(claims):
        for b in claims[i + 1 :]:
            same_doc = a.document_id is not None and a.document_id == b.document_id
            if same_doc or near_duplicate(a.evidence_text, b.evidence_text):
                union(a.id, b.id)
    groups: dict[int, list[int]] = {}
    for c in claims:
        groups.setdefault(find(c.id), []).append(c.id)
    return sorted(tuple(sorted(g)) for g in groups.values())


@dataclass(frozen=True)
class Summary:
    """An incident's derived values. `basis` lists the claims they rest on."""

    perpetrators: tuple[int, ...]
    targets: tuple[int, ...]
    fatalities: tuple[int, int | None, int] | None
    contested: tuple[str, ...]
    basis: tuple[int, ...]
    provisional: bool  # no claim met the credibility rule; values rest on all accepted claims
    stories: tuple[tuple[int, ...], ...]

    @property
    def corroboration(self) -> int:
        """Independent sources: story groups among accepted claims."""
        return len(self.stories)


def _distinct(values: Iterable[object]) -> int:
    return len({v for v in values if v is not None and v != frozenset()})


def _norm(text: str | None) -> str | None:
    return normalize_name(text) if text else None


def summarize(claims: Sequence[Claim]) -> Summary:
    """Derive an incident's summary from its claims (the rule is in docs/claims.md).

    1. Refuted claims are set aside; each story group of the rest is represented by its
       best-graded claim, so copies of one wire story count once.
    2. The basis is the representatives that are credible (source A-C, information 1-3); when
       none is, all representatives, and the summary is marked provisional.
    3. Fatalities: the lowest low to the highest high across the basis; best is the median of
       the stated best values (the lower middle one when their number is even).
    4. Perpetrators and targets: the union across the basis.
    5. A field is contested when the representatives state different values for it
       (perpetrators, targets, fatalities, type, place, admin1).
    """
    accepted = [c for c in claims if c.accepted]
    stories = story_groups(accepted)
    by_id = {c.id: c for c in accepted}
    reps = [min((by_id[i] for i in g), key=Claim.rank) for g in stories]
    credible = [c for c in reps if c.credible]
    basis = credible or reps
    ranges = [b for b in (c.fatalities.bounds() for c in basis) if b is not None]
    fatalities: tuple[int, int | None, int] | None = None
    if ranges:
        bests = sorted(b[1] for b in ranges if b[1] is not None)
        fatalities = (
            min(b[0] for b in ranges),
            int(statistics.median_low(bests)) if bests else None,
            max(b[2] for b in ranges),
        )
    contested = []
    checks: dict[str, list[object]] = {
        "perpetrators": [c.perpetrators for c in reps],
        "targets": [c.targets for c in reps],
        "fatalities": [c.fatalities.bounds() for c in reps],
        "type": [c.type for c in reps],
        "place": [_norm(c.place) for c in reps],
        "admin1": [_norm(c.admin1) for c in reps],
    }
    for name, values in checks.items():
        if _distinct(values) > 1:
            contested.append(name)
    return Summary(
        perpetrators=tuple(sorted({p for c in basis for p in c.perpetrators})),
        targets=tuple(sorted({t for c in basis for t in c.targets})),
        fatalities=fatalities,
        contested=tuple(contested),
        basis=tuple(sorted(c.id for c in basis)),
        provisional=bool(reps) and not credible,
        stories=tuple(stories),
    )


# --- truce scope ---------------------------------------------------------------------------------


def in_truce_scope(
    truce: Truce, when: IncidentTime, place: Place, *, named_areas: bool = True
) -> bool:
    """Whether an incident falls in a truce's scope: its period overlaps the truce's time in force,
    its country is one of the truce's (when it lists any), and, for a truce limited to named
    areas, its admin1 or place name is one of them (`named_areas` False: the caller has placed
    the incident in the truce's zones instead)."""
    if when.end < truce.effective.start:
        return False
    if truce.ended is not None and when.start > truce.ended.end:
        return False
    if truce.countries and (place.country or "").upper() not in truce.countries:
        return False
    if truce.areas and named_areas:
        areas = {normalize_name(a) for a in truce.areas}
        names = {normalize_name(n) for n in (place.admin1, place.name) if n}
        if not areas & names:
            return False
    return True
