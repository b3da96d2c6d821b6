"""Extraction benchmark: articles per second per core for the default pipeline.

Why: the issue's target is >= 300 news-length articles/s on one core (a day of GDELT-scale news,
~250,000 articles, in under 15 minutes). This script measures `Pipeline.default().extract_many`
on the demo corpus (and on the FA-KES dev texts when ../shared/data/dev is present), in one
process pinned to one core when the OS allows, after one warm-up pass (caches filled, as in a
long-running worker). It reports wall-clock and CPU-time rates: on a shared machine the CPU-time
figure is the steadier one. When spaCy and `en_core_web_sm` are importable it also times a
spaCy NER pass over the same texts (never downloaded here); otherwise it says why it skipped.

Usage:  python bench/extract.py [--repeat 3] [--python /usr/bin/python3 ...] [--instructions]
                                [--no-docs]

`--instructions` also counts instructions per article with valgrind's callgrind (every 4th
demo-corpus article; minutes per interpreter): unlike CPU time on a shared machine, the
count does not move with the host's load, so it tells whether a change made the pipeline
cheaper.

`--python` also times the pipeline under another interpreter of the same minor version, over
the same installed packages (a child process with this interpreter's site-packages and src on
its PYTHONPATH): the same code runs markedly faster on a distribution's optimised CPython build
than on a shared-library build without profile-guided optimisation, such as pyenv's default, so
the table names the interpreter of every row.
It rewrites only the "## Extraction (bench/extract.py)" section of docs/benchmarks.md, reading
the file immediately before writing (another benchmark owns the other sections).
"""

from __future__ import annotations

import argparse
import glob
import importlib.util
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import sysconfig
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
# This checkout's sources when trucewatch is not installed; an installed (or PYTHONPATH) one wins.
if importlib.util.find_spec("trucewatch") is None:
    sys.path.insert(0, str(ROOT / "src"))

from trucewatch import accel  # noqa: E402
from trucewatch.extract.pipeline import Pipeline  # noqa: E402

