"""The role score: who did what to whom, on the hand-annotated sentences in eval/roles/gold.jsonl.

Each gold line names a document (corpus + id) and one sentence of it, with the role spans a
reader marked (eval/roles/GUIDELINES.md). The document runs whole through `extract --batch`;
the sentence is located in the output's text (whitespace-tolerant); the events whose evidence
span covers it (at least half of the sentence, or at least half of the evidence inside it) give
their actors with roles, united over those events. An actor's forms are its name and the texts
of its mentions inside the sentence.
"""

from __future__ import annotations

import glob
import json
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from scoring import Predicted, RoleTally, score_sentence, side

DEV_FILES = {
    "fakes-dev": "dev/fakes-dev.jsonl",
    "case2021-task2-dev": "dev/case2021-task2-dev.jsonl",
}
DEMO_CORPORA = ("kremlin-en", "centcom-oir-strike-releases", "whitehouse-briefing-room", "wikinews")


class GoldError(Exception):
    """A gold line that cannot be used: names the file, line and what is wrong."""


def read_gold(path: Path) -> list[dict[str, Any]]:
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise GoldError(f"{path}:{number}: not JSON ({exc.msg})") from None
        for key in ("corpus", "doc", "sentence", "spans"):
            if key not in row:
                raise GoldError(f"{path}:{number}: field {key!r} missing")
        for span in row["spans"]:
            if side(span.get("role", "")) is None and span.get("role") not in (
                "mediator",
                "guarantor",
            ):
                raise GoldError(f"{path}:{number}: spans: unknown role {span.get('role')!r}")
        row["line"] = number
        rows.append(row)
    return rows


def corpus_files(data_root: Path, corpus: str) -> list[Path]:
    """The JSONL files of a corpus: data_root is the folder holding dev/ and demo-corpus/."""
    if corpus in DEV_FILES:
        return [data_root / DEV_FILES[corpus]]
    if corpus in DEMO_CORPORA:
        folder = data_root / "demo-corpus" / corpus
        return [Path(p) for p in sorted(glob.glob(str(folder / "**" / "*.jsonl"), recursive=True))]
    raise GoldError(f"unknown corpus {corpus!r}")


def load_documents(data_root: Path, gold: list[dict[str, Any]]) -> dict[tuple[str, str], dict]:
    """The source records the gold lines name, keyed by (corpus, doc id)."""
    wanted: dict[str, set[str]] = {}
    for row in gold:
        wanted.setdefault(row["corpus"], set()).add(str(row["doc"]))
    docs: dict[tuple[str, str], dict] = {}
    for corpus, ids in wanted.items():
        for path in corpus_files(data_root, corpus):
            with path.open(encoding="utf-8") as fh:
                for line in fh:
                    record = json.loads(line)
                    if str(record["id"]) in ids:
                        docs[corpus, str(record["id"])] = record
    for row in gold:
        if (row["corpus"], str(row["doc"])) not in docs:
            raise GoldError(
                f"gold line {row['line']}: document {row['doc']!r} not in {row['corpus']}"
            )
    return docs


def locate(sentence: str, text: str) -> tuple[int, int] | None:
    """Start and end of the sentence in the text, whatever the whitespace between its words."""
    pieces = [re.escape(p) for p in sentence.split()]
    if not pieces:
        return None
    match = re.search(r"\s+".join(pieces), text)
    return (match.start(), match.end()) if match else None


def _covers(ev: Mapping[str, Any], start: int, end: int) -> bool:
    es, ee = ev["start"], ev["end"]
    inside = max(0, min(ee, end) - max(es, start))
    return 2 * inside >= end - start or (ee > es and 2 * inside >= ee - es)


def _told_in(ev: Mapping[str, Any], start: int, end: int) -> bool:
    """The event is told in the sentence: its evidence, or one of the other tellings that the
    story merge folded into it (`also_in`)."""
    spans = [ev["evidence"], *(ev.get("also_in") or [])]
    return any(_covers(span, start, end) for span in spans)


