# Skyport: `make run` serves the whole portal, `make test` runs every check.
# Both do their own set-up (virtualenv, Python packages, front-end assets) on a fresh machine.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed-stamp
ASSETS := static/vendor/.assets-stamp

.PHONY: run test check lint typecheck pytest setup assets schema bench clean

run: setup
	$(BIN)/skyport serve --port $(PORT)

test: check pytest

setup: $(STAMP) $(ASSETS)

$(STAMP): pyproject.toml
	@test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@

$(ASSETS): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	mkdir -p static/vendor
	cp node_modules/htmx.org/dist/htmx.min.js static/vendor/htmx.min.js
	cp node_modules/@picocss/pico/css/pico.min.css static/vendor/pico.min.css
	mkdir -p static/vendor/graphiql
	cp node_modules/react/umd/react.production.min.js node_modules/react-dom/umd/react-dom.production.min.js \
	   node_modules/graphiql/graphiql.min.js node_modules/graphiql/graphiql.min.css static/vendor/graphiql/
	cp node_modules/@graphiql/plugin-explorer/dist/index.umd.js static/vendor/graphiql/plugin-explorer.umd.js
	cp node_modules/@graphiql/plugin-explorer/dist/style.css static/vendor/graphiql/plugin-explorer.css
	@touch $@

check: lint typecheck

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: setup
	$(BIN)/mypy

pytest: setup
	$(BIN)/pytest $(PYTEST_ARGS)

schema: setup
	$(BIN)/python -m graphql_api.export > schema.graphql

bench: setup
	$(BIN)/python bench/search.py

clean:
	rm -rf $(VENV) node_modules static/vendor .pytest_cache .mypy_cache .ruff_cache
