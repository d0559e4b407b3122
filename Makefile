# The two Quick start commands (README): `make demo` and `make test`.
#
# Both work in a virtual environment of the project's own (.venv/), made with the system's
# python3, so they run where the system Python refuses `pip install` (PEP 668,
# "externally-managed-environment"). Only the Debian packages below need root.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# Debian packages the tests drive for real: a strict Turtle parser (rapper), the browser that
# opens the HTML graph (Playwright drives /usr/bin/chromium; it never downloads one), a triple
# store that `kg push` is tested against (Virtuoso; its installer asks for a dba password, which
# DEBIAN_FRONTEND=noninteractive leaves unset: the tests run their own database), and setpriv
# (util-linux), which runs kg without root's power to read any file, so that an unreadable input
# is really unreadable.
# A C compiler and Python's headers, with which the tests build the compiled kg (setup.py).
SYSTEM_PACKAGES ?= raptor2-utils chromium virtuoso-opensource util-linux gcc python3-dev

.PHONY: demo install install-test system-deps test venv

# A venv whose python runs; Debian ships `python3 -m venv` in the python3-venv package.
$(BIN)/python:
	@$(PYTHON) -m venv $(VENV) 2>/dev/null || { rm -rf $(VENV); \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null \
	      && $(PYTHON) -m venv $(VENV); \
	  else \
	    echo "Cannot make a virtual environment: Python's venv module is missing. Install it as root:"; \
	    echo "  sudo apt-get install python3-venv"; exit 1; \
	  fi; }

venv: $(BIN)/python

# Not editable: the rules and resolution are compiled with mypyc (setup.py; about 2 minutes,
# and pure Python where there is no C compiler). The tests use an editable install instead.
# A stamp in the venv marks the compiled install, so that `make demo` compiles again only when a
# source changed or `make test` put the editable install in its place (and removed the stamp).
SOURCES := $(shell find kg ontology -type f -not -path '*/__pycache__/*' -not -name '*.pyc') pyproject.toml setup.py
COMPILED_STAMP := $(VENV)/.kg-compiled

$(COMPILED_STAMP): $(BIN)/python $(SOURCES)
	@echo "Installing kg and compiling its rules with mypyc (a few minutes; KG_PURE=1 skips it)"
	$(BIN)/pip install -q .
	@touch $@

install: $(COMPILED_STAMP)

demo: install
	$(BIN)/kg build examples/ -o output/

install-test: venv
	$(BIN)/pip install -q -e ".[test]"
	@rm -f $(COMPILED_STAMP)

system-deps:
	@missing=""; for pkg in $(SYSTEM_PACKAGES); do dpkg -s $$pkg >/dev/null 2>&1 || missing="$$missing $$pkg"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" != 0 ]; then \
	    echo "The tests need Debian packages that are missing. Install them as root:"; \
	    echo "  sudo apt-get install$$missing"; exit 1; \
	  fi; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi

test: install-test system-deps
	$(BIN)/lint-imports
	$(BIN)/mypy kg
	$(BIN)/python -m pytest
