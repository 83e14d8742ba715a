# Two commands do everything on a fresh machine:
#   make run   - install, migrate, load the demo articles, serve http://127.0.0.1:8000
#   make test  - install (Python, Chromium, axe-core, the engine's jars) and run every test
# See README.md.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
SUDO := $(shell [ "$$(id -u)" = 0 ] || command -v sudo)

.PHONY: run install venv demo test test-lane-main test-lane-opensearch test-lane-postgres test-opensearch test-opensearch3 test-upstream test-postgres postgres-deps test-deps browser-deps node-deps checks engine-start \
	spec-deps prod-smoke \
	engine-stop engine-status bench bench-quick lint format clean

$(VENV)/.installed: requirements.lock pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements.lock
	touch $@

install: $(VENV)/.installed

demo: install
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo $(if $(filter 1 true yes,$(LOAD_MEDLINEPLUS)),--medlineplus,)

run: demo
	@echo "Serving http://$(HOST):$(PORT)/ (admin: http://$(HOST):$(PORT)/admin/)"
	$(MANAGE) runserver $(HOST):$(PORT)

browser-deps:
	@command -v chromium >/dev/null 2>&1 || { \
		echo "Installing Debian's chromium for the browser tests"; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium >/dev/null; }

# Debian's PostgreSQL server for the PostgreSQL pass (tests/postgres_fixture.py
# starts its own throw-away cluster as the postgres user; no main cluster).
postgres-deps:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { \
		echo "Installing Debian's postgresql for the database tests"; \
		$(SUDO) mkdir -p /etc/postgresql-common/createcluster.d && \
		echo "create_main_cluster = false" | \
			$(SUDO) tee /etc/postgresql-common/createcluster.d/no-main-cluster.conf >/dev/null && \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq postgresql >/dev/null; }

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

node-deps: node_modules/.package-lock.json

# Elasticsearch's published API definitions for tests/engine/test_rest_spec.py:
# rest-api-spec from Maven Central (engine/spec/pom.xml) and the generated 8.x
# Python clients from PyPI (never installed), into engine/.cache/spec/.
spec-deps: install
	$(PY) -m tests.engine.rest_spec

test-deps: install browser-deps node-deps postgres-deps spec-deps

checks: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports
	DJANGO_SETTINGS_MODULE=config.settings.test $(MANAGE) check
	DJANGO_SETTINGS_MODULE=config.settings.test $(MANAGE) makemigrations --check --dry-run

# The engine fixture (tests/engine_fixture.py) starts Elasticsearch from
# engine/ when ELASTICSEARCH_URL is not set, and stops it afterwards. The whole
# suite runs on Elasticsearch 7.10; test-opensearch then runs the tests that use
# the engine again on OpenSearch 2.19, and test-opensearch3 on OpenSearch 3.8
# (on Java 21+, e.g. the Temurin 25 beside Java 17; engine-independent tests run
# once); OPENSEARCH_URL / OPENSEARCH3_URL point them at an OpenSearch of your own.
# test-postgres runs the database-dependent tests again on a real PostgreSQL.
# The passes run in three lanes at once (make -j3): no single pass keeps both
# cores busy (each waits on its engine, PostgreSQL or the browser), together
# they do, so the lanes finish in about the time of the longest. The main pass keeps
# Elasticsearch on 9200 to itself; the upstream suites' Elasticsearch runs on
# 9210. Each lane's output is printed when the lane ends (--output-sync); the
# quick benchmark runs alone afterwards. Every pass prints its start time and
# the run's elapsed seconds, so a CI log shows what each pass costs.
STAMP = @echo "[make test] $$(date -u +%H:%M:%S) $$(( $$(date +%s) - $${MAKE_TEST_T0:-$$(date +%s)} ))s:"
ifndef MAKE_TEST_T0
export MAKE_TEST_T0 := $(shell date +%s)
endif

test: test-deps checks
	$(PY) -m tests.upstream.sdist
	$(STAMP) three lanes start
	$(MAKE) -j3 --output-sync=target test-lane-main test-lane-opensearch test-lane-postgres
	$(STAMP) quick benchmark
	$(MAKE) bench-quick
	$(STAMP) done

test-lane-main:
	$(STAMP) main pytest pass
	$(PY) -m pytest $(PYTEST_ARGS)
	$(STAMP) main lane done

