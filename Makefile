# Giám sát NQ57 — two commands: `make run` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := run

# Django 6 needs Python >= 3.12: take the first interpreter on this machine that qualifies.
PYTHON ?= $(shell for p in python3.13 python3.12 $$HOME/.pyenv/versions/3.13*/bin/python3 $$HOME/.pyenv/versions/3.12*/bin/python3 python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { command -v $$p; break; }; done)
VENV := .venv
BIN := $(VENV)/bin
GIAMSAT := $(BIN)/giamsat
HOST ?= 127.0.0.1
# DEMO_DATA=0 make run: no demo history of reports (the registry, sample directives and accounts still load).
DEMO_DATA ?= 1
PORT ?= 8000

.PHONY: run test setup install assets system-packages messages db data lint format clean bench accuracy

$(BIN)/.installed: pyproject.toml
	@test -n "$(PYTHON)" || { echo "Cần Python >= 3.12 (Python >= 3.12 is required)"; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

install: $(BIN)/.installed

$(BIN)/.bench-installed: $(BIN)/.installed
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	@touch $@
assets: node_modules/.installed

# Debian packages the project needs: gettext (compilemessages) and Chromium (browser tests).
system-packages:
	@./scripts/ensure-system-packages

messages: install system-packages
	cd giamsat && ../$(GIAMSAT) compilemessages --ignore=node_modules -v 0

db: install
	$(GIAMSAT) migrate --noinput -v 0

data: db
	$(GIAMSAT) load_registry
	$(GIAMSAT) load_sample_directives
	$(GIAMSAT) load_indicators
	$(GIAMSAT) create_demo_accounts
	@if [ "$(DEMO_DATA)" != "0" ]; then $(GIAMSAT) load_demo_reports; fi

setup: install assets messages
	$(GIAMSAT) collectstatic --noinput -v 0

# The web server and the background worker (imports, reports, exports, scheduled e-mail) start together; Ctrl+C stops
# both (the worker finishes the job in hand first; a job it could not finish runs again at the next start).
run: setup data
	@echo "Giám sát NQ57: http://$(HOST):$(PORT)/"
	@$(GIAMSAT) worker & worker=$$!; trap 'kill -TERM $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	$(GIAMSAT) runserver $(HOST):$(PORT)

# Tests run in one process per core (pytest-xdist); TEST_WORKERS=0 runs them in this process.
TEST_WORKERS ?= auto

test: setup db
	$(BIN)/pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(GIAMSAT) makemigrations --check --dry-run -v 0

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) node_modules var

# Load benchmark (not part of `make test`): gunicorn + PostgreSQL at 127.0.0.1:5432, Locust, province and
# nation scales; each page scenario at the 10 clients of its target, submission also at 50 (bench/load.py's
# docstring). Writes bench/results.json after every step (a failed step is named there, with what came before) and
# docs/performance.md at the end. Province alone: 7 min on 2 cores. BENCH_ARGS="--scales province" for one.
BENCH_ARGS ?=
bench: setup $(BIN)/.bench-installed
	$(BIN)/python bench/extraction.py
	$(BIN)/python bench/load.py $(BENCH_ARGS)

# Extraction accuracy (not part of `make test`): the seeds and the hand-checked corpus documents, per document and
# overall (found / right lead / right deadline / invented); writes the figures into docs/import.md.
accuracy: install
	$(BIN)/python -m giamsat.extraction.accuracy --write
