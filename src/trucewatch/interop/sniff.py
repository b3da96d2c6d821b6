"""Recognise a file's format from its first lines, so a wrong file is refused with a sentence
that says what it looks like ("this looks like a UCDP GED file, not ACLED") instead of a
thousand bad-row errors.
"""

from __future__ import annotations

import csv
from pathlib import Path

from trucewatch.domain.errors import BadFile
from trucewatch.ingest.jsontext import parse_json

# kind -> how users call it in a sentence
NAMES: dict[str, str] = {
    "acled": "an ACLED events file",
    "acled-json": "an ACLED API answer (JSON)",
    "acled-deletions": "an ACLED deleted-events list",
    "ucdp-ged": "a UCDP GED file",
    "ucdp-actors": "a UCDP Actor dataset file",
    "gdelt": "a GDELT 2.0 events file",
    "gdelt-mentions": "a GDELT 2.0 mentions file",
    "pax": "a PA-X agreements file",
    "hxl": "an HXL-tagged CSV",
    "plover": "a PLOVER JSON-lines file",
    "geojson": "a GeoJSON file",
    "ledger-csv": "a trucewatch ledger CSV",
    "json": "a JSON file",
    "csv": "a CSV file of some other kind",
    "text": "a text file that is not CSV",
    "binary": "a binary file (not text)",
    "empty": "an empty file",
}
# kind of import -> the sniffed kinds it accepts
ACCEPTS: dict[str, tuple[str, ...]] = {
    "acled": ("acled", "acled-json"),
    "acled-deletions": ("acled-deletions",),
    "ucdp-ged": ("ucdp-ged",),
    "gdelt": ("gdelt",),
    "gdelt-mentions": ("gdelt-mentions",),
    "pax": ("pax",),
}
LABELS = {
    "acled": "ACLED",
    "acled-deletions": "an ACLED deletions list",
    "ucdp-ged": "UCDP GED",
    "gdelt": "GDELT events",
    "gdelt-mentions": "GDELT mentions",
    "pax": "PA-X",
}

_HEAD_BYTES = 64 * 1024


def _header_kind(header: list[str], second: list[str] | None) -> str:
    cols = {h.strip().lstrip("\ufeff") for h in header}
    if second and any(c.strip().startswith("#") for c in second if c.strip()):
        return "hxl"
    if {"event_id_cnty", "deleted_timestamp"} <= cols:
        return "acled-deletions"
    if {"event_id_cnty", "sub_event_type"} <= cols:
        return "acled"
    if {"where_prec", "side_a", "best"} <= cols:
        return "ucdp-ged"
    if {"ActorId", "NameData"} <= cols or {"actorid", "name"} <= cols:
        return "ucdp-actors"
    if {"AgtId", "Agt", "Dat"} <= cols:
        return "pax"
    if {"entry_id", "truce", "actor", "kind", "recorded_at"} <= cols:
        return "ledger-csv"
    return "csv"


def sniff(path: Path) -> str:
    """The kind of file at `path` (a key of NAMES)."""
    try:
        with open(path, "rb") as f:
            head = f.read(_HEAD_BYTES)
    except OSError as exc:
        raise BadFile(str(path), f"cannot be read ({exc.strerror})") from None
    if not head.strip():
        return "empty"
    if b"\x00" in head[:4096]:
        return "binary"
    sample = head.decode("utf-8", errors="replace").lstrip("\ufeff")
    stripped = sample.lstrip()
    if not stripped:  # a byte-order mark and blanks
        return "empty"
    if stripped.startswith(("{", "[")):
        return _json_kind(path, stripped)
    lines = sample.splitlines()
    first = lines[0]
    if "\t" in first and "," not in first.split("\t")[0]:
        cells = first.split("\t")
        if len(cells) == 61 and cells[0].strip().isdigit():
            return "gdelt"
        if len(cells) in (15, 16) and cells[0].strip().isdigit() and cells[1].strip().isdigit():
            return "gdelt-mentions"
    rows = list(csv.reader(lines[:3]))
    if not rows or len(rows[0]) < 2:
        return "text"
    return _header_kind(rows[0], rows[1] if len(rows) > 1 else None)


def _json_kind(path: Path, sample: str) -> str:
    first_line = sample.splitlines()[0]
    try:
        obj = parse_json(first_line, str(path))
        if isinstance(obj, dict) and {"event", "actor", "date"} <= set(obj):
            return "plover"
    except BadFile:
        pass
    if '"FeatureCollection"' in sample[:2000]:
        return "geojson"
    if '"event_id_cnty"' in sample:
        return "acled-json"
    return "json"


def expect(path: Path, kind: str) -> str:
    """Refuse a file that is not of the kind the user asked to import; returns the sniffed kind."""
    found = sniff(path)
    if found in ACCEPTS[kind]:
        return found
    label = LABELS[kind]
    if found in ("csv", "text", "json"):
        hint = {
            "acled": "an ACLED header names event_id_cnty, event_date and sub_event_type",
            "acled-deletions": "its header names event_id_cnty and deleted_timestamp",
            "ucdp-ged": "a GED header names where_prec, side_a and best",
            "gdelt": "GDELT event files are tab-separated with 61 columns and no header",
            "gdelt-mentions": "GDELT mentions files are tab-separated with 16 columns",
            "pax": "a PA-X header names AgtId, Dat and Agt",
        }[kind]
        raise BadFile(str(path), f"this does not look like {label}: it is {NAMES[found]} ({hint}).")
    raise BadFile(str(path), f"this looks like {NAMES[found]}, not {label}.")
