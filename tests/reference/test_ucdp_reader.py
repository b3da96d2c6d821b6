from __future__ import annotations

import string
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trucewatch.domain.actors import ActorKind, RelationKind
from trucewatch.domain.errors import BadFile
from trucewatch.reference.ucdp import REQUIRED_COLUMNS, parse_ucdp_actors

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "reference"

UCDP = FIXTURES / "ucdp_actors.csv"


def by_id(path: Path) -> dict:
    return {r.external_id: r for r in parse_ucdp_actors(path)}


def test_ucdp_1170_has_original_names_as_aliases_and_renames_within_its_own_id() -> None:
    actor = by_id(UCDP)["1170"]
    assert actor.name == "Jabhat Fateh al-Sham"
    assert actor.kind is ActorKind.ARMED_GROUP
    assert actor.external_ids == {"ucdp": "1170"}
    assert [a.name for a in actor.aliases] == [
        "Jabhat al-Nusra li al-Sham",
        "The Support Front for the People of Syria",
        "Front for the Conquest of the Levant",
    ]
    assert {a.origin for a in actor.aliases} == {"UCDP Actor 22.1"}
    renamed = [r for r in actor.relations if r.kind is RelationKind.RENAMED_TO]
    assert [(r.target_id, r.target_name) for r in renamed] == [("1170", "Jabhat Fateh al-Sham")]
    allied = [r for r in actor.relations if r.kind is RelationKind.ALLIED_WITH]
    assert [(r.target_scheme, r.target_id, r.target_name) for r in allied] == [
        ("ucdp", "6815", "HTS")
    ]


def test_ucdp_country_comes_from_the_first_gwno_code() -> None:
    actors = by_id(UCDP)
    assert actors["1170"].country == "LB"  # "660, 652, 640": Lebanon is listed first
    assert actors["5554"].country == "SY"
    assert actors["3"].country == "US"
    assert actors["89"].country is None  # 490 (DR Congo) is not in the table


def test_ucdp_government_is_a_state_and_groups_are_armed_groups() -> None:
    actors = by_id(UCDP)
    assert actors["3"].kind is ActorKind.STATE
    assert actors["6434"].kind is ActorKind.ARMED_GROUP


def test_ucdp_multi_valued_cells_pair_ids_with_names() -> None:
    zenki = by_id(UCDP)["6434"]
    links = {(r.kind, r.target_id, r.target_name) for r in zenki.relations}
    assert links == {
        (RelationKind.SPLIT_FROM, "6012", "Mujahideen Army"),
        (RelationKind.SPLIT_FROM, "6815", "HTS"),
        (RelationKind.ALLIED_WITH, "6815", "HTS"),
        (RelationKind.MEMBER_OF, "7105", "Syrian Liberation Front"),
    }


def test_ucdp_temporary_split_is_a_split_from_with_a_note() -> None:
    sharqiya = by_id(UCDP)["7122"]
    split = [r for r in sharqiya.relations if r.kind is RelationKind.SPLIT_FROM]
    assert [(r.target_id, r.target_name) for r in split] == [("7514", "SNA")]
    assert split[0].note and "temporary" in split[0].note


def test_ucdp_comma_separated_new_names_give_one_rename_each() -> None:
    islamic_state = by_id(UCDP)["234"]
    renamed = [r.target_name for r in islamic_state.relations if r.kind is RelationKind.RENAMED_TO]
    assert renamed == ["TQJBR", "ISI", "ISIS", "IS"]
    assert "ISI" in {a.name for a in islamic_state.aliases}


def test_ucdp_aliases_skip_na_and_repeat_names() -> None:
    us = by_id(UCDP)["3"]
    assert us.aliases == ()  # NameOrig repeats NameData, NameOrigFull is "n/a"


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "latin-1"])
def test_ucdp_reads_bom_utf8_plain_utf8_and_latin1(tmp_path: Path, encoding: str) -> None:
    text = UCDP.read_text(encoding="utf-8-sig")
    lines = text.splitlines(keepends=True)
    if encoding == "latin-1":  # keep the rows latin-1 can hold (6434 and 234 use ḥ, ’)
        lines = [line for line in lines if all(ord(c) < 256 for c in line)]
    copy = tmp_path / "actors.csv"
    copy.write_bytes("".join(lines).encode(encoding))
    congo = by_id(copy)["89"]
    assert "Government of République démocratique du Congo (Zaïre)" in {
        a.name for a in congo.aliases
    }


def test_ucdp_line_numbers_point_at_the_row(tmp_path: Path) -> None:
    lines = UCDP.read_text(encoding="utf-8-sig").splitlines()
    actors = by_id(UCDP)
    for actor in actors.values():
        assert lines[actor.line - 1].startswith(actor.external_id + ",")


def test_ucdp_non_numeric_actor_id_names_file_line_and_field() -> None:
    broken = FIXTURES / "ucdp_bad_actor_id.csv"
    with pytest.raises(BadFile) as err:
        list(parse_ucdp_actors(broken))
    assert err.value.field == "ActorId"
    assert str(broken) in err.value.message
    assert ", line " in err.value.message and "'11x0'" in err.value.message


@pytest.mark.parametrize(
    ("column", "value"),
    [("Org", "7"), ("NameChange", "yes"), ("ActorIdGroup", "71O5"), ("GWNOLoc", "Syria")],
)
def test_ucdp_bad_cell_names_its_column(tmp_path: Path, column: str, value: str) -> None:
    import csv

    with UCDP.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    rows[0][column] = value
    copy = tmp_path / "actors.csv"
    with copy.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    with pytest.raises(BadFile) as err:
        list(parse_ucdp_actors(copy))
    assert err.value.field == column
    assert err.value.line == 2


@settings(max_examples=25, deadline=None)
@given(
    missing=st.sampled_from(REQUIRED_COLUMNS),
    junk=st.text(alphabet=string.ascii_letters + " ,-", max_size=30),
)
def test_ucdp_any_missing_required_column_is_named(missing: str, junk: str) -> None:
    import csv
    import tempfile

    with UCDP.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    columns = [c for c in rows[0] if c != missing]
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "actors.csv"
        with copy.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(columns)
            for row in rows:
                writer.writerow([junk if c == "Location" else row[c] for c in columns])
        with pytest.raises(BadFile) as err:
            list(parse_ucdp_actors(copy))
    assert err.value.field == missing
    assert err.value.line == 1
    assert repr(missing) in err.value.message
