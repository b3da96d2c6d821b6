"""Reader for PETRARCH2 / Phoenix actor dictionaries (Phoenix.*.actors.txt).

The format (petrarch2 `dictionaries.rst`, "Actor Dictionary"): an entry starts with a primary
phrase line `NAME_ [CODE]...`, then `+ALIAS` lines, then indented `[CODE restriction]` lines;
`#` starts a comment; blank lines do not end an entry, the next primary phrase does. Words are
joined by underscores or blanks. A restriction is `>date`, `<date` or `date-date` (inclusive),
and a date is YYMMDD or YYYYMMDD, read as PETRARCH reads it: seven characters or fewer means
YYMMDD (years 00-30 are 20YY, others 19YY), otherwise the first eight characters are YYYYMMDD.
That rule is why odd real dates such as "9008223" or "1920030320" still parse.

Records: scheme "phoenix", `external_id` the canonical phrase without trailing underscores
("SERGEY_LAVROV"), display names with underscores as spaces and words capitalised ("Sergey
Lavrov"), `external_ids={"phoenix": first code}`. The files repeat phrases (the International
file has over a thousand repeats); repeats are merged into the first entry, so `external_id` is
unique per file. That needs the whole file in memory, which at 1.5 MB is cheap. Several entries
share a code, so the "phoenix" value is a category, not a key. Entries whose only codes are the
null code `[---]`, or that have no code at all, are skipped: PETRARCH uses them to ignore a phrase.

Kinds, from the first code: a person when any code has a date restriction, the name has two or
more words, none of which is an organisation word (FORCE, FRONT, COUNCIL, ...); otherwise
IGO* igo, NGO* ngo, MED* media, IMG* (international militarised group) armed_group, MNC*
other; a bare three-letter country code state; then by the role in letters 4-6: MIL, COP, SPY
state_force; REB, INS, UAF armed_group; GOV state; anything else other. The country is the
ISO2 of the first three letters when they are in the table below.

Country entries list place names as aliases (SYRIA_ has +ALEPPO_, +IDLIB, +GHOUTA): PETRARCH
codes a city as its state. A registry that matches these aliases will read a place as an actor.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from trucewatch.domain.actors import ActorKind
from trucewatch.domain.dates import PartialDate
from trucewatch.domain.errors import BadFile, shown
from trucewatch.reference._common import AliasList, open_detected
from trucewatch.reference.records import ActorRecord

SCHEME = "phoenix"
ORIGIN = "Phoenix"

ISO3_TO_ISO2: dict[str, str] = {
    "SYR": "SY", "RUS": "RU", "TUR": "TR", "IRN": "IR", "USA": "US", "IRQ": "IQ",
    "LBN": "LB", "JOR": "JO", "ISR": "IL", "GBR": "GB", "FRA": "FR", "SAU": "SA",
    "QAT": "QA", "EGY": "EG", "DEU": "DE", "ARE": "AE", "KWT": "KW", "YEM": "YE",
    "PSE": "PS", "CHN": "CN", "AFG": "AF",
}  # fmt: skip

_SECTOR_CODES = {
    "IGO", "NGO", "MNC", "MED", "ELI", "IMG", "BUS", "CVL", "OPP", "REB", "GOV", "MIL",
    "COP", "SPY", "INS", "UAF", "REF", "EDU", "HLH", "LAB", "LEG", "JUD", "AGR", "CRM",
    "ENV", "HRI", "MOS", "BAH", "INT", "UNO", "PTY", "SET", "RAD",
}  # fmt: skip
_ORG_WORDS = {
    "FORCE", "FORCES", "FRONT", "COUNCIL", "ARMY", "PARTY", "MINISTRY", "COMMITTEE",
    "COALITION", "MOVEMENT", "BRIGADE", "BRIGADES", "ORGANIZATION", "ORGANISATION", "UNION",
    "GROUP", "COMMISSION", "GOVERNMENT", "AGENCY", "ASSOCIATION", "OFFICE", "BANK", "FUND",
    "REPUBLIC", "KINGDOM", "STATE", "ASSEMBLY", "PARLIAMENT", "CONGRESS", "COURT", "POLICE",
    "GUARD", "NAVY", "INSTITUTE", "FOUNDATION", "NETWORK", "LEAGUE", "SOCIETY", "TASK",
}  # fmt: skip
_ROLE_KINDS = {
    "MIL": ActorKind.STATE_FORCE, "COP": ActorKind.STATE_FORCE, "SPY": ActorKind.STATE_FORCE,
    "REB": ActorKind.ARMED_GROUP, "INS": ActorKind.ARMED_GROUP, "UAF": ActorKind.ARMED_GROUP,
    "GOV": ActorKind.STATE,
}  # fmt: skip
_PREFIX_KINDS = {
    "IGO": ActorKind.IGO, "NGO": ActorKind.NGO, "MED": ActorKind.MEDIA,
    "IMG": ActorKind.ARMED_GROUP, "MNC": ActorKind.OTHER,
}  # fmt: skip

_BRACKET = re.compile(r"\[([^\[\]]*)\]")
_CODE = re.compile(r"^(?:[A-Z][A-Z0-9]*|---)$")
_RESTRICTION = re.compile(r"^(?:([<>])\s*(\d+)|(\d+)\s*-\s*(\d+)|(\d+))$")


@dataclass
class _Role:
    code: str
    start: PartialDate | None = None
    end: PartialDate | None = None
    comment: str = ""

    @property
    def dated(self) -> bool:
        return self.start is not None or self.end is not None

    def describe(self) -> str:
        if self.start and self.end:
            text = f"{self.code} {self.start}..{self.end}"
        elif self.start:
            text = f"{self.code} from {self.start}"
        elif self.end:
            text = f"{self.code} until {self.end}"
        else:
            text = self.code
        return f"{text} ({self.comment})" if self.comment else text


@dataclass
class _Entry:
    phrase: str
    line: int
    aliases: list[str] = field(default_factory=list)
    roles: list[_Role] = field(default_factory=list)


def parse_phoenix(path: str | Path, countries: set[str] | None = None) -> Iterator[ActorRecord]:
    """Stream actor entries; with `countries`, keep only those with a code starting with one.

    `countries` holds three-letter prefixes such as {"SYR", "RUS", "IGO"}.
    """
    p = Path(path)
    wanted = {c.upper() for c in countries} if countries is not None else None
    merged: dict[str, _Entry] = {}
    for entry in _entries(p):
        key = "_".join(_words(entry.phrase))
        if key in merged:
            merged[key].aliases += entry.aliases
            merged[key].roles += entry.roles
        else:
            merged[key] = entry
    for entry in merged.values():
        codes = [r.code for r in entry.roles if r.code != "---"]
        if not codes:
            continue
        if wanted is not None and not any(c[:3] in wanted for c in codes):
            continue
        yield _record(entry, codes[0])


def _entries(path: Path) -> Iterator[_Entry]:
    current: _Entry | None = None
    with open_detected(path) as fh:
        for number, raw in enumerate(fh, start=1):
            body, _, comment = raw.partition("#")
            text = body.strip()
            if not text:
                continue
            if text.startswith("+"):
                if current is None:
                    raise BadFile(str(path), "an alias comes before any entry.", line=number,
                                  field="alias")  # fmt: skip
                alias, _, rest = text[1:].partition("[")
                current.aliases.append(alias)
                if rest:
                    current.roles += _roles(path, number, "[" + rest, comment)
            elif text.startswith("["):
                if current is None:
                    raise BadFile(str(path), "a code comes before any entry.", line=number,
                                  field="code")  # fmt: skip
                current.roles += _roles(path, number, text, comment)
            else:
                if current is not None:
                    yield current
                phrase, bracket, rest = text.partition("[")
                current = _Entry(phrase.strip(), number)
                if not _words(current.phrase):
                    raise BadFile(str(path), "the entry has no name.", line=number, field="name")
                if bracket:
                    current.roles += _roles(path, number, "[" + rest, "")
    if current is not None:
        yield current


def _roles(path: Path, line: int, text: str, comment: str) -> list[_Role]:
    # Text after the last code is ignored, as PETRARCH does (the MNC lists append sector and
    # revenue there); stray brackets or text before a code are errors.
    last = text.rfind("]")
    trailing = text[last + 1 :] if last >= 0 else text
    leftover = _BRACKET.sub("", text[: last + 1]).strip()
    if "[" in trailing or "]" in trailing:
        leftover = trailing.strip()
    if leftover:
        raise BadFile(str(path), f"unexpected text {shown(leftover)} outside [CODE ...].",
                      line=line, field="code")  # fmt: skip
    roles = []
    for content in _BRACKET.findall(text):
        code, _, restriction = content.strip().partition(" ")
        if not _CODE.match(code):
            raise BadFile(str(path), f"{shown(code)} is not a code like SYRGOV.", line=line,
                          field="code")  # fmt: skip
        role = _Role(code, comment=" ".join(comment.split()))
        restriction = restriction.strip()
        if restriction:
            m = _RESTRICTION.match(restriction)
            if not m:
                raise BadFile(str(path), f"{shown(restriction)} is not a date restriction "
                              "(>date, <date or date-date).", line=line, field="date")  # fmt: skip
            op, one, low, high, bare = (str(g or "") for g in m.groups())
            if op == "<":
                role.end = _date(path, line, one)
            elif op == ">":
                role.start = _date(path, line, one)
            elif bare:
                role.start = _date(path, line, bare)
            else:
                role.start, role.end = _date(path, line, low), _date(path, line, high)
        roles.append(role)
    return roles


def _date(path: Path, line: int, digits: str) -> PartialDate:
    """YYMMDD or YYYYMMDD, the PETRARCH way (see the module docstring)."""
    try:
        if len(digits) <= 7:
            yy, month, day = int(digits[0:2]), int(digits[2:4]), int(digits[4:6])
            year = 2000 + yy if yy <= 30 else 1900 + yy
        else:
            year, month, day = int(digits[0:4]), int(digits[4:6]), int(digits[6:8])
        return PartialDate.of(dt.date(year, month, day))
    except ValueError:
        raise BadFile(str(path), f"{shown(digits)} is not a date (YYMMDD or YYYYMMDD).",
                      line=line, field="date") from None  # fmt: skip


def _words(phrase: str) -> list[str]:
    return [w for w in re.split(r"[_\s]+", phrase) if w]


def _display(phrase: str) -> str:
    """ "SERGEY_V._LAVROV_" -> "Sergey V. Lavrov"; parenthesised acronyms stay as written."""
    out = []
    for word in _words(phrase):
        if word.startswith("(") and word.endswith(")"):
            out.append(word)
        else:
            out.append("-".join(part[:1].upper() + part[1:].lower() for part in word.split("-")))
    return " ".join(out)


def _kind(entry: _Entry, code: str) -> ActorKind:
    words = _words(entry.phrase)
    is_country_code = len(code) == 3 and code not in _SECTOR_CODES
    if (
        any(r.dated for r in entry.roles)
        and len(words) >= 2
        and not is_country_code
        and not any(w.upper() in _ORG_WORDS for w in words)
    ):
        return ActorKind.PERSON
    if code[:3] in _PREFIX_KINDS:
        return _PREFIX_KINDS[code[:3]]
    if is_country_code:
        return ActorKind.STATE
    return _ROLE_KINDS.get(code[3:6], ActorKind.OTHER)


def _record(entry: _Entry, code: str) -> ActorRecord:
    name = _display(entry.phrase)
    aliases = AliasList(name, ORIGIN)
    for alias in entry.aliases:
        aliases.add(_display(alias))
    roles = "; ".join(r.describe() for r in entry.roles if r.code != "---")
    return ActorRecord(
        scheme=SCHEME,
        external_id="_".join(_words(entry.phrase)),
        name=name,
        kind=_kind(entry, code),
        country=ISO3_TO_ISO2.get(code[:3]),
        aliases=aliases.result(),
        external_ids={SCHEME: code},
        notes=f"Phoenix codes: {roles}.",
        line=entry.line,
    )
