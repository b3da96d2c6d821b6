"""The command line as users meet it: tables, exact JSON, one-sentence errors, exit codes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest


@pytest.fixture
def dbfile(tmp_path: Path) -> str:
    return str(tmp_path / "cli.db")


@pytest.fixture
def world(cli, dbfile):
    """A small registry and truce, built only through the CLI."""
    steps = [
        ["actor", "add", "Russia", "--kind", "state", "--country", "RU"],
        [
            "actor",
            "add",
            "Russian Ministry of Defence",
            "--kind",
            "state_force",
            "--alias",
            "Russian MoD",
        ],
        ["actor", "add", "Ahrar al-Sham", "--kind", "armed_group", "--alias", "أحرار الشام"],
        ["actor", "add", "Jaysh al-Islam", "--kind", "armed_group"],
        ["actor", "add", "Jabhat al-Nusra", "--kind", "armed_group", "--alias", "Al-Nusrah Front"],
        [
            "actor",
            "designate",
            "Jabhat an-Nusra",
            "--authority",
            "UNSC-1267",
            "--ref",
            "QDe.137",
            "--listed-on",
            "2014-05-14",
            "--source",
            "UN Security Council consolidated list",
        ],
        [
            "truce",
            "add",
            "Syria ceasefire",
            "--kind",
            "nationwide_ceasefire",
            "--effective",
            "2016-12-30",
            "--declared",
            "2016-12-29",
            "--country",
            "SY",
            "--guarantor",
            "Russia",
            "--exclude-designated-by",
            "UNSC-1267",
            "--source",
            "https://www.peaceagreements.org/view/2090",
        ],
        [
            "truce",
            "join",
            "Syria ceasefire",
            "Ahrar al-Sham",
            "--date",
            "2016-12-30",
            "--source",
            "https://example.org/mod-list",
            "--asserted-by",
            "Russian MoD",
        ],
        [
            "truce",
            "join",
            "Syria ceasefire",
            "Jaysh al-Islam",
            "--date",
            "2016-12-30",
            "--source",
            "x",
        ],
        [
            "truce",
            "withdraw",
            "Syria ceasefire",
            "Jaysh al-Islam",
            "--date",
            "2017-02-01",
            "--source",
            "y",
        ],
    ]
    for step in steps:
        r = cli(*step, "--db", dbfile)
        assert r.code == 0, (step, r.err)
    return dbfile


def test_participants_json_has_the_documented_fields(cli, world) -> None:
    r = cli(
        "truce", "participants", "Syria ceasefire", "--as-of", "2017-01-10", "--json", "--db", world
    )
    assert r.code == 0
    rows = r.json()
    assert [p["name"] for p in rows] == ["Ahrar al-Sham", "Jaysh al-Islam"]
    ahrar = rows[0]
    assert {"actor_id", "name", "status", "since", "sources", "flags"} <= set(ahrar)
    assert ahrar["status"] == "participant"
    assert ahrar["since"] == "2016-12-30"
    assert ahrar["sources"][0]["url"] == "https://example.org/mod-list"
    assert ahrar["views"][0]["asserted_by"] == "Russian Ministry of Defence"


def test_participants_table_names_truce_and_date(cli, world) -> None:
    r = cli("truce", "participants", "syria ceasefire", "--as-of", "2017-03-01", "--db", world)
    assert r.code == 0
    assert "Syria ceasefire — participants as of 2017-03-01" in r.out
    assert "Ahrar al-Sham" in r.out
    assert "Jaysh al-Islam" not in r.out


@pytest.mark.parametrize(
    "args",
    [
        ["truce", "participants", "Syria ceasefire", "--as-of", "2017-03-01"],
        ["truce", "changes", "Syria ceasefire", "--since", "2016-01-01", "--until", "2017-12-31"],
        ["truce", "history", "Jaysh al-Islam"],
    ],
)
def test_tables_call_who_says_so_the_claimant(cli, world, args) -> None:
    """One word for one idea (docs/glossary.md): the column is "claimant", as in --claimant."""
    r = cli(*args, "--db", world)
    assert r.code == 0
    header = next(line for line in r.out.splitlines() if "sources" in line)
    assert "claimant" in header
    assert "according to" not in r.out


def test_actor_show_resolves_aliases_in_any_script(cli, world) -> None:
    r = cli("actor", "show", "احرار الشام", "--json", "--db", world)
    assert r.code == 0
    assert r.json()["name"] == "Ahrar al-Sham"


def test_changes_and_history(cli, world) -> None:
    r = cli(
        "truce",
        "changes",
        "Syria ceasefire",
        "--since",
        "2017-01-01",
        "--until",
        "2017-12-31",
        "--json",
        "--db",
        world,
    )
    assert [(c["name"], c["kind"]) for c in r.json()] == [("Jaysh al-Islam", "withdrew")]
    h = cli("truce", "history", "Jaysh al-Islam", "--json", "--db", world).json()
    assert [e["kind"] for e in h["truces"][0]["entries"]] == ["joined", "withdrew"]
    assert h["truces"][0]["status_today"] == "not participating"


def test_known_on_before_an_entry_does_not_see_it(cli, world) -> None:
    r = cli(
        "truce",
        "participants",
        "Syria ceasefire",
        "--as-of",
        "2017-01-10",
        "--known-on",
        "2000-01-01",
        "--json",
        "--db",
        world,
    )
    assert r.code == 0
    assert r.json() == []


def test_truce_list_and_show(cli, world) -> None:
    [t] = cli("truce", "list", "--json", "--db", world).json()
    assert (t["name"], t["effective"], t["declared"]) == (
        "Syria ceasefire",
        "2016-12-30",
        "2016-12-29",
    )
    show = cli("truce", "show", str(t["id"]), "--json", "--db", world).json()
    assert show["guarantors"][0]["name"] == "Russia"
    assert show["excludes_designated_by"] == ["UNSC-1267"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            [
                "truce",
                "join",
                "Syria ceasefire",
                "Jabhat al-Nusra",
                "--date",
                "2017-01-01",
                "--source",
                "s",
            ],
            "designated by UNSC-1267 (QDe.137",
        ),
        (
            [
                "truce",
                "join",
                "Syria ceasefire",
                "Ahrar al Shaam",
                "--date",
                "2017-01-01",
                "--source",
                "s",
            ],
            "Closest: 'Ahrar al-Sham'",
        ),
        (
            [
                "truce",
                "join",
                "Syria ceasfire",
                "Ahrar al-Sham",
                "--date",
                "2017-01-01",
                "--source",
                "s",
            ],
            "No truce matches 'Syria ceasfire'. Closest: 'Syria ceasefire'",
        ),
        (
            [
                "truce",
                "join",
                "Syria ceasefire",
                "Ahrar al-Sham",
                "--date",
                "30/12/2016",
                "--source",
                "s",
            ],
            "--date: '30/12/2016' is not a date; expected YYYY, YYYY-MM or YYYY-MM-DD",
        ),
        (["truce", "participants", "Syria ceasefire", "--as-of", "yesterday"], "--as-of"),
        (["actor", "add", "X", "--kind", "militia"], "--kind: 'militia' is not an actor kind"),
        (["actor", "add", "Russia", "--kind", "state"], "already names actor"),
        (
            ["actor", "relate", "Ahrar al-Sham", "friends_with", "Jaysh al-Islam", "--source", "s"],
            "is not a relation",
        ),
    ],
)
def test_bad_input_gets_one_clear_sentence_and_a_non_zero_exit(cli, world, args, message) -> None:
    before = cli(
        "truce", "participants", "Syria ceasefire", "--as-of", "2017-01-10", "--json", "--db", world
    ).out
    r = cli(*args, "--db", world)
    assert r.code != 0
    assert message in " ".join(r.err.split())
    assert "Traceback" not in r.err
    after = cli(
        "truce", "participants", "Syria ceasefire", "--as-of", "2017-01-10", "--json", "--db", world
    ).out
    assert after == before


def test_reading_a_missing_database_says_how_to_create_it(cli, tmp_path) -> None:
    r = cli("truce", "list", "--db", str(tmp_path / "nope.db"))
    assert r.code == 1
    assert "trucewatch init" in r.err
    assert not (tmp_path / "nope.db").exists()


def test_database_url_from_the_environment(cli, tmp_path, monkeypatch) -> None:
    path = tmp_path / "env.db"
    monkeypatch.setenv("TRUCEWATCH_DATABASE_URL", f"sqlite:///{path}")
    assert cli("init").code == 0
    assert path.exists()


def test_the_installed_command_prints_no_traceback_on_errors(tmp_path) -> None:
    exe = Path(sys.executable).parent / "trucewatch"
    r = subprocess.run(
        [str(exe), "actor", "show", "Nobody", "--db", str(tmp_path / "x.db")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert r.returncode == 1
    assert "Error:" in r.stderr
    assert "Traceback" not in r.stderr


def test_every_command_is_documented_in_docs_cli(cli) -> None:
    import typer.main

    from trucewatch.cli.app import app

    doc = (Path(__file__).resolve().parent.parent / "docs" / "cli.md").read_text(encoding="utf-8")
    group = typer.main.get_command(app)
    missing = []
    for name, cmd in group.commands.items():  # type: ignore[attr-defined]
        subs = getattr(cmd, "commands", None)
        for full in [f"trucewatch {name} {s}" for s in subs] if subs else [f"trucewatch {name}"]:
            if f"`{full}" not in doc:
                missing.append(full)
    assert missing == []


def test_docs_cli_is_regenerated_from_the_help_text(tmp_path) -> None:
    """docs/cli.md is `make docs` output; a changed help text must be regenerated."""
    exe = Path(sys.executable).parent / "typer"
    out = tmp_path / "cli.md"
    subprocess.run(
        [
            str(exe),
            "trucewatch.cli.app",
            "utils",
            "docs",
            "--name",
            "trucewatch",
            "--title",
            "trucewatch command line",
            "--output",
            str(out),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    committed = (Path(__file__).resolve().parent.parent / "docs" / "cli.md").read_text(
        encoding="utf-8"
    )
    assert out.read_text(encoding="utf-8") == committed, "run `make docs` to regenerate docs/cli.md"


MARKUP = ["[/x]", "[bold]Kfar[/bold] :fire: [link=http://x]y", "[red]"]


@pytest.mark.parametrize("name", MARKUP)
def test_markup_in_data_is_printed_as_written_and_the_write_happens_once(cli, dbfile, name):
    """Rich markup in a name is data: printed literally, exit 0, and nothing written twice."""
    added = cli("actor", "add", name, "--kind", "armed_group", "--db", dbfile)
    assert added.code == 0, added.err
    assert name in added.out
    shown = cli("actor", "show", name, "--db", dbfile)
    assert shown.code == 0, shown.err
    assert name in shown.out
    listed = cli("actor", "list", "--db", dbfile)
    assert name in listed.out
    filed = cli(
        "incident", "add", "--type", "violence.armed_clash", "--date", "2017-04-04",
        "--place", name, "--country", "SY", "--source", f"Report {name}", "--summary", name,
        "--db", dbfile,
    )  # fmt: skip
    assert filed.code == 0, filed.err
    assert name in filed.out
    assert name in cli("incident", "show", "1", "--db", dbfile).out
    assert len(cli("incident", "list", "--json", "--db", dbfile).json()) == 1


def test_error_with_markup_in_the_value_is_one_sentence(cli, dbfile):
    assert cli("init", "--db", dbfile).code == 0
    r = cli("actor", "show", "[/x]", "--db", dbfile)
    assert r.code == 1
    assert "[/x]" in r.err
    assert "Traceback" not in r.err
