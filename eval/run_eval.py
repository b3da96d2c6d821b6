"""Score what `trucewatch extract --batch` outputs on the development data and the role gold.

Usage (from the repository root):  python eval/run_eval.py [--data ../shared/data/dev]

Every figure comes from the product's own path: the inputs are written to a JSONL file and
`python -m trucewatch.cli extract --batch IN --out OUT` runs in a subprocess (the bundled
gazetteer, as a user without --db gets); only its JSON output is read. No function of
trucewatch.extract is called from here.

(a) CASE 2021 Shared Task 2 snippets: each snippet is one batch document; the label is the
    first event's type mapped with ``taxonomy.case_label`` ("NONE", always wrong, when there is
    no event). Weighted F1 over the 25 ACLED types: items whose gold label is one of the five
    added types are left out, and an added-label prediction on an ACLED item counts as wrong.
(b) FA-KES articles: the main event is the first event of type family violence.* or battle.*
    in output order. Governorate: its place's ``places[].admin1``. Perpetrator: its actors whose
    role is not on the target side, a claimant, mediator or guarantor. Cause: its
    ``acled_sub_event_type``. Counts: its ``fatalities`` civilians, non_civilians, children and
    women, each compared exactly with the gold count. Agreement is over the rows where the crowd
    worker filled the field; a missing prediction is a disagreement.
(c) Roles on eval/roles/gold.jsonl (see eval/roles.py), with a first-mentioned-actor baseline.

Cite: CASE 2021 Task 2 (Haneczok et al. 2021); FA-KES (Abu Salem et al., ICWSM 2019).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "eval"))

from roles import GoldError, batch_items, load_documents, read_gold, score_roles  # noqa: E402
from scoring import (  # noqa: E402
    ACLED_CAUSE,
    NOT_PERPETRATOR,
    count_value,
    normalise_actors,
    normalise_cause,
    parse_gold_count,
)

from trucewatch.domain.taxonomy import ACLED_CASE_LABELS, case_label  # noqa: E402

COUNT_FIELDS = ("civilians", "non_civilians", "children", "women")

# ---- the product's path --------------------------------------------------------------------------


def extract_batch(items: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Run `trucewatch extract --batch` on the items ({id, text, title?, date?}); its JSON lines."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "src"), env.get("PYTHONPATH")]))
    with tempfile.TemporaryDirectory(prefix="trucewatch-eval-") as tmp:
        batch, out = Path(tmp) / "in.jsonl", Path(tmp) / "out.jsonl"
        with batch.open("w", encoding="utf-8") as fh:
            for item in items:
                fh.write(json.dumps(item, ensure_ascii=False) + "\n")
        command = [sys.executable, "-m", "trucewatch.cli", "extract", "--batch", str(batch)]
        done = subprocess.run(  # noqa: S603 - our own interpreter and module
            [*command, "--out", str(out)], env=env, capture_output=True, text=True, check=False
        )
        if done.returncode != 0:
            raise RuntimeError(f"extract --batch failed: {done.stderr.strip()[-500:]}")
        return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


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
    outputs = extract_batch({"id": i["id"], "text": i["text"]} for i in items)
    preds = [case_label(o["events"][0]["type"]) if o["events"] else "NONE" for o in outputs]
    golds = [item["label"] for item in items]
    acled = [(g, p) for g, p in zip(golds, preds, strict=True) if g in ACLED_CASE_LABELS]
    return {
        "acled25": f1_table([g for g, _ in acled], [p for _, p in acled], list(ACLED_CASE_LABELS)),
        "all30": f1_table(golds, preds, sorted(set(golds))),
        "no_prediction": preds.count("NONE"),
    }


_ADMIN1_TO_GOLD = {  # GeoNames admin1 names -> FA-KES governorates (Rif Dimashq is "damascus")
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


def main_event(out: Mapping[str, Any]) -> Mapping[str, Any] | None:
    """The first event of the violence or battle family, in the pipeline's own order."""
    return next(
        (e for e in out["events"] if e["type"].split(".")[0] in ("violence", "battle")), None
    )


def predict_article(out: Mapping[str, Any]) -> dict[str, Any]:
    """The main incident's fields, read off one `extract --batch` output line."""
    event = main_event(out)
    if event is None:
        return {"governorate": None, "perpetrators": set(), "cause": None, "counts": {}}
    place = next((p for p in out["places"] if p["name"] == event["place"]), None)
    perpetrators: set[str] = set()
    for actor in event["actors"]:
        if actor["role"] not in NOT_PERPETRATOR:
            perpetrators |= normalise_actors(f"{actor['id'] or ''} {actor['name']}")
    fatalities = event.get("fatalities") or {}
    return {
        "governorate": _ADMIN1_TO_GOLD.get(place["admin1"] or "") if place else None,
        "perpetrators": perpetrators,
        "cause": ACLED_CAUSE.get(event.get("acled_sub_event_type") or ""),
        "counts": {f: count_value(fatalities.get(f)) for f in COUNT_FIELDS},
    }


