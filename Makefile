# trucewatch — the same commands run here, in CI and on a user's laptop.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SHARED ?= ../shared
REFERENCE_DIR := $(wildcard $(SHARED)/data/reference)
DEMO_DB ?= demo/trucewatch.db

.PHONY: install accel demo test golden fuzz lint bench eval docs clean screenshots

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/activate
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

# What the demo needs and nothing more: trucewatch and its runtime dependencies, without the
# development tools (pytest, Playwright, schemathesis, Dask, mypy) that `make install` adds.
$(VENV)/.installed-run: pyproject.toml | $(BIN)/activate
	$(BIN)/python -m pip install --quiet -e .
	touch $@

# The extraction stages compiled with mypyc into the venv (trucewatch/accel.py), rebuilt when
# a source they were checked against changes; a stale or missing build falls back to the
# sources. `make accel` rebuilds regardless (after installing a C compiler, say).
ACCEL_SOURCES := $(wildcard src/trucewatch/extract/*.py src/trucewatch/domain/*.py) \
	src/trucewatch/accel.py
$(VENV)/.accel: $(ACCEL_SOURCES) $(VENV)/.installed
	$(BIN)/python -m trucewatch.accel build
	touch $@

accel: $(VENV)/.installed
	$(BIN)/python -m trucewatch.accel build
	touch $(VENV)/.accel

install: $(VENV)/.installed $(VENV)/.accel

# Builds the demo database, then serves the dashboard and the API on http://127.0.0.1:8000
# (Ctrl-C stops it). The secret key and the demo analyst's password are made on first run
# and kept in demo/ (never in the database). The demo serves plain http on the loopback
# address, so its session cookies are not marked Secure (a browser would not send them back);
# everywhere else the default stays Secure (docs/api.md). tests/web/test_demo_sign_in.py
# starts the server with this recipe's `serve` line.
DEMO_SERVE_ENV := TRUCEWATCH_COOKIE_SECURE=0
demo: $(VENV)/.installed-run
	rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	$(BIN)/trucewatch demo --db $(DEMO_DB) $(if $(REFERENCE_DIR),--reference-dir $(REFERENCE_DIR))
	@test -f demo/secret.key || $(BIN)/python -c "import secrets; print(secrets.token_urlsafe(48))" > demo/secret.key
	@test -f demo/analyst.password || $(BIN)/python -c "import secrets; print(secrets.token_urlsafe(12))" > demo/analyst.password
	@$(BIN)/trucewatch user add analyst --role analyst --password-stdin --db $(DEMO_DB) < demo/analyst.password > /dev/null
	@echo "Dashboard: http://127.0.0.1:8000/  (sign in as 'analyst', password in demo/analyst.password)"
	$(DEMO_SERVE_ENV) $(BIN)/trucewatch serve --db $(DEMO_DB) --key-file demo/secret.key

test: install
	$(BIN)/python -m pytest -q

# Rewrites the extraction golden files (tests/golden.py) after a reviewed change; the tests never
# write them. Read the diff before committing it.
golden: install
	$(BIN)/python -m tests.golden

# Every reader and importer fed random and mutated bytes (tests/fuzz; `make test` runs a few
# inputs per target): FUZZ_EXAMPLES inputs for each of the 18 targets, 60,000 by default, so
# over a million in all. The count of inputs run is printed and written to fuzz-report.json.
FUZZ_EXAMPLES ?= 60000
fuzz: install
	TRUCEWATCH_FUZZ_PROFILE=long TRUCEWATCH_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) \
	TRUCEWATCH_FUZZ_REPORT=fuzz-report.json $(BIN)/python -m pytest -q tests/fuzz

lint: install
	$(BIN)/ruff check src tests bench eval
	$(BIN)/ruff format --check src tests bench eval
	$(BIN)/mypy

# Figures go to docs/benchmarks.md with the machine and the command. LEDGER_ARGS can shrink the
# 10-million-entry ledger run for a quick look, e.g. LEDGER_ARGS="--entries 200000".
LEDGER_ARGS ?=
# The load test (docs/reliability.md): 200 clients for 60 s on SQLite and PostgreSQL, then a burst
# of 500; LOAD_ARGS adds options, e.g. LOAD_ARGS="--env TRUCEWATCH_QUEUE_TIMEOUT=30 --docs".
LOAD_ARGS ?=
# The extraction benchmark also times the system's CPython when it is the same minor version as
# the venv's (a distribution build can run the same code markedly faster than pyenv's default build).
# With valgrind installed it also counts instructions per article (steady on a busy machine).
EXTRACT_ARGS ?= $(if $(wildcard /usr/bin/python3),--python /usr/bin/python3) \
	$(if $(shell command -v valgrind),--instructions --first-sight)
bench: install
	$(BIN)/python bench/ledger.py $(LEDGER_ARGS)
	$(BIN)/python bench/extract.py $(EXTRACT_ARGS)
	@if [ -f bench/api.py ]; then $(BIN)/python bench/api.py; fi
	$(BIN)/python bench/lists.py
	$(BIN)/python bench/zones.py
	$(BIN)/python bench/load.py $(LOAD_ARGS)

# Dashboard screenshots for the README, from the demo database, with Debian's Chromium.
screenshots: install
	$(BIN)/python bench/screenshots.py --db $(DEMO_DB) --out docs/screenshots

eval: install
	$(BIN)/python eval/run_eval.py --data $(SHARED)/data/dev

docs: install
	$(BIN)/typer trucewatch.cli.app utils docs --name trucewatch --title "trucewatch command line" --output docs/cli.md

clean:
	rm -rf $(VENV) demo .pytest_cache .mypy_cache .ruff_cache
