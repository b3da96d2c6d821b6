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
their output with the sources' on real texts); they take about a seventh fewer machine
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

# The stages' working modules. Not compiled: the records that cross process boundaries
# (doc.py, gazetteer.py's ActorEntry, truces.py's TruceEntry, which a worker receives pickled:
# mypyc's frozen dataclasses cannot be unpickled) and the Pipeline, serialize and the tables,
# so that the package's entry points keep the sources' loose typing of their arguments.
MODULES = (
    "tokens", "actors", "events", "events_stage", "dates", "places", "sentences", "quotes",
    "fatalities", "clean", "roles", "story",
)  # fmt: skip
MANIFEST = "manifest.json"
_PACKAGE_DIR = Path(__file__).resolve().parent
# The sources the compiled modules were checked against: their package and the domain modules
# they import (names, taxonomy, errors).
_CHECKED_DIRS = ("extract", "domain")

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


def _sources(package_dir: Path) -> dict[str, str]:
    """The digest of every source file of the extract and domain packages, compiled or not: the
    compiled modules were type-checked against the others (doc.py's records, say)."""
    return {
        f"{folder}/{path.name}": _digest(path)
        for folder in _CHECKED_DIRS
        for path in sorted((package_dir / folder).glob("*.py"))
    }


def _built_files(suffix: str) -> list[str]:
    return [f"trucewatch/extract/{name}{suffix}" for name in MODULES]


def check(directory: Path | None = None, package_dir: Path = _PACKAGE_DIR) -> str | None:
    """None when the compiled modules in `directory` are complete and match the sources in
    `package_dir` and this interpreter; otherwise why they cannot be used."""
    directory = directory or accel_dir()
    try:
        manifest = json.loads((directory / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return "not built"
    except (OSError, ValueError) as exc:
        return f"unreadable manifest: {exc}"
    if manifest.get("abi") != _abi():
        return f"built for {manifest.get('abi')}, this interpreter is {_abi()}"
    missing = [f for f in _built_files(_abi()) if not (directory / f).is_file()]
    if missing or not list(directory.glob(f"*__mypyc{_abi()}")):
        return "incomplete build: " + (", ".join(missing) or "no shared mypyc library")
    try:
        current = _sources(package_dir)
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
    if os.environ.get("TRUCEWATCH_PURE_PYTHON", "") not in ("", "0"):
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
    """Which code the stages run, for the benchmark's rows."""
    return "mypyc-compiled" if active else "Python sources"


def build(directory: Path | None = None, package_dir: Path = _PACKAGE_DIR) -> str | None:
    """Compile `MODULES` from `package_dir` into `directory`; None on success, else why not.

    The whole `trucewatch` package is copied into a scratch folder (mypyc type-checks the
    modules against the rest of the package) and the listed modules are compiled there. The
    extension modules are then staged in a folder beside `directory` (the same file system),
    the manifest written last, and the staged folder renamed into place: a process importing
    the package meanwhile sees the old build or the new one, never a part of either, and the
    check refuses a build that lacks a module."""
    directory = directory or accel_dir()
    try:
        import mypyc  # noqa: F401  (part of mypy, a dev dependency)
    except ImportError:
        return "mypyc is not installed (pip install mypy)"
    suffix = _abi()
    with tempfile.TemporaryDirectory(prefix="trucewatch-accel-") as scratch:
        root = Path(scratch)
        shutil.copytree(
            package_dir, root / "trucewatch", ignore=shutil.ignore_patterns("data", "__pycache__")
        )
        # The project's mypy settings that matter here: untyped third-party modules are Any.
        (root / "mypy.ini").write_text("[mypy]\nignore_missing_imports = True\n")
        sources = _sources(root / "trucewatch")
        files = [f"trucewatch/extract/{name}.py" for name in MODULES]
        command = [sys.executable, "-c", "from mypyc.__main__ import main; main()"]
        done = subprocess.run(
            [*command, *files], cwd=root, capture_output=True, text=True, check=False
        )
        if done.returncode != 0:
            tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
            return "mypyc failed: " + " | ".join(tail)
        built = [root / f for f in _built_files(suffix)] + list(root.glob(f"*__mypyc{suffix}"))
        missing = [p.name for p in built if not p.is_file()]
        if missing or len(built) == len(MODULES):
            return "mypyc built no " + (", ".join(missing) or "shared library")
        directory.parent.mkdir(parents=True, exist_ok=True)
        staged = Path(tempfile.mkdtemp(prefix=f".{directory.name}-", dir=directory.parent))
        staged.chmod(0o755)  # mkdtemp makes it private; the venv is not
        try:
            for path in built:
                target = staged / path.relative_to(root)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(path, target)
            manifest = {"abi": suffix, "python": sys.version.split()[0], "sources": sources}
            (staged / MANIFEST).write_text(json.dumps(manifest, indent=1), encoding="utf-8")
            old = staged.with_name(staged.name + "-old")
            if directory.exists():
                directory.rename(old)
            staged.rename(directory)
            shutil.rmtree(old, ignore_errors=True)
        finally:
            shutil.rmtree(staged, ignore_errors=True)
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
