"""Build astana-2017-de-escalation-areas.geojson from GeoNames places (run by hand, not imported).

    python src/trucewatch/data/zones/build_astana_2017.py

Each area is the convex hull of the GeoNames places (population >= 500, the packaged file
places/syria_places_geonames_pop500.csv) that the memorandum of 4 May 2017 names or whose
governorates it names, buffered by a stated distance in degrees. See astana-2017.SOURCES.md.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import shapely

HERE = Path(__file__).resolve().parent
PLACES = HERE.parent / "places" / "syria_places_geonames_pop500.csv"
OUT = HERE / "astana-2017-de-escalation-areas.geojson"
MEMORANDUM = (
    "Memorandum on the creation of de-escalation areas in the Syrian Arab Republic, Astana, "
    "4 May 2017 (PA-X AgtId 2093, https://www.peaceagreements.org/view/2093)"
)

# name, memorandum wording, places: ("admin1", governorate) or ("name", GeoNames name), buffer deg
AREAS = [
    (
        "Idlib and neighbouring parts (area 1)",
        "Idlib province and certain parts of the neighbouring provinces (Latakia, Hama and Aleppo)",
        [("admin1", "Idlib")],
        0.2,
    ),
    (
        "North of Homs (area 2)",
        "certain parts of the north of Homs province",
        [("name", "Ar Rastan"), ("name", "Tallbīsah")],
        0.1,
    ),
    (
        "Eastern Ghouta (area 3)",
        "Eastern Ghouta",
        [("name", "Dūmā"), ("name", "Ḩarastā"), ("name", "‘Irbīn"), ("name", "Kafr Baţnā")],
        0.06,
    ),
    (
        "Southern Syria (area 4)",
        "certain parts of southern Syria (Daraa and Quneitra provinces)",
        [("admin1", "Daraa"), ("admin1", "Quneitra")],
        0.05,
    ),
]


def main() -> None:
    rows = list(csv.DictReader(PLACES.open(encoding="utf-8")))
    features = []
    for name, wording, picks, buffer in AREAS:
        used = [
            r
            for r in rows
            if any(
                (k == "admin1" and r["admin1_name_geonames"] == v)
                or (k == "name" and r["name"] == v)
                for k, v in picks
            )
        ]
        missing = [v for k, v in picks if k == "name" and not any(r["name"] == v for r in used)]
        assert not missing, missing
        pts = shapely.multipoints([(float(r["longitude"]), float(r["latitude"])) for r in used])
        area = shapely.set_precision(pts.convex_hull.buffer(buffer, quad_segs=4), 0.0001)
        assert area.is_valid and area.geom_type == "Polygon"
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "name": name,
                    "kind": "area",
                    "approximate": True,
                    "memorandum_text": wording,
                    "method": (
                        f"convex hull of {len(used)} GeoNames places ("
                        + ", ".join(f"{k} {v}" for k, v in picks)
                        + f"), buffered by {buffer} degrees (about {round(buffer * 111)} km)"
                    ),
                    "uncertainty": (
                        "The memorandum's maps were never published; its text names areas, not "
                        "lines. The hull of named places misses their outskirts (hence the buffer) "
                        "and may include government-held ground between them. Boundaries are good "
                        f"to no better than about {max(10, round(buffer * 111))} km."
                    ),
                    "places": sorted(r["name"] for r in used),
                    "source": MEMORANDUM,
                },
                "geometry": json.loads(shapely.to_geojson(area)),
            }
        )
    collection = {
        "type": "FeatureCollection",
        "name": "astana-2017-de-escalation-areas",
        "description": "The four de-escalation areas of the Astana memorandum of 4 May 2017, "
        "as documented approximations (see astana-2017.SOURCES.md).",
        "features": features,
    }
    OUT.write_text(json.dumps(collection, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"Wrote {OUT} ({len(features)} areas).")


if __name__ == "__main__":
    main()
