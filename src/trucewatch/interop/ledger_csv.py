"""The participation ledger as CSV: every entry with both its times and its sources.

`effective` is when it happened (with its precision) and `recorded_at` when we learned it, so a
reader can replay any past state; retractions are rows of their own pointing at what they
retract, as in the ledger itself.
"""

from __future__ import annotations

from typing import Any

from trucewatch.interop.csvtext import csv_line

COLUMNS: tuple[str, ...] = (
    "entry_id",
    "truce_id",
    "truce",
    "actor_id",
    "actor",
    "kind",
    "effective",
    "effective_precision",
    "asserted_by",
    "retracts",
    "recorded_at",
    "note",
    "sources",
)


def header() -> str:
    return csv_line(COLUMNS)


def row(entry: dict[str, Any], *, raw_formulas: bool = False) -> str:
    values = dict(entry)
    values["entry_id"] = entry["id"]
    values["sources"] = " | ".join(
        str(s.get("url") or s.get("citation") or s.get("title") or s["id"])
        for s in entry["sources"]
    )
    return csv_line((values.get(c) for c in COLUMNS), raw_formulas=raw_formulas)
