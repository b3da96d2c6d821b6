"""FA-KES main incident on the product path: perpetrator and civilians of the first violent
event of `Pipeline.extract` (the code `extract --batch` runs), as docs/quality.md reports.

    .venv/bin/python eval/main_event.py [--data ../shared/data/dev] [-v]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from run_eval import normalise_actors  # noqa: E402

from trucewatch.extract.pipeline import Pipeline  # noqa: E402

_WORDS = {w: i for i, w in enumerate("zero one two three four five six seven eight nine ten "
                                     "eleven twelve".split())}  # fmt: skip


def _count(text: str) -> int | None:
    m = re.search(r"\d+", text.replace(",", ""))
    if m:
        return int(m.group())
    return next((_WORDS[w] for w in text.lower().split() if w in _WORDS), None)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default="../shared/data/dev")
    ap.add_argument("-v", action="store_true", help="print the perpetrator misses")
    args = ap.parse_args()
    pipeline = Pipeline.default()
    perp = [0, 0]
    civ = [0, 0]
    for line in (Path(args.data) / "fakes-dev.jsonl").open(encoding="utf-8"):
        row = json.loads(line)
        gold = row["gold"]
        out = pipeline.extract(row["text"], row.get("title") or "")
        event = next(
            (e for e in out["events"] if e["type"].split(".")[0] in ("violence", "battle")), None
        )
        if gold.get("actor") and normalise_actors(gold["actor"]):
            pred: set[str] = set()
            for a in event["actors"] if event else []:
                if a["role"] not in ("target", "victim", "claimant"):
                    pred |= normalise_actors(f"{a['id'] or ''} {a['name']}")
            hit = bool(pred & normalise_actors(gold["actor"]))
            perp[0] += hit
            perp[1] += 1
            if args.v and not hit:
                print(row["id"], gold["actor"], [(a["role"], a["name"]) for a in event["actors"]]
                      if event else None)  # fmt: skip
        if gold.get("civilians") and _count(gold["civilians"]) is not None:
            got = event["fatalities"].get("civilians") if event else None
            civ[0] += got == _count(gold["civilians"])
            civ[1] += 1
    print(f"perpetrator {perp[0]}/{perp[1]} = {perp[0] / perp[1]:.3f}")
    print(f"civilians exact {civ[0]}/{civ[1]} = {civ[0] / civ[1]:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
