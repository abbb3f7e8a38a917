# Two commands set everything up on a fresh Linux machine with Python 3.11+: `make demo`, `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
SHARED ?= ../shared

.PHONY: demo test lint bench venv clean lock

venv: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "eventwire needs Python 3.11+"'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

demo: venv
	rm -f eventwire.db eventwire.db-wal eventwire.db-shm
	$(BIN)/eventwire ingest samples/ --db eventwire.db
	$(BIN)/eventwire events --db eventwire.db

lint: venv
	$(BIN)/ruff check src tests tools bench
	$(BIN)/mypy

test: venv lint
	$(BIN)/pytest -q

bench: venv
	$(BIN)/python bench/bench.py --corpus $(SHARED)/data/corpus/lgl_news.jsonl

# Regenerate constraints.txt from the current environment (after changing pins in pyproject.toml).
lock: venv
	$(BIN)/python -m pip freeze --exclude-editable | grep -v '^-e' > constraints.txt

clean:
	rm -rf $(VENV) eventwire.db eventwire.db-wal eventwire.db-shm .mypy_cache .ruff_cache .pytest_cache
