import datetime as dt

import pytest

from trucewatch.domain.dates import PartialDate, Precision, parse_date, parse_datetime
from trucewatch.domain.errors import InvalidInput


@pytest.mark.parametrize(
    ("text", "start", "precision", "end"),
    [
        ("2016", dt.date(2016, 1, 1), Precision.YEAR, dt.date(2016, 12, 31)),
        ("2016-02", dt.date(2016, 2, 1), Precision.MONTH, dt.date(2016, 2, 29)),
        ("2016-02-27", dt.date(2016, 2, 27), Precision.DAY, dt.date(2016, 2, 27)),
    ],
)
def test_partial_dates_keep_their_precision(text, start, precision, end) -> None:
    d = parse_date(text)
    assert (d.start, d.precision, d.end, d.iso()) == (start, precision, end, text)


@pytest.mark.parametrize("text", ["27/02/2016", "2016-13", "2016-02-30", "", "soon"])
def test_bad_dates_name_the_argument_and_the_forms(text: str) -> None:
    with pytest.raises(InvalidInput) as err:
        parse_date(text, "--date")
    assert "--date" in err.value.message
    assert "YYYY-MM-DD" in err.value.message


def test_known_on_as_a_bare_date_means_the_end_of_that_day() -> None:
    value = parse_datetime("2017-01-05")
    assert value == dt.datetime(2017, 1, 5, 23, 59, 59, 999999, tzinfo=dt.UTC)


def test_naive_timestamps_are_read_as_utc() -> None:
    assert parse_datetime("2017-01-05T10:00").tzinfo == dt.UTC
    assert parse_datetime("2017-01-05T12:00+02:00") == dt.datetime(2017, 1, 5, 10, tzinfo=dt.UTC)


def test_partial_dates_order_by_their_first_day() -> None:
    assert PartialDate(dt.date(2016, 1, 1), Precision.YEAR) < PartialDate.of(dt.date(2016, 1, 2))
