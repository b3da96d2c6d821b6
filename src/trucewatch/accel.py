"""Optional compiled extraction modules: the same sources, compiled with mypyc.

`python -m trucewatch.accel build` (run by `make install`) compiles the extraction stages listed
in `MODULES` with mypyc (part of mypy) into a folder of the environment, `<sys.prefix>/
trucewatch-accel`, never next to the sources. `trucewatch.extract` calls `activate` when it is
imported: the compiled modules are used only when the manifest written with them records the
running interpreter's ABI and the SHA-256 of every source file of the package they were
compiled with, equal to the files in the package now. An edited source therefore never hides behind a stale compiled
copy: the whole package falls back to the Python sources until the next build. Set
TRUCEWATCH_PURE_PYTHON=1 to use the sources regardless.

The compiled modules give the same results (the test suite runs on them, and a test compares
their output with the sources' on real texts); they take about a tenth fewer machine
instructions per article (docs/benchmarks.md). Without a C compiler the build says so and the
pure-Python pipeline is used.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from collections.abc import MutableSequence
from pathlib import Path

MODULES = (
    "tokens", "actors", "events", "events_stage", "dates", "places", "sentences", "quotes",
    "fatalities", "truces", "clean", "doc", "serialize", "cues", "gazetteer", "pipeline",
)  # fmt: skip
PACKAGE = "trucewatch.extract"
MANIFEST = "manifest.json"
_SOURCE_DIR = Path(__file__).resolve().parent / "extract"

# Whether `activate` put the compiled modules in use in this process, and why not when it did not.
active = False
reason = "not checked"


def accel_dir() -> Path:
    """Where the compiled modules live: TRUCEWATCH_ACCEL_DIR, else beside the environment."""
    override = os.environ.get("TRUCEWATCH_ACCEL_DIR")
    return Path(override) if override else Path(sys.prefix) / "trucewatch-accel"


def _abi() -> str:
    return str(sysconfig.get_config_var("EXT_SUFFIX") or sys.implementation.cache_tag)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _sources(source_dir: Path) -> dict[str, str]:
    """The digest of every source file of the package, compiled or not: the compiled modules
    were type-checked against the others (doc.py's records, say)."""
    return {path.name: _digest(path) for path in sorted(source_dir.glob("*.py"))}


def check(directory: Path | None = None, source_dir: Path = _SOURCE_DIR) -> str | None:
    """None when the compiled modules in `directory` match `source_dir` and this interpreter;
    otherwise why they cannot be used."""
    directory = directory or accel_dir()
    try:
        manifest = json.loads((directory / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return "not built"
    except (OSError, ValueError) as exc:
        return f"unreadable manifest: {exc}"
    if manifest.get("abi") != _abi():
        return f"built for {manifest.get('abi')}, this interpreter is {_abi()}"
    try:
        current = _sources(source_dir)
    except OSError as exc:
        return f"sources unreadable: {exc}"
    built = manifest.get("sources") or {}
    stale = sorted(n for n in built.keys() | current.keys() if built.get(n) != current.get(n))
    if stale:
        return "out of date for " + ", ".join(stale)
    return None


def activate(package_path: MutableSequence[str], directory: Path | None = None) -> bool:
    """Put the compiled modules ahead of the sources in `package_path` (the extract package's
    `__path__`) when `check` passes; called once, before any stage module is imported."""
    global active, reason
    if os.environ.get("TRUCEWATCH_PURE_PYTHON"):
        reason = "TRUCEWATCH_PURE_PYTHON is set"
        return False
    directory = directory or accel_dir()
    problem = check(directory)
    if problem is not None:
        reason = problem
        return False
    # mypyc's shared runtime module is a top-level module of the build folder.
    if str(directory) not in sys.path:
        sys.path.append(str(directory))
    package_path.insert(0, str(directory / "trucewatch" / "extract"))
    active, reason = True, "in use"
    return True


def describe() -> str:
    """One line for benchmarks and `trucewatch --version`-style reports."""
    return "mypyc-compiled" if active else "Python sources"


def build(directory: Path | None = None, source_dir: Path = _SOURCE_DIR) -> str | None:
    """Compile `MODULES` from `source_dir` into `directory`; None on success, else why not.

    The whole `trucewatch` package is copied into a scratch folder (mypyc type-checks the
    modules against the rest of the package), the listed modules are compiled there, and only
    the built extension modules and the manifest are moved to `directory`, replacing an older
    build only once the new one is complete."""
    directory = directory or accel_dir()
    try:
        import mypyc  # noqa: F401  (part of mypy, a dev dependency)
    except ImportError:
        return "mypyc is not installed (pip install mypy)"
    with tempfile.TemporaryDirectory(prefix="trucewatch-accel-") as scratch:
        root = Path(scratch)
        package = source_dir.parent
        shutil.copytree(
            package, root / "trucewatch", ignore=shutil.ignore_patterns("data", "__pycache__")
        )
        # The project's mypy settings that matter here: untyped third-party modules are Any.
        (root / "mypy.ini").write_text("[mypy]\nignore_missing_imports = True\n")
        sources = _sources(root / "trucewatch" / "extract")
        files = [f"trucewatch/extract/{name}.py" for name in MODULES]
        command = [sys.executable, "-c", "from mypyc.__main__ import main; main()"]
        done = subprocess.run(
            [*command, *files], cwd=root, capture_output=True, text=True, check=False
        )
        if done.returncode != 0:
            tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
            return "mypyc failed: " + " | ".join(tail)
        suffix = _abi()
        staged = root / "staged"
        (staged / "trucewatch" / "extract").mkdir(parents=True)
        for name in MODULES:
            built = root / "trucewatch" / "extract" / f"{name}{suffix}"
            if not built.exists():
                return f"mypyc built no {built.name}"
            shutil.move(str(built), staged / "trucewatch" / "extract" / built.name)
        for shared in root.glob(f"*__mypyc{suffix}"):
            shutil.move(str(shared), staged / shared.name)
        manifest = {"abi": suffix, "python": sys.version.split()[0], "sources": sources}
        (staged / MANIFEST).write_text(json.dumps(manifest, indent=1), encoding="utf-8")
        if directory.exists():
            shutil.rmtree(directory)
        directory.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(staged), directory)
    return None


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args == ["build"]:
        problem = build()
        if problem is None:
            print(f"trucewatch: compiled the extraction stages into {accel_dir()}")
        else:  # the pure-Python pipeline still works: say so, do not fail the install
            print(f"trucewatch: extraction stays pure Python ({problem})", file=sys.stderr)
        return 0
    if args == ["check"]:
        problem = check()
        print("compiled extraction stages: " + ("up to date" if problem is None else problem))
        return 0 if problem is None else 1
    print("usage: python -m trucewatch.accel build|check", file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
