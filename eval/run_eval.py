"""Measure the event classifier and the fatality parser on the development data.

Usage (from the repository root):  python eval/run_eval.py [--data ../shared/data/dev]

(a) CASE 2021 Shared Task 2 snippets (case2021-task2-dev.jsonl): ``classify_text`` per snippet,
    our type id mapped to a CASE label with ``taxonomy.case_label``. The official score is
    weighted F1 over the 25 ACLED types: items whose gold label is one of the five added types
    (ORG_CRIME, NATURAL_DISASTER, MAN_MADE_DISASTER, DIPLO, ATTRIB) are left out of that score,
    as in the task's 25-type setting; a prediction of an added label on an ACLED item counts as
    wrong. A second line scores all 30 labels.
(b) FA-KES articles (fakes-dev.jsonl): agreement with one crowd worker's annotation of the main
    incident, per field, over the rows where the worker filled the field. Governorate and
    perpetrator come from ``Pipeline.default()`` when it exists (first violent event: its place's
    governorate, its perpetrator actors), else from the small matchers in this file.

Nothing here is tuned to single items; the normalisers below map free text to coarse classes.
Cite: CASE 2021 Task 2 (Haneczok et al. 2021); FA-KES (Abu Salem et al., ICWSM 2019).
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from trucewatch.domain.taxonomy import ACLED_CASE_LABELS, EVENT_TYPES, case_label  # noqa: E402
from trucewatch.extract.events import classify_sentence, classify_text  # noqa: E402
from trucewatch.extract.fatalities import parse_count, parse_fatalities  # noqa: E402

# ---- scoring -------------------------------------------------------------------------------------


def f1_table(gold: list[str], pred: list[str], labels: list[str]) -> dict[str, Any]:
    """Per-label precision/recall/F1 and the macro and support-weighted F1 over ``labels``."""
    rows = {}
    for label in labels:
        tp = sum(g == label and p == label for g, p in zip(gold, pred, strict=True))
        fp = sum(g != label and p == label for g, p in zip(gold, pred, strict=True))
        fn = sum(g == label and p != label for g, p in zip(gold, pred, strict=True))
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        rows[label] = {"p": precision, "r": recall, "f1": f1, "support": tp + fn}
    support = sum(r["support"] for r in rows.values())
    present = [r for r in rows.values() if r["support"]]
    return {
        "weighted_f1": sum(r["f1"] * r["support"] for r in rows.values()) / support,
        "macro_f1": sum(r["f1"] for r in present) / len(present),
        "accuracy": sum(g == p for g, p in zip(gold, pred, strict=True)) / len(gold),
        "n": len(gold),
        "labels": rows,
    }


def eval_case(path: Path) -> dict[str, Any]:
    items = [json.loads(line) for line in path.open(encoding="utf-8")]
    preds = []
    for item in items:
        guess = classify_text(item["text"])
        preds.append(case_label(guess.type) if guess else "NONE")
    golds = [item["label"] for item in items]
    acled = [(g, p) for g, p in zip(golds, preds, strict=True) if g in ACLED_CASE_LABELS]
    all_labels = sorted(set(golds))
    return {
        "acled25": f1_table([g for g, _ in acled], [p for _, p in acled], list(ACLED_CASE_LABELS)),
        "all30": f1_table(golds, preds, all_labels),
        "no_prediction": preds.count("NONE"),
    }


# ---- FA-KES normalisers --------------------------------------------------------------------------

_CAUSES = (  # first match wins; gold free text and our event types both end up here
    ("chemical", r"chemical|gas\b|chlorine|sarin|toxic|organophosph|poison"),
    ("air strike", r"barrel|\bair|aerial|warplane|\bjets?\b|plane|helicopter|raid|drone|bombed"),
    ("shelling", r"shell|mortar|rocket|missile|artillery|projectile"),
    ("bombing", r"suicide|bomb|blast|explo|\bied\b|\bmines?\b|tunnel|grenade"),
    ("air strike", r"strike"),
    ("clashes", r"clash|fight|battle|offensive|combat|assault"),
    ("attack", r"shot|shoot|sniper|gun|behead|execut|massacre|stab|attack|kill|murder"),
)
_TYPE_CAUSE = {
    "violence.air_strike": "air strike",
    "violence.shelling": "shelling",
    "violence.chemical_weapon": "chemical",
    "violence.suicide_bomb": "bombing",
    "violence.remote_explosive": "bombing",
    "violence.grenade": "bombing",
    "violence.armed_clash": "clashes",
    "battle.government_regains_territory": "clashes",
    "battle.non_state_overtakes_territory": "clashes",
    "violence.attack": "attack",
    "truce.violation_alleged": "attack",
}
_VIOLENT = frozenset(_TYPE_CAUSE)


def normalise_cause(text: str) -> str | None:
    lower = text.lower()
    for cause, pattern in _CAUSES:
        if re.search(pattern, lower):
            return cause
    return None


_ADMIN1_TO_GOLD = {
    "Al-Hasakah": "hasakeh",
    "Latakia": "lattakia",
    "Quneitra": "quneitra",
    "Ar-Raqqah": "raqqa",
    "As-Suwayda": "suwayda",
    "Daraa": "daraa",
    "Deir ez-Zor": "deir ezzor",
    "Rif-dimashq": "damascus",
    "Aleppo": "aleppo",
    "Hama": "hama",
    "Homs": "homs",
    "Idlib": "idlib",
    "Dimashq": "damascus",
    "Tartus": "tartus",
}

_ACTORS = (  # first the specific names, each blanked out once matched
    ("kurdish", r"kurd|\bypg\b|\bsdf\b|syrian democratic forces|\bpkk\b|asayish|asayesh"),
    (
        "nusra_hts",
        r"nusra|fateh al.?sham|fatah al.?sham|fath al.?sham|tahrir al.?sham|\bhts\b|"
        r"\bjfs\b|al.?qa.?ida|al.?qaeda|jaysh al.?fat|jeish al.?fat|jaish al.?fat",
    ),
    ("isis", r"\bis\b|\bisis\b|\bisil\b|daesh|daish|islamic state"),
    (
        "us_coalition",
        r"us.led|u\.s\..led|coalition|\bus\b|u\.s\.|united states|america|\busa\b|"
        r"pentagon|centcom",
    ),
    ("russia", r"russia"),
    ("turkey", r"turk"),
    ("israel", r"israel"),
    ("hezbollah", r"hezbollah|hizbollah|hizbullah"),
    ("iran", r"\biran"),
    (
        "rebels",
        r"rebel|opposition|\bfsa\b|free syrian army|islamist|jaysh al.?islam|"
        r"jaish al.?islam|ahrar|faylaq|terrorist|militant|jihadist|insurgent|zenki",
    ),
    ("syria_gov", r"syria|assad|regime|government|pro.government|\bsaa\b|loyalist|army"),
)


def normalise_actors(text: str) -> set[str]:
    lower, found = text.lower(), set()
    for key, pattern in _ACTORS:
        if re.search(pattern, lower):
            found.add(key)
            lower = re.sub(pattern, " ", lower)
    return found


# ---- fallback matchers (used only when the pipeline is missing) ---------------------------------


def _place_index(reference: Path) -> list[tuple[re.Pattern[str], str]]:
    admin1 = {}
    with (reference / "syria_admin1_geonames.csv").open(encoding="utf-8") as fh:
        admin1 = {r["admin1code"]: r["name"] for r in csv.DictReader(fh)}
    names: dict[str, str] = {}
    with (reference / "syria_places_geonames_pop500.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            gold = _ADMIN1_TO_GOLD.get(admin1.get(row["admin1code"], ""), "")
            for name in [row["name"], *row["alternatenames"].split(" | ")]:
                if gold and name.isascii() and len(name) >= 4 and name[0].isupper():
                    names.setdefault(name.lower(), gold)
    return [(re.compile(rf"\b{re.escape(n)}\b"), g) for n, g in names.items()]


def simple_governorate(
    index: list[tuple[re.Pattern[str], str]], title: str, text: str
) -> str | None:
    votes: Counter[str] = Counter()
    lead = (title + " " + text[:600]).lower()
    for pattern, gold in index:
        votes[gold] += 2 * len(pattern.findall(lead)) + len(pattern.findall(text.lower()))
    best = votes.most_common(1)
    return best[0][0] if best and best[0][1] else None


# ---- FA-KES evaluation ---------------------------------------------------------------------------


def _lede(row: dict[str, Any]) -> str:
    return row["text"][:1200]


def predict_article(row: dict[str, Any], pipeline: Any, index: Any) -> dict[str, Any]:
    text, title = row["text"], row.get("title") or ""
    guess = classify_text(_lede(row), allowed=_VIOLENT)
    cause = _TYPE_CAUSE.get(guess.type) if guess else None
    fatalities = parse_fatalities(text)
    governorate, perpetrators = None, set()
    if pipeline is not None:
        out = pipeline.extract(text, title)
        places = {p["name"]: p for p in out["places"]}
        event = next(
            (e for e in out["events"] if EVENT_TYPES.get(e["type"]) and e["type"] in _VIOLENT), None
        )
        if event and event["place"] in places and places[event["place"]]["admin1"]:
            governorate = _ADMIN1_TO_GOLD.get(places[event["place"]]["admin1"])
        if governorate is None:
            governorate = next(
                (
                    _ADMIN1_TO_GOLD.get(p["admin1"])
                    for p in out["places"]
                    if p["admin1"] in _ADMIN1_TO_GOLD
                ),
                None,
            )
        if event:
            for actor in event["actors"]:
                if actor["role"] == "perpetrator":
                    perpetrators |= normalise_actors(f"{actor['id'] or ''} {actor['name']}")
    else:
        governorate = simple_governorate(index, title, text)
    return {
        "cause": cause,
        "fatalities": fatalities,
        "governorate": governorate,
        "perpetrators": perpetrators,
    }


def eval_fakes(path: Path, reference: Path) -> dict[str, Any]:
    rows = [json.loads(line) for line in path.open(encoding="utf-8")]
    try:
        from trucewatch.extract.pipeline import Pipeline

        pipeline: Any = Pipeline.default()
        source = "Pipeline.default()"
    except (ImportError, AttributeError):
        pipeline, source = None, "eval/run_eval.py simple GeoNames matcher (no pipeline)"
    index = _place_index(reference) if pipeline is None else None
    tallies: dict[str, list[int]] = {}

    def tally(field: str, ok: bool) -> None:
        tallies.setdefault(field, [0, 0])
        tallies[field][0] += int(ok)
        tallies[field][1] += 1

    for row in rows:
        gold, pred = row["gold"], predict_article(row, pipeline, index)
        if gold.get("cause_of_death") and normalise_cause(gold["cause_of_death"]):
            tally("cause_of_death", pred["cause"] == normalise_cause(gold["cause_of_death"]))
        if gold.get("governorate"):
            tally("governorate", pred["governorate"] == gold["governorate"])
        if gold.get("actor") and normalise_actors(gold["actor"]):
            tally("perpetrator", bool(pred["perpetrators"] & normalise_actors(gold["actor"])))
        fat = pred["fatalities"]
        for field in ("civilians", "non_civilians", "children", "women"):
            expected = parse_count(gold[field]) if gold.get(field) else None
            if expected is None:
                continue
            value = getattr(fat, field) if fat else None
            if field == "civilians" and value is None and fat:
                # Workers put unspecified "people" in the civilians column; so do we.
                value = fat.total
            tally(field, value == expected)
    return {
        "n_articles": len(rows),
        "governorate_and_perpetrator_from": source,
        "fields": {k: {"agree": a, "n": n, "rate": a / n} for k, (a, n) in tallies.items()},
    }


def speed() -> dict[str, float]:
    sentences = [
        "Government warplanes struck the town of Douma on Monday, killing 12 civilians.",
        "Police fired tear gas to disperse protesters who had gathered outside parliament.",
        "The foreign minister said Russia was working to expand the list of groups in the truce.",
        "Rebels captured three villages after fierce clashes with the army, a monitor said.",
    ] * 2500
    start = time.perf_counter()
    for sentence in sentences:
        classify_sentence(sentence)
    elapsed = time.perf_counter() - start
    return {"sentences_per_second": len(sentences) / elapsed}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", default=str(ROOT.parent / "shared" / "data" / "dev"))
    args = parser.parse_args()
    data = Path(args.data)
    case_path, fakes_path = data / "case2021-task2-dev.jsonl", data / "fakes-dev.jsonl"
    if not case_path.exists() or not fakes_path.exists():
        print(
            f"run_eval: development data not found in {data} (need case2021-task2-dev.jsonl "
            "and fakes-dev.jsonl); pass --data DIR.",
            file=sys.stderr,
        )
        return 2
    reference = data.parent / "reference" / "geonames-syria"
    case = eval_case(case_path)
    fakes = eval_fakes(fakes_path, reference)
    figures = {"case2021": case, "fakes": fakes, "speed": speed()}

    a25, a30 = case["acled25"], case["all30"]
    left_out = a30["n"] - a25["n"]
    print(
        f"CASE 2021 task 2 dev ({a25['n']} snippets with an ACLED gold label; the {left_out}"
        " with an added label are left out; added-label predictions on ACLED items count wrong)"
    )
    print(
        f"  weighted F1 {a25['weighted_f1']:.3f}   macro F1 {a25['macro_f1']:.3f}   "
        f"accuracy {a25['accuracy']:.3f}"
    )
    print(
        f"  all 30 labels ({a30['n']} snippets): weighted F1 {a30['weighted_f1']:.3f}   "
        f"macro F1 {a30['macro_f1']:.3f}   accuracy {a30['accuracy']:.3f}"
    )
    print(f"  {'label':32} {'P':>5} {'R':>5} {'F1':>5} {'n':>3}")
    for label, row in a30["labels"].items():
        print(f"  {label:32} {row['p']:5.2f} {row['r']:5.2f} {row['f1']:5.2f} {row['support']:3d}")
    print(
        f"\nFA-KES dev ({fakes['n_articles']} articles): agreement with the crowd annotation;"
        f" governorate/perpetrator via {fakes['governorate_and_perpetrator_from']}"
    )
    for field, row in fakes["fields"].items():
        print(f"  {field:16} {row['rate']:6.1%}  ({row['agree']}/{row['n']})")
    rate = figures["speed"]["sentences_per_second"]
    print(f"\nspeed: {rate:,.0f} sentences/s (classify_sentence)")
    out = ROOT / "eval" / "out"
    out.mkdir(parents=True, exist_ok=True)
    (out / "latest.json").write_text(json.dumps(figures, indent=2), encoding="utf-8")
    print(f"wrote {out / 'latest.json'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
