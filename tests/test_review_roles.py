"""Review reads who is who from the candidate's roles, corrects candidates, merges and exports gold.

Candidates here are handmade payloads in the event-role vocabulary (subject, claimant,
perpetrator, target, victim, ...), stored through the real ingest service, on SQLite and on
PostgreSQL; everything else goes through the CLI.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from trucewatch.domain.names import normalize_name
from trucewatch.ingest.document import Document
from trucewatch.services.context import SYSTEM
from trucewatch.services.ingest import ingest_document
from trucewatch.storage.db import Database

SENTENCE = (
    "The Russian Defence Ministry said Jaysh al-Islam joined the nationwide ceasefire on "
    "30 December 2016."
)


@pytest.fixture
def world(cli, db_url: str) -> str:
    r = cli("reference", "load", "syria-2016", "--db", db_url)
    assert r.code == 0, r.err
    return db_url


def actor_id(db_url: str, name: str) -> int:
    database = Database.open(db_url)
    try:
        with database.transaction(readonly=True) as store:
            [ident] = store.actor_ids_by_norm(normalize_name(name))
            return int(ident)
    finally:
        database.dispose()


def add_story(
    db_url: str,
    text: str,
    events: list[dict[str, Any]],
    *,
    ident: str = "doc",
    publisher: str | None = None,
    url: str | None = None,
) -> list[int]:
    """Ingest one document with these extracted events; the ids of its event candidates."""
    database = Database.open(db_url)
    try:
        with database.transaction() as store:
            before = {c["id"] for c in store.list_candidates(status=None, kind=None, limit=10**6)}
            doc = Document(
                id=ident,
                text=text,
                title=None,
                published=dt.date(2016, 12, 31),
                url=url or f"https://example.org/{ident}",
                source_name=publisher,
                format="text",
                origin=f"test:{ident}",
            )
            for ev in events:
                start = text.index(ev.pop("evidence_text", text.split(".")[0]))
                end = text.index(".", start) + 1
                ev["evidence"] = {"start": start, "end": end, "text": text[start:end]}
            ingest_document(store, SYSTEM, doc, {"text": text, "events": events, "actors": []})
            after = store.list_candidates(status=None, kind="event", limit=10**6)
            return [c["id"] for c in after if c["id"] not in before]
    finally:
        database.dispose()


def join_event(roles: list[tuple[str, str, int | None]], **extra: Any) -> dict[str, Any]:
    return {
        "type": "truce.joined",
        "date": "2016-12-30",
        "date_precision": "day",
        "truce": 2,
        "actors": [{"role": r, "name": n, "id": i} for r, n, i in roles],
        "place": None,
        "fatalities": {},
        "confidence": 0.9,
        **extra,
    }


def new_history_entry(cli, db: str, actor: str, before: dict[str, Any]) -> dict[str, Any]:
    after = cli("truce", "history", actor, "--json", "--db", db).json()
    old = {e["entry_id"] for t in before["truces"] for e in t["entries"]}
    [added] = [e for t in after["truces"] for e in t["entries"] if e["entry_id"] not in old]
    return added


@pytest.mark.parametrize(
    "roles",
    [
        pytest.param(("claimant", "subject"), id="claimant-first"),
        pytest.param(("subject", "claimant"), id="subject-first"),
    ],
)
def test_accept_without_actor_records_the_subject_according_to_the_claimant(
    cli, world: str, roles: tuple[str, str]
) -> None:
    jaysh, ministry = (
        actor_id(world, "Jaysh al-Islam"),
        actor_id(world, "Russian Ministry of Defence"),
    )
    named = {
        "claimant": ("Russian Defence Ministry", ministry),
        "subject": ("Jaysh al-Islam", jaysh),
    }
    [cid] = add_story(world, SENTENCE, [join_event([(r, *named[r]) for r in roles])])
    before = cli("truce", "history", "Jaysh al-Islam", "--json", "--db", world).json()
    r = cli("review", "accept", str(cid), "--db", world, "--json")
    assert r.code == 0, r.err
    added = new_history_entry(cli, world, "Jaysh al-Islam", before)
    assert added["kind"] == "joined" and added["effective"] == "2016-12-30"
    assert added["asserted_by"] == "Ministry of Defence of the Russian Federation"


def test_a_candidate_without_a_subject_needs_an_actor_and_never_takes_the_first_one(
    cli, world: str
) -> None:
    ministry = actor_id(world, "Russian Ministry of Defence")
    [cid] = add_story(world, SENTENCE, [join_event([("claimant", "Ministry", ministry)])])
    r = cli("review", "accept", str(cid), "--db", world)
    assert r.code == 1 and "subject" in r.err and "--actor" in r.err
    assert "Traceback" not in r.err


def test_the_publisher_is_the_claimant_when_the_candidate_names_none(cli, world: str) -> None:
    jaysh = actor_id(world, "Jaysh al-Islam")
    [cid] = add_story(
        world,
        SENTENCE,
        [join_event([("subject", "Jaysh al-Islam", jaysh)])],
        publisher="Russian Ministry of Defence",
    )
    before = cli("truce", "history", "Jaysh al-Islam", "--json", "--db", world).json()
    assert cli("review", "accept", str(cid), "--db", world).code == 0
    added = new_history_entry(cli, world, "Jaysh al-Islam", before)
    assert added["asserted_by"] == "Ministry of Defence of the Russian Federation"


def test_candidates_stored_with_the_old_role_names_are_read_in_the_new_ones(
    cli, world: str
) -> None:
    """`source` is the subject of a truce event and the perpetrator of a violent one."""
    jaysh = actor_id(world, "Jaysh al-Islam")
    coalition = actor_id(world, "US-led coalition")
    isil = actor_id(world, "ISIL")
    text = SENTENCE + " Coalition aircraft struck ISIL positions near Manbij on 30 December 2016."
    join_id, strike_id = add_story(
        world,
        text,
        [
            join_event([("source", "Jaysh al-Islam", jaysh)]),
            {
                "type": "violence.air_strike",
                "date": "2016-12-30",
                "date_precision": "day",
                "actors": [
                    {"role": "source", "name": "Coalition", "id": coalition},
                    {"role": "recipient", "name": "ISIL", "id": isil},
                ],
                "place": "Manbij",
                "fatalities": {},
                "evidence_text": "Coalition aircraft struck",
            },
        ],
    )
    shown = cli("review", "show", str(strike_id), "--json", "--db", world).json()
    assert [(a["role"], a["id"]) for a in shown["payload"]["actors"]] == [
        ("perpetrator", coalition),
        ("addressee", isil),
    ]
    assert "source" not in shown["summary"]
    joined = cli("review", "show", str(join_id), "--json", "--db", world).json()
    assert joined["payload"]["actors"][0]["role"] == "subject"
    before = cli("truce", "history", "Jaysh al-Islam", "--json", "--db", world).json()
    assert cli("review", "accept", str(join_id), "--db", world).code == 0
    assert new_history_entry(cli, world, "Jaysh al-Islam", before)["kind"] == "joined"
    r = cli("review", "accept", str(strike_id), "--db", world, "--json")
    assert r.code == 0, r.err
    incident = r.json()["result"].split(",")[0].split(":")[1]
    claim = cli("incident", "show", incident, "--json", "--db", world).json()["claims"][0]
    assert claim["perpetrators"] == ["Combined Joint Task Force – Operation Inherent Resolve"]


def test_an_incident_takes_perpetrators_targets_victims_and_claimant_from_roles(
    cli, world: str
) -> None:
    govt = actor_id(world, "Syrian Arab Army")
    rebels = actor_id(world, "Jaysh al-Islam")
    monitor = actor_id(world, "Russian centre for reconciliation of the warring parties in Syria")
    text = (
        "Government helicopters dropped barrel bombs on Jaysh al-Islam positions in Douma, "
        "the reconciliation centre said."
    )
    [cid] = add_story(
        world,
        text,
        [
            {
                "type": "violence.air_strike",
                "date": "2016-12-30",
                "date_precision": "day",
                "actors": [
                    {"role": "claimant", "name": "the reconciliation centre", "id": monitor},
                    {"role": "perpetrator", "name": "Government", "id": govt},
                    {"role": "target", "name": "Jaysh al-Islam", "id": rebels},
                    {"role": "victim", "name": "civilians", "id": None},
                ],
                "place": "Douma",
                "fatalities": {"civilians": 15, "total": 15},
            }
        ],
    )
    r = cli("review", "accept", str(cid), "--db", world, "--json")
    assert r.code == 0, r.err
    incident = r.json()["result"].split(",")[0].split(":")[1]
    claim = cli("incident", "show", incident, "--json", "--db", world).json()["claims"][0]
    assert claim["perpetrators"] == ["Syrian Arab Army"]
    assert claim["targets"] == ["Jaysh al-Islam"]
    assert claim["claimant"] == "Russian centre for reconciliation of the warring parties in Syria"
