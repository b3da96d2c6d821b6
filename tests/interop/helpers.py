"""Shared pieces of the interop tests: fixture paths, a small registry, counts."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from trucewatch.domain.actors import ActorKind
from trucewatch.services import registry
from trucewatch.services.context import Caller
from trucewatch.services.interop import ImportSummary, run_import
from trucewatch.storage.db import Database
from trucewatch.storage.tables import candidates, incidents, truces

FIX = Path(__file__).resolve().parent.parent / "fixtures" / "interop"
# The full PA-X Syria file is not shipped (non-commercial licence): a shared-data file.
PAX_SHARED = "data/reference/pax-syria-agreements/pax_syria_agreements_compact.csv"
ME = Caller("tester", "import")


def registry_with_aliases(database: Database) -> dict[str, int]:
    """Registry actors named differently from ACLED's labels, found through aliases."""
    ids = {}
    with database.transaction() as s:
        ids["saa"] = registry.add_actor(
            s, ME, "Syrian Arab Army", ActorKind.STATE_FORCE,
            aliases=["Military Forces of Syria (2000-)"], country="SY",
        )  # fmt: skip
        ids["jai"] = registry.add_actor(s, ME, "Jaysh al-Islam", ActorKind.ARMED_GROUP)
        ids["ahrar"] = registry.add_actor(s, ME, "Ahrar al-Sham", ActorKind.ARMED_GROUP)
    return ids


def imp(database: Database, kind: str, name: str | Path, **kw: object) -> ImportSummary:
    path = name if isinstance(name, Path) else FIX / name
    return run_import(database, ME, kind, path, **kw)  # type: ignore[arg-type]


def count(database: Database, table: object) -> int:
    with database.transaction() as s:
        return int(s.conn.execute(select(func.count()).select_from(table)).scalar_one())  # type: ignore[arg-type]


TABLES = {"incidents": incidents, "candidates": candidates, "truces": truces}
