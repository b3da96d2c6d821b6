"""PA-X in: peace agreement rows (the compact 18-column file or the full 266-column export).

PA-X records agreements, not truces; the rows with ceasefire provisions (`Ce` 1-3) or at the
ceasefire stage (`Stage` Cea) are truces in our sense. `Part` and `ThrdPart` are free text
("The leaders of Syrian armed opposition groups"), so parties are matched to the registry only
where a segment is exactly a known name; the text itself is kept. PA-X content is
CC BY-NC-SA 4.0 with the University of Edinburgh's database right: every record we make says so.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from trucewatch.domain.errors import shown
from trucewatch.domain.names import normalize_name
from trucewatch.domain.truces import TruceKind
from trucewatch.interop import countries
from trucewatch.interop.base import (
    Progress,
    RowError,
    RowProblem,
    dict_records,
    integer,
    open_text,
    required_text,
    text,
)

REQUIRED = ("AgtId", "Dat", "Agt")
LICENCE = (
    "PA-X Peace Agreements Database, version 4 (Bell, Christine, et al. 2020, "
    "www.peaceagreements.org); content CC BY-NC-SA 4.0 and University of Edinburgh database "
    "right: attribution, non-commercial use, share-alike; no re-creation of the database."
)
CITATION = "Bell, Christine, et al. (2020). PA-X Peace Agreements Database and Dataset, Version 4."
KEPT = (
    "AgtId", "Ver", "Dat", "Agt", "Con", "PPName", "Status", "Agtp", "Stage", "StageSub",
    "Part", "ThrdPart", "OthAgr", "Ce", "CeProv", "CeGen", "Lgt", "N_characters",
)  # fmt: skip


@dataclass(frozen=True)
class Agreement:
    id: str
    version: str
    date: dt.date
    name: str
    countries: tuple[str, ...]
    kind: TruceKind
    ceasefire: bool
    parties: tuple[str, ...]
    third_parties: tuple[str, ...]
    raw: dict[str, str] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"https://www.peaceagreements.org/view/{self.id}"


def _segments(value: str | None) -> tuple[str, ...]:
    parts = (p.strip().rstrip(".,:").strip() for p in re.split(r"[;\n]+", value or ""))
    return tuple(p for p in parts if normalize_name(p))


def _kind(row: dict[str, str]) -> TruceKind:
    """PA-X has no truce kind; the agreement type and title are the evidence we have."""
    title = (row.get("Agt") or "").casefold()
    if "de-escalation" in title:
        return TruceKind.DE_ESCALATION_ZONE
    if "cessation of hostilities" in title or "suspension of hostilities" in title:
        return TruceKind.CESSATION_OF_HOSTILITIES
    if "humanitarian" in title and ("pause" in title or "truce" in title):
        return TruceKind.HUMANITARIAN_PAUSE
    if (row.get("Agtp") or "") == "IntraLocal":
        return TruceKind.LOCAL_TRUCE
    return TruceKind.NATIONWIDE_CEASEFIRE


def _date(value: str) -> dt.date:
    raw = value.strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(raw, fmt).date()  # noqa: DTZ007 - a calendar date
        except ValueError:
            continue
    raise RowProblem("Dat", f"{shown(raw)} is not a date (YYYY-MM-DD)")


def parse_row(row: dict[str, str]) -> Agreement:
    agt_id = required_text(row, "AgtId")
    if not agt_id.isdigit():
        raise RowProblem("AgtId", f"{shown(agt_id)} is not a PA-X agreement id")
    ce = integer(row, "Ce") or 0
    if ce not in (0, 1, 2, 3):
        raise RowProblem("Ce", f"{ce} is not 0-3")
    codes = [countries.alpha2(name=c) for c in (row.get("Con") or "").split("/")]
    return Agreement(
        id=agt_id,
        version=text(row, "Ver") or "1",
        date=_date(required_text(row, "Dat")),
        name=" ".join(required_text(row, "Agt").split()),
        countries=tuple(c for c in codes if c),
        kind=_kind(row),
        ceasefire=ce > 0 or (row.get("Stage") or "").strip() == "Cea",
        parties=_segments(row.get("Part")),
        third_parties=_segments(row.get("ThrdPart")),
        raw={k: row.get(k, "") or "" for k in KEPT if k in row},
    )


def read(
    path: Path, *, progress: Progress | None = None
) -> Iterator[tuple[int, Agreement | RowError]]:
    with open_text(path) as stream:
        for line, row in dict_records(stream, REQUIRED, path=str(path), progress=progress):
            if "__error__" in row:
                yield line, RowError(line, None, row["__error__"])
                continue
            try:
                yield line, parse_row(row)
            except RowProblem as exc:
                yield line, RowError(line, exc.column, exc.problem)
