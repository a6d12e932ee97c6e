# The README's two commands: `make site` and `make test`. Both set up what they need first.
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: site test lint format golden system-packages clean

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

## Set up and build the whole site into site/
site: $(VENV)/.installed
	bash scripts/install-system-packages.sh pdf
	$(PY) build.py

## Set up (Python packages and the Debian packages the tests use) and run every test
test: $(VENV)/.installed system-packages
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m pytest

system-packages:
	bash scripts/install-system-packages.sh

lint: $(VENV)/.installed
	$(PY) -m ruff check .

format: $(VENV)/.installed
	$(PY) -m ruff format .

## Rewrite the golden files after an intended change to the output (read the diff before committing)
golden: $(VENV)/.installed
	$(PY) -m pytest tests/test_golden.py --update-golden

clean:
	rm -rf site $(VENV)
