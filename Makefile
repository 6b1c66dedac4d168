# Two commands do all the set-up on a fresh machine with Python 3.11:
#   make run   - create .venv, install pinned requirements, start the app on the bundled data
#   make test  - the same set-up, then lint and the whole test suite
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

AXE := node_modules/axe-core/axe.min.js

.PHONY: run test lint format bench readme clean

$(STAMP): requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/python -m appraisal.ui.serve --server.headless true --browser.gatherUsageStats false

# axe-core (npm registry) for the accessibility tests; skipped with a message without npm.
$(AXE): package.json
	@if command -v npm >/dev/null 2>&1; then npm install --no-audit --no-fund --loglevel=error && touch $(AXE); \
	else echo "npm not found: accessibility (axe-core) tests will be skipped"; fi

# The store tests run on SQLite and, when $PAIR_TEST_POSTGRES_URL names a PostgreSQL server
# that answers, on PostgreSQL too (.ci/run starts a throw-away one); without one that leg
# is skipped with a message saying so.
test: $(STAMP) $(AXE)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	@if [ -z "$$PAIR_TEST_POSTGRES_URL" ]; then \
	  echo "PAIR_TEST_POSTGRES_URL is not set: the PostgreSQL leg of the store tests will be skipped"; fi
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# every benchmarks/bench_*.py; each prints its ratio and PASS/MISS per target, then a summary
bench: $(STAMP)
	$(BIN)/python benchmarks/run_all.py

# rewrite the README's ranking-per-region block from the data (a test checks it is current)
readme: $(STAMP)
	$(BIN)/python -m appraisal.cli._readme_block

clean:
	rm -rf $(VENV) node_modules .pytest_cache .ruff_cache .hypothesis
