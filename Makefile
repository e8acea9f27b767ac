# One command each: `make run` (set up + ask on embedded defaults), `make test` (set up + whole suite).
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: setup run test bench eval clean

setup: $(STAMP)

# torch is installed first and pinned: an open requirement would pull a multi-GB CUDA build.
$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet torch==2.13.0
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: setup
	$(VENV)/bin/copc ask

# Import layers first (pyproject.toml [tool.importlinter]): a wrong-way import fails CI.
test: setup
	$(VENV)/bin/lint-imports
	$(VENV)/bin/pytest -q

eval: setup
	$(VENV)/bin/copc eval

bench: setup
	$(PY) benchmarks/run_all.py

clean:
	rm -rf var .pytest_cache
