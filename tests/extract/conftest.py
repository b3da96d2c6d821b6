"""Shared fixtures: one default pipeline per test session (it loads the bundled data once)."""

from __future__ import annotations

import pytest

from trucewatch.extract.gazetteer import ActorEntry, Gazetteer
from trucewatch.extract.pipeline import Pipeline


@pytest.fixture(scope="session")
def pipeline() -> Pipeline:
    return Pipeline.default()


@pytest.fixture(scope="session")
def small_gazetteer() -> Gazetteer:
    return Gazetteer.from_entries(
        [
            ActorEntry(1, "Russia", "state", ["Russian Federation"], "RU"),
            ActorEntry(2, "Turkey", "state", ["Türkiye"], "TR"),
            ActorEntry(3, "Turkish Armed Forces", "military", [], "TR"),
            ActorEntry(4, "Russian Aerospace Forces", "military", [], "RU"),
            ActorEntry(5, "Jabhat al-Nusra", "armed_group", ["Nusra Front"], None),
            ActorEntry(6, "United States", "state", ["US", "U.S."], "US"),
            ActorEntry(7, "Islamic State", "armed_group", ["IS", "ISIS", "ISIL"], None),
            ActorEntry(8, "Sergey Lavrov", "person", ["Sergei Lavrov"], "Russia"),
            ActorEntry(9, "Iran", "state", [], "IR"),
            ActorEntry(10, "US-led coalition", "military", [], None),
        ]
    )
