# The front door: `make run` to try it, `make test` to check it.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test serve bench bench-instructions valgrind wrk lint format check messages install install-test icu browser pdf poppler gettext axe jsqr nginx spamassassin vnu clean

$(STAMP): pyproject.toml
	@$(MAKE) --no-print-directory icu
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

# Emailed links and QR codes point at the site as it runs, unless SITE_URL says otherwise.
run: export SITE_URL ?= http://$(HOST):$(PORT)
run: install pdf gettext  ## set up, load the workshop, serve it on the embedded SQLite database
	DEBUG=true $(PY) manage.py compilemessages --ignore=.venv --verbosity 0
	DEBUG=true $(PY) manage.py migrate --no-input
	DEBUG=true $(PY) manage.py load_workshop
	DEBUG=true TASKS_BACKEND=django_tasks.backends.immediate.ImmediateBackend \
		$(PY) manage.py runserver $(HOST):$(PORT)

browser:  ## Debian's Chromium for the browser tests, installed when missing
	@command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium)

icu:  ## ICU and a compiler, which PyICU (Khmer word breaks in PDFs) builds against, installed when missing
	@pkg-config --exists icu-i18n 2>/dev/null && command -v g++ >/dev/null || (apt-get update -qq \
		&& apt-get install -y -qq libicu-dev pkg-config g++ python3-dev)

pdf:  ## Pango, which WeasyPrint needs for the name badges, installed when missing
	@ldconfig -p | grep -q libpangoft2-1.0 || (apt-get update -qq && apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0)

poppler:  ## Poppler's pdftotext and pdffonts, which the tests read the PDFs with, installed when missing
	@command -v pdffonts >/dev/null || (apt-get update -qq && apt-get install -y -qq poppler-utils)

gettext:  ## GNU gettext, which compiles and checks the translation catalogues, installed when missing
	@command -v msgfmt >/dev/null || (apt-get update -qq && apt-get install -y -qq gettext)

nginx:  ## Debian's nginx-light, which runs deploy/nginx/ in the suite, installed when missing
	@command -v nginx >/dev/null || (apt-get update -qq && apt-get install -y -qq nginx-light)

spamassassin:  ## Debian's SpamAssassin, which judges every kind of email in the suite, installed when missing
	@command -v spamassassin >/dev/null || (apt-get update -qq && apt-get install -y -qq spamassassin)

axe:  ## axe-core (package-lock.json) for the accessibility tests, installed when missing
	@test -f node_modules/axe-core/axe.min.js || { command -v npm >/dev/null \
		|| (apt-get update -qq && apt-get install -y -qq npm); npm ci --no-audit --no-fund --ignore-scripts; }

jsqr:  ## copy jsQR (package.json) into static/vendor/jsqr/ for the door app's camera, after an upgrade
	@test -f node_modules/jsqr/dist/jsQR.js || npm ci --no-audit --no-fund --ignore-scripts
	cp node_modules/jsqr/dist/jsQR.js static/vendor/jsqr/jsQR.js
	cp node_modules/jsqr/LICENSE static/vendor/jsqr/LICENSE

vnu: axe  ## the W3C Nu HTML Checker (npm's vnu-jar) and Debian's Java that runs it, installed when missing
	@command -v java >/dev/null || (apt-get update -qq && apt-get install -y -qq default-jre-headless)
	@test -f node_modules/vnu-jar/build/dist/vnu.jar || npm ci --no-audit --no-fund --ignore-scripts

test: install browser pdf poppler gettext axe vnu nginx spamassassin  ## the whole suite (PostgreSQL when DATABASE_URL is set)
	DEBUG=true $(PY) manage.py compilemessages --ignore=.venv --verbosity 0
	$(PY) -m pytest

# `make serve`: production settings over plain HTTP at $(HOST):$(PORT); the environment overrides these.
# Emails go to a local SMTP server, which `$(PY) -m aiosmtpd -n -l 127.0.0.1:8025` prints.
serve: export DATABASE_URL ?= postgres://wpsevents:wpsevents@127.0.0.1:5432/wpsevents
serve: export DEBUG ?= false
serve: export SECRET_KEY ?= local-serve-only-$(shell hostname)-never-for-a-public-server-000
serve: export BEHIND_TLS_PROXY ?= false
serve: export SESSION_COOKIE_SECURE ?= false
serve: export CSRF_COOKIE_SECURE ?= false
serve: export EMAIL_URL ?= smtp://127.0.0.1:8025
serve: export HOST := $(HOST)
serve: export PORT := $(PORT)
serve: export PATH := $(CURDIR)/$(BIN):$(PATH)
serve: install pdf gettext  ## the production processes (Procfile) on PostgreSQL
	$(PY) manage.py compilemessages --ignore=.venv --verbosity 0
	$(PY) manage.py collectstatic --no-input --verbosity 0
	$(PY) manage.py migrate --no-input
	$(BIN)/honcho start

wrk:  ## Debian's wrk load generator for the benchmark, installed when missing
	@command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)

bench: install pdf gettext wrk  ## load benchmark of the production set-up (see docs/performance.md)
	DEBUG=true $(PY) manage.py compilemessages --ignore=.venv --verbosity 0
	$(PY) bench/run.py $(BENCH_ARGS)

valgrind:  ## Debian's valgrind, which counts the instructions of bench-instructions, installed when missing
	@command -v valgrind >/dev/null || (apt-get update -qq && apt-get install -y -qq valgrind)

bench-instructions: install pdf gettext valgrind  ## instructions per registration and per page (see docs/performance.md)
	DEBUG=true $(PY) manage.py compilemessages --ignore=.venv --verbosity 0
	$(PY) bench/instructions.py $(BENCH_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check: lint
	DEBUG=true $(PY) manage.py check
	DEBUG=true $(PY) manage.py makemigrations --check --dry-run

messages: install gettext  ## refresh the translation catalogues after changing texts
	DEBUG=true $(PY) manage.py makemessages --locale km --ignore=.venv --ignore=staticfiles --no-obsolete
	DEBUG=true $(PY) manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) staticfiles
