# One-line entry points; see README.md.
VENV := .venv
PY := $(VENV)/bin/python
PYTHON ?= python3
DEV_ENV := DEBUG=1

.PHONY: install run test lint format typecheck migrations-check messages check-all clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e ".[dev]"
	touch $@

run: install
	$(DEV_ENV) $(PY) manage.py migrate --noinput
	$(DEV_ENV) $(PY) manage.py seed_demo --password demo
	$(DEV_ENV) $(PY) manage.py runserver 127.0.0.1:8000

test: install
	$(DEV_ENV) $(PY) -m pytest $(PYTEST_ARGS)

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

# Extract the French-source strings and compile both catalogues (needs gettext).
messages: install
	$(DEV_ENV) $(PY) manage.py makemessages --locale en --locale fr --ignore ".venv/*" --ignore "static/*"
	$(DEV_ENV) $(PY) manage.py makemessages --locale en --locale fr -d djangojs --ignore ".venv/*" --ignore "static/*"
	$(DEV_ENV) $(PY) manage.py compilemessages --ignore ".venv/*"

check-all: test lint typecheck migrations-check

clean:
	rm -rf $(VENV) staticfiles .mypy_cache .ruff_cache
