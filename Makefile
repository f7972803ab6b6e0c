# Two commands, each setting itself up on a machine with only Python 3.11:
#   make book   build the site with every cell executed into _build/html
#               (BOOK_PROFILE=full by default; `make book BOOK_PROFILE=smoke` for a quick one)
#   make test   run the whole test suite (what CI runs)
#   make test-fast   the tests that neither build the book, run notebooks nor drive a browser
#                    (pytest -m "not slow"): about 2 minutes, for the edit loop
SHELL := /bin/bash
.SHELLFLAGS := -eo pipefail -c

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
STAMP := $(VENV)/.requirements-installed
BOOK_PROFILE ?= full

.PHONY: book test test-fast clean clean-cache

$(STAMP): requirements.txt pyproject.toml
	@if [ -z "$(PYTHON)" ]; then echo "Python 3.11 not found: install it, or run 'make PYTHON=/path/to/python3.11 ...'." >&2; exit 1; fi
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else 1)' || \
	  { echo "$(PYTHON) is Python $$($(PYTHON) -c 'import platform; print(platform.python_version())'); this project pins Python 3.11. Run 'make PYTHON=/path/to/python3.11 ...'." >&2; exit 1; }
	@test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --upgrade pip
	$(VENV)/bin/python -m pip install --quiet -r requirements.txt
	@touch $@

book: $(STAMP)
	$(VENV)/bin/python -m booktools.build --profile $(BOOK_PROFILE)

test: $(STAMP)
	$(VENV)/bin/python -m pytest

test-fast: $(STAMP)
	$(VENV)/bin/python -m pytest -m "not slow"

clean:
	rm -rf _build

clean-cache:
	rm -rf _build/.jupyter_cache
