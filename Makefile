# Two commands do all the set-up:
#   make run    the app on the embedded default (SQLite, tasks in-process) at http://127.0.0.1:8000/
#   make test   the whole test suite, against the PostgreSQL and Redis on this machine
# Both create .venv from the pinned requirements first.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
HOST   ?= 127.0.0.1
PORT   ?= 8000

# Test defaults: this machine's services. CI (.ci/run) sets them explicitly.
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/test
TEST_BROKER_URL   ?= redis://127.0.0.1:6379/15

.PHONY: run test lint venv venv-dev requirements worker bench clean chromium deploy-check

$(VENV)/.runtime: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements-dev.txt $(VENV)/.runtime
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

# A random secret key of this checkout, for `make run`, the CLI and the tests (settings.py
# reads it when DJANGO_SECRET_KEY is unset). Never committed; deployments set their own.
.secret_key:
	umask 077 && $(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))' > $@

venv: $(VENV)/.runtime .secret_key
venv-dev: $(VENV)/.dev .secret_key

run: venv
	$(PY) manage.py compile_translations
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput --verbosity 0
	$(PY) manage.py load_seeds
	$(PY) manage.py create_demo_users
	@echo "Admin console: http://$(HOST):$(PORT)/admin/"
	@if [ -n "$$CELERY_BROKER_URL" ]; then \
	  echo "CELERY_BROKER_URL is set: starting a Celery worker and beat next to the web server"; \
	  $(VENV)/bin/celery -A factcheck worker --beat --loglevel=INFO --concurrency=2 & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  $(PY) manage.py runserver --noreload $(HOST):$(PORT); \
	else \
	  echo "No CELERY_BROKER_URL: tasks run inside the web server process (embedded default)"; \
	  $(PY) manage.py runserver $(HOST):$(PORT); \
	fi

worker: venv
	$(VENV)/bin/celery -A factcheck worker --beat --loglevel=INFO

# Browser tests drive Debian's Chromium (Playwright's own browser download does not work
# offline); install it when missing.
chromium:
	@test -x /usr/bin/chromium || { echo "Installing Debian's chromium for the browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

test: venv-dev chromium lint deploy-check
	$(PY) manage.py compile_translations
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} \
	CELERY_BROKER_URL=$${CELERY_BROKER_URL:-$(TEST_BROKER_URL)} \
	$(PY) -m pytest $(PYTEST_ARGS)

# The production settings pass Django's deployment checklist with nothing to warn about:
# served behind a TLS proxy (DJANGO_HTTPS=1), a real secret key, the host names, debug off,
# PostgreSQL, Redis as broker and shared cache. Part of `make test`, so CI runs it.
deploy-check: venv-dev
	env -i PATH="$$PATH" HOME="$$HOME" \
	  DJANGO_HTTPS=1 DJANGO_DEBUG=0 DJANGO_ALLOWED_HOSTS=factcheck.example.org \
	  DJANGO_SECRET_KEY="$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')" \
	  DATABASE_URL=$(TEST_DATABASE_URL) CELERY_BROKER_URL=$(TEST_BROKER_URL) CACHE_URL=redis://127.0.0.1:6379/14 \
	  $(PY) manage.py check --deploy --fail-level WARNING

# Formatting and lint (ruff.toml): part of `make test`, so neither can drift.
lint: venv-dev
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .

bench: venv-dev
	$(PY) bench/extraction_throughput.py
	$(PY) bench/checkworthy_claimbuster.py
	$(PY) bench/claim_types.py
	$(PY) bench/segmentation.py
	$(PY) bench/signals.py
	$(PY) bench/verification_latency.py
	$(PY) bench/verification_throughput.py
	$(PY) bench/checkthat.py
	$(PY) bench/matching.py
	$(PY) bench/pages.py
	$(PY) bench/exports.py
	$(PY) bench/load.py

# Regenerate the pinned files after editing requirements*.in.
requirements: venv-dev
	$(VENV)/bin/pip install --quiet pip-tools
	$(VENV)/bin/pip-compile --quiet --no-header --no-emit-index-url --no-emit-find-links --strip-extras requirements.in -o requirements.txt
	$(VENV)/bin/pip-compile --quiet --no-header --no-emit-index-url --no-emit-find-links --strip-extras requirements-dev.in -o requirements-dev.txt

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache
