# Two commands for a newcomer: `make run` and `make test`. Everything else is a helper of theirs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
DEPARTEMENT ?= 60
LINT_PATHS := manage.py portal civic agenda tests

.PHONY: run test lint format check setup demo clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstall only when the lock file changes.
$(VENV)/.installed: requirements-dev.lock | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements-dev.lock
	touch $@

setup: $(VENV)/.installed
	mkdir -p var
	$(MANAGE) migrate --noinput
	$(MANAGE) load_territories --departement $(DEPARTEMENT)
	$(MANAGE) setup_demo --departement $(DEPARTEMENT)

run: setup
	$(MANAGE) runserver 127.0.0.1:8000

test: $(VENV)/.installed
	$(BIN)/pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed
	$(BIN)/ruff check $(LINT_PATHS)
	$(BIN)/ruff format --check $(LINT_PATHS)
	$(BIN)/djlint --lint templates portal/templates civic/templates agenda/templates

format: $(VENV)/.installed
	$(BIN)/ruff check --fix $(LINT_PATHS)
	$(BIN)/ruff format $(LINT_PATHS)
	$(BIN)/djlint --reformat templates portal/templates civic/templates agenda/templates

check: $(VENV)/.installed
	$(MANAGE) check
	$(MANAGE) makemigrations --check --dry-run

clean:
	rm -rf $(VENV) var
