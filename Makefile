# Two commands for a newcomer: `make run` and `make test`. Everything else is a helper of theirs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
DEPARTEMENT ?= 60
LINT_PATHS := manage.py portal civic agenda bench demo tests

.PHONY: run test lint format check setup demo clean bench lock audit fuzz messages messages-check

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstall only when the lock file changes.
$(VENV)/.installed: requirements-dev.lock | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements-dev.lock
	touch $@

# The French catalogue, compiled (pure Python: babel) whenever its source changes.
CATALOGUE := locale/fr/LC_MESSAGES/django
$(CATALOGUE).mo: $(CATALOGUE).po | $(VENV)/.installed
	$(BIN)/pybabel compile --domain django --directory locale --locale fr --statistics

setup: $(VENV)/.installed $(CATALOGUE).mo
	mkdir -p var
	$(MANAGE) migrate --noinput
	$(MANAGE) load_territories --departement $(DEPARTEMENT)
	$(MANAGE) setup_demo --departement $(DEPARTEMENT)

run: setup
	$(MANAGE) runserver 127.0.0.1:8000

test: $(VENV)/.installed $(CATALOGUE).mo tests/oidc_provider/node_modules
	$(BIN)/pytest $(PYTEST_ARGS)

# The local OpenID Connect provider FranceConnect's tests run against (npm, locked). Without
# Node.js those tests are skipped with their reason (CI installs it and runs them).
tests/oidc_provider/node_modules: tests/oidc_provider/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  cd tests/oidc_provider && npm ci --no-audit --no-fund --silent && touch node_modules; \
	else echo "npm absent : les tests FranceConnect seront ignorés (installez Node.js pour les lancer)."; fi

lint: $(VENV)/.installed
	$(BIN)/ruff check $(LINT_PATHS)
	$(BIN)/ruff format --check $(LINT_PATHS)
	$(BIN)/djlint --lint templates portal/templates civic/templates agenda/templates bench/templates
	$(BIN)/mypy

format: $(VENV)/.installed
	$(BIN)/ruff check --fix $(LINT_PATHS)
	$(BIN)/ruff format $(LINT_PATHS)
	$(BIN)/djlint --reformat templates portal/templates civic/templates agenda/templates bench/templates

check: $(VENV)/.installed
	$(MANAGE) check
	$(MANAGE) makemigrations --check --dry-run

# Every string marked for translation, in the committed catalogue (needs GNU gettext: makemessages
# uses xgettext). New strings get their French source as translation; staff may then reword them.
MESSAGE_IGNORES := --ignore=tests --ignore=bench --ignore=demo --ignore=var --ignore=node_modules --ignore=test-results
messages: $(VENV)/.installed
	$(MANAGE) makemessages --locale fr --no-location --no-obsolete $(MESSAGE_IGNORES) --verbosity 0
	msgen --no-wrap --output-file $(CATALOGUE).po $(CATALOGUE).po

# CI: fails when a marked string is missing from the committed catalogue.
messages-check: messages
	git diff --exit-code --ignore-matching-lines='POT-Creation-Date' -- locale

clean:
	rm -rf $(VENV) var

# Both lock files from pyproject.toml, for every platform and Python 3.11+ (markers keep the
# backports only where an older interpreter needs them). Upgrade one package: make lock UPGRADE="-P django".
UPGRADE ?=
LOCK := $(BIN)/uv pip compile pyproject.toml --universal --python-version 3.11 --generate-hashes --quiet $(UPGRADE)
lock: | $(BIN)/python
	$(BIN)/python -m pip install --quiet uv
	$(LOCK) -o requirements.lock
	$(LOCK) --extra dev -o requirements-dev.lock

# The security fuzzer's long run (its `fuzz` profile, 3,200 examples a test): CI runs the same file
# with its short profile. Add PYTEST_ARGS="-x" to stop at the first failure.
fuzz: $(VENV)/.installed
	HYPOTHESIS_PROFILE=fuzz $(BIN)/pytest tests/security/test_fuzz.py $(PYTEST_ARGS)

# Known vulnerabilities of the locked versions (pip-audit). It needs a vulnerability database
# online (PyPI's or OSV's), which CI's machines do not reach: run it where they are reachable.
audit: $(VENV)/.installed
	$(BIN)/pip-audit --strict --disable-pip --require-hashes -r requirements.lock

# The benchmark runs on its own database (never the demo's): a SQLite file by default, or the
# PostgreSQL database named by BENCH_DATABASE_URL. See README, "Benchmark".
BENCH_DATABASE_URL ?= sqlite:///$(CURDIR)/var/bench.sqlite3
BENCH_SCALE ?= 1
# Production serves pages from a cache every worker shares: Redis when it runs here (database 14,
# emptied by each run), otherwise files under var/.
BENCH_CACHE_URL ?= $(shell $(PYTHON) -c "import socket; socket.create_connection(('127.0.0.1', 6379), 1)" 2>/dev/null \
	&& echo redis://127.0.0.1:6379/14 || echo filecache://$(CURDIR)/var/bench-cache)
BENCH_ARGS ?=
# The same benchmark's database at another scale: each page is rendered on both, in turn (README).
BENCH_COMPARE_URL ?=
BENCH_ENV := DATABASE_URL=$(BENCH_DATABASE_URL) CACHE_URL=$(BENCH_CACHE_URL) DJANGO_SETTINGS_MODULE=bench.settings \
	SECRET_KEY=bench-only-secret-key-not-for-production-0123456789 \
	ALLOWED_HOSTS=127.0.0.1,testserver STATIC_ROOT=$(CURDIR)/var/bench-static \
	CIVIC_POST_RATE=100000/m LOG_LEVEL=WARNING
bench: $(VENV)/.installed
	@command -v wrk >/dev/null || (echo "Installing wrk (Debian)" && (sudo apt-get install -y wrk || apt-get install -y wrk))
	mkdir -p var
	$(BENCH_ENV) $(MANAGE) migrate --noinput -v0
	$(BENCH_ENV) $(MANAGE) collectstatic --noinput -v0
	$(BENCH_ENV) $(MANAGE) bench --scale $(BENCH_SCALE) \
		$(if $(BENCH_COMPARE_URL),--compare-database $(BENCH_COMPARE_URL)) $(BENCH_ARGS)
