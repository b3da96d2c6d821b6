"""`trucewatch incident|source|bulletin` as users meet them: output, JSON, one-sentence errors."""

from __future__ import annotations

from pathlib import Path

import pytest

SOHR = "Syrian Observatory for Human Rights, statement, 4 April 2017"
MOD = "Russian Ministry of Defence, briefing, 5 April 2017"


@pytest.fixture
def world(cli, tmp_path: Path) -> str:
    db = str(tmp_path / "cli.db")
    steps = [
        ["actor", "add", "Russia", "--kind", "state"],
        [
            "actor",
            "add",
            "Russian Ministry of Defence",
            "--kind",
            "state_force",
            "--alias",
            "Russian MoD",
        ],
        ["actor", "add", "Syrian Observatory for Human Rights", "--kind", "ngo", "--alias", "SOHR"],
        ["actor", "add", "Syrian Arab Army", "--kind", "state_force"],
        ["actor", "add", "Hay'at Tahrir al-Sham", "--kind", "armed_group"],
        ["actor", "add", "OPCW Fact-Finding Mission", "--kind", "igo"],
        [
            "truce",
            "add",
            "Syria ceasefire",
            "--kind",
            "nationwide_ceasefire",
            "--effective",
            "2016-12-30",
            "--country",
            "SY",
            "--source",
            "https://www.peaceagreements.org/view/2090",
        ],
        [
            "truce",
            "join",
            "Syria ceasefire",
            "Syrian Arab Army",
            "--date",
            "2016-12-30",
            "--source",
            "https://www.peaceagreements.org/view/2090",
            "--asserted-by",
            "Russian MoD",
        ],
        [
            "incident",
            "add",
            "--type",
            "violence.chemical_weapon",
            "--date",
            "2017-04-04",
            "--place",
            "Khan Shaykhun",
            "--admin1",
            "Idlib",
            "--country",
            "SY",
            "--source",
            SOHR,
            "--claimant",
            "SOHR",
            "--perpetrator",
            "Syrian Arab Army",
            "--fatalities-best",
            "86",
            "--credibility",
            "2",
        ],
    ]
    for step in steps:
        r = cli(*step, "--db", db)
        assert r.code == 0, (step, r.err)
    return db


def test_claim_show_and_list(cli, world) -> None:
    r = cli(
        "incident",
        "claim",
        "1",
        "--source",
        MOD,
        "--claimant",
        "Russian MoD",
        "--perpetrator",
        "Hay'at Tahrir al-Sham",
        "--fatalities-best",
        "20",
        "--db",
        world,
    )
    assert r.code == 0, r.err
    assert "contested: perpetrators, fatalities" in r.out
    show = cli("incident", "show", "1", "--db", world)
    assert "Contested: perpetrators, fatalities" in show.out
    assert "Alleged violation of Syria ceasefire by Syrian Arab Army" in show.out
    data = cli("incident", "show", "1", "--json", "--db", world).json()
    assert [c["claimant"] for c in data["claims"]] == [
        "Syrian Observatory for Human Rights", "Russian Ministry of Defence",
    ]  # fmt: skip
    rows = cli("incident", "list", "--truce", "Syria ceasefire", "--json", "--db", world).json()
    assert [r["id"] for r in rows] == [1]
    assert "Syrian Arab Army (Syria ceasefire)" in cli("incident", "list", "--db", world).out


def test_verify_investigate_and_rate(cli, world) -> None:
    assert (
        cli(
            "incident",
            "verify",
            "1",
            "verified",
            "--by",
            "OPCW Fact-Finding Mission",
            "--date",
            "2017-06-29",
            "--source",
            "S/1510/2017",
            "--db",
            world,
        ).code
        == 0
    )
    r = cli(
        "incident",
        "investigate",
        "1",
        "--body",
        "OPCW Fact-Finding Mission",
        "--event",
        "requested",
        "--by",
        "Russia",
        "--date",
        "2017-04-19",
        "--source",
        "EC-54",
        "--json",
        "--db",
        world,
    )
    assert r.code == 0, r.err
    assert r.json()["investigations"][0]["open"] is True
    r = cli(
        "source",
        "rate",
        SOHR,
        "--reliability",
        "b",
        "--credibility",
        "1",
        "--claim",
        "1",
        "--db",
        world,
    )
    assert r.code == 0, r.err
    assert "rated B" in r.out
    claim = cli("incident", "show", "1", "--json", "--db", world).json()["claims"][0]
    assert claim["grade"] == "B1"


