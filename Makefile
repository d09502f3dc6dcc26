# Titrepro — the two commands: `make run` and `make test`. See README.md.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := run

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
RUN_SETTINGS := config.settings.local
PG_TEST_URL ?= postgres://postgres@127.0.0.1:5432/titrepro

.PHONY: run test install install-dev lint typecheck imports migrations-check pytest pytest-sqlite pytest-postgresql demo clean help constraints bench

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

$(BIN)/python:
	@bash scripts/creer-venv.sh "$(PYTHON)" "$(VENV)"

$(VENV)/.installe-base: $(BIN)/python requirements/base.in requirements/constraints.txt
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements/base.in -c requirements/constraints.txt
	@touch $@

$(VENV)/.installe-dev: $(VENV)/.installe-base requirements/dev.in requirements/constraints.txt
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements/dev.in -c requirements/constraints.txt
	@touch $@

install: $(VENV)/.installe-base ## Create .venv and install the pinned runtime dependencies

install-dev: $(VENV)/.installe-dev ## Install the test and lint tools too

run: install ## Migrate, load the demo, serve on http://127.0.0.1:8000 (gunicorn + whitenoise)
	DJANGO_SETTINGS_MODULE=$(RUN_SETTINGS) $(BIN)/python manage.py migrate --no-input
	DJANGO_SETTINGS_MODULE=$(RUN_SETTINGS) $(BIN)/python manage.py collectstatic --no-input --verbosity 0
	DJANGO_SETTINGS_MODULE=$(RUN_SETTINGS) $(BIN)/python manage.py charger_demo
	@# Today's alerts, so the dashboards show them (in production: a daily cron, see below).
	DJANGO_SETTINGS_MODULE=$(RUN_SETTINGS) $(BIN)/python manage.py sweep --verbosity 0
	@echo "Titrepro écoute sur http://$(HOST):$(PORT) — Ctrl+C pour arrêter."
	@# The task worker (e-mails, long jobs) runs beside the web server and stops with it.
	DJANGO_SETTINGS_MODULE=$(RUN_SETTINGS) $(BIN)/python manage.py db_worker --queue-name '*' & \
	worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	DJANGO_SETTINGS_MODULE=$(RUN_SETTINGS) $(BIN)/gunicorn config.wsgi:application \
		--env DJANGO_SETTINGS_MODULE=$(RUN_SETTINGS) --bind $(HOST):$(PORT) --workers 2 \
		--access-logfile - --error-logfile -

demo: install ## (Re)load the demo world only
	DJANGO_SETTINGS_MODULE=$(RUN_SETTINGS) $(BIN)/python manage.py migrate --no-input --verbosity 0
	DJANGO_SETTINGS_MODULE=$(RUN_SETTINGS) $(BIN)/python manage.py charger_demo

lint: install-dev ## ruff
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install-dev ## mypy (strict on the pure domain packages)
	$(BIN)/mypy titrepro config

imports: install-dev ## import-linter: the layering of docs/ARCHITECTURE.md
	$(BIN)/lint-imports

migrations-check: install-dev ## No model change without its migration
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/python manage.py makemigrations --check --dry-run

pytest-sqlite: install-dev ## The whole suite on SQLite
	@bash scripts/navigateur.sh
	DATABASE_URL= $(BIN)/pytest -n 2

pytest-postgresql: install-dev ## The whole suite on PostgreSQL (DATABASE_URL or a local server)
	@if [ -n "$${DATABASE_URL:-}" ]; then url="$$DATABASE_URL"; \
	elif command -v pg_isready >/dev/null && pg_isready -q -h 127.0.0.1 -p 5432; then url="$(PG_TEST_URL)"; \
	else echo "PostgreSQL absent : suite PostgreSQL non lancée (définissez DATABASE_URL)."; \
	     if [ -n "$${CI:-}" ]; then exit 1; fi; exit 0; fi; \
	echo "Suite complète sur PostgreSQL ($$url)"; \
	DATABASE_URL="$$url" $(BIN)/pytest -n 2

test: lint typecheck imports migrations-check pytest-sqlite pytest-postgresql ## Everything CI runs

bench: install-dev ## Benchmarks (JSON in bench/results/): the alert sweep, 100,000 sessions, the duplicate check (SQLite and PostgreSQL), the timetable solver
	$(BIN)/python -m bench.balayage --bases $${BENCH_BASES:-sqlite,postgresql}
	$(BIN)/python -m bench.sessions --bases $${BENCH_BASES:-sqlite,postgresql}
	$(BIN)/python -m bench.doublons --bases $${BENCH_BASES:-sqlite,postgresql}
	$(BIN)/python -m bench.planning

clean: ## Remove the venv and local data
	rm -rf $(VENV) var staticfiles

constraints: install-dev ## Re-pin every dependency after editing requirements/*.in
	$(BIN)/pip install --quiet -r requirements/base.in -r requirements/dev.in
	{ echo "# Exact versions of every runtime and dev dependency (pip freeze). Regenerate: make constraints"; \
	  $(BIN)/pip freeze --exclude-editable; } > requirements/constraints.txt
