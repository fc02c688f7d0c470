"""Load test: concurrent analysts reading, searching and annotating while a bulk import of
10,000 articles is being split — on this machine, with real PostgreSQL, Redis, gunicorn,
Celery and Locust.

    .venv/bin/python bench/load.py [--users 50] [--duration 180] [--articles 10000]

It creates its own database (claimdesk_load_<pid>) on the server of DATABASE_URL (default
the local one) and its own Celery queue, so it never touches other data; both are removed
at the end. Analysts sign in, then work for --baseline seconds with no import (the
comparison: the same requests on a quiet desk), then the import starts and the measured
window opens. Prints per-route requests/s, p50/p95/p99 and errors beside the no-import
p50/p95, p95 per 20 s window, and how long the import took to be fully split. Articles
come from ../shared/corpus/news_10k.jsonl (research use: read in place, never copied
into the repo).
"""

from __future__ import annotations

# Locust patches the standard library with gevent; it must come first.
from gevent import monkey

monkey.patch_all()

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import random  # noqa: E402
import re  # noqa: E402
import secrets  # noqa: E402
import signal  # noqa: E402
import socket  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import gevent  # noqa: E402
import psycopg  # noqa: E402
from locust import FastHttpUser, between, task  # noqa: E402
from locust.env import Environment  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "news_10k.jsonl"
PY = sys.executable
STATE: dict[str, object] = {}

