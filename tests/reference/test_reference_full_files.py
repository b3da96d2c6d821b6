"""Run every reader over the full shared reference files: skipped when they are absent, failed
when TRUCEWATCH_REQUIRE_SHARED=1 (CI)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from tests.shared_data import shared_path

from trucewatch.domain.actors import ActorKind
from trucewatch.reference import (
    parse_admin1,
    parse_phoenix,
    parse_places,
    parse_ucdp_actors,
    parse_un_sanctions,
)


@pytest.fixture(scope="module")
def reference() -> Path:
    return shared_path("data/reference")


def test_full_ucdp_file_has_1725_actors_with_unique_ids(reference: Path) -> None:
    actors = list(parse_ucdp_actors(reference / "ucdp-actors" / "ucdp-actor-221.csv"))
    assert len(actors) == 1725
    assert len({a.external_id for a in actors}) == 1725
    assert Counter(a.kind for a in actors)[ActorKind.STATE] == 163
    assert sum(a.country == "SY" for a in actors) > 50


def test_full_un_list_has_713_individuals_and_305_entities(reference: Path) -> None:
    path = reference / "un-sc-consolidated-sanctions" / "consolidated_2020-11-30.xml"
    records = list(parse_un_sanctions(path))
    kinds = Counter(r.kind for r in records)
    assert kinds[ActorKind.PERSON] == 713
    assert len(records) - kinds[ActorKind.PERSON] == 305
    authorities = Counter(r.designations[0].authority for r in records if r.kind != "person")
    assert authorities["UNSC-1267"] == 89
    assert all(r.designations[0].listed_on for r in records)


@pytest.mark.parametrize(
    ("name", "at_least"),
    [
        ("Phoenix.Countries.actors.txt", 18000),
        ("Phoenix.International.actors.txt", 6000),
        ("Phoenix.MilNonState.actors.txt", 1000),
    ],
)
def test_full_phoenix_files_parse_with_unique_ids(
    reference: Path, name: str, at_least: int
) -> None:
    actors = list(parse_phoenix(reference / "phoenix-petrarch2-dictionaries" / name))
    assert len(actors) >= at_least
    assert len({a.external_id for a in actors}) == len(actors)


def test_full_phoenix_guarantor_subset_is_small(reference: Path) -> None:
    path = reference / "phoenix-petrarch2-dictionaries" / "Phoenix.Countries.actors.txt"
    subset = list(parse_phoenix(path, countries={"SYR", "RUS", "TUR", "IRN", "USA", "IGO"}))
    assert 500 < len(subset) < 3000
    assert "SERGEY_LAVROV" in {a.external_id for a in subset}


def test_full_geonames_files(reference: Path) -> None:
    folder = reference / "geonames-syria"
    places = list(parse_places(folder / "syria_places_geonames_pop500.csv"))
    assert len(places) == 308
    assert len(list(parse_admin1(folder / "syria_admin1_geonames.csv"))) == 14