def _mention_key(actor: Mapping[str, Any]) -> tuple[str, str]:
    """How a document's actor and an event's actor are matched: registry id, else name."""
    if actor.get("id"):
        return ("id", str(actor["id"]))
    return ("name", actor["name"].lower())


def _actor_key(actor: Mapping[str, Any]) -> tuple[str, str]:
    """An actor's identity: its registry id; else its name, and for a generic actor ("Civilians")
    the words that name it, so "10 civilians" and "37 others" are two."""
    if actor.get("id"):
        return ("id", str(actor["id"]))
    return ("name", f"{actor['name'].lower()}|{(actor.get('text') or '').lower()}")


def _mentions_in(
    out: Mapping[str, Any], start: int, end: int
) -> dict[tuple[str, str], list[dict[str, Any]]]:
    """Each actor's mentions inside [start, end), by actor key; actors not mentioned are absent."""
    found: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for actor in out["actors"]:
        for m in actor["mentions"]:
            if m["start"] >= start and m["end"] <= end:
                found.setdefault(_mention_key(actor), []).append({**m, "name": actor["name"]})
    return found


def predicted_roles(out: Mapping[str, Any], start: int, end: int) -> list[Predicted]:
    """The actors of the events covering [start, end), with their scored side (one per side)."""
    mentions = _mentions_in(out, start, end)
    everywhere = _mentions_in(out, 0, len(out["text"]))
    sentence = out["text"][start:end]
    seen: dict[tuple[str, tuple[str, str]], Predicted] = {}
    for event in out["events"]:
        if not _told_in(event, start, end):
            continue
        own = _covers(event["evidence"], start, end)
        for actor in event["actors"]:
            s = side(actor["role"])
            key = _actor_key(actor)
            if s is None or (s, key) in seen:
                continue
            # Only the actors this sentence names count for it (an event merged from several
            # tellings carries the others' actors too); an actor the text never names (the
            # headline's doer, outside the text) counts for every sentence of its event.
            text = actor.get("text")
            named = mentions.get(_mention_key(actor), [])
            elsewhere = _mention_key(actor) in everywhere or (text and text in out["text"])
            if not named and not (text and text in sentence) and (elsewhere or not own):
                continue
            forms = [actor["name"], *(m["text"] for m in named)]
            if actor.get("text"):
                forms.append(actor["text"])
            seen[s, key] = Predicted(s, tuple(forms))
    return list(seen.values())


def first_mentioned(out: Mapping[str, Any], start: int, end: int) -> list[Predicted]:
    """Baseline: the first actor mentioned in the sentence is the source, the others the target."""
    mentions = _mentions_in(out, start, end)
    order = sorted(mentions, key=lambda k: min(m["start"] for m in mentions[k]))
    return [
        Predicted(
            "source" if i == 0 else "target",
            (mentions[key][0]["name"], *(m["text"] for m in mentions[key])),
        )
        for i, key in enumerate(order)
    ]


def score_roles(
    gold: list[dict[str, Any]], outputs: Mapping[tuple[str, str], Mapping[str, Any]]
) -> dict[str, Any]:
    """Pipeline and first-mentioned baseline figures over the gold sentences."""
    pipeline, baseline = RoleTally(), RoleTally()
    unlocated, with_event = [], 0
    for row in gold:
        out = outputs[row["corpus"], str(row["doc"])]
        where = locate(row["sentence"], out["text"])
        if where is None:
            unlocated.append(row["line"])
            continue
        preds = predicted_roles(out, *where)
        with_event += any(_told_in(e, *where) for e in out["events"])
        score_sentence(pipeline, row["spans"], preds)
        score_sentence(baseline, row["spans"], first_mentioned(out, *where))
    return {
        "sentences": len(gold),
        "unlocated_lines": unlocated,
        "sentences_with_event": with_event,
        "pipeline": pipeline.figures(),
        "first_mentioned": baseline.figures(),
    }


def batch_items(docs: Mapping[tuple[str, str], Mapping[str, Any]]) -> Iterable[dict[str, Any]]:
    for (corpus, doc_id), record in docs.items():
        yield {
            "id": f"{corpus}/{doc_id}",
            "title": record.get("title"),
            "date": record.get("date"),
            "text": record["text"],
        }
