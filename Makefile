# Shortcuts for a developer. The two commands a newcomer needs are ./scripts/demo and
# ./scripts/test (see README.md); these targets assume ./scripts/demo or ./scripts/test
# has set up .venv once.

PY := .venv/bin/python
MANAGE := $(PY) manage.py

.PHONY: help demo test check lint format pytest pytest-postgres migrate serve worker scheduler bench

help:  ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

demo:  ## Install, migrate, seed and serve on http://127.0.0.1:8000 (./scripts/demo)
	./scripts/demo

test:  ## Install, ruff, pytest on SQLite and on PostgreSQL with Redis (./scripts/test)
	./scripts/test

check: lint pytest  ## ruff and the SQLite pass only: the quick loop while working

lint:  ## ruff check and the import contracts (lint-imports)
	.venv/bin/ruff check .
	.venv/bin/lint-imports --no-cache

format:  ## ruff's safe fixes (imports sorted as pyproject.toml says)
	.venv/bin/ruff check --fix .

pytest:  ## pytest on SQLite, without the PostgreSQL and Redis tests; ARGS="-k quiz" to narrow
	DJANGO_SETTINGS_MODULE=cms.settings.test .venv/bin/pytest -m "not postgres and not redis" $(ARGS)

pytest-postgres:  ## pytest on PostgreSQL and Redis at 127.0.0.1 (the servers must be running)
	DJANGO_SETTINGS_MODULE=cms.settings.test \
	DATABASE_URL=postgres://postgres@127.0.0.1:5432/jrcs_dev REDIS_URL=redis://127.0.0.1:6379/15 \
	.venv/bin/pytest $(ARGS)

migrate:  ## Apply migrations to the database of DATABASE_URL (db.sqlite3 by default)
	$(MANAGE) migrate

serve:  ## Django's development server on http://127.0.0.1:8000 (settings cms.settings.dev, DEBUG on)
	DEBUG=true $(MANAGE) runserver 127.0.0.1:8000

worker:  ## The task worker: search index updates, rendering, deliveries (manage.py db_worker)
	$(MANAGE) db_worker

scheduler:  ## The clock that queues scheduled publishing and the weekly bulletin draft
	$(MANAGE) run_scheduler

bench:  ## Serve with the production set-up and measure requests/s (benchmarks/serve.py)
	$(PY) benchmarks/serve.py
