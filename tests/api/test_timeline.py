"""Participants "as known now" from the per-version timeline (services/timeline.py) and the fast
path's family answers (server/front.py, server/timelines.py): byte for byte what the per-day
computation (`queries.participants`) returns, and never served after an append."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.api.conftest import Server, seed, start_server, stop_server
from tests.api.test_cache import _fresh, _stats
from trucewatch.domain.actors import RelationKind
from trucewatch.domain.dates import PartialDate, parse_date
from trucewatch.domain.errors import TrucewatchError
from trucewatch.domain.ledger import EntryKind
from trucewatch.domain.truces import TruceKind
from trucewatch.server.deps import dump_json
from trucewatch.services import queries, registry, truces, versions
from trucewatch.services.context import SYSTEM
from trucewatch.services.timeline import ParticipantsTimeline
from trucewatch.storage.db import Database

ACTORS = ["Jaysh al-Islam", "Ahrar al-Sham", "Faylaq al-Sham", "Syrian Arab Army", "Russia"]
KINDS = [  # joins weighted up, so that answers have participants to flag and dispute
    EntryKind.JOINED,
    EntryKind.JOINED,
    EntryKind.JOINED,
    EntryKind.WITHDREW,
    EntryKind.SUSPENDED,
    EntryKind.RESUMED,
    EntryKind.EXCLUDED,
]
START = dt.date(2020, 1, 1)
DAYS = [START + dt.timedelta(days=d) for d in range(0, 150, 9)]
NUMBERS = itertools.count(1)

# Few actors and two asserting parties, so that parties disagree (disputed) often enough.
entry_step = st.tuples(
    st.just("entry"),
    st.sampled_from(ACTORS[:3]),
    st.sampled_from(KINDS),
    st.sampled_from(DAYS),
    st.one_of(st.none(), st.sampled_from(ACTORS[3:])),
)
relation_step = st.tuples(
    st.just("relation"),
    st.sampled_from(ACTORS),
    st.sampled_from([RelationKind.ALLIED_WITH, RelationKind.MEMBER_OF, RelationKind.SUPPORTS]),
    st.sampled_from(ACTORS),
    st.none(),
)
designation_step = st.tuples(
    st.just("designation"),
    st.sampled_from(ACTORS),
    st.sampled_from(DAYS),
    st.one_of(st.none(), st.sampled_from(DAYS)),
    st.none(),
)
retraction_step = st.tuples(st.just("retract"), st.integers(0, 20), st.none(), st.none(), st.none())
step = st.one_of(
    entry_step, entry_step, entry_step, relation_step, designation_step, retraction_step
)
query_days = st.lists(
    st.builds(lambda d: START + dt.timedelta(days=d), st.integers(-5, 160)), min_size=1, max_size=8
)


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db_url = f"sqlite:///{tmp_path_factory.mktemp('timeline') / 'timeline.db'}"
    seed(db_url, candidates=False)
    yield db_url


def _new_truce(db_url: str) -> int:
    n = next(NUMBERS)
    database = Database(db_url)
    try:
        with database.transaction() as store:
            return truces.add_truce(
                store,
                SYSTEM,
                f"Timeline truce {n}",
                TruceKind.LOCAL_TRUCE,
                effective=parse_date("2020-01-01"),
                countries=["SY"],
                exclude_designated_by=["UN"],
                source=f"https://example.org/timeline-truce/{n}",
            )
    finally:
        database.dispose()


def _apply(db_url: str, truce_id: int, n: int, s: tuple[object, ...], made: list[int]) -> None:
    """One append through the services; a step the rules refuse (a designated actor joining,
    a retraction of a retraction) appends nothing."""
    database = Database(db_url)
    src = f"https://example.org/timeline/{truce_id}/{n}"
    try:
        with database.transaction() as store:
            if s[0] == "entry":
                _k, actor, kind, day, by = s
                made.append(
                    truces.record_participation(
                        store, SYSTEM, str(truce_id), str(actor), kind,  # type: ignore[arg-type]
                        effective=parse_date(str(day)), sources=[src],
                        asserted_by=str(by) if by and by != actor else None,
                    )
                )  # fmt: skip
            elif s[0] == "relation" and s[1] != s[3]:
                registry.relate_actors(store, SYSTEM, str(s[1]), s[2], str(s[3]), source=src)  # type: ignore[arg-type]
            elif s[0] == "designation":
                _k, actor, listed, delisted, _ = s
                registry.designate_actor(
                    store, SYSTEM, str(actor), authority="UN", source=src,
                    listed_on=PartialDate.of(listed),  # type: ignore[arg-type]
                    delisted_on=PartialDate.of(delisted) if delisted and delisted > listed else None,  # type: ignore[arg-type,operator]
                    reference=f"QDe.{n}",
                )  # fmt: skip
            elif s[0] == "retract" and made:
                target = made[int(s[1]) % len(made)]  # type: ignore[call-overload]
                made.append(truces.retract_entry(store, SYSTEM, target, source=src))
    except TrucewatchError:
        pass
    finally:
        database.dispose()


def _compare(db_url: str, truce_id: int, days: list[dt.date]) -> None:
    database = Database(db_url)
    try:
        with database.transaction(readonly=True) as store:
            reg = versions.RegistryMemo().get(store)
            timeline = ParticipantsTimeline.build(store, truce_id, reg)
            for day in days:
                fresh = dump_json(queries.participants(store, str(truce_id), as_of=day))
                assert dump_json(timeline.answer(day)) == fresh, day
    finally:
        database.dispose()


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(step, min_size=3, max_size=12), days=query_days)
def test_timeline_answer_equals_per_day_computation(
    seeded: str, steps: list[tuple[object, ...]], days: list[dt.date]
) -> None:
    truce_id = _new_truce(seeded)
    made: list[int] = []
    for i, s in enumerate(steps):
        _apply(seeded, truce_id, i, s, made)
        _compare(seeded, truce_id, [*days, *DAYS])


# --- over HTTP: the route and the fast path ---------------------------------------------------
@pytest.fixture(scope="module")
def tl_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    tmp: Path = tmp_path_factory.mktemp("tlserver")
    db_url = f"sqlite:///{tmp / 'tl.db'}"
    tokens = seed(db_url, candidates=False)
    srv = start_server(db_url, tmp / "server.log")
    srv.tokens = tokens
    try:
        yield srv
    finally:
        stop_server(srv)


@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(step, min_size=1, max_size=5), days=query_days)
def test_an_append_retires_the_timeline(
    tl_server: Server, steps: list[tuple[object, ...]], days: list[dt.date]
) -> None:
    """Each round warms the timeline and the fast path's family with one day, appends, then
    asks days never asked before: each must be the fresh answer after the append."""
    truce_id = _new_truce(tl_server.db_url)
    made: list[int] = []
    url = f"/truces/{truce_id}/participants"
    with tl_server.client() as c:
        for i, s in enumerate(steps):
            assert c.get(url, params={"as_of": str(DAYS[i % len(DAYS)])}).status_code == 200
            _apply(tl_server.db_url, truce_id, i, s, made)
            for day in days:
                r = c.get(url, params={"as_of": day.isoformat()})
                assert r.status_code == 200
                assert r.content == _fresh(tl_server.db_url, truce_id, day.isoformat()), day


def test_other_days_come_from_the_fast_path_as_the_route_sends_them(tl_server: Server) -> None:
    url = "/truces/2/participants"
    with tl_server.client() as anonymous, tl_server.client("viewer") as viewer:
        assert anonymous.get(url, params={"as_of": "2017-01-10"}).status_code == 200
        before = _stats(tl_server)
        answers = [anonymous.get(url, params={"as_of": f"2017-0{m}-15"}) for m in range(2, 8)]
        middle = _stats(tl_server)
        # The long way for the same days (a token skips the fast path), for comparison.
        long_way = [viewer.get(url, params={"as_of": f"2017-0{m}-15"}) for m in range(2, 8)]
        again = anonymous.get(url, params={"as_of": "2017-03-15"},
                              headers={"If-None-Match": answers[1].headers["etag"]})  # fmt: skip
    assert middle["computed"] == before["computed"]  # none of the six was computed
    assert middle["hits"] == before["hits"] + 6
    for fast, slow in zip(answers, long_way, strict=True):
        assert fast.status_code == slow.status_code == 200
        assert fast.content == slow.content
        for h in ("etag", "cache-control", "vary", "content-type", "content-length"):
            assert fast.headers[h] == slow.headers[h], h
    assert again.status_code == 304


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({"as_of": "2017-02-30"}, 400),  # not a day: the route's error, not a guess
        ({"as_of": "2017-06-01", "until": "2017-07-01"}, 400),  # unknown parameter
        ({"as_of": "2017-06-01", "known_on": "2018-01-01"}, 200),  # as known then: long way
    ],
)
def test_what_the_family_cannot_answer_goes_the_long_way(
    tl_server: Server, params: dict[str, str], status: int
) -> None:
    url = "/truces/2/participants"
    with tl_server.client() as c:
        assert c.get(url, params={"as_of": "2017-01-11"}).status_code == 200
        r = c.get(url, params=params)
    assert r.status_code == status, r.text
    if status == 200:
        day = params["as_of"]
        assert r.content == _fresh(tl_server.db_url, 2, day, params["known_on"])
