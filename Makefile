# Claimdesk. `make run` brings the desk up; `make test` installs and runs every check.
SHELL := /bin/sh
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: help install run test lint typecheck pytest lock bench-engine clean

help:
	@echo "make run    install, migrate, load the sample article, start web + worker"
	@echo "make test   install, then ruff, mypy and the whole pytest suite"
	@echo "make lock   re-resolve requirements.lock from pyproject.toml"

# The venv is rebuilt when the lock changes. find-python.sh explains what to install
# when no Python >= 3.12 exists.
$(STAMP): requirements.lock
	@interp=$$(./scripts/find-python.sh) || exit 1; \
	if [ ! -x $(PY) ] || ! $(PY) -c 'import sys; sys.exit(sys.version_info < (3, 12))'; then \
		echo "creating $(VENV) with $$interp"; rm -rf $(VENV); "$$interp" -m venv $(VENV) || exit 1; \
	fi
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	@touch $(STAMP)

install: $(STAMP)

run: install
	$(PY) scripts/devstack.py run

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: install
	DJANGO_DEBUG=1 $(VENV)/bin/mypy

pytest: install
	$(PY) scripts/devstack.py test -- $(PYTEST_ARGS)

test: lint typecheck pytest

bench-engine: install
	$(PY) bench/engine.py

lock:
	@interp=$$(./scripts/find-python.sh) || exit 1; \
	"$$interp" -m venv /tmp/claimdesk-lock && /tmp/claimdesk-lock/bin/pip install --quiet uv==0.13.8 && \
	/tmp/claimdesk-lock/bin/uv pip compile pyproject.toml --extra dev --generate-hashes \
		--python-version 3.12 --python-platform x86_64-manylinux_2_28 -o requirements.lock

clean:
	rm -rf $(VENV) var/static .mypy_cache .ruff_cache .pytest_cache
