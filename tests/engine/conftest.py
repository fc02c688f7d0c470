"""Engine tests: plain pytest, no Django, no database, no broker.

Run alone with ``pytest tests/engine -p no:django``. The spaCy model is loaded once per
session.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from annotations.engine import DocumentResult, Engine, EngineOptions, get_engine

ROOT = Path(__file__).resolve().parents[2]
# The sample article, read in place from the shared folder beside the checkout (research-use
# text: never copied into the repository); a missing file fails the tests that need it.
SEED_PATH = Path(
    os.environ.get("CLAIMDESK_SEED_ARTICLE") or ROOT.parent / "shared" / "seed" / "assad_fled.txt"
)


# The suite-wide conftest (tests/conftest.py) has autouse fixtures for Celery and
# Django settings. Same-named fixtures here override them for the engine tests, which
# need neither, so `pytest tests/engine -p no:django` runs without Django or a broker.
@pytest.fixture(scope="session", autouse=True)
def _isolated_queue() -> Iterator[None]:
    yield


@pytest.fixture(autouse=True)
def _fast_password_hashing() -> None:
    return None


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    return None


@pytest.fixture(scope="session")
def engine() -> Engine:
    return get_engine(EngineOptions())


@pytest.fixture(scope="session")
def seed() -> str:
    return SEED_PATH.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_result(engine: Engine, seed: str) -> DocumentResult:
    return engine.analyse(seed)
