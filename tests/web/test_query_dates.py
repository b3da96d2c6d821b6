"""The API and the pages read a query date the same way (one parser, domain.dates.query_day):
YYYY, YYYY-MM or YYYY-MM-DD, a shorter form meaning its first day; anything else is a 400."""

from __future__ import annotations

import httpx
import pytest

from tests.api.conftest import Server


@pytest.mark.parametrize(
    ("as_of", "day"),
    [("2017-01", "2017-01-01"), ("2016", "2016-01-01"), ("2016-03-05", "2016-03-05")],
)
def test_api_and_page_accept_the_same_date_forms(web: Server, as_of: str, day: str) -> None:
    api = httpx.get(f"{web.base}/api/v1/truces/1/participants", params={"as_of": as_of})
    page = httpx.get(f"{web.base}/truces/1/participants", params={"as_of": as_of})
    assert (api.status_code, page.status_code) == (200, 200)
    assert api.json()["as_of"] == day
    assert f"on {day}" in page.text


@pytest.mark.parametrize("as_of", ["2017-13", "5 Apr 2017", "2017-02-30", "yesterday"])
def test_api_and_page_refuse_the_same_bad_dates(web: Server, as_of: str) -> None:
    api = httpx.get(f"{web.base}/api/v1/truces/1/participants", params={"as_of": as_of})
    page = httpx.get(f"{web.base}/truces/1/participants", params={"as_of": as_of})
    assert (api.status_code, page.status_code) == (400, 400)
    assert "as_of" in api.text and "as_of" in page.text
