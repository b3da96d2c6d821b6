"""The use cases behind `ingest`, `reference import` and `demo`, called as services (no CLI):
the CLI only parses and prints, so a test, the API or a script gets the same results."""

from __future__ import annotations

from pathlib import Path

import pytest

from trucewatch.domain.dates import parse_day
from trucewatch.domain.errors import InvalidInput
from trucewatch.domain.names import normalize_name
from trucewatch.ingest import ReadProblem
from trucewatch.services import queries
from trucewatch.services.context import Caller
from trucewatch.services.demo import DEMO_DAY, DEMO_TRUCE, build_demo
from trucewatch.services.ingest_files import ingest_paths
from trucewatch.services.reference import KINDS, import_reference_file
from trucewatch.storage.db import Database

ME = Caller("tests", "cli")
FIXTURES = Path(__file__).parent / "fixtures"


def test_ingest_paths_returns_counts_and_reports_each_problem(
    sqlite_db: Database, tmp_path: Path
) -> None:
    heard: list[ReadProblem] = []
    good = FIXTURES / "ingest" / "french-communique.txt"
    bad = tmp_path / "blob.bin"
    bad.write_bytes(b"\x00\x01\x02 not a document")
    summary, problems = ingest_paths(sqlite_db, ME, [str(good), str(bad)], on_problem=heard.append)
    assert summary["read"] == 1 and summary["new documents"] == 1
    assert summary["unreadable"] == len(problems) == 1
    assert heard == problems and "blob.bin" in problems[0].message
    again, _ = ingest_paths(sqlite_db, ME, [str(good)])
    assert again["new documents"] == 0 and again["exact duplicates"] == 1


def test_reference_import_refuses_an_unknown_kind_with_the_kinds(sqlite_db: Database) -> None:
    with pytest.raises(InvalidInput) as refused, sqlite_db.write() as store:
        import_reference_file(store, ME, "acled", FIXTURES / "reference" / "ucdp_actors.csv")
    assert all(kind in refused.value.message for kind in KINDS)


def test_phoenix_city_aliases_of_a_state_are_skipped_once_places_are_known(
    sqlite_db: Database,
) -> None:
    """The domain rule of the Phoenix import: "ALEPPO" under SYRIA is a place, not a name."""
    with sqlite_db.write() as store:
        import_reference_file(
            store, ME, "places", FIXTURES / "reference" / "geonames_places_excerpt.csv"
        )
        import_reference_file(
            store, ME, "phoenix", FIXTURES / "reference" / "phoenix_actors_excerpt.txt"
        )
    with sqlite_db.read() as store:
        assert store.actor_ids_by_norm(normalize_name("Aleppo")) == []
        assert store.actor_ids_by_norm(normalize_name("Souria")) != []


def test_build_demo_loads_the_demo_truce_and_adds_nothing_the_second_time(
    tmp_path: Path,
) -> None:
    database = Database.open(f"sqlite:///{tmp_path / 'demo.db'}")
    try:
        titles: list[str] = []
        first = build_demo(database, ME, on_summary=lambda title, _: titles.append(title))
        assert first["accepted"] > 0
        assert any(t.startswith("Demo corpus") for t in titles)
        with database.read() as store:
            data = queries.participants(store, DEMO_TRUCE, as_of=parse_day(DEMO_DAY), known_on=None)
        assert len(data["participants"]) > 2
        corpus: dict[str, int] = {}
        second = build_demo(
            database,
            ME,
            on_summary=lambda title, s: corpus.update(s) if title.startswith("Demo") else None,
        )
        assert second["accepted"] == 0 and corpus["new documents"] == 0
    finally:
        database.dispose()


def test_demo_on_a_server_url_makes_no_folder_named_after_it(
    cli, db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `trucewatch demo --db postgresql://...` used to create a folder named like the URL in the
    # working directory (Path(url).parent.mkdir); a file database still gets its folder.
    monkeypatch.chdir(tmp_path)
    before = set(tmp_path.iterdir())
    r = cli("demo", "--db", db_url)
    assert r.code == 0, r.err
    made = {p.name for p in set(tmp_path.iterdir()) - before}
    assert not any(":" in name for name in made), made
