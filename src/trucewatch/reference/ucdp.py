"""Reader for the UCDP Actor Dataset (v22.1, 35 columns, one actor a row).

UCDP ships the file as UTF-8 with a BOM in some releases and latin-1 in others, so the encoding
is detected (`_common.detect_encoding`). Multi-valued cells are comma-separated ("652, 640").

Mappings, from the codebook (Pettersson 2022, "Variables in the Actor Dataset"):

- `Org` is the organisational level: 1 formally organised groups (rebels, militias), 2 informally
  organised supporters of parties or candidates, 3 informally organised identity groups (ethnic,
  clan, religious, tribal), 4 the government of a state. Level 4 becomes `ActorKind.STATE`; 1, 2
  and 3 become `ARMED_GROUP`, because UCDP records them only as parties to organised violence.
  Levels 2 and 3 say so in `notes`, so a reviewer can tell a militia from a clan.
- `NameChange`/`NewName`: "however many times a group changes its name, it retains the same Actor
  ID", and `NameData` is already the current name. So `renamed_to` relations point at the actor's
  own id (one per name in `NewName`, in order): they record name history, not a second actor.
  A loader should treat `target_id == external_id` as history, never as an edge to resolve.
- `Splinter`/`NamePrev`/`ActorIdPrev` and `SplitTemp`/`NameSplitTemp`/`ActorIdSplitTemp` (a
  temporary split) become `split_from`; the temporary kind says so in the note.
- `Alliance`/`NameAlliance`/`ActorIdAlliance` become `allied_with`. The codebook defines this as
  the actor forming a new actor with others and ceasing to exist on its own; the loader may prefer
  `merged_into`, which is the stricter reading.
- `JoinGroup`/`GroupName`/`ActorIdGroup` become `member_of` (the actor joined, or was absorbed by,
  an existing group).

Ids and names are paired by position when their counts match, else targets are name-only.
Country: for a government, the state its name governs ("Government of Syria" -> SY), because
`GWNOLoc` lists where it fought, not where it rules (the US government's list starts with North
Korea). For other actors, the first `GWNOLoc` code. Both use a small table of the states around
Syria; anything else gives None. For a group active in several states the first code is only the
first listed (1170 Jabhat Fateh al-Sham: Lebanon, Syria, Turkey -> LB), not its home.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

from trucewatch.domain.actors import ActorKind, RelationKind
from trucewatch.domain.errors import BadFile, shown
from trucewatch.reference._common import AliasList, csv_rows, split_list
from trucewatch.reference.records import ActorRecord, RelationRecord

SCHEME = "ucdp"

REQUIRED_COLUMNS = (
    "ActorId",
    "NameData",
    "NameOrig",
    "NameOrigFull",
    "NameOrigFullEng",
    "NameChange",
    "NewName",
    "NewNameFullMotherTongue",
    "NewNameFullEng",
    "Org",
    "Splinter",
    "NamePrev",
    "ActorIdPrev",
    "SplitTemp",
    "NameSplitTemp",
    "ActorIdSplitTemp",
    "Alliance",
    "NameAlliance",
    "ActorIdAlliance",
    "JoinGroup",
    "GroupName",
    "ActorIdGroup",
    "Location",
    "GWNOLoc",
)

# Gleditsch-Ward state numbers -> ISO 3166-1 alpha-2, for Syria and the states around the war.
GW_TO_ISO2: dict[str, str] = {
    "2": "US",
    "200": "GB",
    "220": "FR",
    "365": "RU",
    "630": "IR",
    "640": "TR",
    "645": "IQ",
    "652": "SY",
    "660": "LB",
    "663": "JO",
    "666": "IL",
}

# The names UCDP gives those states in "Government of X".
GOVERNMENT_TO_ISO2: dict[str, str] = {
    "United States of America": "US",
    "United Kingdom": "GB",
    "France": "FR",
    "Russia (Soviet Union)": "RU",
    "Iran": "IR",
    "Turkey": "TR",
    "Iraq": "IQ",
    "Syria": "SY",
    "Lebanon": "LB",
    "Jordan": "JO",
    "Israel": "IL",
}

_ORG_NOTES = {
    "2": "UCDP organisational level 2: informally organised supporters of a party or candidate.",
    "3": "UCDP organisational level 3: informally organised identity group "
    "(ethnic, clan, religious, national or tribal).",
}
_DIGITS = re.compile(r"^\d+$")
_RENAME_NOTE = "UCDP keeps one ActorId across renames"
_Bad = Callable[[str, str], BadFile]

# (flag column, names column, ids column, relation kind, note)
_LINKS = (
    ("Splinter", "NamePrev", "ActorIdPrev", RelationKind.SPLIT_FROM, None),
    (
        "SplitTemp",
        "NameSplitTemp",
        "ActorIdSplitTemp",
        RelationKind.SPLIT_FROM,
        "temporary split (UCDP SplitTemp)",
    ),
    ("Alliance", "NameAlliance", "ActorIdAlliance", RelationKind.ALLIED_WITH, None),
    ("JoinGroup", "GroupName", "ActorIdGroup", RelationKind.MEMBER_OF, None),
)


def parse_ucdp_actors(path: str | Path) -> Iterator[ActorRecord]:
    """Stream the actors of a UCDP Actor CSV, in file order."""
    p = Path(path)
    for line, row in csv_rows(p, REQUIRED_COLUMNS):
        yield _actor(p, line, row)


def _actor(path: Path, line: int, row: dict[str, str]) -> ActorRecord:
    def bad(problem: str, column: str) -> BadFile:
        return BadFile(str(path), problem, line=line, field=column)

    actor_id = row["ActorId"].strip()
    if not _DIGITS.match(actor_id):
        raise bad(f"{shown(actor_id)} is not a numeric actor id.", "ActorId")
    name = " ".join(row["NameData"].split())
    if not name:
        raise bad("the actor has no name.", "NameData")
    org = row["Org"].strip()
    if org not in {"1", "2", "3", "4"}:
        raise bad(f"{shown(org)} is not an organisational level (1-4).", "Org")
    for flag, *_ in _LINKS:
        _flag(row, flag, bad)
    renamed = _flag(row, "NameChange", bad)

    version = row.get("Version", "").strip()
    aliases = AliasList(name, f"UCDP Actor {version}".strip())
    aliases.add(row["NameOrig"])
    aliases.add(row["NameOrigFull"])
    aliases.add(row["NameOrigFullEng"], "en")
    for new in split_list(row["NewName"]):
        aliases.add(new)
    for new in split_list(row["NewNameFullMotherTongue"]):
        aliases.add(new)
    for new in split_list(row["NewNameFullEng"]):
        aliases.add(new, "en")

    relations: list[RelationRecord] = []
    if renamed:
        relations += [
            RelationRecord(RelationKind.RENAMED_TO, SCHEME, actor_id, new, note=_RENAME_NOTE)
            for new in split_list(row["NewName"])
        ]
    for _flag_col, names_col, ids_col, kind, link_note in _LINKS:
        relations += _targets(row, names_col, ids_col, kind, link_note, bad)

    gw_codes = split_list(row["GWNOLoc"])
    for code in gw_codes:
        if not _DIGITS.match(code):
            raise bad(f"{shown(code)} is not a Gleditsch-Ward number.", "GWNOLoc")
    if org == "4":
        country = GOVERNMENT_TO_ISO2.get(name.removeprefix("Government of "))
    else:
        country = GW_TO_ISO2.get(gw_codes[0]) if gw_codes else None

    notes = [f"Location: {' '.join(row['Location'].split())}."] if row["Location"].strip() else []
    if org in _ORG_NOTES:
        notes.append(_ORG_NOTES[org])
    return ActorRecord(
        scheme=SCHEME,
        external_id=actor_id,
        name=name,
        kind=ActorKind.STATE if org == "4" else ActorKind.ARMED_GROUP,
        country=country,
        aliases=aliases.result(),
        external_ids={SCHEME: actor_id},
        notes=" ".join(notes) or None,
        relations=tuple(relations),
        line=line,
    )


def _flag(row: dict[str, str], column: str, bad: _Bad) -> bool:
    value = row[column].strip()
    if value not in {"", "0", "1"}:
        raise bad(f"{shown(value)} is not a 0/1 flag.", column)
    return value == "1"


def _targets(
    row: dict[str, str],
    names_col: str,
    ids_col: str,
    kind: RelationKind,
    note: str | None,
    bad: _Bad,
) -> list[RelationRecord]:
    names = split_list(row[names_col])
    ids = split_list(row[ids_col])
    for target_id in ids:
        if not _DIGITS.match(target_id):
            raise bad(f"{shown(target_id)} is not a numeric actor id.", ids_col)
    if len(ids) == len(names):
        pairs: list[tuple[str | None, str]] = [(i, n) for i, n in zip(ids, names, strict=True)]
    else:
        pairs = [(None, n) for n in names]  # counts differ: names alone are safer
    return [RelationRecord(kind, SCHEME, tid, tname, note=note) for tid, tname in pairs]
