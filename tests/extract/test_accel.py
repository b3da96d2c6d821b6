"""The compiled extraction stages (trucewatch.accel): used only when built from the current
sources for this interpreter, and giving the sources' results."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from trucewatch import accel
from trucewatch.extract.pipeline import Pipeline

PACKAGE = Path(accel.__file__).resolve().parent
SEED = Path(__file__).resolve().parents[1] / "fixtures" / "extract" / "seed-article.txt"


@pytest.fixture()
def copied(tmp_path: Path) -> tuple[Path, Path]:
    """A copy of the checked sources and a build folder (modules as empty files) whose manifest
    matches it."""
    sources = tmp_path / "trucewatch"
    for folder in accel._CHECKED_DIRS:
        shutil.copytree(
            PACKAGE / folder, sources / folder, ignore=shutil.ignore_patterns("__pycache__")
        )
    build = tmp_path / "accel"
    for name in [*accel._built_files(accel._abi()), f"abc__mypyc{accel._abi()}"]:
        (build / name).parent.mkdir(parents=True, exist_ok=True)
        (build / name).write_bytes(b"")
    manifest = {"abi": accel._abi(), "sources": accel._sources(sources)}
    (build / accel.MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    return sources, build


def test_a_build_of_the_current_sources_passes_the_check(copied: tuple[Path, Path]) -> None:
    sources, build = copied
    assert accel.check(build, sources) is None


def test_an_edited_source_makes_the_build_stale(copied: tuple[Path, Path]) -> None:
    sources, build = copied
    for name in ("extract/events.py", "domain/names.py"):
        path = sources / name
        path.write_text(path.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert accel.check(build, sources) == "out of date for domain/names.py, extract/events.py"


def test_a_new_or_removed_source_makes_the_build_stale(copied: tuple[Path, Path]) -> None:
    sources, build = copied
    (sources / "extract" / "extra.py").write_text("X = 1\n", encoding="utf-8")
    (sources / "extract" / "cues.py").unlink()
    assert accel.check(build, sources) == "out of date for extract/cues.py, extract/extra.py"


def test_a_build_missing_a_module_is_refused(copied: tuple[Path, Path]) -> None:
    sources, build = copied
    (build / accel._built_files(accel._abi())[0]).unlink()
    assert (accel.check(build, sources) or "").startswith("incomplete build: trucewatch/extract/")


def test_another_interpreter_abi_or_no_build_is_refused(
    copied: tuple[Path, Path], tmp_path: Path
) -> None:
    sources, build = copied
    manifest = json.loads((build / accel.MANIFEST).read_text(encoding="utf-8"))
    manifest["abi"] = ".cpython-39-x86_64-linux-gnu.so"
    (build / accel.MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    assert "built for .cpython-39" in (accel.check(build, sources) or "")
    assert accel.check(tmp_path / "nowhere", sources) == "not built"


def test_a_refused_build_leaves_the_package_path_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # activate() records its verdict in the module; this process's own one is put back after.
    monkeypatch.setattr(accel, "active", accel.active)
    monkeypatch.setattr(accel, "reason", accel.reason)
    path = ["/src/trucewatch/extract"]
    assert accel.activate(path, tmp_path / "nowhere") is False
    assert path == ["/src/trucewatch/extract"]


def _pure_python_output(texts: list[str]) -> list[dict[str, object]]:
    code = (
        "import json, sys; from trucewatch.extract.pipeline import Pipeline; "
        "import trucewatch.accel as a; assert not a.active; p = Pipeline.default(); "
        "print(json.dumps([p.extract(t) for t in json.load(sys.stdin)]))"
    )
    env = {**os.environ, "TRUCEWATCH_PURE_PYTHON": "1"}
    done = subprocess.run(
        [sys.executable, "-c", code], input=json.dumps(texts), capture_output=True, text=True,
        env=env, check=True,
    )  # fmt: skip
    return json.loads(done.stdout)


def test_the_compiled_stages_give_the_sources_results(pipeline: Pipeline) -> None:
    if not accel.active:
        if os.environ.get("TRUCEWATCH_REQUIRE_ACCEL") == "1":
            pytest.fail(f"TRUCEWATCH_REQUIRE_ACCEL=1 but the compiled stages are not in use: "
                        f"{accel.reason}")  # fmt: skip
        pytest.skip(f"compiled stages not in use: {accel.reason}")
    import trucewatch.extract.events as events

    assert Path(events.__file__).suffix != ".py"
    texts = [
        SEED.read_text(encoding="utf-8"),
        "Syrian government forces shelled Douma on Monday, killing six civilians, including "
        "two children, the Syrian Observatory said. Russia's Aerospace Forces denied it.",
        "“We call on all parties to join the ceasefire,” Lavrov said. He accused the US-led "
        "coalition of striking near Raqqa last month.",
    ]
    assert [json.loads(json.dumps(pipeline.extract(t))) for t in texts] == _pure_python_output(
        texts
    )


def test_the_records_workers_receive_survive_pickling() -> None:
    # A process pool or a Dask cluster gets the gazetteer's entries pickled (ExtractSpec).
    import pickle

    from trucewatch.extract.gazetteer import ActorEntry
    from trucewatch.extract.truces import TruceEntry
    from trucewatch.ingest.runners import ExtractSpec

    spec = ExtractSpec.of(
        [ActorEntry(1, "Russia", "state", ("Russian Federation",), "RU")],
        [TruceEntry("t1", "Syria ceasefire", ("the truce",))],
    )
    assert pickle.loads(pickle.dumps(spec)) == spec
