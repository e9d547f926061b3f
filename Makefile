# Two commands on a fresh machine (Python 3.11 and make): `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum requirements.txt | cut -d' ' -f1)

.PHONY: run test lint format install serve bench eval

$(STAMP): requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)

# `make run PORT=8765` serves elsewhere; links in the demo's emails and its login line follow (VETTED_SITE_URL).
PORT ?= 8000
run: export VETTED_SITE_URL ?= http://127.0.0.1:$(PORT)
run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Production configuration (settings from the environment; see docs/speed.md): DJANGO_SECRET_KEY and
# DJANGO_ALLOWED_HOSTS are required, DATABASE_URL and REDIS_URL recommended. WEB_CONCURRENCY sets workers.
# The task worker (emails, purge retries, reminders: docs/deploy.md) runs beside gunicorn and stops with it.
serve: install
	DJANGO_DEBUG=$${DJANGO_DEBUG:-0} $(BIN)/python manage.py collectstatic --noinput -v0
	DJANGO_DEBUG=$${DJANGO_DEBUG:-0} $(BIN)/python manage.py migrate --noinput
	export DJANGO_DEBUG=$${DJANGO_DEBUG:-0} VETTED_TASKS=$${VETTED_TASKS:-database}; \
	$(BIN)/python manage.py run_worker & worker=$$!; trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT; \
	$(BIN)/gunicorn config.wsgi --workers $${WEB_CONCURRENCY:-2} \
		--bind $${BIND:-127.0.0.1:8000} --access-logfile - --max-requests 10000 --max-requests-jitter 1000

# Serve the production configuration on loopback and measure it (SQLite by default, DATABASE_URL for PostgreSQL).
bench: install
	$(BIN)/python bench/run.py $(BENCH_ARGS)
	$(BIN)/python -m references.bench --count 5000
	$(BIN)/python bench/publish.py  # edge (issue 19): publish-to-visible through two servers and Varnish

# Fault and load suite (issue 8): starts its own PostgreSQL (25444) and Redis (6394), serves the app with
# gunicorn, prints requests, errors, approvals, history rows, p99 and recovery time. SOAK_ARGS=--long for 60 s.
.PHONY: soak
soak: install
	$(BIN)/python soak/run.py $(SOAK_ARGS)

# The question box (issue 15): a fresh demo database (temporary SQLite), then eval/questions.json through the
# same retrieval the answer page uses; prints top-1/top-3 accuracy, refusals and emergencies caught.
# EVAL_ARGS=--misses lists what it got wrong and each question's best coverage (to calibrate the threshold).
eval: install
	$(BIN)/python eval/run.py $(EVAL_ARGS)