SHARED = ROOT.parent / "shared" / "data"
DOCS = ROOT / "docs" / "benchmarks.md"
HEADING = "## Extraction (bench/extract.py)"
# What the last optimisation pass changed and what it measured, kept in the generated section.
HISTORY = [
    "Optimisation pass (extraction JSON byte-identical on the demo corpus, the FA-KES dev texts "
    "and the seed article): NormText builds only its string, norms and word positions and reads "
    "the other columns per word on demand (extract/tokens.py); the event classifier scans each "
    "article once, not each sentence (`events.classify_spans`), and skips combination rules "
    "whose features are absent; date cues are searched per sentence; truce and actor overlap "
    "look-ups bisect instead of scanning. Before -> after, same machine and conditions (2 "
    "shared CPUs, other jobs running; best of 3 alternating runs of `python bench/extract.py "
    "--repeat 5`, CPU time): demo corpus 139 -> 187 articles/s, FA-KES dev 206 -> 237 "
    "articles/s. Still short of 300/s; by cProfile the time left is spread over the stages: "
    "events ~40% (classification ~20%, assembling who/where/when ~20%), actors with the "
    "NormText ~30%, sentence splitting ~9%, dates and places ~6% each.",
    "Second and third passes (same byte-identical check; the chunk offsets and the sentence "
    "candidates are also property-tested against the regexes they replace): literal "
    "pre-filters (`str.find`) before the costly date and truce regexes; a case-folded copy so "
    "that regexes run without IGNORECASE; tighter fatality and event loops; chunk offsets "
    "summed from the split lengths instead of one regex match per chunk; a sentence-candidate "
    "regex that opens with a character class. Interleaved A/B after the second pass (CPU time, "
    "best of 2 rounds x 3 repeats): demo corpus 193 -> 196, FA-KES dev 273 -> 294 articles/s. "
    "The third pass, counted with valgrind's callgrind (deterministic; every 4th demo-corpus "
    "article, two passes, start-up subtracted): 23.4 -> 21.6 million instructions per "
    "article (-7.7%). In CPU time the same code measured 188 to 283 articles/s on the demo "
    "corpus within one hour on this shared VM, more than any of these changes, so the table "
    "above is one sample of a moving machine. By cProfile the time is spread over the stages, "
    "with no single hot spot left: actors with the NormText ~37%, events ~31% (classification "
    "~23%), dates ~11%, places and sentences ~6% each.",
    "Fourth and fifth passes (same byte-identical check; every replacement property-tested "
    "against the regex or search it replaces): demonym and organisation words by set membership "
    "per word instead of a regex over the normalised string; group phrases tried only where "
    "`str.find` finds an adjective; punctuation blanked on the UTF-8 bytes (`bytes.translate`); "
    "chunk offsets as a running sum plus corrections for the few long gaps; word positions "
    "counted with `str.count` from a cursor instead of a list of every word's position; one "
    "'-' scan for the date cores; the quote stage skipped when the text has no quote mark; one "
    "evidence span and one fatality parse per sentence; no truce look-up when no truce is "
    "mentioned. Counted with callgrind on every 4th demo-corpus article (instructions of the "
    "second pass = two passes minus one, so start-up and the first-pass caches are left out): "
    "17.2 -> 15.0 million instructions per article (-12.8%). CPU time, alternating runs of "
    "the two trees (3 repeats each): 178/171/194 before, 194/184/278 after articles/s, the "
    "machine's swings again larger than the change.",
    "The interpreter build (same code, same installed packages; `--python`): the venv's CPython "
    "3.11.7 is pyenv's default build (libpython as a shared library, no profile-guided "
    "optimisation), Debian's /usr/bin/python3 is CPython 3.11.2 as the distribution builds it "
    "(libpython linked in). Counted with callgrind as above: 15.0 million instructions per "
    "article under the venv's build, 13.3 million under Debian's (-11%, before the effect on "
    "branch prediction and caches; the patch releases, 3.11.7 and 3.11.2, differ too). In CPU time, samples within the same half hour on this "
    "host: Debian's build 213-318 articles/s on the demo corpus and 297-455 on FA-KES; the "
    "venv's 169-254 and 249-403. A mypyc trial then (-13.7% instructions) was not adopted for "
    "want of a guard against compiled modules shadowing edited sources; see the next note.",
    "Sixth pass and compiled stages (same byte-identical check, under both the sources and the "
    "compiled modules; every replaced regex or search property-tested against it): sentence "
    "candidates, quote marks, paragraphs and date sentences from str.find lists instead of "
    "regex scans of every character; one word_at per gazetteer or place hit; word lists by a "
    "vocabulary intersection; the named-truce automaton only where a key's rarest word occurs; "
    "fewer calls per scored sentence and per event; Sentence a named tuple. Then `make "
    "install` compiles the extraction stages with mypyc into the venv (trucewatch/accel.py), "
    "used only while a manifest of source digests and the interpreter's ABI matches, so an "
    "edited source falls back to itself instead of hiding behind a stale build. Counted with "
    "callgrind as above: 15.0 million instructions per article before the pass, 11.8 after it "
    "(-21.5%, Python sources), 10.2 compiled (-32% in all)."
    " CPU time of the final code, three runs of `--repeat 5 --python /usr/bin/python3` within"
    " a quarter of an hour (this table is the first): compiled under the venv's build "
    "388/305/402 articles/s on the demo corpus and 659/457/470 on FA-KES; compiled under "
    "Debian's 478/342/375 and 607/537/569; the sources under the venv's 384/263/355 and "
    "464/345/452. An hour earlier, in one of this host's slow phases, a slightly earlier "
    "build measured 268 and 295 on the demo corpus compiled: the margin over 300 on that "
    "corpus (4,300 characters on average, transcripts of up to 47,000 among them) is thin "
    "when the host is slow; on the FA-KES news articles no run has come near it.",
]


def _demo_corpus() -> list[dict[str, Any]]:
    items = []
    for path in sorted(glob.glob(str(SHARED / "demo-corpus" / "*" / "*.jsonl"))):
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                d = json.loads(line)
                items.append({"text": d.get("text") or "", "title": d.get("title"),
                              "date": d.get("date")})  # fmt: skip
    return items


def _fakes() -> list[dict[str, Any]]:
    path = SHARED / "dev" / "fakes-dev.jsonl"
    if not path.exists():
        return []
    with open(path, encoding="utf-8") as fh:
        return [{"text": json.loads(line).get("text") or ""} for line in fh]


def _pin_one_core() -> str:
    if hasattr(os, "sched_setaffinity"):
        core = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {core})
        return f"pinned to core {core}"
    return "not pinned (no sched_setaffinity)"


