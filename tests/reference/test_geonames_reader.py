from __future__ import annotations

from pathlib import Path

import pytest

from trucewatch.domain.errors import BadFile
from trucewatch.reference.geonames import parse_admin1, parse_places

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "reference"


def test_places_aleppo_has_its_alternate_names() -> None:
    aleppo = next(iter(parse_places(FIXTURES / "geonames_places_excerpt.csv")))
    assert (aleppo.geonameid, aleppo.name, aleppo.country, aleppo.feature) == (
        170063,
        "Aleppo",
        "SY",
        "city",
    )
    assert (aleppo.lat, aleppo.lon) == (36.20124, 37.16117)
    assert (aleppo.admin1_code, aleppo.admin1_name, aleppo.population) == ("09", "Aleppo", 2098210)
    assert {"Halab", "Alep", "حلب", "Ḩalab"} <= set(aleppo.alternate_names)
    assert "Aleppo" not in aleppo.alternate_names
    assert aleppo.line == 2


def test_places_drop_repeated_alternate_names() -> None:
    places = {p.name: p for p in parse_places(FIXTURES / "geonames_places_excerpt.csv")}
    damascus = places["Damascus"].alternate_names
    assert damascus.count("Damask") == 1  # written twice in the file


def test_admin1_reads_codes_and_names_without_inventing_ids() -> None:
    regions = list(parse_admin1(FIXTURES / "geonames_admin1.csv"))
    assert len(regions) == 14
    aleppo = regions[8]
    assert (aleppo.admin1_code, aleppo.name, aleppo.country, aleppo.feature) == (
        "09",
        "Aleppo",
        "SY",
        "admin1",
    )
    assert (aleppo.geonameid, aleppo.lat, aleppo.lon) == (None, None, None)


@pytest.mark.parametrize(
    ("fixture", "reader", "line", "field"),
    [
        ("geonames_places_bad_latitude.csv", parse_places, 3, "latitude"),
        ("geonames_places_bad_id.csv", parse_places, 4, "geonameid"),
        ("geonames_admin1_mismatched_code.csv", parse_admin1, 10, "geonames_code"),
    ],
)
def test_geonames_broken_files_name_file_line_and_field(
    fixture: str, reader: object, line: int, field: str
) -> None:
    path = FIXTURES / fixture
    with pytest.raises(BadFile) as err:
        list(reader(path))  # type: ignore[operator]
    assert err.value.message.startswith(f"{path}, line {line}, field {field!r}")


def test_places_missing_column_is_named(tmp_path: Path) -> None:
    text = (FIXTURES / "geonames_places_excerpt.csv").read_text(encoding="utf-8")
    copy = tmp_path / "places.csv"
    copy.write_text(text.replace(",longitude,", ",lng,", 1), encoding="utf-8")
    with pytest.raises(BadFile) as err:
        list(parse_places(copy))
    assert (err.value.line, err.value.field) == (1, "longitude")
