"""Fixtures for the fault tests. These do not use pytest-django's test database: each
test gets its own database on a private, restartable PostgreSQL, its own Redis and its
own processes, and talks to them with psycopg and subprocesses. A service that cannot be
started fails the test; nothing is mocked or skipped.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Generator, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.faults.harness import MANAGE, ROOT, Postgres, Redis, Stack

TEMPLATE_DB = "claimdesk_template"
_figures: list[dict[str, Any]] = []


@pytest.fixture(scope="session")
def private_pg() -> Iterator[Postgres]:
    """An embedded PostgreSQL of our own (a short /tmp path: its Unix socket lives in the
    data directory), with the migrated schema in a template database."""
    base = Path(tempfile.mkdtemp(prefix="cdfaults-"))
    pg = Postgres(base)
    try:
        pg.start_first()
    except Exception as exc:  # noqa: BLE001 - any failure to start is fatal, with the reason
        pytest.fail(f"could not start the embedded PostgreSQL in {base}: {exc}", pytrace=False)
    try:
        with pg.connect("postgres") as conn:
            conn.execute(f'CREATE DATABASE "{TEMPLATE_DB}"')
        started = time.monotonic()
        result = subprocess.run(
            [sys.executable, str(MANAGE), "migrate", "--no-input", "-v", "0"],
            cwd=ROOT,
            env={**_base_env(), "DATABASE_URL": pg.url(TEMPLATE_DB)},
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        if result.returncode != 0:
            pytest.fail(f"migrate failed:\n{result.stdout}\n{result.stderr}", pytrace=False)
        _figures.append({"scenario": "setup", "migrate_seconds": round(time.monotonic() - started, 1)})
        yield pg
    finally:
        pg.stop("immediate")
        shutil.rmtree(base, ignore_errors=True)


def _base_env() -> dict[str, str]:
    import os
    import secrets

    env = dict(os.environ)
    env.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))
    env["DJANGO_SECURE_SSL_REDIRECT"] = "0"
    env.pop("DATABASE_NAME", None)
    return env


@pytest.fixture
def stack(private_pg: Postgres, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Stack]:
    """A fresh database (a copy of the migrated template), a fresh Redis, and cleanup of
    every process the test started. Short sweeper timings so recovery is quick."""
    database = f"faults_{uuid.uuid4().hex[:10]}"
    if not private_pg.is_up():
        private_pg.start()  # a previous test may have failed with PostgreSQL down
    with private_pg.connect("postgres") as conn:
        conn.execute(f'CREATE DATABASE "{database}" TEMPLATE "{TEMPLATE_DB}"')
    redis = Redis(tmp_path / "redis")
    redis.start()
    s = Stack(
        base=tmp_path,
        pg=private_pg,
        database=database,
        redis=redis,
        queue=f"faults-{uuid.uuid4().hex[:8]}",
        env_extra={
            "CLAIMDESK_STUCK_AFTER_SECONDS": "5",
            "CLAIMDESK_SWEEP_SECONDS": "2",
            "CLAIMDESK_SPLIT_BATCH_SIZE": "16",
        },
    )
    try:
        yield s
    finally:
        s.close()
        failed = getattr(request.node, "rep_call", None)
        if failed is not None and failed.failed:
            # Keep the logs readable in the failure report.
            for proc in s.procs:
                sys.stderr.write(
                    f"\n----- {proc.name} (pid {proc.pid}) log tail -----\n{proc.output()[-3000:]}\n"
                )
        if not private_pg.is_up():
            private_pg.start()
        with private_pg.connect("postgres") as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    # Keeps the call's report on the item, so `stack` can print the logs of a failed test.
    report = yield
    if report.when == "call":
        item.rep_call = report  # type: ignore[attr-defined]
    return report


@pytest.fixture
def record(request: pytest.FixtureRequest) -> Callable[..., None]:
    """Figures for docs/reliability.md, printed at the end of the run."""

    def add(**figures: Any) -> None:
        _figures.append({"scenario": request.node.name, **figures})

    return add


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not _figures:
        return
    terminalreporter.section("fault-injection figures")
    for entry in _figures:
        terminalreporter.write_line(json.dumps(entry, default=str))
