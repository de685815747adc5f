# Every target sets itself up: a fresh clone needs only Python 3.11+, npm and (for tests) apt as root.
SHELL := /bin/bash
.DEFAULT_GOAL := build

# Material prints a banner about MkDocs 2 on every run; this is its documented switch (and ProperDocs').
export NO_MKDOCS_2_WARNING := 1
export DISABLE_MKDOCS_2_WARNING := true

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY_STAMP := $(VENV)/.installed
NPM_STAMP := node_modules/.installed
SYSTEM_PACKAGES := chromium chromium-headless-shell fonts-dejavu-core poppler-utils epubcheck
# Imports every test module, rewriting its asserts; pytest keeps the result only where Python may write bytecode, so
# not where PYTHONDONTWRITEBYTECODE is set (CI images) unless unset here.
COLLECT_TESTS := env -u PYTHONDONTWRITEBYTECODE $(BIN)/python -m pytest --collect-only -q -p no:xdist

.PHONY: build release serve test test-modules pdf epub offline anchors schema lint bench linkcheck-external \
	system-deps clean

# A target's set-up steps (the Python packages, the npm packages, apt's) are independent: made side by side when one
# target is asked for (`make clean build` must still clean first).
ifeq ($(filter-out 0 1,$(words $(MAKECMDGOALS))),)
MAKEFLAGS += --jobs=3
endif

# uv installs what pip would, in a third of the time (it downloads in parallel); pip installs uv itself.
$(PY_STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet 'uv>=0.5,<1'
	$(BIN)/uv pip install --quiet --python $(BIN)/python --compile-bytecode -e '.[test]'
	@# Nothing compiles an editable package; where PYTHONDONTWRITEBYTECODE is set (CI images), Python never would,
	@# and every build would compile the plugin from source.
	$(BIN)/python -m compileall -q src
	touch $@

# Ace by DAISY (the EPUB's accessibility check) drives Debian's headless Chromium through Puppeteer: never download one.
$(NPM_STAMP): package.json package-lock.json
	PUPPETEER_SKIP_DOWNLOAD=1 PUPPETEER_SKIP_CHROMIUM_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Browser tests drive Debian's Chromium; PDF checks use pdftoppm; the EPUB's, epubcheck. Installed with apt when missing.
system-deps:
	@missing=""; for pkg in $(SYSTEM_PACKAGES); do dpkg -s $$pkg >/dev/null 2>&1 || missing="$$missing $$pkg"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing with apt:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi

# Build into a scratch folder and swap it in only on success: a failed build never leaves a half-written site/.
build: $(PY_STAMP) $(NPM_STAMP)
	rm -rf .site-build
	$(BIN)/mkdocs build --strict --site-dir .site-build
	rm -rf site && mv .site-build site
	@echo "Site written to site/ (open site/index.html, or run make serve)"

# The build to publish: it writes SITE_URL into every page, the sitemap and the PDFs, so it refuses to start
# without a public https:// address (and leaves the previous site/ as it was).
release: $(PY_STAMP)
	@$(BIN)/brief-explainer check-url "$$SITE_URL"
	$(MAKE) --no-print-directory build

pdf: build
	@ls -l site/pdf/

epub: build
	@ls -l site/epub/

# The build already writes the zip; this target is the documented way to ask for it.
offline: build
	@ls -l site/download/

# Not strict, and no PDFs in the rebuild loop: a content mistake is a warning while the server goes on serving,
# and the PDFs and the zip are written in the background after each rebuild (see src/brief_explainer/background.py).
# `make build` is the strict check. Needs no apt and no root.
serve: $(PY_STAMP) $(NPM_STAMP)
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

# Three workers on two cores: a third fills the time the others spend waiting on a browser, a server or a
# network-idle page (measured in bench/README.md, "The test suite"). The two session builds are made once for
# all (tests/conftest.py); a module that shares a server or builds of its own runs on one worker (its xdist_group
# mark, --dist loadgroup); xdist hands out the groups first, those of most tests first.
test: $(PY_STAMP) $(NPM_STAMP) system-deps test-modules
	$(BIN)/python -m pytest -n 3 --dist loadgroup

# The test modules' asserts rewritten once, beside the other set-up steps, and read back by every worker (each would
# rewrite every module where PYTHONDONTWRITEBYTECODE is set). A module that fails to import is reported by the test
# run itself.
test-modules: $(PY_STAMP)
	-$(COLLECT_TESTS) > /dev/null

# Refresh the anchor lock after adding anchors on purpose.
anchors: build
	$(BIN)/brief-explainer anchors update site anchors.lock

# Opt-in: visits every external link of the built site (needs a network; the tests check internal links).
linkcheck-external: build
	$(BIN)/brief-explainer linkcheck site

schema: $(PY_STAMP)
	$(BIN)/brief-explainer schema glossary.schema.json

# The reader tools' scripts are type-checked from their JSDoc types (tsconfig.json; TypeScript pinned in package.json),
# and so are the release build's registration script and its two service workers, each a program of its own.
lint: $(PY_STAMP) $(NPM_STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy
	@# Every test module imports (a name moved out of a module fails here, not minutes into make test); pytest's
	@# report is shown only when one does not.
	@report=$$($(COLLECT_TESTS)) || { echo "$$report"; exit 1; }
	node_modules/.bin/tsc -p tsconfig.json
	node_modules/.bin/tsc -p tsconfig.offline-web.json
	node_modules/.bin/tsc -p tsconfig.worker.json
	node_modules/.bin/tsc -p tsconfig.worker-off.json

bench: $(PY_STAMP) $(NPM_STAMP)
	$(BIN)/python bench/run.py

clean:
	rm -rf site .site-build .cache
