# trucewatch — the same commands run here, in CI and on a user's laptop.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SHARED ?= ../shared
REFERENCE_DIR := $(wildcard $(SHARED)/data/reference)
DEMO_DB ?= demo/trucewatch.db

.PHONY: install demo test lint bench eval docs clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/activate
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

demo: install
	rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	$(BIN)/trucewatch demo --db $(DEMO_DB) $(if $(REFERENCE_DIR),--reference-dir $(REFERENCE_DIR))

test: install
	$(BIN)/python -m pytest -q

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy

bench: install
	$(BIN)/python bench/ledger.py

eval: install
	$(BIN)/python eval/run_eval.py --data $(SHARED)/data/dev

docs: install
	$(BIN)/typer trucewatch.cli.app utils docs --name trucewatch --title "trucewatch command line" --output docs/cli.md

clean:
	rm -rf $(VENV) demo .pytest_cache .mypy_cache .ruff_cache
