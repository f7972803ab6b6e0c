# Two commands, each setting itself up on a machine with only Python 3.11:
#   make book   build the site with every cell executed into _build/html
#               (BOOK_PROFILE=full by default; `make book BOOK_PROFILE=smoke` for a quick one)
#   make test   run the whole test suite (what CI runs)
#   make test-fast   the tests that neither build the book, run notebooks nor drive a browser
#                    (pytest -m "not slow"): about 2 minutes, for the edit loop
#   make test-pypi-wheels   a second environment, .venv-pypi, with PyPI's default wheels (on Linux,
#                    torch's CUDA build and triton) as readers, Binder and the GPU runner get them,
#                    ignoring any local wheel directory or pip configuration; runs the framework-loading
#                    tests, the smoke build and the Binder-style notebook tests in it
SHELL := /bin/bash
.SHELLFLAGS := -eo pipefail -c

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
STAMP := $(VENV)/.requirements-installed
BOOK_PROFILE ?= full
# What .venv installs: requirements.txt (PyPI's default wheels: on Linux, torch's CUDA build),
# binder/requirements.txt (the same with PyTorch's CPU wheel: Linux without a GPU, Binder) or
# requirements-gpu.txt (one CUDA 12 stack for both frameworks: the GPU runner).
REQUIREMENTS ?= requirements.txt
ifeq ($(wildcard $(REQUIREMENTS)),)
$(error REQUIREMENTS=$(REQUIREMENTS) is not a file: use requirements.txt (the default), binder/requirements.txt (CPU wheels) or requirements-gpu.txt (one CUDA stack for a GPU))
endif
# The stamp holds the file .venv was installed from: naming another one reinstalls.
ifneq ($(shell cat $(STAMP) 2>/dev/null),$(REQUIREMENTS))
.PHONY: $(STAMP)
endif

.PHONY: book test test-fast test-pypi-wheels clean clean-cache

$(STAMP): requirements.txt $(REQUIREMENTS) pyproject.toml
	@if [ -z "$(PYTHON)" ]; then echo "Python 3.11 not found: install it, or run 'make PYTHON=/path/to/python3.11 ...'." >&2; exit 1; fi
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else 1)' || \
	  { echo "$(PYTHON) is Python $$($(PYTHON) -c 'import platform; print(platform.python_version())'); this project pins Python 3.11. Run 'make PYTHON=/path/to/python3.11 ...'." >&2; exit 1; }
	@test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --upgrade pip
	$(VENV)/bin/python -m pip install --quiet -r $(REQUIREMENTS)
	@echo "$(REQUIREMENTS)" > $@

book: $(STAMP)
	$(VENV)/bin/python -m booktools.build --profile $(BOOK_PROFILE)

test: $(STAMP)
	$(VENV)/bin/python -m pytest

test-fast: $(STAMP)
	$(VENV)/bin/python -m pytest -m "not slow"

# PIP_CONFIG_FILE=/dev/null skips every pip configuration file (a global one can name a local
# wheel directory or constraints) and --isolated ignores PIP_* variables: pip then sees only PyPI,
# as on a reader's machine.
PYPI_VENV := .venv-pypi
PYPI_STAMP := $(PYPI_VENV)/.requirements-installed
PYPI_PIP := env PIP_CONFIG_FILE=/dev/null $(PYPI_VENV)/bin/python -m pip --isolated

$(PYPI_STAMP): requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else 1)' || \
	  { echo "$(PYTHON) is not Python 3.11: run 'make PYTHON=/path/to/python3.11 ...'." >&2; exit 1; }
	@test -x $(PYPI_VENV)/bin/python || $(PYTHON) -m venv $(PYPI_VENV)
	$(PYPI_PIP) install --quiet --upgrade pip
	$(PYPI_PIP) install --quiet -r requirements.txt
	@touch $@

test-pypi-wheels: $(PYPI_STAMP)
	$(PYPI_VENV)/bin/python -m booktools.gpu_check
	INTRODL_SMOKE_OUTPUT=_build/test-smoke-pypi $(PYPI_VENV)/bin/python -m pytest -p no:cacheprovider \
	  tests/introdl/test_framework_loading.py tests/site/test_binder.py

clean:
	rm -rf _build

clean-cache:
	rm -rf _build/.jupyter_cache