def eval_fakes(path: Path) -> dict[str, Any]:
    rows = [json.loads(line) for line in path.open(encoding="utf-8")]
    outputs = extract_batch(
        {"id": r["id"], "title": r.get("title"), "date": r.get("date"), "text": r["text"]}
        for r in rows
    )
    tallies: dict[str, list[int]] = {}

    def tally(field: str, ok: bool) -> None:
        tallies.setdefault(field, [0, 0])
        tallies[field][0] += int(ok)
        tallies[field][1] += 1

    with_event = 0
    for row, out in zip(rows, outputs, strict=True):
        gold, pred = row["gold"], predict_article(out)
        with_event += main_event(out) is not None
        if gold.get("governorate"):
            tally("governorate", pred["governorate"] == gold["governorate"])
        if gold.get("actor") and normalise_actors(gold["actor"]):
            tally("perpetrator", bool(pred["perpetrators"] & normalise_actors(gold["actor"])))
        if gold.get("cause_of_death") and normalise_cause(gold["cause_of_death"]):
            tally("cause_of_death", pred["cause"] == normalise_cause(gold["cause_of_death"]))
        for field in COUNT_FIELDS:
            expected = parse_gold_count(gold.get(field))
            if expected is not None:
                tally(field, pred["counts"].get(field) == expected)
    return {
        "n_articles": len(rows),
        "with_violent_event": with_event,
        "fields": {k: {"agree": a, "n": n, "rate": a / n} for k, (a, n) in tallies.items()},
    }


def eval_roles(gold_path: Path, data_root: Path) -> dict[str, Any]:
    gold = read_gold(gold_path)
    docs = load_documents(data_root, gold)
    outputs = extract_batch(batch_items(docs))
    by_doc = {tuple(o["id"].split("/", 1)): o for o in outputs}
    return score_roles(gold, by_doc)


# ---- report --------------------------------------------------------------------------------------


def print_case(case: Mapping[str, Any]) -> None:
    a25, a30 = case["acled25"], case["all30"]
    print(
        f"CASE 2021 task 2 dev via extract --batch ({a25['n']} snippets with an ACLED gold label;"
        f" the {a30['n'] - a25['n']} with an added label left out; {case['no_prediction']}"
        " snippets without an event)"
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


def print_roles(roles: Mapping[str, Any]) -> None:
    print(
        f"\nRoles on eval/roles/gold.jsonl ({roles['sentences']} sentences,"
        f" {roles['sentences_with_event']} with an event covering them;"
        f" unlocated gold lines: {roles['unlocated_lines'] or 'none'})"
    )
    print(f"  {'':16} {'source P/R/F1':>18} {'target P/R/F1':>18} {'claimant P/R/F1':>18} swaps")
    for name in ("pipeline", "first_mentioned"):
        r = roles[name]
        cells = [
            f"{r[s]['p']:.2f}/{r[s]['r']:.2f}/{r[s]['f1']:.2f}"
            for s in ("source", "target", "claimant")
        ]
        print(f"  {name:16} {cells[0]:>18} {cells[1]:>18} {cells[2]:>18} {r['swap_rate']:.1%}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", default=str(ROOT.parent / "shared" / "data" / "dev"))
    parser.add_argument("--roles", default=str(ROOT / "eval" / "roles" / "gold.jsonl"))
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
    try:
        roles = eval_roles(Path(args.roles), data.parent)
    except GoldError as exc:
        print(f"run_eval: {exc}", file=sys.stderr)
        return 2
    case = eval_case(case_path)
    fakes = eval_fakes(fakes_path)
    figures = {"case2021": case, "fakes": fakes, "roles": roles}

    print_case(case)
    print(
        f"\nFA-KES dev via extract --batch ({fakes['n_articles']} articles,"
        f" {fakes['with_violent_event']} with a violent event): agreement with the crowd annotation"
    )
    for field, row in fakes["fields"].items():
        print(f"  {field:16} {row['rate']:6.1%}  ({row['agree']}/{row['n']})")
    print_roles(roles)
    out = ROOT / "eval" / "out"
    out.mkdir(parents=True, exist_ok=True)
    (out / "latest.json").write_text(json.dumps(figures, indent=2), encoding="utf-8")
    print(f"\nwrote {out / 'latest.json'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
