# The README's two commands: `make site` and `make test`. Each sets up what it needs first, from the lock
# files in requirements/ (exact versions with hashes), so every machine builds with the same packages.
VENV := .venv
PY := $(VENV)/bin/python
INSTALL := $(PY) -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps
UV_COMPILE := $(VENV)/bin/uv pip compile pyproject.toml --universal --python-version 3.11 --generate-hashes \
	--custom-compile-command "make lock"

.PHONY: site test lint format typecheck golden lock system-packages clean

$(PY):
	@echo "Opretter et virtuelt Python-miljø i $(VENV)/"
	python3 -m venv $(VENV)

# Building the site needs only these: no browser, test or lint tools.
$(VENV)/.site: requirements/site.txt | $(PY)
	@echo "Installerer de Python-pakker, der bygger websitet ($$(grep -c '^[a-z]' $<) pakker fra $<)"
	$(INSTALL) -r $<
	touch $@

# The tests need the site's packages plus pytest, Playwright, ruff, mypy and the PDF readers.
$(VENV)/.test: requirements/test.txt | $(PY)
	@echo "Installerer de Python-pakker, testene bruger ($$(grep -c '^[a-z]' $<) pakker fra $<)"
	$(INSTALL) -r $<
	touch $@

## Set up and build the whole site into site/
site: $(VENV)/.site
	@bash scripts/install-system-packages.sh pdf
	$(PY) build.py

# The outside checkers from npm (package.json, exact versions in package-lock.json): the Nu Html Checker.
# Without its install script, which would fetch a Java runtime from elsewhere: Debian's is used.
node_modules/.installed: package.json package-lock.json | system-packages
	@echo "Installerer de npm-pakker, testene bruger (fra package-lock.json)"
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

## Set up (Python packages, the Debian and npm packages the tests use) and run every test
test: $(VENV)/.test system-packages node_modules/.installed
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy
	$(PY) -m pytest

system-packages:
	@bash scripts/install-system-packages.sh

lint: $(VENV)/.test
	$(PY) -m ruff check .

format: $(VENV)/.test
	$(PY) -m ruff format .

typecheck: $(VENV)/.test
	$(PY) -m mypy

## Rewrite the golden files after an intended change to the output (read the diff before committing)
golden: $(VENV)/.test
	$(PY) -m pytest tests/test_golden.py --update-golden

## Regenerate the lock files from pyproject.toml's bounds (after changing a dependency); commit both files
lock: | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check 'uv>=0.9,<1'
	$(UV_COMPILE) --extra test -o requirements/test.txt
	$(UV_COMPILE) -c requirements/test.txt -o requirements/site.txt

clean:
	rm -rf site $(VENV) node_modules
