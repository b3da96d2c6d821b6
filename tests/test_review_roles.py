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


STRIKE = (
    "Warplanes struck a market in Douma on 30 December 2016, killing 31 civilians including "
    "five children, the Russian Defence Ministry said."
)


def strike_event(**extra: Any) -> dict[str, Any]:
    return {
        "type": "strategic.looting",
        "date": "2016-12-31",
        "date_precision": "day",
        "actors": [
            {"role": "claimant", "name": "Russian Defence Ministry", "id": None},
            {"role": "target", "name": "ISIL", "id": None},
        ],
        "place": "Damascus",
        "fatalities": {"civilians": 62, "total": 62},
        **extra,
    }


def test_corrections_change_the_candidate_are_kept_and_teach_the_gold_file(
    cli, world: str, tmp_path: Path
) -> None:
    [cid] = add_story(world, STRIKE, [strike_event()], publisher="Local News")
    r = cli(
        "review",
        "correct",
        str(cid),
        "--type",
        "violence.air_strike",
        "--set",
        "perpetrator=Russian Aerospace Forces",
        "--set",
        "claimant=Russian Defence Ministry",
        "--remove",
        "target",
        "--place",
        "Douma",
        "--date",
        "2016-12-30",
        "--count",
        "civilians=31",
        "--count",
        "total=31",
        "--count",
        "children=5",
        "--db",
        world,
        "--json",
    )
    assert r.code == 0, r.err
    fields = [c["field"] for c in r.json()["corrections"]]
    assert fields == [
        "type",
        "role:target",
        "role:perpetrator",
        "role:claimant",
        "place",
        "date",
        "fatalities.civilians",
        "fatalities.children",
        "fatalities.total",
    ]
    shown = cli("review", "show", str(cid), "--json", "--db", world).json()
    assert shown["type"] == "violence.air_strike"
    assert [(k["field"], k["before"], k["after"]) for k in shown["corrections"]][4:6] == [
        ("place", "Damascus", "Douma"),
        ("date", "2016-12-31", "2016-12-30"),
    ]
    assert {k["interface"] for k in shown["corrections"]} == {"cli"}
    assert all(k["user"] and k["at"] for k in shown["corrections"])
    text = cli("review", "show", str(cid), "--db", world).out
    assert "Corrected place: Damascus → Douma" in text
    assert "perpetrator: Russian Aerospace Forces" in text
    accepted = cli("review", "accept", str(cid), "--db", world, "--json")
    assert accepted.code == 0, accepted.err
    incident = accepted.json()["result"].split(",")[0].split(":")[1]
    shown_incident = cli("incident", "show", incident, "--json", "--db", world).json()
    claim = shown_incident["claims"][0]
    assert claim["perpetrators"] == ["Russian Aerospace Forces"]
    assert claim["claimant"] == "Ministry of Defence of the Russian Federation"
    out = tmp_path / "gold.jsonl"
    r = cli("review", "export-gold", "-o", str(out), "--db", world)
    assert r.code == 0, r.err
    [gold] = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert gold["sentence"] == STRIKE[: STRIKE.index(".") + 1]
    assert gold["type"] == "violence.air_strike" and gold["corrected"] is True
    assert {(s["role"], s["text"]) for s in gold["spans"]} == {
        ("perpetrator", "Russian Aerospace Forces"),
        ("claimant", "Ministry of Defence of the Russian Federation"),
    }
    assert gold["place"] == "Douma" and gold["date"] == "2016-12-30"
    assert gold["fatalities"]["civilians"] == 31 and gold["fatalities"]["children"] == 5


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--set", "doer=Jaysh al-Islam"], "'doer' is not a role"),
        (["--set", "subject=Nobody Such Group"], "Nobody Such Group"),
        (["--count", "civilians=many"], "not a whole number"),
        (["--count", "civilians=70"], "more than the total"),
        (["--type", "violence.airstrike"], "not an event type id"),
        (["--date", "2016-13-01"], "--date"),
    ],
)
def test_a_bad_correction_is_one_clear_error_and_changes_nothing(
    cli, world: str, args: list[str], message: str
) -> None:
    [cid] = add_story(world, STRIKE, [strike_event()])
    before = cli("review", "show", str(cid), "--json", "--db", world).json()
    r = cli("review", "correct", str(cid), *args, "--db", world)
    assert r.code != 0 and message in r.err, r.err
    assert "Traceback" not in r.err
    after = cli("review", "show", str(cid), "--json", "--db", world).json()
    assert after["payload"] == before["payload"] and after["corrections"] == []


