from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from trucewatch.domain.actors import ActorKind
from trucewatch.domain.errors import BadFile
from trucewatch.reference.phoenix import parse_phoenix
from trucewatch.reference.records import ActorRecord

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "reference"
PHOENIX = FIXTURES / "phoenix_actors_excerpt.txt"


def by_name(countries: set[str] | None = None) -> dict[str, ActorRecord]:
    return {r.external_id: r for r in parse_phoenix(PHOENIX, countries=countries)}


def test_phoenix_sergey_lavrov_is_a_russian_person_with_his_aliases() -> None:
    lavrov = by_name()["SERGEY_LAVROV"]
    assert lavrov.name == "Sergey Lavrov"
    assert lavrov.kind is ActorKind.PERSON
    assert lavrov.country == "RU"
    assert lavrov.external_ids == {"phoenix": "RUSGOV"}
    names = [a.name for a in lavrov.aliases]
    assert names[:3] == ["Sergey Viktorovich Lavrov", "Lavrov", "Sergey V. Lavrov"]
    assert "Sergei Lavrov" in names
    assert "S. Lavrov" in names  # from the repeated entry, merged in
    assert len(names) == 10
    assert lavrov.notes and "RUSGOV from 2004-03-09 (Foreign Minister)" in lavrov.notes
    assert lavrov.line == 17


def test_phoenix_two_digit_years_follow_petrarch_pivot() -> None:
    assad = by_name()["BASHAR_AL_ASSAD"]
    assert assad.notes and "SYRELI 1983-01-01..2000-01-01" in assad.notes
    assert "SYRGOV from 2000-07-17" in assad.notes
    assert dt.date(2000, 7, 17).isoformat() in assad.notes


@pytest.mark.parametrize(
    ("external_id", "kind", "country"),
    [
        ("SYRIA", ActorKind.STATE, "SY"),
        ("SERGEY_LAVROV", ActorKind.PERSON, "RU"),
        ("SYRIA_EMERGENCY_TASK_FORCE", ActorKind.OTHER, "SY"),  # dated, but not a person
        ("KOFI_ANNAN", ActorKind.PERSON, None),
        ("A.H._BELO_CORPORATION", ActorKind.OTHER, None),
        ("HEZBOLLAH", ActorKind.ARMED_GROUP, "LB"),
    ],
)
def test_phoenix_kind_and_country_from_codes(
    external_id: str, kind: ActorKind, country: str | None
) -> None:
    actor = by_name()[external_id]
    assert actor.kind is kind
    assert actor.country == country


def test_phoenix_skips_null_coded_phrases() -> None:
    assert "INDIAN_OCEAN" not in by_name()


def test_phoenix_country_filter_keeps_entries_with_a_matching_code() -> None:
    assert set(by_name({"SYR"})) == {"SYRIA", "BASHAR_AL_ASSAD", "SYRIA_EMERGENCY_TASK_FORCE"}
    assert set(by_name({"rus", "IGO"})) == {"SERGEY_LAVROV", "KOFI_ANNAN"}


def test_phoenix_aliases_drop_repeats_and_use_spaces() -> None:
    hezbollah = by_name()["HEZBOLLAH"]
    names = [a.name for a in hezbollah.aliases]
    assert names.count("Hizballah") == 1
    assert "Party Of God" in names
    assert all("_" not in n for n in names)


@pytest.mark.parametrize(
    ("fixture", "line", "field"),
    [
        ("phoenix_bad_date.txt", 28, "date"),
        ("phoenix_unclosed_code.txt", 31, "code"),
        ("phoenix_alias_before_entry.txt", 2, "alias"),
    ],
)
def test_phoenix_broken_files_name_file_line_and_field(fixture: str, line: int, field: str) -> None:
    path = FIXTURES / fixture
    with pytest.raises(BadFile) as err:
        list(parse_phoenix(path))
    assert (err.value.line, err.value.field) == (line, field)
    assert err.value.message.startswith(f"{path}, line {line}, field {field!r}")
