"""The change feed: replaying it rebuilds the ledger, cursors are stable, privacy holds."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trucewatch.domain.actors import ActorKind
from trucewatch.domain.dates import PartialDate, Precision
from trucewatch.domain.errors import InvalidInput
from trucewatch.domain.ledger import EntryKind, LedgerEntry, fold
from trucewatch.domain.truces import TruceKind
from trucewatch.services import changes as change_feed
from trucewatch.services import queries, registry, truces
from trucewatch.services.context import SYSTEM
from trucewatch.storage.db import Database

_names = itertools.count()
KINDS = [k for k in EntryKind if k is not EntryKind.RETRACTED]
DAY0 = dt.date(2016, 1, 1)

step = st.one_of(
    st.tuples(
        st.just("record"),
        st.integers(0, 2),  # actor
        st.sampled_from(KINDS),
        st.integers(0, 60),  # effective day offset
        st.sampled_from([None, 0, 1]),  # asserting party (one of the first two actors)
    ),
    st.tuples(st.just("retract"), st.integers(0, 50)),
)


def replay(database: Database, page: int) -> list[dict[str, Any]]:
    """Every change from the first cursor, page by page, as a client would read it."""
    out: list[dict[str, Any]] = []
    since = None
    while True:
        with database.transaction(readonly=True) as store:
            got = change_feed.list_changes(store, since=since, limit=page)
        out += got["items"]
        if got["next"] is None:
            return out
        since = got["next"]


def entries_from_feed(items: list[dict[str, Any]], truce_id: int) -> list[LedgerEntry]:
    out = []
    for i in items:
        if i["entity"] != "ledger_entry" or i["truce_id"] != truce_id:
            continue
        d = i["data"]
        eff = None
        if d["effective_on"] is not None:
            eff = PartialDate(
                dt.date.fromisoformat(d["effective_on"]), Precision(d["effective_precision"])
            )
        out.append(
            LedgerEntry(
                id=i["id"],
                truce_id=d["truce_id"],
                actor_id=d["actor_id"],
                kind=EntryKind(d["kind"]),
                effective=eff,
                recorded_at=dt.datetime.fromisoformat(d["recorded_at"]),
                asserted_by=d["asserted_by_id"],
                retracts=d["retracts_id"],
                source_ids=tuple(d["source_ids"]),
            )
        )
    return out


def _answer(parts: dict[int, Any]) -> dict[int, tuple[str, str, list[tuple[int, int]]]]:
    return {
        a: (str(p.status), p.since.iso(), sorted((v.party, v.entry.id) for v in p.views))
        for a, p in parts.items()
    }


def _api_answer(rows: list[dict[str, Any]]) -> dict[int, tuple[str, str, list[tuple[int, int]]]]:
    return {
        r["actor_id"]: (
            r["status"],
            r["since"],
            sorted((v["asserted_by_id"] or 0, v["entry_id"]) for v in r["views"]),
        )
        for r in rows
    }


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(step, min_size=1, max_size=12), page=st.integers(1, 7))
def test_replaying_the_feed_rebuilds_the_participants_answers(
    database: Database, steps: list[tuple[Any, ...]], page: int
) -> None:
    n = next(_names)
    with database.transaction() as store:
        actors = [
            registry.add_actor(store, SYSTEM, f"Group {n}-{i}", ActorKind.ARMED_GROUP)
            for i in range(3)
        ]
        truce_id = truces.add_truce(
            store,
            SYSTEM,
            f"Truce {n}",
            TruceKind.NATIONWIDE_CEASEFIRE,
            effective=PartialDate.of(DAY0),
        )
    entry_ids: list[int] = []
    for s in steps:
        try:
            with database.transaction() as store:
                if s[0] == "record":
                    _, actor, kind, offset, party = s
                    entry_ids.append(
                        truces.record_participation(
                            store,
                            SYSTEM,
                            str(truce_id),
                            str(actors[actor]),
                            kind,
                            effective=PartialDate.of(DAY0 + dt.timedelta(days=offset)),
                            sources=["https://example.org/s"],
                            asserted_by=None if party is None else str(actors[party]),
                        )
                    )
                elif entry_ids:
                    target = entry_ids[s[1] % len(entry_ids)]
                    truces.retract_entry(store, SYSTEM, target, source="https://example.org/r")
        except InvalidInput:
            pass  # e.g. a second retraction of one entry: refused, and nothing was appended
    entries = entries_from_feed(replay(database, page), truce_id)
    with database.transaction(readonly=True) as store:
        stored = store.truce_entries(truce_id)
        assert sorted(e.id for e in entries) == sorted(e.id for e in stored)
        for offset in (0, 10, 30, 61):
            day = DAY0 + dt.timedelta(days=offset)
            db_rows = queries.participants(store, str(truce_id), as_of=day)["participants"]
            assert _answer(fold(entries, day)) == _api_answer(db_rows), day


def test_cursors_are_stable_and_the_feed_resumes_after_them(database: Database) -> None:
    with database.transaction() as store:
        registry.add_actor(store, SYSTEM, "Alpha", ActorKind.ARMED_GROUP)
    with database.transaction(readonly=True) as store:
        first = change_feed.list_changes(store)
    assert [i["entity"] for i in first["items"]] == ["actor"]
    assert first["next"] is None
    with database.transaction() as store:
        registry.add_actor(store, SYSTEM, "Beta", ActorKind.ARMED_GROUP)
    with database.transaction(readonly=True) as store:
        again = change_feed.list_changes(store)
        after = change_feed.list_changes(store, since=first["items"][-1]["cursor"])
    assert again["items"][0] == first["items"][0]
    assert [i["data"]["name"] for i in after["items"]] == ["Beta"]


@pytest.mark.parametrize("cursor", ["nonsense!", "bm9wZQ", "LTEuMQ"])
def test_a_cursor_the_feed_did_not_give_is_refused_clearly(
    sqlite_db: Database, cursor: str
) -> None:
    with sqlite_db.transaction(readonly=True) as store, pytest.raises(InvalidInput) as exc:
        change_feed.list_changes(store, since=cursor)
    assert exc.value.field == "since"
    assert "not a change cursor" in exc.value.message