def test_merging_candidates_files_one_incident_with_a_claim_per_story(
    cli, world: str, tmp_path: Path
) -> None:
    aerospace = actor_id(world, "Russian Aerospace Forces")
    event = strike_event(
        type="violence.air_strike",
        place="Douma",
        date="2016-12-30",
        actors=[{"role": "perpetrator", "name": "Warplanes", "id": aerospace}],
        fatalities={"civilians": 31, "total": 31},
    )
    [first] = add_story(world, STRIKE, [dict(event)], ident="a", url="https://a.example/1")
    other_text = "In Douma, an air strike killed 31 civilians on 30 December 2016, residents said."
    [second] = add_story(world, other_text, [dict(event)], ident="b", url="https://b.example/2")
    r = cli("review", "accept", str(first), "--merge", str(second), "--db", world, "--json")
    assert r.code == 0, r.err
    data = r.json()
    incident = data["result"].split(",")[0].split(":")[1]
    assert data["merged"][0]["id"] == second
    assert data["merged"][0]["result"].startswith(f"merged_into:{first},incident:{incident},")
    merged = cli("review", "list", "--status", "merged", "--json", "--db", world).json()
    assert [c["id"] for c in merged] == [second]
    shown = cli("incident", "show", incident, "--json", "--db", world).json()
    assert len(shown["claims"]) == 2
    assert "https://b.example/2" in json.dumps(shown)
    again = cli("review", "accept", str(second), "--db", world)
    assert again.code == 1 and "already merged" in again.err
    out = tmp_path / "gold.jsonl"
    assert cli("review", "export-gold", "-o", str(out), "--db", world).code == 0
    assert [json.loads(x)["candidate"] for x in out.read_text().splitlines()] == [first]


def test_merging_refuses_a_candidate_that_is_not_pending_and_writes_nothing(
    cli, world: str
) -> None:
    aerospace = actor_id(world, "Russian Aerospace Forces")
    event = strike_event(
        type="violence.air_strike",
        actors=[{"role": "perpetrator", "name": "Warplanes", "id": aerospace}],
    )
    [first] = add_story(world, STRIKE, [dict(event)], ident="a")
    other_text = "Residents of Douma buried the dead of Friday's air strike on the market."
    [second] = add_story(world, other_text, [dict(event)], ident="b")
    assert cli("review", "reject", str(second), "--db", world).code == 0
    r = cli("review", "accept", str(first), "--merge", str(second), "--db", world)
    assert r.code == 1 and "already rejected" in r.err
    assert cli("incident", "list", "--json", "--db", world).json() == []
    pending = cli("review", "list", "--json", "--db", world).json()
    assert first in [c["id"] for c in pending]


@pytest.mark.parametrize("option", ["--claimant", "--asserted-by"])
def test_truce_join_names_who_says_so_claimant_and_keeps_the_old_option(
    cli, world: str, option: str
) -> None:
    before = cli("truce", "history", "Jaysh al-Islam", "--json", "--db", world).json()
    r = cli(
        "truce", "join", "2", "Jaysh al-Islam", "--date", "2017-01-02",
        "--source", "https://example.org/x", option, "Russian Defence Ministry", "--db", world,
    )  # fmt: skip
    assert r.code == 0, r.err
    added = new_history_entry(cli, world, "Jaysh al-Islam", before)
    assert added["asserted_by"] == "Ministry of Defence of the Russian Federation"
