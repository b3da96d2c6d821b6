import datetime as dt

import pytest

from trucewatch.ingest import parse_published


@pytest.mark.parametrize(
    "written",
    [
        "2017-04-05",
        "2017-04-05T14:32:10+00:00",
        "2017-04-05T23:59:00-05:00",
        "4/5/2017",
        "04/05/2017",
        "05 Apr 2017",
        "5 April 2017",
        "Wed 05 Apr 2017",
        "Wednesday, 5 April 2017",
        "April 5, 2017",
        "Apr. 5 2017",
        "Wed, 05 Apr 2017 14:32:10 +0000",
        "  5th April 2017 ",
    ],
)
def test_parse_published_reads_the_forms_sources_write(written: str) -> None:
    assert parse_published(written) == dt.date(2017, 4, 5)


def test_parse_published_reads_day_first_slashes_only_when_month_first_is_impossible() -> None:
    assert parse_published("25/12/2016") == dt.date(2016, 12, 25)
    assert parse_published("12/11/2016") == dt.date(2016, 12, 11)


@pytest.mark.parametrize(
    "written", ["", "   ", "sometime in spring", "2017-02-30", "31 Feb 2017", "13/13/2017", None]
)
def test_parse_published_returns_none_for_what_is_not_a_date(written: str | None) -> None:
    assert parse_published(written) is None
