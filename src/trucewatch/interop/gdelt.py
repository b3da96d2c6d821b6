"""GDELT 2.0 in: the 61-column event export and the 16-column mentions table.

GDELT is fully automatic and counts reports, not events; its rows are leads, so they go to the
review queue as candidates, never into the ledger. Only the truce-relevant CAMEO codes are kept.
With the mentions file, each event's corroboration is the number of *independent* sources
(distinct `MentionSourceName`), not the number of articles: twenty outlets reprinting one wire
story are still many reports of one event, not twenty confirmations of it.
The ".CSV" files are tab-separated and have no header.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from trucewatch.domain.errors import shown
from trucewatch.interop.base import Progress, RowError, csv_records, open_text, whole_number

EVENT_COLUMNS: tuple[str, ...] = (
    "GlobalEventID", "Day", "MonthYear", "Year", "FractionDate",
    "Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor1KnownGroupCode", "Actor1EthnicCode",
    "Actor1Religion1Code", "Actor1Religion2Code", "Actor1Type1Code", "Actor1Type2Code",
    "Actor1Type3Code",
    "Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2KnownGroupCode", "Actor2EthnicCode",
    "Actor2Religion1Code", "Actor2Religion2Code", "Actor2Type1Code", "Actor2Type2Code",
    "Actor2Type3Code",
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    "Actor1Geo_Type", "Actor1Geo_FullName", "Actor1Geo_CountryCode", "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code", "Actor1Geo_Lat", "Actor1Geo_Long", "Actor1Geo_FeatureID",
    "Actor2Geo_Type", "Actor2Geo_FullName", "Actor2Geo_CountryCode", "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code", "Actor2Geo_Lat", "Actor2Geo_Long", "Actor2Geo_FeatureID",
    "ActionGeo_Type", "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code", "ActionGeo_Lat", "ActionGeo_Long", "ActionGeo_FeatureID",
    "DATEADDED", "SOURCEURL",
)  # fmt: skip
MENTION_COLUMNS: tuple[str, ...] = (
    "GlobalEventID", "EventTimeDate", "MentionTimeDate", "MentionType", "MentionSourceName",
    "MentionIdentifier", "SentenceID", "Actor1CharOffset", "Actor2CharOffset",
    "ActionCharOffset", "InRawText", "Confidence", "MentionDocLen", "MentionDocTone",
    "MentionDocTranslationInfo", "Extras",
)  # fmt: skip

# The truce-relevant CAMEO codes of issue 7, as prefixes of EventCode: 0256, 0356, 036-039,
# 045, 046, 057, 086x, 087x, 1056, 1246, 125-127, 164-166x, 19x, 2041.
TRUCE_CODES: tuple[str, ...] = (
    "0256", "0356", "036", "037", "038", "039", "045", "046", "057", "086", "087", "1056",
    "1246", "125", "126", "127", "164", "165", "166", "19", "2041",
)  # fmt: skip

# CAMEO code (or prefix) -> our event type; the longest matching prefix wins. Codes the
# taxonomy names are taken from it; the rest are the nearest type, said plainly here.
CAMEO_TYPES: dict[str, str] = {
    "0256": "truce.appeal",  # appeal for de-escalation of military engagement
    "0356": "truce.joined",  # express intent to de-escalate
    "036": "diplomacy.meeting",  # express intent to meet or negotiate
    "037": "diplomacy.negotiation",  # express intent to settle dispute
    "038": "diplomacy.mediation",  # express intent to accept mediation
    "039": "diplomacy.mediation",  # express intent to mediate
    "045": "diplomacy.mediation",
    "046": "diplomacy.negotiation",
    "057": "strategic.agreement",  # sign formal agreement
    "086": "diplomacy.other",  # allow international involvement (peacekeepers, aid)
    "0862": "investigation.deployed",  # receive inspectors
    "087": "strategic.other",  # de-escalate militarily (blockade eased, demobilise, retreat)
    "0871": "truce.declared",  # declare truce, ceasefire
    "1056": "truce.appeal",  # demand de-escalation of military engagement
    "1246": "truce.refused",  # refuse to de-escalate military engagement
    "125": "statement.reject",  # reject proposal to meet, discuss or negotiate
    "126": "statement.reject",  # reject mediation
    "127": "statement.reject",  # reject plan, agreement to settle dispute
    "164": "diplomacy.other",  # halt negotiations
    "165": "diplomacy.other",  # halt mediation
    "166": "diplomacy.other",  # expel or withdraw (peacekeepers, inspectors, aid agencies)
    "19": "violence.armed_clash",  # use conventional military force
    "190": "violence.armed_clash",
    "192": "battle.non_state_overtakes_territory",  # occupy territory
    "194": "violence.shelling",  # fight with artillery and tanks
    "195": "violence.air_strike",  # employ aerial weapons
    "196": "truce.violation_alleged",  # violate ceasefire
    "2041": "violence.chemical_weapon",
}


def relevant(code: str) -> bool:
    return any(code.startswith(p) for p in TRUCE_CODES)


def cameo_type(code: str) -> str:
    for n in range(len(code), 1, -1):
        if code[:n] in CAMEO_TYPES:
            return CAMEO_TYPES[code[:n]]
    return "diplomacy.other"


@dataclass(frozen=True)
class GdeltEvent:
    id: str
    day: dt.date
    code: str
    type_id: str
    actor1: str | None
    actor2: str | None
    place: str | None
    country_fips: str | None
    lat: float | None
    lon: float | None
    num_mentions: int
    num_sources: int
    num_articles: int
    source_url: str | None
    raw: dict[str, str] = field(default_factory=dict)


def _event(line: int, cells: list[str]) -> GdeltEvent | RowError:
    if len(cells) != len(EVENT_COLUMNS):
        return RowError(line, None, f"{len(cells)} tab-separated cells, not 61")
    row = dict(zip(EVENT_COLUMNS, (c.strip() for c in cells), strict=True))
    if not row["GlobalEventID"].isdigit():
        return RowError(line, "GlobalEventID", f"{shown(row['GlobalEventID'])} is not a number")
    try:
        day = dt.datetime.strptime(row["Day"], "%Y%m%d").date()  # noqa: DTZ007
    except ValueError:
        return RowError(line, "Day", f"{shown(row['Day'])} is not a date (YYYYMMDD)")
    counts = {}
    for c in ("NumMentions", "NumSources", "NumArticles"):
        count = whole_number(row[c] or "0")
        if count is None:
            return RowError(line, c, f"{shown(row[c])} is not a whole number")
        counts[c] = count
    try:
        lat = float(row["ActionGeo_Lat"]) if row["ActionGeo_Lat"] else None
        lon = float(row["ActionGeo_Long"]) if row["ActionGeo_Long"] else None
    except ValueError:
        return RowError(line, "ActionGeo_Lat", "coordinates are not numbers")
    code = row["EventCode"]
    return GdeltEvent(
        id=row["GlobalEventID"],
        day=day,
        code=code,
        type_id=cameo_type(code),
        actor1=row["Actor1Name"] or None,
        actor2=row["Actor2Name"] or None,
        place=row["ActionGeo_FullName"] or None,
        country_fips=row["ActionGeo_CountryCode"] or None,
        lat=lat,
        lon=lon,
        num_mentions=counts["NumMentions"],
        num_sources=counts["NumSources"],
        num_articles=counts["NumArticles"],
        source_url=row["SOURCEURL"] or None,
        raw=row,
    )


def read_events(
    path: Path, *, progress: Progress | None = None
) -> Iterator[tuple[int, GdeltEvent | RowError]]:
    """Every event row (relevant or not; the caller filters, so it can count what it left)."""
    with open_text(path) as stream:
        for line, cells in csv_records(stream, delimiter="\t", progress=progress, quoted=False):
            if cells:
                yield line, _event(line, cells)


@dataclass
class Corroboration:
    mentions: int = 0
    sources: set[str] = field(default_factory=set)
    confidence: list[int] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        return {
            "mentions": self.mentions,
            "independent_sources": len(self.sources),
            "source_names": sorted(self.sources),
            "mean_confidence": round(sum(self.confidence) / len(self.confidence), 1)
            if self.confidence
            else None,
        }


def source_key(name: str) -> str:
    """Outlets appear as bare domains, sometimes with www.; one outlet is one source."""
    return name.strip().casefold().removeprefix("www.")


def read_mentions(path: Path, event_ids: Iterable[str]) -> dict[str, Corroboration]:
    """Mentions of the given events: counts of reports and of distinct sources."""
    wanted = set(event_ids)
    out: dict[str, Corroboration] = {}
    with open_text(path) as stream:
        for _line, cells in csv_records(stream, delimiter="\t", quoted=False):
            if len(cells) < 5 or cells[0] not in wanted:
                continue
            c = out.setdefault(cells[0], Corroboration())
            c.mentions += 1
            if cells[4].strip():
                c.sources.add(source_key(cells[4]))
            confidence = whole_number(cells[11].strip()) if len(cells) > 11 else None
            if confidence is not None:
                c.confidence.append(confidence)
    return out
