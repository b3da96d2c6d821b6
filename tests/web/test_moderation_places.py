"""The place a moderator picks for a field report: only what the page offered is accepted."""

from __future__ import annotations

import pytest

from trucewatch.domain.errors import InvalidInput
from trucewatch.web.views import place_choice, place_options


def test_every_offered_place_is_accepted_as_offered() -> None:
    options = place_options("Douma, Rif Dimashq")
    assert [v.split(":")[0] for v, _ in options] == ["gid", "admin1"]
    town = place_choice(options[0][0], "Douma, Rif Dimashq")
    assert town is not None and town.lat is not None and town.precision == 1
    assert (town.admin1, town.country) == ("Rif-dimashq", "SY")
    region = place_choice(options[1][0], "Douma, Rif Dimashq")
    assert region is not None and region.lat is None and region.precision == 3
    assert region.name == "Douma, Rif Dimashq"  # the reporter's words stay the place name


def test_keeping_the_text_means_no_place_override() -> None:
    assert place_choice("", "Idlib") is None


@pytest.mark.parametrize("forged", ["gid:1", "gid:abc", "admin1:Atlantis", "lat:35,36"])
def test_a_value_the_page_did_not_offer_is_refused(forged: str) -> None:
    with pytest.raises(InvalidInput) as err:
        place_choice(forged, "Idlib")
    assert err.value.field == "place"
