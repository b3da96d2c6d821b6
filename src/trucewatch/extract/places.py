"""Place mentions, resolved against GeoNames (Syrian places, governorates) and a country table.

Names matched: each place's GeoNames name and its Latin-script alternate names of at least 4
characters (names in other scripts cannot occur in English text; shorter ones are codes or noise),
minus alternates that are common English words or given names (`_NOT_PLACES`). A key of three
letters ("bab", from "Al Bab") only matches as written with its article ("Al-Bab"). The
governorates are added with the spellings news uses ("Idleb", "Deir Ezzor", "Dera'a", "Rif
Dimashq"/"Damascus countryside"), and a few regions (Eastern Ghouta) with their governorate.

Ambiguity, when one name belongs to several places:
- a city and its governorate ("Idlib"): the governorate when the next word is "province",
  "governorate", "countryside" or "region", else the city, which has coordinates;
- several places: the one whose governorate is also mentioned in the document (by an
  unambiguous mention or a governorate name); else the most populous.
Countries count as places only after a locative preposition ("in Syria", "into Turkey");
"Russia said" is an actor, not a place. Other place names inside an actor's name ("Jaysh Idlib")
are not places.
"""

from __future__ import annotations

import csv
import re
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from itertools import accumulate
from operator import attrgetter
from pathlib import Path

import ahocorasick

from trucewatch.extract.doc import ExtractDoc, PlaceMention
from trucewatch.extract.tokens import NormText, norm_key, norm_text

_NOT_PLACES = frozenset(
    "tall tell mare shin karma khan dana hula mala harem sham chine mari sasa susa jaffa gama "
    "kara mission center centre camp hill city town village state spring bridge market road "
    "station valley berea beria".split()
)
_ADMIN_WORDS = frozenset({"province", "provinces", "governorate", "countryside", "region"})
_LOCATIVES = frozenset(
    "in into inside across near from to throughout within over outside toward towards".split()
)
ADMIN1_SPELLINGS: dict[str, tuple[str, ...]] = {
    "01": ("Hasakah", "Hasaka", "Hassakeh", "Al-Hasakah", "Hasakeh"),
    "02": ("Latakia", "Lattakia", "Latakiya"),
    "03": ("Quneitra", "Qunaitra", "Kuneitra"),
    "04": ("Raqqa", "Raqqah", "Ar-Raqqah", "Rakka"),
    "05": ("Suwayda", "As-Suwayda", "Sweida", "Suweida", "Sweida"),
    "06": ("Daraa", "Dera'a", "Deraa", "Dar'a"),
    "07": (
        "Deir ez-Zor",
        "Deir Ezzor",
        "Deir al-Zor",
        "Deir el-Zor",
        "Deir Ez Zor",
        "Dayr az Zawr",
    ),
    "08": ("Rif Dimashq", "Rif-Dimashq", "Damascus countryside", "Rural Damascus", "Reef Damascus"),
    "09": ("Aleppo",),
    "10": ("Hama", "Hamah"),
    "11": ("Homs",),
    "12": ("Idlib", "Idleb"),
    "13": ("Damascus",),
    "14": ("Tartus", "Tartous", "Tartous"),
}
# Regions that are not GeoNames populated places: (name, admin1 code, spellings).
REGIONS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("Eastern Ghouta", "08", ("Eastern Ghouta", "East Ghouta", "Ghouta")),
    ("Qalamoun", "08", ("Qalamoun", "Qalamun")),
)


@dataclass(frozen=True)
class Place:
    name: str
    geonameid: int | None
    lat: float | None
    lon: float | None
    admin1: str | None
    population: int
    kind: str  # place | admin1 | region | country


