"""Shared fixtures. The suite runs against real PostgreSQL (DATABASE_URL) and, for the
`worker` tests, a real Celery worker process on the real broker (CELERY_BROKER_URL).
A service that cannot be reached fails the run loudly; nothing is skipped or mocked.
Run through `make test` (scripts/devstack.py test), which provides the environment.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# The sample article, read in place from the shared folder beside the checkout (research-use
# text: never copied into the repository); a missing file fails the tests that need it.
SEED = Path(os.environ.get("CLAIMDESK_SEED_ARTICLE") or ROOT.parent / "shared" / "seed" / "assad_fled.txt")
# Our own queue, so a `make run` worker on the same Redis never takes the tests' tasks.
TEST_QUEUE = f"claimdesk-test-{uuid.uuid4().hex[:8]}"


@pytest.fixture(scope="session", autouse=True)
def _isolated_queue() -> Iterator[None]:
    from factcheck.celery import app

    app.conf.task_default_queue = TEST_QUEUE
    yield
    try:
        with app.connection_for_write() as conn:
            for queue in (TEST_QUEUE, f"{TEST_QUEUE}-exports"):
                conn.default_channel.queue_delete(queue)
    except Exception:  # noqa: BLE001, S110 - best-effort cleanup of our own queue
        pass


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: object) -> None:
    # The production hasher is deliberately slow; tests create many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # type: ignore[attr-defined]


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    # Cached reads (similar claims) must not carry over from one test's data to the next.
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(scope="session")
def broker_available() -> None:
    from factcheck.celery import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=2, interval_start=0.5)
    except Exception as exc:  # noqa: BLE001
        pytest.fail(f"Celery broker {app.conf.broker_url!r} is not reachable: {exc}", pytrace=False)


class WorkerProcess:
    def __init__(self, proc: subprocess.Popen[bytes], log: Path) -> None:
        self.proc = proc
        self.log = log

    def output(self) -> str:
        return self.log.read_text(errors="replace")


def start_celery_worker(
    *, queues: list[str], default_queue: str, log: Path, concurrency: int = 2, conn_max_age: int = 0
) -> WorkerProcess:
    """Start a real `celery worker` process consuming `queues` against the test database;
    fail the test if it is not ready within 90 s. Its database connections are closed after
    each task unless `conn_max_age` (seconds) says otherwise."""
    from django.db import connection

    env = dict(os.environ)
    env["DATABASE_NAME"] = connection.settings_dict["NAME"]
    env["CELERY_TASK_DEFAULT_QUEUE"] = default_queue
    env["DATABASE_CONN_MAX_AGE"] = str(conn_max_age)
    # The tests' own web pages (evidence captures) are served from loopback, which the
    # fetcher's SSRF guard refuses everywhere else (settings.CLAIMDESK_FETCH_ALLOW_NETWORKS).
    env["CLAIMDESK_FETCH_ALLOW_NETWORKS"] = "127.0.0.1/32"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "factcheck",
                "worker",
                "-l",
                "info",
                "-Q",
                ",".join(queues),
                "--concurrency",
                str(concurrency),
                "-n",
                f"{default_queue}-{uuid.uuid4().hex[:4]}@%h",
                "--without-gossip",
                "--without-mingle",
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    worker = WorkerProcess(proc, log)
    deadline = time.monotonic() + 90
    while " ready." not in worker.output():
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"Celery worker did not start:\n{worker.output()[-4000:]}", pytrace=False)
        time.sleep(0.2)
    return worker


def stop_celery_worker(worker: WorkerProcess) -> None:
    worker.proc.terminate()
    try:
        worker.proc.wait(30)
    except subprocess.TimeoutExpired:
        worker.proc.kill()


@pytest.fixture(scope="session")
def celery_worker(
    django_db_setup: None,
    django_db_blocker: object,
    broker_available: None,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[WorkerProcess]:
    """A real `celery worker` process consuming the test queues (splits and exports)."""
    from factcheck.celery import export_queue

    worker = start_celery_worker(
        queues=[TEST_QUEUE, export_queue(TEST_QUEUE)],
        default_queue=TEST_QUEUE,
        log=tmp_path_factory.mktemp("worker") / "worker.log",
    )
    yield worker
    stop_celery_worker(worker)


def wait_for(predicate, *, timeout: float = 120.0, interval: float = 0.25, what: str = "condition"):  # type: ignore[no-untyped-def]
    """Poll until predicate() is truthy; fail with `what` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout:.0f}s waiting for {what}")
        time.sleep(interval)


@pytest.fixture
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


# --- browser tests: one Chromium for the whole session, shared by every browser test module.


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    from tests.browser import chromium_path

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=chromium_path(),
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-quic",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):  # type: ignore[no-untyped-def]
    from tests.browser import CSP_RECORDER

    context = browser.new_context(base_url=live_server.url, viewport={"width": 1500, "height": 950})
    # Chromium reports a Content-Security-Policy violation in the console, which Playwright's
    # "console" event does not see: record the page's own violation events instead.
    context.add_init_script(script=CSP_RECORDER)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.errors = errors
    yield page
    context.close()


# --- a small web site the tests cite as evidence (served from loopback; the worker may reach
# it through CLAIMDESK_FETCH_ALLOW_NETWORKS, nothing else may).

EVIDENCE_PAGES: dict[str, tuple[int, str, bytes]] = {
    "/report": (
        200,
        "text/html; charset=utf-8",
        b"<html><head><title>Port authority report</title></head><body><nav>Home | News</nav>"
        b"<article><h1>Port authority report</h1><p>The port of Latakia reopened on Tuesday morning "
        b"after three days of closure, the port authority said in a statement.</p><p>Ships were "
        b"seen entering the harbour by reporters on the quay, and the authority published the "
        b"schedule of arrivals for the rest of the week.</p></article><footer>Contact</footer></body></html>",
    ),
    "/notice.txt": (200, "text/plain", b"Notice: the bridge stays closed until further notice."),
    "/gone": (404, "text/html", b"not here"),
    "/image": (200, "image/png", b"\x89PNG"),
}


@pytest.fixture(scope="session")
def evidence_site() -> Iterator[str]:
    """Base URL (http://127.0.0.1:<port>) of a local server answering EVIDENCE_PAGES."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            status, ctype, body = EVIDENCE_PAGES.get(self.path, (404, "text/html", b""))
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def split_article(*, article_id: int, force: bool = False) -> str | None:
    """Split one article in this process (the service the worker's task calls) and return its
    outcome: what the tests of the split itself need, without a worker."""
    from annotations.services.splitting import articles_split

    return articles_split(article_ids=[article_id], force=force).get(article_id)
