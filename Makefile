# Set-up is part of each target: on a fresh machine with python3 and make,
# `make run` and `make test` create .venv and install what they need.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
OUT    ?= out

.PHONY: run test test-fast lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $@ $(VENV)/.installed

run: $(VENV)/.installed
	$(BIN)/climategraph run --out $(OUT)

test: $(VENV)/.installed-test
	$(BIN)/python -m pytest
	$(MAKE) --no-print-directory lint

# the edit loop: everything but the tests marked slow (pytest -m slow lists them)
test-fast: $(VENV)/.installed-test
	$(BIN)/python -m pytest -m "not slow" -q

lint: $(VENV)/.installed-test
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/mypy
	$(BIN)/lint-imports  # the layers and no cycles: [tool.importlinter] in pyproject.toml

# the scale benchmark (issue 8): 10^4, 10^5, 10^6 triples, fast path vs naive baseline;
# BENCH_ARGS e.g. --cap 300 --sizes 10000,100000
bench: $(VENV)/.installed-test  # Playwright times the page in Chromium
	$(BIN)/python benchmarks/bench.py $(BENCH_ARGS)

clean:
	rm -rf $(OUT) .pytest_cache .mypy_cache .ruff_cache
