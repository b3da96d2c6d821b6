"""The ledger on a real database, on SQLite and on PostgreSQL."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, IntegrityError

from trucewatch.domain.actors import ActorKind
from trucewatch.domain.dates import PartialDate, parse_date
from trucewatch.domain.errors import InvalidInput, NotFound, RuleViolation
from trucewatch.domain.ledger import EntryKind, Participation, Status, fold
from trucewatch.domain.truces import TruceKind
from trucewatch.services import queries, registry
from trucewatch.services import truces as svc
from trucewatch.services.context import Caller
from trucewatch.storage.db import Database

ME = Caller("tester", "test")
T0 = dt.datetime(2017, 1, 1, tzinfo=dt.UTC)


def setup_world(database: Database) -> None:
    with database.transaction() as s:
        registry.add_actor(s, ME, "Russia", ActorKind.STATE, country="RU")
        registry.add_actor(
            s, ME, "Russian Ministry of Defence", ActorKind.STATE_FORCE, country="RU"
        )
        registry.add_actor(s, ME, "Turkey", ActorKind.STATE, country="TR")
        registry.add_actor(s, ME, "Ahrar al-Sham", ActorKind.ARMED_GROUP, country="SY")
        registry.add_actor(s, ME, "Jaysh al-Islam", ActorKind.ARMED_GROUP, country="SY")
        registry.add_actor(
            s, ME, "Jabhat al-Nusra", ActorKind.ARMED_GROUP, aliases=["Al-Nusrah Front"]
        )
        registry.add_actor(s, ME, "Jabhat Fateh al-Sham", ActorKind.ARMED_GROUP)
        registry.designate_actor(
            s,
            ME,
            "al Nusra Front",
            authority="UNSC-1267",
            reference="QDe.137",
            listed_on=parse_date("2014-05-14"),
            source="UN Security Council consolidated list",
        )
        svc.add_truce(
            s,
            ME,
            "Syria nationwide ceasefire",
            TruceKind.NATIONWIDE_CEASEFIRE,
            effective=parse_date("2016-12-30"),
            declared=parse_date("2016-12-29"),
            countries=["SY"],
            guarantors=["Russia", "Turkey"],
            exclude_designated_by=["UNSC-1267"],
            aliases=["December 2016 ceasefire"],
        )


def join(database, actor, day, kind=EntryKind.JOINED, party=None, at=None, source="src"):
    with database.transaction() as s:
        return svc.record_participation(
            s,
            ME,
            "Syria nationwide ceasefire",
            actor,
            kind,
            effective=parse_date(day),
            sources=[source],
            asserted_by=party,
            recorded_at=at,
        )


def names(database, day, known_on=None):
    with database.transaction() as s:
        data = queries.participants(
            s, "December 2016 ceasefire", as_of=dt.date.fromisoformat(day), known_on=known_on
        )
    return {p["name"]: p["status"] for p in data["participants"]}


def test_participants_as_of_follow_joins_and_withdrawals(database: Database) -> None:
    setup_world(database)
    join(database, "Ahrar al-Sham", "2016-12-30")
    join(database, "Jaysh al-Islam", "2016-12-30")
    join(database, "Ahrar al-Sham", "2017-02-10", EntryKind.WITHDREW)
    assert names(database, "2016-12-29") == {}
    assert names(database, "2017-01-15") == {
        "Ahrar al-Sham": "participant",
        "Jaysh al-Islam": "participant",
    }
    assert names(database, "2017-03-01") == {"Jaysh al-Islam": "participant"}


def test_known_on_reproduces_what_we_knew_then(database: Database) -> None:
    setup_world(database)
    join(database, "Ahrar al-Sham", "2016-12-30", at=T0)
    join(database, "Jaysh al-Islam", "2016-12-30", at=T0 + dt.timedelta(days=10))
    assert names(database, "2017-01-02", known_on=T0 + dt.timedelta(days=1)) == {
        "Ahrar al-Sham": "participant"
    }
    assert len(names(database, "2017-01-02")) == 2


def test_disagreeing_parties_are_shown_as_disputed(database: Database) -> None:
    setup_world(database)
    join(
        database,
        "Ahrar al-Sham",
        "2016-12-30",
        party="Russian Ministry of Defence",
        source="https://example.org/mod",
    )
    join(
        database,
        "Ahrar al-Sham",
        "2017-01-02",
        EntryKind.WITHDREW,
        party="Ahrar al-Sham",
        source="https://example.org/ahrar",
    )
    with database.transaction() as s:
        data = queries.participants(s, "1", as_of=dt.date(2017, 1, 5))
    [p] = data["participants"]
    assert p["status"] == "disputed"
    assert {v["asserted_by"]: v["kind"] for v in p["views"]} == {
        "Russian Ministry of Defence": "joined",
        "Ahrar al-Sham": "withdrew",
    }
    assert {s["url"] for s in p["sources"]} == {
        "https://example.org/mod",
        "https://example.org/ahrar",
    }


def test_designated_actor_cannot_join_and_the_refusal_names_the_designation(
    database: Database,
) -> None:
    setup_world(database)
    with pytest.raises(RuleViolation, match=r"UNSC-1267 \(QDe.137"):
        join(database, "Jabhat an-Nusra", "2017-01-01")


def test_successor_under_a_new_name_inherits_the_designation(database: Database) -> None:
    setup_world(database)
    with database.transaction() as s:
        registry.relate_actors(
            s,
            ME,
            "Jabhat al-Nusra",
            registry.parse_relation("renamed_to"),
            "Jabhat Fateh al-Sham",
            source="UN list QDe.137 aliases",
            valid_from=parse_date("2016-07"),
        )
    with pytest.raises(RuleViolation, match="Jabhat Fateh al-Sham cannot join"):
        join(database, "Jabhat Fateh al-Sham", "2017-01-01")


def test_participant_allied_with_an_excluded_actor_is_flagged(database: Database) -> None:
    setup_world(database)
    join(database, "Ahrar al-Sham", "2016-12-30")
    join(database, "Jaysh al-Islam", "2016-12-30")
    with database.transaction() as s:
        registry.relate_actors(
            s,
            ME,
            "Jaysh al-Islam",
            registry.parse_relation("allied_with"),
            "Jabhat Fateh al-Sham",
            source="x",
            valid_from=parse_date("2017-01"),
        )
        registry.relate_actors(
            s,
            ME,
            "Jabhat Fateh al-Sham",
            registry.parse_relation("allied_with"),
            "Jabhat al-Nusra",
            source="x",
        )
        early = queries.participants(s, "1", as_of=dt.date(2016, 12, 31))
        late = queries.participants(s, "1", as_of=dt.date(2017, 2, 1))
    flags = {p["name"]: [f["code"] for f in p["flags"]] for p in late["participants"]}
    assert flags == {"Ahrar al-Sham": [], "Jaysh al-Islam": ["linked_to_excluded"]}
    [link] = [p for p in late["participants"] if p["name"] == "Jaysh al-Islam"][0]["flags"]
    assert link["path_length"] == 2
    assert all(not p["flags"] for p in early["participants"])


def test_retraction_is_a_new_entry_and_the_original_stays(database: Database) -> None:
    setup_world(database)
    first = join(database, "Ahrar al-Sham", "2016-12-30", at=T0)
    with database.transaction() as s:
        svc.retract_entry(s, ME, first, source="correction", recorded_at=T0 + dt.timedelta(days=2))
    assert names(database, "2017-01-05") == {}
    assert names(database, "2017-01-05", known_on=T0 + dt.timedelta(days=1)) == {
        "Ahrar al-Sham": "participant"
    }
    with database.transaction() as s:
        history = queries.actor_history(s, "Ahrar al-Sham")
        with pytest.raises(InvalidInput, match="already retracted"):
            svc.retract_entry(s, ME, first, source="again")
    kinds = [e["kind"] for e in history["truces"][0]["entries"]]
    assert kinds == ["joined", "retracted"]


@pytest.mark.parametrize(
    "statement", ["UPDATE ledger_entries SET kind = 'withdrew'", "DELETE FROM ledger_entries"]
)
def test_the_database_refuses_to_update_or_delete_ledger_rows(
    database: Database, statement: str
) -> None:
    setup_world(database)
    join(database, "Ahrar al-Sham", "2016-12-30")
    with pytest.raises((DBAPIError, IntegrityError)), database.transaction() as s:
        s.conn.execute(text(statement))
    assert names(database, "2017-01-01") == {"Ahrar al-Sham": "participant"}


def test_a_failed_command_leaves_the_database_as_it_was(database: Database) -> None:
    setup_world(database)
    join(database, "Ahrar al-Sham", "2016-12-30")
    with database.transaction() as s:
        before = (queries.participants(s, "1", as_of=dt.date(2017, 1, 1)), s.audit_entries(1000))
    with pytest.raises(NotFound), database.transaction() as s:
        # The first write succeeds inside the transaction, the second fails: both must vanish.
        svc.record_participation(
            s,
            ME,
            "1",
            "Jaysh al-Islam",
            EntryKind.JOINED,
            effective=parse_date("2016-12-30"),
            sources=["a"],
        )
        svc.record_participation(
            s,
            ME,
            "1",
            "No Such Group",
            EntryKind.JOINED,
            effective=parse_date("2016-12-30"),
            sources=["a"],
        )
    with database.transaction() as s:
        after = (queries.participants(s, "1", as_of=dt.date(2017, 1, 1)), s.audit_entries(1000))
    assert after == before


def test_unknown_names_fail_with_the_closest_matches(database: Database) -> None:
    setup_world(database)
    with pytest.raises(NotFound) as err, database.transaction() as s:
        queries.actor_history(s, "Ahrar al Shaam")
    assert "Ahrar al-Sham" in err.value.message


def test_changes_list_entries_with_status_before_and_after(database: Database) -> None:
    setup_world(database)
    join(database, "Ahrar al-Sham", "2016-12-30")
    join(database, "Ahrar al-Sham", "2017-02-10", EntryKind.SUSPENDED)
    join(database, "Jaysh al-Islam", "2017-03-01")
    with database.transaction() as s:
        data = queries.changes(s, "1", since=dt.date(2017, 1, 1), until=dt.date(2017, 12, 31))
    got = [(c["name"], c["kind"], c["status_before"], c["status_after"]) for c in data["changes"]]
    assert got == [
        ("Ahrar al-Sham", "suspended", "participant", None),
        ("Jaysh al-Islam", "joined", None, "participant"),
    ]


def _random_ledger(database: Database) -> dt.date:
    """60 random appends and retractions on truce 1 by several parties; the first day."""
    setup_world(database)
    rnd = random.Random(7)
    actors = ["Ahrar al-Sham", "Jaysh al-Islam", "Russia", "Turkey"]
    parties = [None, "Russian Ministry of Defence", "Turkey"]
    kinds = [
        EntryKind.JOINED,
        EntryKind.WITHDREW,
        EntryKind.SUSPENDED,
        EntryKind.RESUMED,
        EntryKind.EXCLUDED,
    ]
    ids = []
    base = dt.date(2016, 12, 30)
    for _ in range(60):
        if ids and rnd.random() < 0.15:
            with database.transaction() as s:
                target = rnd.choice(ids)
                try:
                    svc.retract_entry(s, ME, target, source="r")
                except InvalidInput:
                    pass
            continue
        day = base + dt.timedelta(days=rnd.randint(0, 60))
        ids.append(
            join(
                database,
                rnd.choice(actors),
                day.isoformat(),
                rnd.choice(kinds),
                rnd.choice(parties),
            )
        )
    return base


def test_span_projection_agrees_with_a_fold_of_the_raw_ledger(database: Database) -> None:
    """Random appends and retractions; the fast as-of path (the participant-views projection,
    rebuilt on every append) must equal the reference fold on every day, views included."""
    base = _random_ledger(database)
    with database.transaction() as s:
        entries = s.truce_entries(1)
        seen = set()
        for offset in range(0, 70):
            day = base + dt.timedelta(days=offset)
            fast_parts = queries._participations(s, 1, day, None)
            assert _answer(fast_parts) == _answer(fold(entries, day)), day
            seen |= {p.status for p in fast_parts.values()}
            if offset % 7 == 0:
                fast = queries.participants(s, "1", as_of=day)["participants"]
                assert {p["actor_id"]: (p["status"], p["since"]) for p in fast} == {
                    a: (str(p.status), p.since.iso()) for a, p in fold(entries, day).items()
                }
        assert seen == {Status.PARTICIPANT, Status.DISPUTED}  # the ledger has disputes to check


def _answer(parts: dict[int, Participation]) -> dict[int, Any]:
    """A participation without the entries' sources (the as-of paths load them separately)."""
    return {
        a: (p.status, p.since, [(v.party, v.entry._replace(source_ids=())) for v in p.views])
        for a, p in parts.items()
    }


def test_known_on_path_agrees_with_a_fold_of_the_whole_ledger(database: Database) -> None:
    """ "As known on" K reads only the entries effective by the day (and the retractions); at
    every recording time and on every day it must equal the fold of all the truce's entries."""
    base = _random_ledger(database)
    with database.transaction() as s:
        entries = s.truce_entries(1)
        stamps = sorted({e.recorded_at for e in entries})
        assert any(e.kind is EntryKind.RETRACTED for e in entries)
        for known in stamps[::4] + [stamps[-1]]:
            for offset in range(0, 70, 5):
                day = base + dt.timedelta(days=offset)
                got = _answer(queries._participations(s, 1, day, known))
                assert got == _answer(fold(entries, day, known)), (known, day)


def test_dates_keep_precision_in_the_ledger(database: Database) -> None:
    setup_world(database)
    join(database, "Ahrar al-Sham", "2017-01")
    with database.transaction() as s:
        [p] = queries.participants(s, "1", as_of=dt.date(2017, 2, 1))["participants"]
        e = s.truce_entries(1)[0]
    assert p["since"] == "2017-01"
    assert e.effective == PartialDate(dt.date(2017, 1, 1), parse_date("2017-01").precision)