SETUP = r"""
import json, sys
from django.contrib.auth import get_user_model
from annotations.models import Article, Claim, Role
from annotations.services.projects import project_get_or_create, membership_set
from annotations.services.tokens import api_token_create
users = int(sys.argv[1]) if len(sys.argv) > 1 else 50
User = get_user_model()
owner = User.objects.create_user("load-owner", password="load-password-123")
project, _ = project_get_or_create(slug="load", owner=owner, name="Load desk")
out = {"users": []}
for i in range(users):
    u = User.objects.create_user(f"analyst{i}", password="load-password-123")
    membership_set(project=project, user=u, role=Role.REVIEWER, by=None)
    out["users"].append({"username": u.username, "token": api_token_create(user=u, name="load")[1]})
print("JSON:" + json.dumps(out))
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def corpus(n: int, skip: int = 0) -> list[dict[str, str]]:
    if not CORPUS.exists():
        raise SystemExit(f"{CORPUS} not found: the load test reads the shared news corpus")
    rows = []
    with CORPUS.open(encoding="utf-8") as f:
        for i, line in enumerate(f):
            if i < skip:
                continue
            if len(rows) >= n:
                break
            doc = json.loads(line)
            rows.append(
                {
                    "title": doc["title"] or doc["text"][:80],
                    "text": doc["text"],
                    "published": doc["published"],
                    "outlet": "Reuters",
                }
            )
    return rows


def write_jsonl(rows: list[dict[str, str]], path: Path) -> None:
    with path.open("w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row) + "\n")


def wait_split(conninfo: str, timeout: float) -> int:
    """Wait until no article is pending or splitting; return how many were split."""
    start = time.monotonic()
    with psycopg.connect(conninfo, autocommit=True) as conn:
        while True:
            left, done = conn.execute(
                "SELECT count(*) FILTER (WHERE split_status IN ('pending', 'splitting')),"
                " count(*) FILTER (WHERE split_status = 'split') FROM annotations_article"
            ).fetchone()
            if left == 0:
                return int(done)
            if time.monotonic() - start > timeout:
                raise SystemExit(f"{left} articles still not split after {timeout:.0f}s")
            gevent.sleep(2)


class Analyst(FastHttpUser):
    # FastHttpUser (geventhttpclient) costs a fraction of the CPU of HttpUser (requests): the
    # load generator shares the two cores with what it measures.
    wait_time = between(1, 3)  # an analyst reads and thinks between actions

    def on_start(self) -> None:
        users: list[dict[str, str]] = STATE["users"]  # type: ignore[assignment]
        me = users.pop()
        self.api = {"Authorization": f"Bearer {me['token']}"}
        # A browser session too (cookies), for the server-rendered article page.
        page = self.client.get("/accounts/login/", name="GET /accounts/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        self.client.post(
            "/accounts/login/",
            data={
                "username": me["username"],
                "password": "load-password-123",
                "csrfmiddlewaretoken": token.group(1) if token else "",
            },
            headers={"Referer": f"{self.host}/accounts/login/"},
            name="POST /accounts/login/",
        )
        STATE["logged_in"] = int(STATE.get("logged_in", 0)) + 1  # type: ignore[call-overload]

    def _article(self) -> int:
        return random.choice(STATE["articles"])  # type: ignore[arg-type]

    @task(3)
    def read_article_page(self) -> None:
        # No redirect following: a lost session would otherwise "succeed" as the login page.
        with self.client.get(
            f"/articles/{self._article()}/",
            name="GET /articles/[id]/ (page)",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 200:
                response.failure(f"status {response.status_code}")

    @task(3)
    def read_article_api(self) -> None:
        self.client.get(
            f"/api/v1/articles/{self._article()}/", headers=self.api, name="GET /api/v1/articles/[id]/"
        )

    @task(4)
    def claim_list(self) -> None:
        self.client.get(
            "/api/v1/projects/load/claims/?status=unreviewed",
            headers=self.api,
            name="GET /api/v1/projects/[p]/claims/ (list)",
        )

    @task(2)
    def search(self) -> None:
        word = random.choice(["oil", "prices", "bank", "said", "tax", "shares", "trade", "dollar"])
        self.client.get(
            f"/api/v1/projects/load/claims/?q={word}",
            headers=self.api,
            name="GET /api/v1/projects/[p]/claims/?q= (search)",
        )

    @task(4)
    def annotate(self) -> None:
        claim = random.choice(STATE["claims"])  # type: ignore[arg-type]
        body = {
            "source_reliability": random.choice("ABCDEF"),
            "information_credibility": random.randint(1, 6),
            "confidence": random.choice(["low", "moderate", "high"]),
            "verdict": random.choice(["true", "mostly_true", "half_true", "false", "unverifiable"]),
            "rationale": "Checked against the wire copy.",
        }
        self.client.put(
            f"/api/v1/claims/{claim}/annotation/",
            json=body,
            headers=self.api,
            name="PUT /api/v1/claims/[id]/annotation/",
        )


def p95_cell(times_ms: list[float]) -> str:
    """p95 of one 20 s window's response times, or "-" when too few requests to say."""
    if len(times_ms) < 20:
        return "-"
    return f"{sorted(times_ms)[int(len(times_ms) * 0.95) - 1]:.0f}"


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=int, default=180, help="seconds of analyst load")
    parser.add_argument("--articles", type=int, default=10_000, help="articles in the bulk import")
    parser.add_argument("--seed", type=int, default=150, help="articles split before the load starts")
    parser.add_argument(
        "--baseline",
        type=int,
        default=60,
        help="seconds of analyst load with no import (the comparison), after sign-in and before the import",
    )
    parser.add_argument("--web-workers", type=int, default=3)
    parser.add_argument("--web-threads", type=int, default=4)
    parser.add_argument("--celery-concurrency", type=int, default=1)
    args = parser.parse_args()

    base_url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/claimdesk")
    dbname = f"claimdesk_load_{os.getpid()}"
    queue = f"claimdesk-load-{os.getpid()}"
    env = {
        **os.environ,
        "DATABASE_URL": base_url,
        "DATABASE_NAME": dbname,
        "CELERY_BROKER_URL": os.environ.get("CELERY_BROKER_URL", "redis://127.0.0.1:6379/0"),
        "CELERY_TASK_DEFAULT_QUEUE": queue,
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_DEBUG": "0",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_SECURE_COOKIES": "0",  # plain http on loopback
        "CLAIMDESK_API_IMPORT_RATE": "100000/minute",
        "CLAIMDESK_SPLIT_BATCH_SIZE": "32",
    }
    admin = psycopg.conninfo.make_conninfo(base_url, dbname="postgres")
    conninfo = psycopg.conninfo.make_conninfo(base_url, dbname=dbname)
    procs: list[subprocess.Popen[bytes]] = []
    tmp = Path(tempfile.mkdtemp(prefix="claimdesk-load-"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{dbname}"')
    try:
        print(f"[load] database {dbname}, queue {queue}", flush=True)
        subprocess.run([PY, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
        setup = subprocess.run(
            [PY, "manage.py", "shell", "-c", SETUP.replace("sys.argv[1]", str(args.users))],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        STATE["users"] = json.loads(setup.stdout.split("JSON:", 1)[1])["users"]

        # The split worker runs at the lowest CPU priority: analysts' requests come first and
        # splitting uses whatever CPU is left (the same advice holds in production).
        worker_cmd = [
            "nice",
            "-n",
            "19",
            PY,
            "-m",
            "celery",
            "-A",
            "factcheck",
            "worker",
            "-l",
            "warning",
            "-Q",
            queue,
            "--concurrency",
            str(args.celery_concurrency),
            "--without-gossip",
            "--without-mingle",
        ]
        procs.append(
            subprocess.Popen(
                worker_cmd,
                cwd=ROOT,
                env=env,
                stdout=(tmp / "worker.log").open("wb"),
                stderr=subprocess.STDOUT,
            )
        )
        seed_file = tmp / "seed.jsonl"
        write_jsonl(corpus(args.seed), seed_file)
        subprocess.run(
            [PY, "manage.py", "import_articles", str(seed_file), "--project", "load"],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
        print(f"[load] splitting {args.seed} seed articles", flush=True)
        wait_split(conninfo, 900)
        with psycopg.connect(conninfo) as conn:
            STATE["articles"] = [r[0] for r in conn.execute("SELECT id FROM annotations_article")]
            STATE["claims"] = [r[0] for r in conn.execute("SELECT id FROM annotations_claim")]
        print(f"[load] {len(STATE['articles'])} articles, {len(STATE['claims'])} claims ready", flush=True)

        port = free_port()
        procs.append(
            subprocess.Popen(
                [
                    PY,
                    "-m",
                    "gunicorn",
                    "factcheck.wsgi",
                    "-b",
                    f"127.0.0.1:{port}",
                    "-w",
                    str(args.web_workers),
                    "--threads",
                    str(args.web_threads),
                    "--worker-class",
                    "gthread",
                    "--access-logfile",
                    "-",
                    "--log-level",
                    "warning",
                    # Keep idle connections open longer than an analyst's pause, or the client
                    # may reuse one the server is closing ("connection reset").
                    "--keep-alive",
                    "75",
                ],
                cwd=ROOT,
                env=env,
                stdout=(tmp / "web.log").open("wb"),
                stderr=subprocess.STDOUT,
            )
        )
        host = f"http://127.0.0.1:{port}"
        import urllib.request

        for _ in range(300):  # until gunicorn's workers answer, not just its socket
            try:
                with urllib.request.urlopen(f"{host}/healthz", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                gevent.sleep(0.2)

        # Warm every gunicorn worker (imports, connections) before measuring.
        for _ in range(args.web_workers * 4):
            urllib.request.urlopen(f"{host}/healthz", timeout=5).close()

        big = tmp / "import.jsonl"
        write_jsonl(corpus(args.articles, skip=args.seed), big)

        # Analysts sign in first (each sign-in is a deliberately slow password hash), as they
        # would have before an import starts; the measured window opens once all are at work.
        environment = Environment(user_classes=[Analyst], host=host)
        runner = environment.create_local_runner()
        runner.start(args.users, spawn_rate=10)
        warm_until = time.monotonic() + 120
        while int(STATE.get("logged_in", 0)) < args.users and time.monotonic() < warm_until:  # type: ignore[call-overload]
            gevent.sleep(0.5)
        logins = {
            name: (e.num_requests, e.get_response_time_percentile(0.5), e.get_response_time_percentile(0.95))
            for (name, _method), e in environment.stats.entries.items()
            if "login" in name
        }
        # The peer: the same analysts with no import running, for --baseline seconds.
        environment.stats.reset_all()
        gevent.sleep(args.baseline)
        quiet = {
            name: (e.get_response_time_percentile(0.5), e.get_response_time_percentile(0.95))
            for (name, _method), e in environment.stats.entries.items()
            if e.num_requests
        }
        environment.stats.reset_all()
        # Every request's time and latency, for the p95 over time (where the slow ones cluster).
        timeline: list[tuple[float, str, float]] = []
        environment.events.request.add_listener(
            lambda name, response_time, **_: timeline.append((time.monotonic(), name, response_time))
        )

        print(
            f"[load] bulk import of {args.articles} articles starts, with {args.users} analysts", flush=True
        )
        import_start = time.monotonic()
        importer = subprocess.Popen(
            [PY, "manage.py", "import_articles", str(big), "--project", "load"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )

        imported_at: list[float] = []
        # The import's own duration (gevent makes this wait cooperative).
        gevent.spawn(lambda: (importer.wait(), imported_at.append(time.monotonic() - import_start)))

        gevent.spawn_later(args.duration, runner.quit)
        runner.greenlet.join()
        importer.wait()
        gevent.sleep(0.1)
        accepted_after = imported_at[0] if imported_at else time.monotonic() - import_start
        total = wait_split(conninfo, 3600)
        split_total = time.monotonic() - import_start

        stats = environment.stats

        def quiet_cell(name: str) -> str:
            if name not in quiet:
                return "-"
            p50, p95 = quiet[name]
            return f"{p50:.0f} / {p95:.0f}"

        print("\n| route | requests | req/s | p50 ms | p95 ms | p99 ms | errors | p50 / p95 ms, no import |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|")
        for entry in sorted(stats.entries.values(), key=lambda e: e.name):
            if not entry.num_requests:  # sign-ins happened before the window
                continue
            print(
                f"| {entry.method} {entry.name.split(' ', 1)[1] if ' ' in entry.name else entry.name} | {entry.num_requests} | "
                f"{entry.total_rps:.1f} | {entry.get_response_time_percentile(0.5):.0f} | {entry.get_response_time_percentile(0.95):.0f} | "
                f"{entry.get_response_time_percentile(0.99):.0f} | {entry.num_failures} | "
                f"{quiet_cell(entry.name)} |"
            )
        t = stats.total
        print(
            f"| all | {t.num_requests} | {t.total_rps:.1f} | {t.get_response_time_percentile(0.5):.0f} | "
            f"{t.get_response_time_percentile(0.95):.0f} | {t.get_response_time_percentile(0.99):.0f} | {t.num_failures} |"
        )
        print(
            f"\nimport of {args.articles} articles accepted in {accepted_after:.1f}s; all {total} articles (seed + import, duplicates skipped) split after {split_total:.0f}s"
        )
        print("\np95 ms by 20 s window after the import started (save / claim list / all):")
        for window in range(0, args.duration, 20):
            lo, hi = import_start + window, import_start + window + 20
            rows_in = [(n, ms) for t, n, ms in timeline if lo <= t < hi]
            print(
                f"  {window:3d}-{window + 20:3d} s: "
                f"{p95_cell([ms for n, ms in rows_in if 'annotation' in n])} / "
                f"{p95_cell([ms for n, ms in rows_in if '(list)' in n])} / {p95_cell([ms for _, ms in rows_in])}"
            )
        for name, (n, p50, p95) in sorted(logins.items()):
            print(
                f"warm-up (before the import, not in the table): {name} x{n}, p50 {p50:.0f} ms, p95 {p95:.0f} ms"
            )
        for error in stats.errors.values():
            print(f"error: {error.method} {error.name}: {error.error} x{error.occurrences}")
        return 0 if t.num_failures == 0 else 1
    finally:
        for proc in procs:
            proc.send_signal(signal.SIGTERM)
        for proc in procs:
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                proc.kill()
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')


if __name__ == "__main__":
    sys.exit(main())
