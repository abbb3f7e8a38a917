# Two commands set everything up on a fresh Linux machine with Python 3.11+: `make demo`, `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
SHARED ?= ../shared

.PHONY: demo test test-deps lint bench venv clean lock

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

# R's readr reads the exports back in a test (tests/store/test_export_readers.py). It comes from Debian's
# packages: installed here when the machine can (root with apt-get), else that test says what is missing.
R_PACKAGES := r-base-core r-cran-readr r-cran-jsonlite
# The dashboard's browser tests (tests/api/test_dashboard.py) drive Debian's Chromium with Playwright for Python,
# pointed at /usr/bin/chromium (Playwright's own browser download is never used); skipped, saying so, without it.
BROWSER_PACKAGES := chromium fonts-dejavu-core

# $(call debian_deps,CHECK,PACKAGES,WHAT,FOR): nothing when the shell test CHECK passes; else, as root with
# apt-get, install PACKAGES from Debian (updating the package lists once if needed); else say what is skipped.
debian_deps = if $(1); then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "installing $(2) from Debian for $(4)"; \
		(DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(2) >/dev/null 2>&1 \
		 || (apt-get update -qq >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
		     --no-install-recommends $(2) >/dev/null 2>&1)) \
		|| echo "could not install $(2): $(4) will be skipped"; \
	else echo "$(3) is missing and cannot be installed here (needs root and apt-get): $(4) will be skipped"; fi

test-deps:
	@$(call debian_deps,Rscript -e 'library(readr)' >/dev/null 2>&1,$(R_PACKAGES),R with readr,the R export test)
	@$(call debian_deps,[ -x /usr/bin/chromium ],$(BROWSER_PACKAGES),chromium,the dashboard's browser tests)

test: venv lint test-deps
	$(BIN)/pytest -q --durations=15

bench: venv
	$(BIN)/python bench/bench.py --corpus $(SHARED)/data/corpus/lgl_news.jsonl

# Regenerate constraints.txt from the current environment (after changing pins in pyproject.toml).
lock: venv
	$(BIN)/python -m pip freeze --exclude-editable | grep -v '^-e' > constraints.txt

clean:
	rm -rf $(VENV) eventwire.db eventwire.db-wal eventwire.db-shm .mypy_cache .ruff_cache .pytest_cache
