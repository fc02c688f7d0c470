# Claimdesk. `make run` brings the desk up; `make test` installs and runs every check.
SHELL := /bin/sh
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: help install run test lint typecheck pytest lock bench-engine cue-model clean chromium screenshots test-faults

help:
	@echo "make run    install, migrate, load the sample article, start web + worker"
	@echo "make test   install, then ruff, mypy and the whole pytest suite"
	@echo "make lock   re-resolve requirements.lock from pyproject.toml"

# The venv is rebuilt when the lock changes. find-python.sh explains what to install
# when no Python >= 3.12 exists.
# scripts/install-deps.sh installs a pinned, hash-checked pip first, then exactly the locked
# wheels (no resolver, no builds), so no upstream release can change or break the install.
$(STAMP): requirements.lock requirements-pip.txt scripts/install-deps.sh
	@interp=$$(./scripts/find-python.sh) || exit 1; \
	if [ ! -x $(PY) ] || ! $(PY) -c 'import sys; sys.exit(sys.version_info < (3, 12))'; then \
		echo "creating $(VENV) with $$interp"; rm -rf $(VENV); "$$interp" -m venv $(VENV) || exit 1; \
	fi
	@./scripts/install-deps.sh $(PY)
	@touch $(STAMP)

# Claim rules, results and splitter compiled with mypyc (scripts/build_engine.py); rebuilt when a source
# changes. Without a C compiler the engine runs from source, slower, same results.
NATIVE := annotations/engine/native.stamp
ENGINE_MODULES := repairs tokens clauses claim_text attribution stance rules claims discourse engine sentences
$(NATIVE): $(STAMP) annotations/engine/native.py $(ENGINE_MODULES:%=annotations/engine/%.py) scripts/build_engine.py
	@$(PY) scripts/build_engine.py

install: $(STAMP) $(NATIVE)

run: install
	$(PY) scripts/devstack.py run

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: install
	DJANGO_DEBUG=1 $(VENV)/bin/mypy

# Browser tests drive Debian's Chromium (Playwright never downloads a browser here).
chromium:
	@./scripts/install-chromium.sh

pytest: install chromium
	$(PY) scripts/devstack.py test -- $(PYTEST_ARGS)

# Fault-injection tests (tests/faults): they start and kill their own PostgreSQL, Redis,
# workers and web server, so they run apart from the default suite (CI runs both).
test-faults: install
	$(PY) scripts/devstack.py test -- tests/faults -p no:cacheprovider -o addopts="" -ra

# Re-shoot docs/screenshots/*.png from the browser tests.
screenshots: install chromium
	CLAIMDESK_SCREENSHOTS=docs/screenshots $(PY) scripts/devstack.py test -- tests/test_browser.py tests/test_browser_publishing.py tests/test_browser_assignment.py tests/test_browser_evidence.py

test: lint typecheck pytest

bench-engine: install
	$(PY) bench/engine.py

# Re-train the engine's stance-cue model from PolNeAR's training split in ../shared/eval
# (about 2 minutes); writes annotations/engine/models/cue_verbs.json (docs/models/cue_verbs.md).
cue-model: install
	$(PY) scripts/train_cue_model.py

lock:
	@interp=$$(./scripts/find-python.sh) || exit 1; \
	"$$interp" -m venv /tmp/claimdesk-lock && /tmp/claimdesk-lock/bin/pip install --quiet uv==0.13.8 && \
	/tmp/claimdesk-lock/bin/uv pip compile pyproject.toml --extra dev --generate-hashes \
		--python-version 3.12 --python-platform x86_64-manylinux_2_28 -o requirements.lock

clean:
	-[ -x $(PY) ] && $(PY) scripts/build_engine.py --clean
	rm -rf $(VENV) var/static .mypy_cache .ruff_cache .pytest_cache
