from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from trucewatch.domain.actors import ActorKind, RelationKind
from trucewatch.domain.dates import PartialDate
from trucewatch.domain.errors import BadFile
from trucewatch.reference.records import ActorRecord
from trucewatch.reference.unsanctions import comment_relations, parse_un_sanctions, split_alias

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "reference"
UN = FIXTURES / "un_consolidated_excerpt.xml"


def by_ref() -> dict[str, ActorRecord]:
    return {r.external_id: r for r in parse_un_sanctions(UN)}


def test_un_reads_individuals_and_entities_in_file_order() -> None:
    assert [r.external_id for r in parse_un_sanctions(UN)] == [
        "QDi.317",
        "QDi.341",
        "QDe.137",
        "QDe.115",
        "QDe.004",
        "KPe.001",
    ]


def test_un_qde137_splits_packed_aliases_into_names_and_scripts() -> None:
    nusra = by_ref()["QDe.137"]
    names = [a.name for a in nusra.aliases]
    assert nusra.name == "AL-NUSRAH FRONT FOR THE PEOPLE OF THE LEVANT"
    assert "Hay\u2019at Tahrir al-Sham" in names  # the list writes a typographic apostrophe
    assert "HTS" in names
    assert "هيئة تحرير الشام" in names
    assert "Jabhat al-Nusrah" in names
    assert "Ansar al-Mujahideen Network" in names  # " - sub-unit name" dropped
    assert not any("(" in n or ";" in n or "original script" in n for n in names)
    arabic = [a for a in nusra.aliases if a.script == "arab"]
    assert arabic[0].name == "جبهة النصرة لأهل الشام" and arabic[0].language == "ar"
    assert {a.origin for a in nusra.aliases} == {"UN list QDe.137"}


def test_un_qde137_designation_and_kind() -> None:
    nusra = by_ref()["QDe.137"]
    assert nusra.kind is ActorKind.ARMED_GROUP
    assert nusra.country == "SY"
    (designation,) = nusra.designations
    assert designation.authority == "UNSC-1267"
    assert designation.reference == "QDe.137"
    assert designation.listed_on == PartialDate.of(dt.date(2014, 5, 14))
    assert designation.delisted_on is None
    assert nusra.notes and nusra.notes.startswith("Associated with Al-Qaida (QDe.004).")


def test_un_entity_comment_gives_member_of_only_for_the_current_association() -> None:
    nusra = by_ref()["QDe.137"]
    # "Previously associated with ... (QDe.115)" is skipped; "Associated with Al-Qaida" is kept.
    assert [(r.kind, r.target_id, r.target_name) for r in nusra.relations] == [
        (RelationKind.MEMBER_OF, "QDe.004", "Al-Qaida")
    ]


def test_un_individual_is_a_person_with_joined_names_and_relations() -> None:
    people = by_ref()
    fighter = people["QDi.341"]
    assert fighter.kind is ActorKind.PERSON
    assert [(r.target_id, r.target_name) for r in fighter.relations] == [
        ("QDe.137", "Al-Nusrah Front for the People of the Levant"),
        ("QDe.115", "Al-Qaida in Iraq"),
    ]
    jawlani = people["QDi.317"]
    assert jawlani.relations == ()  # "Leader of ..." is not one of the trigger phrases
    assert jawlani.designations[0].authority == "UNSC-1267"
    assert any(a.script == "arab" for a in jawlani.aliases)


def test_un_dprk_entity_is_not_an_armed_group() -> None:
    entity = by_ref()["KPe.001"]
    assert entity.kind is ActorKind.OTHER
    assert entity.designations[0].authority == "UNSC-DPRK"


@pytest.mark.parametrize(
    ("packed", "names"),
    [
        ("Abdul Rehman; Abd Ur-Rehman", ["Abdul Rehman", "Abd Ur-Rehman"]),
        ("Al-Qaida in Yemen (AQY)", ["Al-Qaida in Yemen", "AQY"]),
        ("Abu Muhammad (original script: Абу Мухаммад)", ["Abu Muhammad", "Абу Мухаммад"]),
        ("أنصار الشريعة بليبيا (Ansar al Charia in Libya\n(ASL))",
         ["أنصار الشريعة بليبيا", "Ansar al Charia in Libya", "ASL"]),
        ("Leader (Hong Kong) International Trading Limited",
         ["Leader (Hong Kong) International Trading Limited"]),
        ("Lom-ali Butayev (Butaev)", ["Lom-ali Butayev (Butaev)"]),
        ("El Para (combat name) ", ["El Para"]),
        (") Abdelrahman Mouhamad Zafir al Dabissi Juhan",
         ["Abdelrahman Mouhamad Zafir al Dabissi Juhan"]),
        ("", []),
    ],
)  # fmt: skip
def test_split_alias_real_shapes(packed: str, names: list[str]) -> None:
    assert split_alias(packed) == names


@pytest.mark.parametrize(
    "comment",
    [
        "Previously associated with Al-Qaida (QDe.004).",
        "Was no longer affiliated with Al-Qaida (QDe.004).",
        "Associated with senior leaders of Al-Qaida (QDe.004).",
        "Leader of Al-Qaida (QDe.004).",
        "Associated with Aiman Muhammed Rabi al-Zawahiri (QDi.006).",
        "Member of the group. Al-Qaida (QDe.004) is mentioned in another sentence.",
    ],
)
def test_comment_relations_stay_silent_without_a_clear_membership(comment: str) -> None:
    assert comment_relations(comment, "QDi.999") == []


def test_comment_relations_follow_a_list_of_names() -> None:
    comment = (
        "Associated with Harakatul Jihad Islami (QDe.130), Jaish-I-Mohammed (QDe.019), "
        "and Al-Akhtar Trust International (QDe.121)."
    )
    assert [r.target_id for r in comment_relations(comment, "QDi.309")] == [
        "QDe.130",
        "QDe.019",
        "QDe.121",
    ]


@pytest.mark.parametrize(
    ("fixture", "field", "record"),
    [
        ("un_bad_listed_on.xml", "LISTED_ON", "QDe.137"),
        ("un_bad_reference.xml", "REFERENCE_NUMBER", None),
        ("un_not_the_schema.xml", "CONSOLIDATED_LIST", None),
    ],
)
def test_un_broken_files_name_file_line_record_and_field(
    fixture: str, field: str, record: str | None
) -> None:
    path = FIXTURES / fixture
    with pytest.raises(BadFile) as err:
        list(parse_un_sanctions(path))
    assert err.value.field == field
    assert err.value.line is not None
    assert err.value.message.startswith(f"{path}, line {err.value.line}")
    if record:
        assert err.value.record == record and f"record {record}" in err.value.message


def test_un_truncated_xml_is_a_bad_file_with_a_line() -> None:
    path = FIXTURES / "un_truncated.xml"
    with pytest.raises(BadFile) as err:
        list(parse_un_sanctions(path))
    assert err.value.line is not None
    assert "not well-formed XML" in err.value.message
