"""The event taxonomy: complete, consistent, and faithful to the reference code tables."""

from __future__ import annotations

import re

import pytest

from tests.shared_data import shared_path
from trucewatch.domain.taxonomy import (
    ACLED_CASE_LABELS,
    CASE_LABELS,
    EVENT_TYPES,
    FAMILIES,
    case_label,
)

PLOVER_TABLE = "data/reference/plover/CAMEO2PLOVER-2021.txt"

# fmt: off
ALL_CASE_LABELS = {
    "ARMED_CLASH", "AIR_STRIKE", "ART_MISS_ATTACK", "CHEM_WEAP", "SUIC_BOMB", "REM_EXPLOS",
    "GRENADE", "ATTACK", "ABDUCT_DISSAP", "SEX_VIOL", "GOV_REGAINS_TERIT",
    "NON_STATE_ACTOR_OVERTAKES_TER", "AGREEMENT", "ARREST", "CHANGE_TO_GROUP_ACT", "DISR_WEAP",
    "HQ_ESTABLISHED", "PROPERTY_DISTRUCT", "NON_VIOL_TERRIT_TRANSFER", "OTHER", "PEACE_PROTEST",
    "PROTEST_WITH_INTER", "FORCE_AGAINST_PROTEST", "VIOL_DEMONSTR", "MOB_VIOL", "ORG_CRIME",
    "NATURAL_DISASTER", "MAN_MADE_DISASTER", "DIPLO", "ATTRIB",
}
# fmt: on

ACLED_SUB_EVENTS = {
    "Battles": {
        "Armed clash",
        "Government regains territory",
        "Non-state actor overtakes territory",
    },
    "Explosions/Remote violence": {
        "Chemical weapon",
        "Air/drone strike",
        "Suicide bomb",
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
        "Grenade",
    },
    "Violence against civilians": {"Sexual violence", "Attack", "Abduction/forced disappearance"},
    "Protests": {
        "Peaceful protest",
        "Protest with intervention",
        "Excessive force against protesters",
    },
    "Riots": {"Violent demonstration", "Mob violence"},
    "Strategic developments": {
        "Agreement",
        "Arrests",
        "Change to group/activity",
        "Disrupted weapons use",
        "Headquarters or base established",
        "Looting/property destruction",
        "Non-violent transfer of territory",
        "Other",
    },
}


def test_every_type_has_a_known_family_label_and_description() -> None:
    for type_id, event_type in EVENT_TYPES.items():
        assert event_type.id == type_id
        assert event_type.family in FAMILIES
        assert event_type.label and event_type.description


def test_case_labels_cover_all_thirty_labels_and_point_at_known_types() -> None:
    assert set(CASE_LABELS) == ALL_CASE_LABELS
    assert set(CASE_LABELS.values()) <= set(EVENT_TYPES)
    assert len(ACLED_CASE_LABELS) == 25


def test_every_type_has_a_case_label_and_round_trips() -> None:
    for type_id in EVENT_TYPES:
        assert case_label(type_id) in ALL_CASE_LABELS
    for label, type_id in CASE_LABELS.items():
        assert case_label(type_id) == label
    with pytest.raises(KeyError):
        case_label("no.such.type")


def test_the_25_acled_sub_event_types_are_each_mapped_once() -> None:
    seen = {
        (t.acled_event_type, t.acled_sub_event_type)
        for t in EVENT_TYPES.values()
        if t.acled_event_type and t.family != "truce"
    }
    expected = {(e, s) for e, subs in ACLED_SUB_EVENTS.items() for s in subs}
    assert seen == expected
    for label in ACLED_CASE_LABELS:
        assert EVENT_TYPES[CASE_LABELS[label]].acled_sub_event_type is not None


def _plover_table() -> dict[str, tuple[str, str]]:
    rows: dict[str, tuple[str, str]] = {}
    for line in shared_path(PLOVER_TABLE).read_text(encoding="utf-8").splitlines():
        match = re.match(r"^(\d{3,4}):\s*([A-Z]+)\s*,\s*([^,#]*)", line)
        if match:
            rows[match.group(1)] = (match.group(2), match.group(3).strip())
    return rows


def test_claimed_plover_codes_match_the_cameo2plover_table() -> None:
    table = _plover_table()
    for event_type in EVENT_TYPES.values():
        if event_type.plover_event is None:
            assert event_type.plover_mode is None
            continue
        assert event_type.cameo in table, event_type.id
        event, mode = table[event_type.cameo]
        assert event_type.plover_event == event, event_type.id
        assert (event_type.plover_mode or "") == mode, event_type.id


def test_truce_codes_follow_domain_md() -> None:
    assert EVENT_TYPES["truce.declared"].cameo == "0871"
    assert EVENT_TYPES["truce.violation_alleged"].cameo == "196"
    assert EVENT_TYPES["truce.appeal"].cameo == "0256"
    assert EVENT_TYPES["truce.refused"].cameo == "1246"
    assert EVENT_TYPES["violence.chemical_weapon"].cameo == "2041"
