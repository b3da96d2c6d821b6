"""Reader for the UN Security Council Consolidated Sanctions List (XML export).

The file is the UN's own export (`<CONSOLIDATED_LIST>`, schema sc-sanctions.xsd). It is read
with `lxml.etree.iterparse`, one `<INDIVIDUAL>` or `<ENTITY>` at a time, without entity
expansion or network access.

- Entities become `ActorRecord(scheme="un", external_id=REFERENCE_NUMBER)`. Their kind is
  `ARMED_GROUP`, except on the DPRK, Iran and Iraq lists, which designate companies, banks and
  state bodies rather than fighting groups: those are `OTHER`.
- Individuals become `PERSON`, named FIRST..FOURTH_NAME joined; `NAME_ORIGINAL_SCRIPT` is an alias.
- Aliases: entities keep "a.k.a." and "f.k.a." (and unlabelled ones); individuals keep "Good" and
  "a.k.a." only, because the UN marks "Low" aliases as too weak to identify anyone.
- The designation authority is "UNSC-1267" for the ISIL (Da'esh) and Al-Qaida list (list type
  "Al-Qaida"), otherwise "UNSC-" + UN_LIST_TYPE.

Some ALIAS_NAME values pack several names in one string, e.g. `جبهة النصرة (the Victory Front;
Jabhat al-Nusrah; ...)`. `split_alias` splits on top-level ";" and peels a trailing "(...)" off
when it is a list, a name in another script, an acronym ("(HTS)") or "original script: ...".
Other trailing groups stay in the name ("Lom-ali Butayev (Butaev)") unless they are annotations
(they hold a digit or more than four words, or say "combat name"), which are dropped.

Relations from COMMENTS1 are deliberately conservative. A `member_of` relation is emitted only
when "associated with", "affiliated with" or "member of" is followed, in the same sentence, by
an entity reference such as "(QDe.137)", and every word between the phrase and the reference
looks like part of a name (capitalised, an acronym, or a connector like "of", "the", "in"); a
list of such names continues the phrase. "Listed as X" names the target X. A phrase preceded by
"previously", "formerly", "no longer" or "not" is skipped, since we have no end date to give it.
References to individuals (QDi.*) and to the record itself never become relations.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from lxml import etree

from trucewatch.domain.actors import ActorKind, RelationKind
from trucewatch.domain.dates import PartialDate, parse_date
from trucewatch.domain.errors import BadFile, InvalidInput, shown
from trucewatch.domain.names import script_of
from trucewatch.reference._common import AliasList
from trucewatch.reference.records import ActorRecord, DesignationRecord, RelationRecord

SCHEME = "un"
ROOT = "CONSOLIDATED_LIST"
_NOT_ARMED_LISTS = {"DPRK", "Iran", "Iraq"}
_ENTITY_ALIAS_QUALITY = {"a.k.a.", "f.k.a.", ""}
_INDIVIDUAL_ALIAS_QUALITY = {"Good", "a.k.a."}

# UN country names as the list writes them -> ISO 3166-1 alpha-2 (the region and its patrons).
UN_COUNTRY_TO_ISO2: dict[str, str] = {
    "Syrian Arab Republic": "SY",
    "Iraq": "IQ",
    "Russian Federation": "RU",
    "Turkey": "TR",
    "Iran (Islamic Republic of)": "IR",
    "United States of America": "US",
    "Lebanon": "LB",
    "Jordan": "JO",
    "Israel": "IL",
    "Saudi Arabia": "SA",
    "Qatar": "QA",
    "Egypt": "EG",
    "Kuwait": "KW",
    "Yemen": "YE",
    "United Kingdom of Great Britain and Northern Ireland": "GB",
    "France": "FR",
    "Germany": "DE",
}

_REFERENCE = re.compile(r"^[A-Z]{2}[ie]\.\d{3}$")
_LISTED = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:Z|[+-]\d{2}:\d{2})?$")
_ACRONYM = re.compile(r"^(?=(?:[^A-Z]*[A-Z]){2})[A-Z0-9][A-Z0-9/&.\-]{1,11}$")
_ANNOTATION_WORDS = {"combat name", "third", "sub-unit name"}
_ORIGINAL_SCRIPT = re.compile(r"^original script:?\s*(.*)$", re.IGNORECASE)
_SUB_UNIT = re.compile(r"\s+-\s+sub-unit name$", re.IGNORECASE)

_TRIGGER = re.compile(r"\b(?:associated with|affiliated with|member of)\s+", re.IGNORECASE)
_NEGATED = re.compile(r"\b(?:previously|formerly|no longer|not)\s+(?:\w+\s+)?$", re.IGNORECASE)
_SENTENCE_END = re.compile(r"\.\s+(?=[A-Z])")
_ANY_REF = re.compile(r"\(([A-Z]{2}[ie]\.\d{3})\)")
_CONNECTORS = {
    "of", "the", "in", "and", "for", "al", "el", "wa", "wal", "ul", "i", "e", "de", "du", "des",
    "la", "le", "l", "bin", "ibn", "fi", "a", "an", "to",
}  # fmt: skip
_LEAD = re.compile(r"^(?:[,;]\s*)?(?:(?:and|also|with)\s+)*", re.IGNORECASE)
_TRAILING_PAREN = re.compile(r"\s*\([^()]*\)\s*$")


def parse_un_sanctions(path: str | Path) -> Iterator[ActorRecord]:
    """Stream individuals and entities from a UN consolidated list XML file, in file order."""
    p = Path(path)
    events = etree.iterparse(
        str(p), events=("start", "end"), resolve_entities=False, no_network=True, huge_tree=False
    )
    seen_root = False
    try:
        for event, elem in events:
            if not seen_root:
                seen_root = True
                if elem.tag != ROOT:
                    raise BadFile(
                        str(p),
                        f"the root element is <{elem.tag}>, not <{ROOT}>: "
                        "not a UN consolidated sanctions list.",
                        line=elem.sourceline,
                        field=ROOT,
                    )
            if event == "end" and elem.tag in ("INDIVIDUAL", "ENTITY"):
                yield _record(p, elem)
                elem.clear()
    except etree.XMLSyntaxError as exc:
        raise BadFile(str(p), f"not well-formed XML ({exc.msg}).", line=exc.lineno) from None
    except OSError as exc:
        raise BadFile(str(p), f"cannot read the file ({exc}).") from None


def _text(elem: Any, tag: str) -> str:
    return " ".join((elem.findtext(tag) or "").split())


def _record(path: Path, elem: Any) -> ActorRecord:
    line = elem.sourceline
    reference = _text(elem, "REFERENCE_NUMBER")
    if not _REFERENCE.match(reference):
        raise BadFile(
            str(path),
            f"{shown(reference)} is not a UN reference number like 'QDe.137'.",
            line=line,
            field="REFERENCE_NUMBER",
        )

    def bad(problem: str, field: str) -> BadFile:
        return BadFile(str(path), problem, line=line, record=reference, field=field)

    individual = elem.tag == "INDIVIDUAL"
    parts = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")
    name = " ".join(t for t in (_text(elem, tag) for tag in parts) if t)
    if not name:
        raise bad("the record has no name.", "FIRST_NAME")
    list_type = _text(elem, "UN_LIST_TYPE")
    if not list_type:
        raise bad("the record names no list.", "UN_LIST_TYPE")
    delisted = _text(elem, "DELISTED_ON")
    designation = DesignationRecord(
        authority="UNSC-1267" if list_type == "Al-Qaida" else f"UNSC-{list_type}",
        reference=reference,
        listed_on=_date(_text(elem, "LISTED_ON"), "LISTED_ON", bad),
        delisted_on=_date(delisted, "DELISTED_ON", bad) if delisted else None,
    )

    aliases = AliasList(name, f"UN list {reference}")
    original = _text(elem, "NAME_ORIGINAL_SCRIPT")
    if original:
        aliases.add(original, "ar" if script_of(original) == "arab" else None)
    keep = _INDIVIDUAL_ALIAS_QUALITY if individual else _ENTITY_ALIAS_QUALITY
    for alias in elem.iterfind("INDIVIDUAL_ALIAS" if individual else "ENTITY_ALIAS"):
        if _text(alias, "QUALITY") in keep:
            for piece in split_alias(alias.findtext("ALIAS_NAME") or ""):
                aliases.add(piece)

    comments = " ".join((elem.findtext("COMMENTS1") or "").split()) or None
    if individual:
        country_name = _text(elem, "NATIONALITY/VALUE")
        kind = ActorKind.PERSON
    else:
        country_name = _text(elem, "ENTITY_ADDRESS/COUNTRY")
        kind = ActorKind.OTHER if list_type in _NOT_ARMED_LISTS else ActorKind.ARMED_GROUP
    return ActorRecord(
        scheme=SCHEME,
        external_id=reference,
        name=name,
        kind=kind,
        country=UN_COUNTRY_TO_ISO2.get(country_name),
        aliases=aliases.result(),
        external_ids={SCHEME: reference},
        notes=comments,
        relations=tuple(comment_relations(comments or "", reference)),
        designations=(designation,),
        line=line,
    )


def _date(text: str, field: str, bad: Any) -> PartialDate:
    if not text:
        raise bad("the date is missing.", field)
    m = _LISTED.match(text)
    try:
        return parse_date(m.group(1) if m else text, field)
    except InvalidInput:
        raise bad(f"{shown(text)} is not a date (expected YYYY-MM-DD).", field) from None


def split_alias(text: str) -> list[str]:
    """Split one ALIAS_NAME value into the names it packs (see the module docstring)."""
    value = " ".join(text.split()).strip(" ,;")
    if not _balanced(value):
        return [value.strip(" ,;()")] if value.strip(" ,;()") else []
    names: list[str] = []
    for item in _split_top(value):
        names += _split_item(item)
    return [n for n in names if n]


def _balanced(text: str) -> bool:
    depth = 0
    for ch in text:
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if depth < 0:
            return False
    return depth == 0


def _split_top(text: str) -> list[str]:
    """Split on semicolons outside parentheses."""
    items, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if ch == ";" and depth == 0:
            items.append(text[start:i])
            start = i + 1
    items.append(text[start:])
    return [item.strip(" ,") for item in items if item.strip(" ,")]


def _split_item(item: str) -> list[str]:
    item = item.strip(" ,;")
    if not item.endswith(")"):
        return [_clean(item)]
    depth, opening = 0, -1
    for i in range(len(item) - 1, -1, -1):
        depth += {")": 1, "(": -1}.get(item[i], 0)
        if depth == 0:
            opening = i
            break
    head, group = item[:opening].strip(), item[opening + 1 : -1].strip()
    if not head:
        return split_alias(group)
    original = _ORIGINAL_SCRIPT.match(group)
    if original:
        return _split_item(head) + ([_clean(original.group(1))] if original.group(1) else [])
    if len(_split_top(group)) > 1 or script_of(group) != script_of(head) or _ACRONYM.match(group):
        return _split_item(head) + split_alias(group)
    if group.casefold() in _ANNOTATION_WORDS or re.search(r"\d", group) or len(group.split()) > 4:
        return _split_item(head)
    return [_clean(item)]


def _clean(name: str) -> str:
    return _SUB_UNIT.sub("", name).strip(' ,;"')


def comment_relations(comment: str, own_reference: str) -> list[RelationRecord]:
    """`member_of` relations stated in a COMMENTS1 text (see the module docstring for the rule)."""
    relations: list[RelationRecord] = []
    seen = {own_reference}
    for trigger in _TRIGGER.finditer(comment):
        if _NEGATED.search(comment[max(0, trigger.start() - 40) : trigger.start()]):
            continue
        rest = comment[trigger.end() :]
        end = _SENTENCE_END.search(rest)
        window = rest[: end.start()] if end else rest
        cursor = 0
        for ref in _ANY_REF.finditer(window):
            segment = window[cursor : ref.start()]
            cursor = ref.end()
            target = _target_name(segment)
            if target is None:
                break
            reference = ref.group(1)
            if reference[2] != "e" or reference in seen:
                continue
            seen.add(reference)
            phrase = comment[trigger.start() : trigger.end() + ref.end()]
            relations.append(
                RelationRecord(
                    RelationKind.MEMBER_OF,
                    SCHEME,
                    reference,
                    target,
                    note=f"UN comment: {phrase!r}",
                )
            )
    return relations


def _target_name(segment: str) -> str | None:
    """The name a reference follows, or None when the words do not read as a name."""
    text = segment
    if "listed as " in text:
        text = text.rsplit("listed as ", 1)[1]
    text = _LEAD.sub("", text.strip())
    while _TRAILING_PAREN.search(text):
        text = _TRAILING_PAREN.sub("", text)
    text = text.strip(" ,;")
    if not text:
        return None
    for word in re.split(r"[\s\-’']+", text):
        if word and word[0].islower() and word.casefold() not in _CONNECTORS:
            return None
    return text
