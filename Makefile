# `make run` and `make test` are the two commands; everything else is a helper for them.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1:8000
# Links in emails point at the server that sent them: `make run HOST=127.0.0.1:8102` sets the
# base URL to match, unless PORTAL_BASE_URL is given.
export PORTAL_BASE_URL ?= http://$(HOST)

.PHONY: run test lint format lock migrate seed worker check-deploy messages bench

$(STAMP): requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $(STAMP)

migrate: $(STAMP)
	mkdir -p var
	$(PY) manage.py migrate --noinput
	$(PY) manage.py createcachetable

seed: migrate
	$(PY) manage.py seed_demo --if-empty

run: seed
	@echo "Partner Portal on http://$(HOST)  (demo password: portal-demo-pass; mail: /console/outbox and var/mail)"
	@trap 'kill 0' INT TERM EXIT; \
	$(PY) manage.py db_worker --interval 1 & \
	$(PY) manage.py run_periodic_jobs --loop 60 & \
	$(PY) manage.py runserver $(HOST)

worker: $(STAMP)
	$(PY) manage.py db_worker

test: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(VENV)/bin/lint-imports --no-cache
	$(PY) manage.py makemigrations --check --dry-run --settings=config.settings.test
	$(PY) -m pytest $(PYTEST_ARGS)

# Pages under gunicorn and the production settings next to a hello-world view (bench/README.md),
# e.g. make bench BENCH_ARGS="--db postgres --size large". Not part of `make test`.
bench: $(STAMP)
	$(PY) bench/run.py $(BENCH_ARGS)

lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: $(STAMP)
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

check-deploy: $(STAMP)
	DJANGO_SECRET_KEY=$$($(PY) -c "import secrets; print(secrets.token_urlsafe(64))") \
	DJANGO_ALLOWED_HOSTS=portal.example.com \
	PORTAL_FIELD_ENCRYPTION_KEYS=$$($(PY) -c 'from cryptography.fernet import Fernet;print(Fernet.generate_key().decode())') \
	$(PY) manage.py check --deploy --fail-level WARNING --settings=config.settings.production

lock:
	$(PY) -m pip install --quiet -r requirements.in
	$(PY) -m pip freeze --exclude-editable > requirements.txt

# Needs gettext (apt-get install gettext). The compiled .mo files are committed, so running the
# portal does not; portal/core/tests/test_translations.py fails when a string is left out.
messages: $(STAMP)
	$(PY) manage.py makemessages -l pl -l hu --ignore=.venv --ignore=staticfiles --ignore=var \
		--ignore=test-artifacts --no-obsolete
	$(PY) manage.py compilemessages --ignore=.venv