def _time(run: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Best wall and best CPU seconds of `repeat` runs after one warm-up run."""
    run()
    wall, cpu = float("inf"), float("inf")
    for _ in range(repeat):
        w, c = time.perf_counter(), time.process_time()
        run()
        wall = min(wall, time.perf_counter() - w)
        cpu = min(cpu, time.process_time() - c)
    return wall, cpu


def interpreter() -> str:
    """This interpreter: version, executable, and how libpython is linked (a shared libpython
    costs the interpreter loop a PLT call per C-API call; distributions link it statically)."""
    try:
        maps = Path("/proc/self/maps").read_text()
        shared = "shared libpython" if "libpython" in maps else "static libpython"
    except OSError:
        shared = "libpython linkage unknown"
    exe = Path(sys.executable)
    shown = exe.relative_to(ROOT) if exe.is_relative_to(ROOT) else exe
    return f"{platform.python_implementation()} {platform.python_version()}, {shown} ({shared})"


def bench_pipeline(name: str, items: Sequence[dict[str, Any]], repeat: int) -> dict[str, Any]:
    pipeline = Pipeline.default()
    wall, cpu = _time(lambda: list(pipeline.extract_many(items)), repeat)
    chars = sum(len(i["text"]) for i in items)
    return {"corpus": name, "engine": "trucewatch default pipeline", "n": len(items),
            "mean_chars": chars / max(1, len(items)), "per_s_wall": len(items) / wall,
            "per_s_cpu": len(items) / cpu, "python": interpreter(),
            "stages": accel.describe()}  # fmt: skip


PURE = {"TRUCEWATCH_PURE_PYTHON": "1"}


def _child_env(python: str) -> dict[str, str] | str:
    """The environment in which `python` imports this interpreter's installed packages and
    src (same major.minor version only); a note when it cannot."""
    try:
        version = subprocess.run(
            [python, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
            capture_output=True, text=True, check=True, timeout=60,
        ).stdout.strip()  # fmt: skip
    except (OSError, subprocess.SubprocessError) as exc:
        return f"--python {python}: not run ({exc})"
    ours = f"{sys.version_info[0]}.{sys.version_info[1]}"
    if version != ours:
        return (
            f"--python {python}: not run (Python {version}; the installed packages are for {ours})"
        )
    paths = sysconfig.get_paths()
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        dict.fromkeys([str(ROOT / "src"), paths["purelib"], paths["platlib"]])
    )
    # The venv's compiled stages too (trucewatch.accel checks the ABI and the sources).
    env.setdefault("TRUCEWATCH_ACCEL_DIR", str(accel.accel_dir()))
    return env


def bench_other_python(
    python: str, repeat: int, extra_env: dict[str, str] | None = None
) -> list[dict[str, Any]] | str:
    """The pipeline rows timed by `python` in a child process (`_child_env`, plus `extra_env`);
    a note when it cannot."""
    base = getattr(sys, "_base_executable", sys.executable)
    if not extra_env and os.path.realpath(python) == os.path.realpath(base):
        return f"--python {python}: the interpreter of this run, not timed twice"
    env = _child_env(python)
    if isinstance(env, str):
        return env
    env.update(extra_env or {})
    cmd = [python, str(Path(__file__).resolve()), "--repeat", str(repeat), "--child-json"]
    try:
        done = subprocess.run(
            cmd, capture_output=True, text=True, env=env, check=False, timeout=3600
        )
    except subprocess.TimeoutExpired:
        return f"--python {python}: stopped after an hour"
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no error output"])[-1]
        return f"--python {python}: failed ({last})"
    try:
        rows: list[dict[str, Any]] = json.loads(done.stdout)
    except json.JSONDecodeError:
        return f"--python {python}: printed something other than the rows"
    return rows


# Instructions are counted on every EVERY-th demo-corpus article: a tenth of the time of the
# whole corpus under valgrind, and the same articles every time.
EVERY = 4


def _child_passes(passes: int) -> None:
    """Run by `count_instructions` under callgrind: build the pipeline, one warm-up pass over
    the sample (caches filled), then `passes` more."""
    items = _demo_corpus()[::EVERY]
    pipeline = Pipeline.default()
    for _ in range(1 + passes):
        list(pipeline.extract_many(items))


def _child_first_sight(passes: int) -> None:
    """Run by `count_first_sight` under callgrind: the pipeline reads the whole demo corpus
    (its per-word caches warmed on other texts only), then FA-KES `passes` times."""
    pipeline = Pipeline.default()
    list(pipeline.extract_many(_demo_corpus()))
    items = _fakes()
    for _ in range(passes):
        list(pipeline.extract_many(items))


def _callgrind(python: str, env: dict[str, str], child: list[str]) -> int | str:
    valgrind = shutil.which("valgrind") or "valgrind"
    cmd = [valgrind, "--tool=callgrind", "--callgrind-out-file=/dev/null", python,
           str(Path(__file__).resolve()), *child]  # fmt: skip
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    found = re.search(r"Collected : (\d+)", done.stderr)
    if done.returncode != 0 or found is None:
        return f"instructions under {python}: callgrind failed (exit {done.returncode})"
    return int(found.group(1))


def count_first_sight(python: str) -> str:
    """A note: instructions per FA-KES article the first time the pipeline sees the texts
    (after the demo corpus only) and on a second pass, as the timed rows measure. New text
    brings words the per-chunk caches have not met; this says what they cost."""
    if shutil.which("valgrind") is None or not _fakes():
        return "first sight: skipped (needs valgrind and the FA-KES dev texts)"
    env = _child_env(python)
    if isinstance(env, str):
        return env
    env["PYTHONHASHSEED"] = "0"
    counts = []
    for passes in (0, 1, 2):
        got = _callgrind(python, env, ["--child-first-sight", str(passes)])
        if isinstance(got, str):
            return got
        counts.append(got)
    n = len(_fakes())
    first, again = (counts[1] - counts[0]) / n, (counts[2] - counts[1]) / n
    return (
        f"First sight (`--first-sight`, {accel.describe()}, callgrind): a FA-KES article costs "
        f"{first / 1e6:.2f} million instructions when the pipeline has read only the demo corpus "
        f"before it, {again / 1e6:.2f} million on a second pass ({first / again - 1:+.0%}): the "
        "timed rows, best of repeated passes, flatter text the caches have not met by that much."
    )


def count_instructions(
    python: str, extra_env: dict[str, str] | None = None
) -> dict[str, Any] | str:
    """Instructions per article for `python`, counted with valgrind's callgrind, which the
    host's load does not move: a run with two passes minus a run with one, so start-up, the
    pipeline's construction and the first pass's cache filling cancel out."""
    if shutil.which("valgrind") is None:
        return "instructions: skipped (valgrind is not installed)"
    env = _child_env(python)
    if isinstance(env, str):
        return env
    env["PYTHONHASHSEED"] = "0"
    env.update(extra_env or {})
    n = len(_demo_corpus()[::EVERY])
    counts = []
    for passes in (0, 1):
        got = _callgrind(python, env, ["--child-passes", str(passes)])
        if isinstance(got, str):
            return got
        counts.append(got)
    exe = Path(python)
    shown = exe.relative_to(ROOT) if exe.is_absolute() and exe.is_relative_to(ROOT) else exe
    stages = "Python sources" if env.get("TRUCEWATCH_PURE_PYTHON") else accel.describe()
    return {"python": str(shown), "stages": stages, "articles": n,
            "per_article": (counts[1] - counts[0]) / n}  # fmt: skip


def bench_spacy(name: str, items: Sequence[dict[str, Any]], repeat: int) -> dict[str, Any] | str:
    try:
        import spacy  # type: ignore[import-not-found]
    except ImportError:
        return "skipped: spaCy is not installed (pip install spacy; it is optional)"
    try:
        nlp = spacy.load("en_core_web_sm")
    except OSError:
        return "skipped: spaCy model en_core_web_sm is not installed (no downloads at run time)"
    texts = [i["text"] for i in items]
    wall, cpu = _time(lambda: [[e.label_ for e in d.ents] for d in nlp.pipe(texts)], repeat)
    return {"corpus": name, "engine": "spaCy en_core_web_sm (NER)", "n": len(items),
            "mean_chars": sum(map(len, texts)) / max(1, len(texts)),
            "per_s_wall": len(items) / wall, "per_s_cpu": len(items) / cpu}  # fmt: skip


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _section(
    rows: list[dict[str, Any]],
    notes: list[str],
    pinned: str,
    command: str,
    counted: Sequence[dict[str, Any]] = (),
) -> str:
    lines = [
        HEADING, "",
        f"Command: `{command}` (single process, {pinned}; best of the timed runs "
        "after a warm-up; target >= 300 articles/s per core).", "",
        f"Machine: {os.cpu_count()} CPUs (nproc), {_cpu_model()}.", "",
        "| corpus | engine | stages | Python | articles | mean chars | articles/s (wall) "
        "| articles/s (CPU time) |",
        "|---|---|---|---|---:|---:|---:|---:|",
    ]  # fmt: skip
    for r in rows:
        lines.append(
            f"| {r['corpus']} | {r['engine']} | {r.get('stages', '')} | {r.get('python', '')} "
            f"| {r['n']} | "
            f"{r['mean_chars']:,.0f} | {r['per_s_wall']:.0f} | {r['per_s_cpu']:.0f} |"
        )
    if counted:
        lines += [
            "",
            f"Instructions per article, counted with valgrind's callgrind (`--instructions`; every "
            f"{EVERY}th demo-corpus article, one pass: a run with two passes minus a run with "
            "one; the host's load does not move these):",
            "",
            "| Python | stages | articles | million instructions per article |",
            "|---|---|---:|---:|",
        ]
        lines += [
            f"| {c['python']} | {c['stages']} | {c['articles']} | {c['per_article'] / 1e6:.2f} |"
            for c in counted
        ]
    lines += ["", *(f"- {n}" for n in notes), ""]
    return "\n".join(lines)


def write_docs(section: str) -> None:
    """Replace (or append) only our section; read the file right before writing."""
    current = DOCS.read_text(encoding="utf-8") if DOCS.exists() else "# Benchmarks\n"
    pattern = re.compile(rf"^{re.escape(HEADING)}\n.*?(?=^## |\Z)", re.S | re.M)
    if pattern.search(current):
        updated = pattern.sub(lambda _: section + "\n", current, count=1)
    else:
        updated = current.rstrip("\n") + "\n\n" + section
    DOCS.write_text(updated.rstrip("\n") + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-docs", action="store_true", help="print only")
    parser.add_argument(
        "--python",
        action="append",
        default=[],
        metavar="PATH",
        help="also time the pipeline under this interpreter (same minor version)",
    )
    parser.add_argument(
        "--instructions",
        action="store_true",
        help="also count instructions per article with valgrind (minutes per interpreter)",
    )
    parser.add_argument(
        "--first-sight",
        action="store_true",
        help="also count instructions per FA-KES article on first sight (minutes)",
    )
    parser.add_argument("--child-json", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--child-first-sight", type=int, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--child-passes", type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child_passes is not None:  # run by count_instructions, under callgrind
        _child_passes(args.child_passes)
        return 0
    if args.child_first_sight is not None:  # run by count_first_sight, under callgrind
        _child_first_sight(args.child_first_sight)
        return 0
    pinned = _pin_one_core()
    corpora = [("demo corpus", _demo_corpus()), ("FA-KES dev", _fakes())]
    if args.child_json:  # run by bench_other_python: the pipeline rows only, as JSON
        print(json.dumps([bench_pipeline(n, items, args.repeat) for n, items in corpora if items]))
        return 0
    rows: list[dict[str, Any]] = []
    notes: list[str] = []
    # The venv's interpreter on the Python sources too, when the compiled stages are in use.
    runs = [(python, None) for python in args.python]
    if accel.active:
        runs.append((sys.executable, PURE))
    for python, extra_env in runs:
        other = bench_other_python(python, args.repeat, extra_env)
        if isinstance(other, str):
            notes.append(other)
        else:
            rows += other
    for name, items in corpora:
        if not items:
            notes.append(f"{name}: not found, skipped")
            continue
        rows.append(bench_pipeline(name, items, args.repeat))
        spacy_row = bench_spacy(name, items, args.repeat)
        if isinstance(spacy_row, str):
            if spacy_row not in notes:
                notes.append(spacy_row)
        else:
            rows.append(spacy_row)
    if not accel.active:
        notes.append(f"compiled stages not used: {accel.reason} (make install builds them)")
    counted: list[dict[str, Any]] = []
    if args.instructions:
        counts = [(python, None) for python in [sys.executable, *args.python]]
        if accel.active:
            counts.append((sys.executable, PURE))
        for python, extra_env in counts:
            got = count_instructions(python, extra_env)
            if isinstance(got, str):
                notes.append(got)
            else:
                counted.append(got)
    if args.first_sight:
        notes.append(count_first_sight(sys.executable))
    slow = [r for r in rows if r["engine"].startswith("trucewatch") and r["per_s_cpu"] < 300]
    for r in slow:
        notes.append(f"{r['corpus']} under {r['python']}: below the 300 articles/s target on "
                     "this machine (docs/quality.md, 'What limits us', says where the time "
                     "goes)")  # fmt: skip
    notes += HISTORY
    argv = sys.argv[1:] if argv is None else argv
    command = " ".join(["python bench/extract.py", *argv])
    section = _section(rows, notes, pinned, command, counted)
    print(section)
    if not args.no_docs:
        write_docs(section)
        print(f"wrote {DOCS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
