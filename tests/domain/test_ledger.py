"""The ledger fold, unit-tested with plain objects and property-tested with hypothesis."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from trucewatch.domain.dates import PartialDate
from trucewatch.domain.ledger import (
    EntryKind,
    LedgerEntry,
    Status,
    fold,
    latest_views,
    live_entries,
    participant_views,
    resolve,
    spans_for,
)

T0 = dt.datetime(2017, 1, 1, tzinfo=dt.UTC)
D0 = dt.date(2016, 12, 1)


def entry(i, actor, kind, day, party=None, rec=None, retracts=None):
    return LedgerEntry(
        id=i,
        truce_id=1,
        actor_id=actor,
        kind=EntryKind(kind),
        effective=None if day is None else PartialDate.of(D0 + dt.timedelta(days=day)),
        recorded_at=rec or T0 + dt.timedelta(hours=i),
        asserted_by=party,
        retracts=retracts,
    )


def day(n):
    return D0 + dt.timedelta(days=n)


def test_withdrawal_removes_actor_from_later_as_of() -> None:
    es = [entry(1, 10, "joined", 0), entry(2, 10, "withdrew", 5)]
    assert 10 in fold(es, day(4))
    assert 10 not in fold(es, day(5))


def test_parties_that_disagree_make_a_dispute() -> None:
    es = [entry(1, 10, "joined", 0, party=100), entry(2, 10, "withdrew", 3, party=200)]
    p = fold(es, day(4))[10]
    assert p.status is Status.DISPUTED
    assert p.since == PartialDate.of(day(0))


def test_retraction_undoes_an_entry_only_from_when_it_was_recorded() -> None:
    es = [entry(1, 10, "joined", 0), entry(2, 10, "retracted", None, retracts=1)]
    assert fold(es, day(3)) == {}
    assert 10 in fold(es, day(3), known_on=T0 + dt.timedelta(hours=1, minutes=30))


def test_same_day_entries_are_ordered_by_kind_not_by_recording() -> None:
    a = [entry(1, 10, "joined", 2), entry(2, 10, "withdrew", 2)]
    b = [entry(1, 10, "withdrew", 2), entry(2, 10, "joined", 2)]
    assert fold(a, day(2)) == fold(b, day(2)) == {}


def test_resume_after_suspension_restarts_since() -> None:
    es = [entry(1, 10, "joined", 0), entry(2, 10, "suspended", 3), entry(3, 10, "resumed", 7)]
    assert 10 not in fold(es, day(5))
    assert fold(es, day(8))[10].since == PartialDate.of(day(7))


KINDS = ["joined", "withdrew", "suspended", "resumed", "excluded"]


@st.composite
def ledgers(draw):
    n = draw(st.integers(1, 25))
    es = []
    for i in range(1, n + 1):
        if es and draw(st.integers(0, 6)) == 0:
            target = draw(st.sampled_from([e for e in es if e.kind is not EntryKind.RETRACTED]))
            es.append(
                entry(
                    i,
                    target.actor_id,
                    "retracted",
                    None,
                    party=target.asserted_by,
                    retracts=target.id,
                )
            )
            continue
        es.append(
            entry(
                i,
                draw(st.integers(1, 4)),
                draw(st.sampled_from(KINDS)),
                draw(st.integers(0, 30)),
                party=draw(st.sampled_from([None, 100, 200])),
            )
        )
    return es


def answer(parts):
    """What a user sees: status, since and the supporting entries of each participant."""
    return {a: (p.status, p.since, sorted(e.id for e in p.supporting)) for a, p in parts.items()}


def _with_recording_order(es, order):
    """The same entries recorded in another order (retractions still after their targets)."""
    pos = {e.id: k for k, e in enumerate(order)}
    return [e._replace(recorded_at=T0 + dt.timedelta(minutes=pos[e.id])) for e in es]


@settings(max_examples=200, deadline=None)
@given(ledgers(), st.randoms(use_true_random=False), st.integers(0, 35))
def test_replaying_in_any_recording_order_gives_the_same_answers(es, rnd, d) -> None:
    order = list(es)
    rnd.shuffle(order)
    # keep each retraction after its target
    order.sort(key=lambda e: (e.retracts is not None, 0))
    assert answer(fold(es, day(d))) == answer(fold(_with_recording_order(es, order), day(d)))


@settings(max_examples=200, deadline=None)
@given(ledgers(), st.integers(0, 35), st.integers(0, 30))
def test_an_append_never_changes_an_earlier_known_on_answer(es, d, cut) -> None:
    cut = min(cut, len(es))
    known = T0 + dt.timedelta(hours=cut, minutes=30)
    before = fold(es[:cut], day(d), known_on=known)
    assert fold(es, day(d), known_on=known) == before


@settings(max_examples=200, deadline=None)
@given(ledgers(), st.integers(0, 35))
def test_span_projection_gives_the_same_views_as_the_fold(es, d) -> None:
    live = live_entries(es)
    on = day(d)
    from_spans = [
        s.entry for s in spans_for(live) if s.start <= on and (s.until is None or on < s.until)
    ]
    projected = {}
    for actor_id, views in latest_views(from_spans, on).items():
        p = resolve(actor_id, views)
        if p is not None:
            projected[actor_id] = p
    assert projected == fold(es, on)


@settings(max_examples=300, deadline=None)
@given(ledgers(), st.integers(0, 35))
def test_participant_views_covering_a_day_are_exactly_its_participants_views(es, d) -> None:
    """The clipped pieces hold every view of each participant on the day (disputes included)
    and no view of anyone else, so resolving them gives the fold, views and all."""
    on = day(d)
    pieces = participant_views(spans_for(live_entries(es)))
    covering = [p for p in pieces if p.start <= on and (p.until is None or on < p.until)]
    views = latest_views([p.entry for p in covering], on)
    assert {a: resolve(a, vs) for a, vs in views.items()} == fold(es, on)
    # One piece per (actor, party) on any day: a party's pieces never overlap.
    assert len({(p.actor_id, p.party) for p in covering}) == len(covering)