def test_bulletin_formats(cli, world, tmp_path) -> None:
    md = cli("bulletin", "Syria ceasefire", "--date", "2017-04-04", "--db", world)
    assert md.code == 0, md.err
    assert md.out.startswith("# Syria ceasefire — daily bulletin for 2017-04-04")
    j = cli(
        "bulletin", "Syria ceasefire", "--date", "2017-04-04", "--format", "json", "--db", world
    )
    first = j.json()
    cli("incident", "claim", "1", "--source", MOD, "--claimant", "Russian MoD", "--db", world)
    again = cli(
        "bulletin",
        "Syria ceasefire",
        "--date",
        "2017-04-04",
        "--format",
        "json",
        "--known-on",
        first["known_on"],
        "--db",
        world,
    )
    assert again.out == j.out
    out = tmp_path / "b.html"
    r = cli(
        "bulletin",
        "Syria ceasefire",
        "--date",
        "2017-04-04",
        "--format",
        "html",
        "-o",
        str(out),
        "--db",
        world,
    )
    assert r.code == 0 and out.read_text().startswith("<!DOCTYPE html>")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            [
                "incident",
                "add",
                "--type",
                "violence.air_strike",
                "--date",
                "2017-04-04",
                "--place",
                "X",
                "--source",
                "s",
                "--fatalities-low",
                "9",
                "--fatalities-high",
                "3",
            ],
            "--fatalities-low 9 is greater than --fatalities-high 3",
        ),
        (
            [
                "incident",
                "add",
                "--type",
                "violence.air_strike",
                "--date",
                "2999-01-01",
                "--place",
                "X",
                "--source",
                "s",
            ],
            "in the future of the recording time",
        ),
        (
            [
                "incident",
                "add",
                "--type",
                "airstrike",
                "--date",
                "2017-04-04",
                "--place",
                "X",
                "--source",
                "s",
            ],
            "is not an event type id",
        ),
        (
            ["incident", "verify", "1", "attributed", "--source", "s"],
            "incident 1 is reported; it cannot move to attributed. Allowed from reported: observed",
        ),
        (["incident", "verify", "1", "confirmed", "--source", "s"], "is not a verification status"),
        (["incident", "claim", "7", "--source", "s"], "No incident matches '7'"),
        (
            ["incident", "claim", "1", "--source", "s", "--claimant", "Russian MoDD"],
            "Closest: 'Russian MoD'",
        ),
        (
            [
                "incident",
                "investigate",
                "1",
                "--body",
                "OPCW Fact-Finding Mission",
                "--event",
                "requested",
                "--source",
                "s",
            ],
            "--by: say who requested",
        ),
        (
            [
                "incident",
                "investigate",
                "1",
                "--body",
                "OPCW Fact-Finding Mission",
                "--event",
                "sent",
                "--source",
                "s",
            ],
            "is not an investigation event",
        ),
        (["source", "rate", SOHR, "--reliability", "G"], "is not a source reliability grade"),
        (["source", "rate", SOHR, "--credibility", "2"], "give it together with --claim"),
        (["source", "rate", "unknown source", "--reliability", "A"], "No source matches"),
        (
            [
                "source",
                "rate",
                "https://www.peaceagreements.org/view/2090",
                "--credibility",
                "2",
                "--claim",
                "1",
            ],
            "claim 1 comes from source",
        ),
        (
            ["bulletin", "Syria ceasefire", "--date", "2017-04-04", "--format", "pdf"],
            "is not a format",
        ),
        (["bulletin", "Syria ceasfire", "--date", "2017-04-04"], "Closest: 'Syria ceasefire'"),
    ],
)
def test_bad_input_is_one_sentence_and_writes_nothing(cli, world, args, message) -> None:
    before = cli("incident", "show", "1", "--json", "--db", world).out
    r = cli(*args, "--db", world)
    assert r.code != 0
    assert message in " ".join(r.err.split())
    assert "Traceback" not in r.err
    assert cli("incident", "show", "1", "--json", "--db", world).out == before
