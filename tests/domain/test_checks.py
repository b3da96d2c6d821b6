"""The shared input checks (domain/checks.py): each rule written once, the same sentence
wherever it is used."""

from __future__ import annotations

import datetime as dt

import pytest

from trucewatch.domain.checks import country_code, not_in_future, one_of, parse_enum
from trucewatch.domain.errors import InvalidInput
from trucewatch.domain.ledger import EntryKind

NOW = dt.datetime(2017, 4, 12, 10, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(("value", "code"), [("SY", "SY"), (" sy ", "SY"), ("tr", "TR")])
def test_country_code_trims_and_upper_cases(value: str, code: str) -> None:
    assert country_code(value) == code


@pytest.mark.parametrize("value", ["SYR", "S", "", "S1", "  ", "Ü"])
def test_country_code_refuses_anything_but_two_letters(value: str) -> None:
    with pytest.raises(InvalidInput) as err:
        country_code(value, "--country")
    assert str(err.value) == f"--country: {value!r} is not an ISO 3166 alpha-2 code such as SY."
    assert err.value.field == "country"


def test_not_in_future_allows_the_recording_day_and_refuses_the_next() -> None:
    not_in_future(NOW.date(), NOW, "--date")
    with pytest.raises(InvalidInput) as err:
        not_in_future(NOW.date() + dt.timedelta(days=1), NOW, "--date")
    assert str(err.value) == "--date: 2017-04-13 is in the future of the recording time 2017-04-12."
    assert err.value.field == "date"


def test_not_in_future_shows_a_partial_date_as_given() -> None:
    with pytest.raises(InvalidInput, match="--date: 2017-05 is in the future"):
        not_in_future(dt.date(2017, 5, 1), NOW, "--date", shown="2017-05")


def test_parse_enum_normalises_and_lists_what_it_expects() -> None:
    assert parse_enum(EntryKind, " Joined ", "kind", "a participation entry") is EntryKind.JOINED
    with pytest.raises(InvalidInput) as err:
        parse_enum(EntryKind, "retracted", "kind", "an entry", exclude=(EntryKind.RETRACTED,))
    assert "retracted" not in str(err.value).split("expected one of")[1]
    assert str(err.value).startswith("kind: 'retracted' is not an entry; expected one of joined")


def test_one_of_names_the_choices() -> None:
    assert one_of("csv", ("csv", "geojson"), "KIND", "an export kind") == "csv"
    with pytest.raises(InvalidInput) as err:
        one_of("xls", ("csv", "geojson"), "KIND", "an export kind", field="kind")
    assert str(err.value) == "KIND: 'xls' is not an export kind; expected one of csv, geojson."
    assert err.value.field == "kind"
