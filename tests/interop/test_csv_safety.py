"""CSV written by exports reads back cell for cell, and never hands a spreadsheet a formula."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.interop.helpers import FIX
from trucewatch.interop.csvtext import csv_line, neutralise

CELLS = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30) | st.sampled_from(
    ["a\rb", "\r", "\n", "a\r\nb", '"', ",", "=1+1", "-3.5", "@SUM(A1)", "\tx", " "]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(CELLS, min_size=1, max_size=8))
def test_a_line_reads_back_as_the_cells_written(cells: list[str]) -> None:
    (row,) = list(csv.reader(io.StringIO(csv_line(cells, raw_formulas=True), newline="")))
    assert row == cells
    (safe,) = list(csv.reader(io.StringIO(csv_line(cells), newline="")))
    assert safe == [neutralise(c) for c in cells]


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("-3.5", "-3.5"),
        ("+12", "+12"),
        ("-1e5", "-1e5"),
        ("Kafr Nobol", "Kafr Nobol"),
        ("a=b", "a=b"),
    ],
)
def test_formula_cells_get_a_quote_and_numbers_stay_numbers(cell: str, written: str) -> None:
    assert neutralise(cell) == written


def _acled_file(tmp_path: Path, name: str, **cells: str) -> Path:
    rows = list(csv.DictReader((FIX / "acled_syria_2017.csv").open(encoding="utf-8", newline="")))
    rows[0].update(cells)
    out = tmp_path / name
    with out.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))  # "\r\n": quotes a bare "\r"
        w.writeheader()
        w.writerows(rows[:2])
    return out


def test_acled_export_with_a_carriage_return_in_a_cell_imports_again(cli, tmp_path: Path) -> None:
    db, again = str(tmp_path / "a.db"), str(tmp_path / "b.db")
    src = _acled_file(tmp_path, "in.csv", notes="First line.\rSecond line after a bare CR.")
    assert cli("import", "acled", str(src), "--db", db, "--create-actors").code == 0
    out = tmp_path / "out.csv"
    assert cli("export", "acled-csv", "--db", db, "--out", str(out)).code == 0
    r = cli("import", "acled", str(out), "--db", again, "--create-actors")
    assert r.code == 0, r.err
    rows = list(csv.DictReader(out.open(encoding="utf-8", newline="")))
    assert rows[0]["notes"] == "First line.\rSecond line after a bare CR."


def test_cli_export_neutralises_formulas_unless_raw_formulas(cli, tmp_path: Path) -> None:
    db = str(tmp_path / "a.db")
    src = _acled_file(tmp_path, "in.csv", location='=WEBSERVICE("http://x")')
    assert cli("import", "acled", str(src), "--db", db).code == 0
    safe, raw = tmp_path / "safe.csv", tmp_path / "raw.csv"
    for kind in ("acled-csv", "hxl-csv"):
        assert cli("export", kind, "--db", db, "--out", str(safe)).code == 0
        assert cli("export", kind, "--db", db, "--out", str(raw), "--raw-formulas").code == 0
        assert "'=WEBSERVICE(" in safe.read_text(encoding="utf-8")
        assert "'=WEBSERVICE(" not in raw.read_text(encoding="utf-8")
        assert "=WEBSERVICE(" in raw.read_text(encoding="utf-8")


def test_create_actors_refuses_a_formula_name_and_imports_nothing(cli, tmp_path: Path) -> None:
    db = str(tmp_path / "a.db")
    src = _acled_file(tmp_path, "in.csv", actor1='=HYPERLINK("http://evil","x")')
    r = cli("import", "acled", str(src), "--db", db, "--create-actors")
    assert r.code == 1
    assert "--create-actors" in r.err and "formula" in r.err and "Traceback" not in r.err
    assert cli("actor", "list", "--json", "--db", db).json() == []


def test_an_error_about_a_huge_cell_quotes_only_its_start(cli, tmp_path: Path) -> None:
    src = _acled_file(tmp_path, "in.csv", event_date="9" * 20_000_000)
    r = cli("import", "acled", str(src), "--db", str(tmp_path / "a.db"))
    assert r.code == 1
    assert "line 2" in r.err and "event_date" in r.err and "20,000,000 characters" in r.err
    assert len(r.err) < 1000