test-lane-opensearch:
	$(STAMP) OpenSearch 2 pass
	$(MAKE) test-opensearch
	$(STAMP) upstream on OpenSearch 2
	$(PY) -m tests.upstream.run --product opensearch --port $(or $(TEST_OPENSEARCH_PORT),9250)
	$(STAMP) upstream on Elasticsearch 7.10 '(port 9210)'
	$(PY) -m tests.upstream.run --product elasticsearch --port 9210
	$(STAMP) OpenSearch lane done

test-lane-postgres: postgres-deps
	$(STAMP) PostgreSQL pass
	$(MAKE) test-postgres
	$(STAMP) upstream on PostgreSQL
	$(PY) -m tests.upstream.run --product postgres
	$(STAMP) OpenSearch 3 pass
	$(MAKE) test-opensearch3
	$(STAMP) upstream on OpenSearch 3
	$(PY) -m tests.upstream.run --product opensearch3 --port $(or $(TEST_OPENSEARCH3_PORT),9270)
	$(STAMP) PostgreSQL lane done

OPENSEARCH_TESTS := tests/engine tests/search/test_search_behaviour.py \
	tests/search/test_engine_faults.py tests/search/test_outbox.py \
	tests/search/test_fast_rebuild.py tests/search/test_privacy_surfaces.py

test-opensearch: install
	ELASTICSEARCH_URL="$(OPENSEARCH_URL)" TEST_ENGINE_PRODUCT=opensearch \
		TEST_ES_PORT=$(or $(TEST_OPENSEARCH_PORT),9250) \
		$(PY) -m pytest --engine-only $(OPENSEARCH_TESTS) $(PYTEST_ARGS)

test-opensearch3: install
	ELASTICSEARCH_URL="$(OPENSEARCH3_URL)" TEST_ENGINE_PRODUCT=opensearch3 \
		TEST_ES_PORT=$(or $(TEST_OPENSEARCH3_PORT),9270) \
		$(PY) -m pytest --engine-only $(OPENSEARCH_TESTS) $(PYTEST_ARGS)

# django-modelsearch's own backend tests, from the sdist of the installed
# version (downloaded by pip into .cache/upstream/, hash-pinned), on our backend
# classes: the whole suite on Elasticsearch 7.10, its OpenSearch backend tests on
# OpenSearch 2.19 and 3.8, its PostgreSQL backend tests on a throw-away PostgreSQL
# (tests/upstream/run.py; the expected failures are named in
# tests/upstream/outcome.py). ELASTICSEARCH_URL / OPENSEARCH_URL / OPENSEARCH3_URL /
# POSTGRES_TEST_URL use your own servers.
test-upstream: install postgres-deps
	$(PY) -m tests.upstream.run --product elasticsearch --port $(or $(UPSTREAM_ES_PORT),$(TEST_ES_PORT),9200)
	$(PY) -m tests.upstream.run --product opensearch --port $(or $(TEST_OPENSEARCH_PORT),9250)
	$(PY) -m tests.upstream.run --product opensearch3 --port $(or $(TEST_OPENSEARCH3_PORT),9270)
	$(PY) -m tests.upstream.run --product postgres

# Migrations (the test database is migrated), importers, the outbox (also
# several worker processes at once), Wagtail's PostgreSQL full-text backend
# behind our search, analytics flushing.
POSTGRES_TESTS := tests/test_database.py tests/health_articles \
	tests/search/test_outbox.py tests/search/test_outbox_processes.py \
	tests/search/test_database_search_path.py tests/search/test_search_behaviour.py \
	tests/search/test_analytics.py tests/search/test_api_errors.py \
	tests/search/test_privacy_surfaces.py tests/search/test_input_gates.py

test-postgres: install postgres-deps
	TEST_DATABASE=postgres $(PY) -m pytest -p tests.postgres_fixture --without-engine \
		$(POSTGRES_TESTS) $(PYTEST_ARGS)

# Production settings, gunicorn, PostgreSQL, the engine and the outbox worker as
# separate processes: publish, search, kill the engine, publish, restart,
# converge (tests/prod/smoke.py; about 5 minutes, so not part of make test).
prod-smoke: install postgres-deps
	SMOKE_ES_PORT=$(or $(SMOKE_ES_PORT),9260) $(PY) -m tests.prod.smoke

engine-start:
	engine/run start $(if $(PRODUCT),--product $(PRODUCT),) $(if $(NODES),--nodes $(NODES),)

engine-stop:
	engine/run stop

engine-status:
	engine/run status

bench: test-deps
	$(PY) -m bench.run --full

bench-quick: install
	$(PY) -m bench.run --quick

lint: install
	$(VENV)/bin/ruff check .

format: install
	$(VENV)/bin/ruff format .

clean:
	rm -rf $(VENV) node_modules test-output .pytest_cache
