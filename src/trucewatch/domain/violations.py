"""Violation categories as ceasefire monitors count them, mapped from the event taxonomy.

Monitoring missions split what they count by means: air strikes, shelling (artillery, mortars,
rockets, missiles), armed clashes, explosives (IEDs, mines, suicide bombs, grenades), small-arms
fire and chemical weapons (the OSCE SMM's explosions / projectiles / bursts and shots; ACLED's
sub-event types). Each violent event type of domain.taxonomy maps to one category. ACLED's
"Attack" (violence against civilians by any means) names no means, so it counts as "other", and
no event type of the taxonomy names small arms yet: the category is kept so that every bulletin
has the same columns. Non-violent event types have no category and are not counted.
"""

from __future__ import annotations

CATEGORIES: dict[str, str] = {
    "air_strike": "Air strike",
    "shelling": "Shelling, artillery or missile",
    "armed_clash": "Armed clash",
    "explosive": "Explosive",
    "small_arms": "Small arms",
    "chemical": "Chemical",
    "other": "Other violence",
}

_BY_TYPE: dict[str, str] = {
    "violence.air_strike": "air_strike",
    "violence.shelling": "shelling",
    "violence.armed_clash": "armed_clash",
    "battle.government_regains_territory": "armed_clash",
    "battle.non_state_overtakes_territory": "armed_clash",
    "violence.remote_explosive": "explosive",
    "violence.suicide_bomb": "explosive",
    "violence.grenade": "explosive",
    "violence.chemical_weapon": "chemical",
    "violence.attack": "other",
    "violence.abduction": "other",
    "violence.sexual_violence": "other",
    "truce.violation_alleged": "other",
}


def category_of(event_type: str) -> str | None:
    """The category an event type counts under; None: not violence, not counted."""
    return _BY_TYPE.get(event_type)