class PlaceGazetteer:
    """Places by normalised key, compiled into one automaton."""

    def __init__(self, places: Iterable[tuple[Place, Iterable[str]]]) -> None:
        self.places: list[Place] = []
        self.keys: dict[str, list[int]] = {}
        for place, names in places:
            idx = len(self.places)
            self.places.append(place)
            for name in names:
                key = norm_key(name)
                if len(key.strip()) < 3 or key.strip() in _NOT_PLACES:
                    continue
                bucket = self.keys.setdefault(key, [])
                if idx not in bucket:
                    bucket.append(idx)
        self.automaton = ahocorasick.Automaton()
        for key in self.keys:
            self.automaton.add_word(key, key)
        if self.keys:
            self.automaton.make_automaton()

    def lookup(self, text: str, limit: int = 5) -> list[Place]:
        """The places a free-text place name may mean, most likely first (for a moderator to
        choose from). The names found in the text, longest first and not overlapping ("Douma,
        Rif Dimashq": Douma and Rif Dimashq, not Dimashq). Towns come before governorates and
        regions; among towns, one whose name is not also a governorate's ("Atarib, Aleppo
        countryside": Atarib before the city of Aleppo), then one in a governorate the text
        names, then the larger. Countries only when nothing inside them matched."""
        key = norm_key(text)
        if not key or not self.keys:
            return []
        hits = sorted(
            ((end - len(k) + 1, end, k) for end, k in self.automaton.iter(key)),
            key=lambda h: (h[0] - h[1], h[0]),
        )
        taken: list[tuple[int, int]] = []
        found: dict[int, bool] = {}  # place index -> its name also names a governorate
        for start, end, k in hits:
            # Keys are padded with a space on each side; neighbours share that space.
            inner = (start + 1, end - 1)
            if any(inner[0] <= e and s <= inner[1] for s, e in taken):
                continue
            taken.append(inner)
            shared = any(self.places[i].kind == "admin1" for i in self.keys[k])
            for i in self.keys[k]:
                found.setdefault(i, shared)
        named = {self.places[i].admin1 for i in found if self.places[i].kind == "admin1"}
        order = {"place": 0, "admin1": 1, "region": 2, "country": 3}

        def rank(i: int) -> tuple[int, bool, bool, int]:
            p = self.places[i]
            return (order.get(p.kind, 4), found[i], p.admin1 not in named, -p.population)

        out = [self.places[i] for i in sorted(found, key=rank)]
        if any(p.kind != "country" for p in out):
            out = [p for p in out if p.kind != "country"]
        return out[:limit]

    @classmethod
    def from_directory(cls, directory: Path | None = None) -> PlaceGazetteer:
        """Load the bundled GeoNames files (or the same files from `directory`)."""
        base = directory or Path(str(resources.files("trucewatch") / "data" / "places"))
        with open(base / "syria_admin1_geonames.csv", encoding="utf-8") as fh:
            admin1 = {r["admin1code"]: r["name"] for r in csv.DictReader(fh)}
        entries: list[tuple[Place, Iterable[str]]] = []
        with open(base / "syria_places_geonames_pop500.csv", encoding="utf-8") as fh:
            for r in csv.DictReader(fh):
                alts = [a.strip() for a in r["alternatenames"].split("|")]
                names = [r["name"], *(a for a in alts if len(a) >= 4 and _latin(a))]
                if int(r["population"] or 0) >= _VARIANT_POPULATION:
                    names += transliteration_variants(names)
                place = Place(
                    r["name"],
                    int(r["geonameid"]),
                    float(r["latitude"]),
                    float(r["longitude"]),
                    admin1.get(r["admin1code"]),
                    int(r["population"] or 0),
                    "place",
                )
                entries.append((place, names))
        for code, name in admin1.items():
            spellings = (name, *ADMIN1_SPELLINGS.get(code, ()))
            entries.append((Place(name, None, None, None, name, 0, "admin1"), spellings))
        for name, code, spellings in REGIONS:
            entries.append(
                (Place(name, None, None, None, admin1.get(code), 0, "region"), spellings)
            )
        with open(base / "countries.csv", encoding="utf-8") as fh:
            for r in csv.DictReader(fh):
                lat = float(r["lat"]) if r["lat"] else None
                lon = float(r["lon"]) if r["lon"] else None
                gid = 163843 if r["iso2"] == "SY" else None  # GeoNames id of the SY record
                names = [r["name"], *(a for a in r["aliases"].split("|") if a)]
                entries.append((Place(r["name"], gid, lat, lon, None, 0, "country"), names))
        return cls(entries)


# Towns large enough to be written many ways in the news get the common transliteration
# variants of their names (smaller places would add more false matches than they find).
_VARIANT_POPULATION = 50_000
_DOUBLED = re.compile(r"([a-z])\1", re.IGNORECASE)


