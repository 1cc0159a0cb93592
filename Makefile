# mustafid: two commands do everything on a fresh Debian machine with python3 >= 3.11.
#   make run    install, migrate, load Arabic demo data, serve http://127.0.0.1:8000
#   make test   the whole test suite (SQLite; DATABASE_URL=postgres://... for PostgreSQL)

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1:8000
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test install install-dev system-deps venv migrate demo serve worker vendor lock messages lint bench browser clean

run: install migrate demo serve

test: install-dev browser
	DJANGO_SETTINGS_MODULE=config.settings.test $(VENV)/bin/pytest $(PYTEST_ARGS)

# --- environment ------------------------------------------------------------
$(VENV)/bin/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "mustafid needs Python 3.11 or newer"; exit 1; }
	@$(PYTHON) -m venv $(VENV) 2>/dev/null || { \
	  echo "python3-venv is missing: installing it with apt-get"; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq python3-venv && $(PYTHON) -m venv $(VENV); }
	$(PY) -m pip install -q --upgrade pip

$(VENV)/.installed: requirements.lock | $(VENV)/bin/python
	$(PY) -m pip install -q --require-hashes -r requirements.lock
	@touch $@

$(VENV)/.installed-dev: requirements-dev.lock $(VENV)/.installed
	$(PY) -m pip install -q --require-hashes -r requirements-dev.lock
	@touch $@

install: system-deps $(VENV)/.installed
install-dev: system-deps $(VENV)/.installed-dev

# Debian libraries WeasyPrint needs for Arabic PDFs (Pango shapes the text).
system-deps:
	@ldconfig -p | grep -q 'libpango-1.0.so.0' && ldconfig -p | grep -q 'libpangoft2-1.0.so.0' || { \
	  echo "installing Pango for PDF documents"; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 >/dev/null; }

# Debian's chromium, for the Playwright browser tests (they never download a browser).
browser:
	@[ -x /usr/bin/chromium ] || { echo "installing Debian's chromium for the browser tests"; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium >/dev/null; }

# --- running ----------------------------------------------------------------
migrate: install
	$(MANAGE) migrate --noinput
	$(MANAGE) seed_holidays

demo: install
	$(MANAGE) load_demo

serve: install
	bash scripts/serve.sh $(HOST)

# Production-style background processes (run them under systemd or similar):
# one scheduler, any number of task workers.
worker: install
	$(MANAGE) db_worker

# --- maintenance ------------------------------------------------------------
# Front-end files from the npm registry (package-lock.json) into static/vendor/ (committed).
vendor:
	bash scripts/vendor.sh

# Re-pin the Python dependencies with hashes after editing requirements*.in.
lock: $(VENV)/bin/python
	$(PY) -m pip install -q uv
	$(VENV)/bin/uv pip compile --generate-hashes --python-version 3.11 --python-platform linux requirements.in -o requirements.lock
	$(VENV)/bin/uv pip compile --generate-hashes --python-version 3.11 --python-platform linux requirements-dev.in -c requirements.lock -o requirements-dev.lock

# Extract the UI's strings into locale/ar and compile them (needs gettext).
# New translations go in locale/ar/new/*.json (see scripts/apply_translations.py).
messages: install-dev
	@mkdir -p var
	flock var/.messages.lock sh -c '$(MANAGE) makemessages -l ar --ignore=.venv --ignore=node_modules --ignore=static/vendor --ignore=bench --no-obsolete && $(PY) scripts/apply_translations.py && $(MANAGE) compilemessages -l ar --ignore=.venv'


lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy mustafid/
	$(VENV)/bin/djlint templates --lint
	$(VENV)/bin/lint-imports --no-logo
	$(MANAGE) makemigrations --check --dry-run

bench: install-dev
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) -m bench

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache .mypy_cache .import_linter_cache
