# One-line entry points; see README.md.
VENV := .venv
PY := $(VENV)/bin/python
# The project runs on Python 3.11; prefer it by name when several are installed.
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
# Local runs and the test suite need no SECRET_KEY; pytest-django still runs
# the tests themselves with DEBUG off.
DEV_ENV := DEBUG=1
# Paths the translation tools must not walk into.
I18N_IGNORE := --ignore .venv --ignore staticfiles --ignore media --ignore static --ignore bench

.PHONY: install run test test-scan test-browser lint format typecheck migrations-check messages diagrams check-all ci clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "Python 3.11 is needed; found " + sys.version.split()[0] + " at " + sys.executable + ". Use: make install PYTHON=/path/to/python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e ".[dev]"
	touch $@

# Serves http://127.0.0.1:8000 on SQLite with the demo cast (password: demo).
run: install
	$(DEV_ENV) $(PY) manage.py migrate --noinput
	$(DEV_ENV) $(PY) manage.py seed_demo --password demo
	$(DEV_ENV) $(PY) manage.py runserver 127.0.0.1:8000

# The whole suite but the browser tests; narrow it with e.g.
# make test PYTEST_ARGS="tests/registry -x".
test: install
	$(DEV_ENV) $(PY) -m pytest -m "not browser and not scan" $(PYTEST_ARGS)

# The browser tests (tests/e2e): Playwright driving Debian's Chromium
# (apt-get install chromium). Screenshots of a failing test: .e2e-artifacts/.
test-browser: install
	$(DEV_ENV) $(PY) -m pytest -m browser tests/e2e $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

typecheck: install
	$(DEV_ENV) $(VENV)/bin/mypy .

migrations-check: install
	$(DEV_ENV) $(PY) manage.py makemigrations --check --dry-run

# Refresh the English catalogue from the French source strings, then compile it
# (needs gettext). Commit locale/en/LC_MESSAGES/django.po and django.mo together.
messages: install
	$(DEV_ENV) $(PY) manage.py makemessages --locale en --no-obsolete --add-location file $(I18N_IGNORE)
	$(DEV_ENV) $(PY) manage.py compilemessages --locale en $(I18N_IGNORE)

# Redraw docs/diagrams/*.svg from the code: the proposal and tranche state machines
# (django-fsm-2's graph_transitions) and the proposal flow (viewflow's chart).
# Needs Debian's graphviz (apt-get install graphviz) and the graphviz Python package.
diagrams: install
	@command -v dot >/dev/null || { echo "The dot program is missing: apt-get install graphviz"; exit 1; }
	@$(PY) -c 'import graphviz' 2>/dev/null || { echo "The graphviz Python package is missing: $(VENV)/bin/pip install graphviz"; exit 1; }
	$(DEV_ENV) $(PY) docs/diagrams/draw.py

check-all: test lint typecheck migrations-check

# What CI runs (installs system packages, starts a throwaway PostgreSQL).
ci:
	bash .ci/run

clean:
	rm -rf $(VENV) staticfiles .mypy_cache .ruff_cache

# The API scan (tests/scan): schemathesis sends generated requests to every operation of
# the OpenAPI document as an officer, an association member and anonymous,
# and checks every answer against it. SCAN_EXAMPLES=10 requests per operation and mode.
test-scan: install
	$(DEV_ENV) $(PY) -m pytest -m scan tests/scan $(PYTEST_ARGS)