def transliteration_variants(names: Iterable[str]) -> list[str]:
    """Spellings of Arabic place names that news agencies use and GeoNames may not list: a
    doubled consonant written once ("Raqqa" -> "Raqa", "Deir ez-Zor" -> "Deir ezor"), and the
    French "ou" for an "o" ("Deir ezor" -> "Deir ezour"). Keys are case-folded, so case is
    kept as it comes."""
    out: list[str] = []
    for name in names:
        if not _latin(name) or len(name) < 5:
            continue
        # "ez-Zor" is read as one word ("ezzor"): join the article first, then write the
        # doubled letter once.
        joined = re.sub(r"\b(ez|es|al|el|ad|ar|as|at|az)[- ]", r"\1", name, flags=re.IGNORECASE)
        for variant in {_DOUBLED.sub(r"\1", name), _DOUBLED.sub(r"\1", joined)}:
            if variant != name:
                out.append(variant)
            last = variant.rsplit(" ", 1)
            if len(last) == 2 and "o" in last[1] and "ou" not in last[1]:
                out.append(f"{last[0]} {last[1].replace('o', 'ou')}")
    return out


def _latin(name: str) -> bool:
    return all(not ch.isalpha() or ord(ch) < 0x250 or 0x1E00 <= ord(ch) <= 0x1EFF for ch in name)


class PlaceStage:
    """Attach `doc.places` (sorted by start)."""

    def __init__(self, gazetteer: PlaceGazetteer) -> None:
        self.gazetteer = gazetteer

    def __call__(self, doc: ExtractDoc) -> ExtractDoc:
        gz = self.gazetteer
        nt = norm_text(doc.cache, doc.text)
        # Whether a span overlaps an actor mention: the actors starting before its end (by
        # bisection) reach past its start when the furthest of their ends does. Replaces a scan
        # of all the actors per candidate place.
        actor_spans = sorted([(m.start, m.end) for m in doc.actors])
        actor_starts = [s for s, _ in actor_spans]
        actor_reach = list(accumulate((e for _, e in actor_spans), max))
        found: list[tuple[int, int, str]] = []
        if gz.keys:
            key_words = nt.key_words
            for end, key in gz.automaton.iter(nt.string):
                found.append((*key_words(end, key), key))
        found.sort(key=lambda f: (f[0] - f[1], f[0]))
        places = gz.places
        norms = nt.norms
        taken = [False] * len(nt)
        chosen: list[tuple[int, int, int, int, list[int]]] = []
        # The checks are ordered cheapest first; the word offsets (`nt.starts`, `nt.ends`, each a
        # look-up through the chunk layout) are read only for a place that may be kept, and
        # kept with it for `_resolve`.
        for first, last, key in found:
            if any(taken[first : last + 1]):
                continue
            # A country is a place only after a locative preposition ("in Syria").
            locative = first > 0 and norms[first - 1] in _LOCATIVES
            cands = [i for i in gz.keys[key] if locative or places[i].kind != "country"]
            if not cands:
                continue
            start, end = nt.starts[first], nt.ends[last]
            if len(key) < 6 and (end - start < 5 or not nt.capitalised[first]):
                continue  # a 3-letter key ("bab") only as written with its article ("Al-Bab")
            before = bisect_left(actor_starts, end)
            inside = before > 0 and actor_reach[before - 1] > start
            if inside and not all(places[i].kind == "country" for i in cands):
                continue
            taken[first : last + 1] = [True] * (last + 1 - first)
            chosen.append((first, last, start, end, cands))
        doc.places = self._resolve(doc.text, nt, chosen)
        return doc

    def _resolve(
        self, text: str, nt: NormText, chosen: list[tuple[int, int, int, int, list[int]]]
    ) -> list[PlaceMention]:
        places = self.gazetteer.places
        mentioned = {places[c[0]].admin1 for *_, c in chosen if len(c) == 1 and places[c[0]].admin1}
        norms = nt.norms
        out = []
        for _, last, start, end, cands in chosen:
            nxt = norms[last + 1] if last + 1 < len(norms) else ""
            pick = self._pick([places[i] for i in cands], nxt in _ADMIN_WORDS, mentioned)
            out.append(
                PlaceMention(
                    start,
                    end,
                    text[start:end],
                    pick.name,
                    pick.geonameid,
                    pick.lat,
                    pick.lon,
                    pick.admin1,
                    pick.kind,
                )
            )
        return sorted(out, key=attrgetter("start"))

    @staticmethod
    def _pick(cands: list[Place], admin_word: bool, mentioned: set[str | None]) -> Place:
        if len(cands) == 1:
            return cands[0]
        admins = [c for c in cands if c.kind in ("admin1", "region")]
        if admin_word and admins:
            return admins[0]
        towns = [c for c in cands if c.kind == "place"] or cands
        in_doc = [c for c in towns if c.admin1 in mentioned]
        return max(in_doc or towns, key=lambda c: c.population)
