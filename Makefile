# The two Quick start commands (README): `make demo` and `make test`.
PYTHON ?= python3
PIP ?= $(PYTHON) -m pip
# Debian packages the tests drive for real: a strict Turtle parser (rapper), the browser that
# opens the HTML graph (Playwright drives /usr/bin/chromium; it never downloads one), a triple
# store that `kg push` is tested against (Virtuoso; its installer asks for a dba password, which
# DEBIAN_FRONTEND=noninteractive leaves unset: the tests run their own database), and setpriv
# (util-linux), which runs kg without root's power to read any file, so that an unreadable input
# is really unreadable.
SYSTEM_PACKAGES ?= raptor2-utils chromium virtuoso-opensource util-linux

.PHONY: demo install install-test system-deps test

install:
	$(PIP) install -e .

demo: install
	kg build examples/ -o output/

install-test:
	$(PIP) install -e ".[test]"

system-deps:
	@missing=""; for pkg in $(SYSTEM_PACKAGES); do dpkg -s $$pkg >/dev/null 2>&1 || missing="$$missing $$pkg"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" != 0 ]; then echo "missing Debian packages:$$missing (install them as root)"; exit 1; fi; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi

test: install-test system-deps
	$(PYTHON) -m pytest
