"""The incident domain on plain objects: the summary rule, stories, transitions, bad values."""

from __future__ import annotations

import datetime as dt

import pytest

from trucewatch.domain.dates import parse_date
from trucewatch.domain.errors import InvalidInput
from trucewatch.domain.incidents import (
    Claim,
    Fatalities,
    IncidentTime,
    Place,
    TimePrecision,
    VerificationStatus,
    check_fatalities,
    check_transition,
    in_truce_scope,
    parse_incident_time,
    story_groups,
    summarize,
)
from trucewatch.domain.truces import Truce, TruceKind

AT = dt.datetime(2017, 4, 5, tzinfo=dt.UTC)
WIRE = (
    "Warplanes struck the town of Khan Shaykhun in Idlib province early on Tuesday, killing dozens"
)


def claim(i: int, **kw) -> Claim:
    return Claim(id=i, incident_id=1, source_id=i, recorded_at=AT, **kw)


def test_summary_uses_credible_claims_and_marks_disagreements_as_contested() -> None:
    a = claim(
        1,
        perpetrators=frozenset({10}),
        fatalities=Fatalities(72, 86, 86),
        reliability="B",
        credibility=2,
    )
    b = claim(
        2,
        perpetrators=frozenset({20}),
        fatalities=Fatalities(best=20),
        reliability="C",
        credibility=4,
    )
    c = claim(
        3,
        perpetrators=frozenset({10}),
        fatalities=Fatalities(best=58),
        reliability="A",
        credibility=3,
    )
    s = summarize([a, b, c])
    assert s.basis == (1, 3)  # claim 2 is graded 4: not credible
    assert s.fatalities == (58, 58, 86)  # min low .. max high; median_low of bests (58, 86)
    assert s.perpetrators == (10,)
    assert set(s.contested) == {"perpetrators", "fatalities"}
    assert not s.provisional
    assert s.corroboration == 3


def test_summary_without_credible_claims_is_provisional_over_all_accepted() -> None:
    s = summarize([claim(1, perpetrators=frozenset({10})), claim(2, perpetrators=frozenset({20}))])
    assert s.provisional
    assert s.perpetrators == (10, 20)


def test_refuted_claims_are_set_aside() -> None:
    s = summarize(
        [
            claim(1, perpetrators=frozenset({10}), reliability="B", credibility=2),
            claim(
                2,
                perpetrators=frozenset({20}),
                reliability="B",
                credibility=2,
                status=VerificationStatus.REFUTED,
            ),
        ]
    )
    assert s.perpetrators == (10,)
    assert s.contested == ()


def test_wire_copies_count_once() -> None:
    a = claim(1, evidence_text=WIRE + ", a monitor said.")
    b = claim(2, evidence_text="AFP - " + WIRE + ", a monitor said on Tuesday.")
    c = claim(3, same_story_as=1)
    d = claim(4, evidence_text="Russia's defence ministry said an air strike hit a depot")
    assert story_groups([a, b, c, d]) == [(1, 2, 3), (4,)]
    assert summarize([a, b, c, d]).corroboration == 2


@pytest.mark.parametrize(
    ("current", "new", "ok"),
    [
        ("reported", "observed", True),
        ("observed", "verified", True),
        ("verified", "attributed", True),
        ("reported", "attributed", False),
        ("refuted", "verified", False),
        ("refuted", "disputed", True),
    ],
)
def test_transitions(current: str, new: str, ok: bool) -> None:
    c, n = VerificationStatus(current), VerificationStatus(new)
    if ok:
        check_transition(c, n, "incident 1")
    else:
        with pytest.raises(InvalidInput, match=f"Allowed from {current}: "):
            check_transition(c, n, "incident 1")


@pytest.mark.parametrize(
    ("f", "message"),
    [
        (Fatalities(low=10, high=5), "greater than"),
        (Fatalities(best=-1), "negative"),
        (Fatalities(low=5, best=3, high=9), "below"),
        (Fatalities(best=10, children=11), "more than the total"),
        (Fatalities(best=10, civilians=8, non_civilians=4), "more than the total"),
    ],
)
def test_impossible_fatalities_are_refused(f: Fatalities, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        check_fatalities(f)


def test_incident_time_precision() -> None:
    assert parse_incident_time("2017-04") == IncidentTime(dt.date(2017, 4, 1), TimePrecision.MONTH)
    week = parse_incident_time("2017-04-06", "week")
    assert (week.start, week.end, week.iso()) == (
        dt.date(2017, 4, 3),
        dt.date(2017, 4, 9),
        "2017-W14",
    )
    assert IncidentTime(dt.date(2016, 2, 1), TimePrecision.MONTH).end == dt.date(2016, 2, 29)
    with pytest.raises(InvalidInput, match="only a year"):
        parse_incident_time("2017")


def test_truce_scope_checks_time_country_and_areas() -> None:
    zones = Truce(
        None,
        "zones",
        TruceKind.DE_ESCALATION_ZONE,
        parse_date("2017-05-06"),
        countries=["SY"],
        areas=["Idlib"],
    )
    idlib = Place("Khan Shaykhun", "Idlib", "SY")
    assert in_truce_scope(zones, IncidentTime(dt.date(2017, 6, 1)), idlib)
    assert not in_truce_scope(zones, IncidentTime(dt.date(2017, 4, 4)), idlib)
    assert in_truce_scope(zones, IncidentTime(dt.date(2017, 5, 1), TimePrecision.MONTH), idlib)
    assert not in_truce_scope(
        zones, IncidentTime(dt.date(2017, 6, 1)), Place("Douma", "Rif Dimashq", "SY")
    )
    assert not in_truce_scope(
        zones, IncidentTime(dt.date(2017, 6, 1)), Place("Mosul", "Ninawa", "IQ")
    )
