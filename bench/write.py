"""Annotation writes: p50/p95 of one save through the API, and queries per save.

    DATABASE_URL=... CELERY_BROKER_URL=... .venv/bin/python bench/write.py [--writes 300] [--claims 2000]

Against a throwaway database (created, migrated and dropped here): one project with --claims
claims (synthesised rows, no worker needed) and three reviewers, served by gunicorn (2 sync
workers, as the issue's comparison served it; connections to PostgreSQL kept per worker). Each write is
`PUT /api/v1/claims/{id}/annotation/` on a fresh HTTP connection (no keep-alive, as in the
issue's measurement), a different claim each time, reviewers taking turns so status
derivation, history and the verification policy all run (the second and third review of a
claim change its status). Then the same saves called in-process through
`annotation_save` with Django's query capture: queries per save (first review, second,
third, and a re-save of one's own annotation), which must not depend on the claim's history.
Also the CPU per save of gunicorn's workers and of their PostgreSQL backends (/proc), which
other work on the same cores moves less than the latencies.

doccano's figures are not measured here: they are the reference from issue 18 (doccano
1.8.4, same machine, same PostgreSQL, one annotation write on a fresh connection).
"""

from __future__ import annotations

import argparse
import os
import secrets
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

os.environ["DJANGO_DEBUG"] = "0"
os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))
os.environ["DJANGO_SECURE_SSL_REDIRECT"] = "0"
os.environ["DJANGO_ALLOWED_HOSTS"] = "127.0.0.1,localhost"
os.environ["CELERY_TASK_DEFAULT_QUEUE"] = f"claimdesk-bench-{uuid.uuid4().hex[:8]}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
os.environ.setdefault("DJANGO_LOG_LEVEL", "ERROR")

import django  # noqa: E402

django.setup()

import requests  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import (  # noqa: E402
    CaptureQueriesContext,
    setup_databases,
    setup_test_environment,
    teardown_databases,
)

from annotations.models import Article, Claim, Role, body_hash  # noqa: E402
from annotations.services.annotations import annotation_save  # noqa: E402
from annotations.services.projects import membership_set, project_create  # noqa: E402
from annotations.services.tokens import api_token_create  # noqa: E402

DOCCANO_P50_MS, DOCCANO_P95_MS = 13.0, 16.0  # issue 18, not measured here


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def cpu_seconds(pids: set[int] | None = None, root: int | None = None) -> float:
    """CPU seconds so far (utime + stime, /proc) of the processes in `pids` or descending
    from `root` (not counting `root` itself)."""
    tick = os.sysconf("SC_CLK_TCK")
    parents: dict[int, int] = {}
    used: dict[int, float] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            raw = stat.read_text()
        except OSError:
            continue
        fields = raw[raw.rindex(")") + 2 :].split()
        pid = int(stat.parent.name)
        parents[pid], used[pid] = int(fields[1]), (int(fields[11]) + int(fields[12])) / tick
    if pids is not None:
        return sum(used.get(pid, 0.0) for pid in pids)
    return sum(cpu for pid, cpu in used.items() if parents.get(pid) == root)


def database_backends() -> set[int]:
    """The PostgreSQL backends connected to the benchmark database but this process's."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return {row[0] for row in cursor.fetchall()}


def run(args: argparse.Namespace, base: str, web_pid: int) -> None:
    users = get_user_model()
    owner = users.objects.create_user("bench-owner")
    project = project_create(name="Bench write", slug="bench-write", owner=owner)
    reviewers = [users.objects.create_user(f"bench-reviewer-{i}") for i in range(3)]
    for reviewer in reviewers:
        membership_set(project=project, user=reviewer, role=Role.REVIEWER, by=None)
    body = "Officials said the bridge had reopened on Monday. " * 4
    articles = Article.objects.bulk_create(
        [
            Article(project=project, title=f"A{i}", body=f"{i} {body}", content_hash=body_hash(f"{i} {body}"))
            for i in range(max(1, args.claims // 10))
        ]
    )
    claims = Claim.objects.bulk_create(
        [
            Claim(article=a, start=0, end=30, text=f"The bridge {a.pk}-{j} reopened")
            for a in articles
            for j in range(10)
        ]
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    tokens = [api_token_create(user=r, name="bench")[1] for r in reviewers]
    verdict = project.verdict_values()[0]
    payload: dict[str, Any] = {
        "source_reliability": "B",
        "information_credibility": 2,
        "confidence": "moderate",
        "verdict": verdict,
    }

    timings: list[float] = []
    web0 = db0 = load = 0.0
    backends: set[int] = set()
    for i in range(args.writes + 10):
        if i == 10:  # after the warm-up: gunicorn's workers and their PostgreSQL connections are up
            backends = database_backends()
            web0, db0 = cpu_seconds(root=web_pid), cpu_seconds(pids=backends)
            load = os.getloadavg()[0]
        claim = claims[(i // 3) % len(claims)]
        t0 = time.perf_counter()
        # A fresh connection per write (requests.put without a Session: no keep-alive).
        response = requests.put(
            f"{base}/claims/{claim.pk}/annotation/",
            json=payload,
            headers={"Authorization": f"Bearer {tokens[i % 3]}", "Connection": "close"},
            timeout=30,
        )
        elapsed = (time.perf_counter() - t0) * 1000
        response.raise_for_status()
        if i >= 10:  # warm-up
            timings.append(elapsed)
    print(f"annotation write via the API, {len(timings)} writes on fresh connections, 3 reviewers in turn:")
    print(f"  claimdesk p50 {pct(timings, 0.5):5.1f} ms   p95 {pct(timings, 0.95):5.1f} ms")
    print(
        f"  doccano   p50 {DOCCANO_P50_MS:5.1f} ms   p95 {DOCCANO_P95_MS:5.1f} ms"
        "   (issue 18's figures, not measured here)"
    )
    web_cpu = (cpu_seconds(root=web_pid) - web0) / len(timings) * 1000
    db_cpu = (cpu_seconds(pids=backends) - db0) / len(timings) * 1000
    print(f"  p95 / doccano's p95: {pct(timings, 0.95) / DOCCANO_P95_MS:.2f}")
    print(
        f"  CPU per save: gunicorn workers {web_cpu:.1f} ms, their PostgreSQL backends {db_cpu:.1f} ms "
        f"(load average when the writes began: {load:.1f})"
    )

    # Queries per save, in-process.
    claim = claims[-1]
    counts = []
    for label, reviewer in [
        ("first review", reviewers[0]),
        ("second review", reviewers[1]),
        ("third review", reviewers[2]),
        ("re-save own", reviewers[0]),
    ]:
        # Fetched as the API view fetches them (claim with its article and project, the user).
        fetched_claim = Claim.objects.select_related("article__project").get(pk=claim.pk)
        fetched_reviewer = users.objects.get(pk=reviewer.pk)
        with CaptureQueriesContext(connection) as queries:
            annotation_save(
                claim=fetched_claim,
                reviewer=fetched_reviewer,
                source_reliability="B",
                information_credibility=2,
                confidence="moderate",
                verdict=verdict,
            )
        counts.append((label, len(queries)))
    print(
        "queries per save (annotation_save, claim fetched by the caller): "
        + ", ".join(f"{label} {n}" for label, n in counts)
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--writes", type=int, default=300)
    parser.add_argument("--claims", type=int, default=2000)
    args = parser.parse_args()

    connection.settings_dict["TEST"]["NAME"] = f"claimdesk_bench_write_{os.getpid()}"
    setup_test_environment(debug=False)
    old_config = setup_databases(verbosity=0, interactive=False)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = dict(os.environ, DATABASE_NAME=connection.settings_dict["NAME"])
    web = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "factcheck.wsgi",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            "2",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        for _ in range(300):  # until a worker answers
            try:
                if requests.get(f"http://127.0.0.1:{port}/healthz", timeout=10).status_code == 200:
                    break
            except requests.RequestException:
                time.sleep(0.2)
        run(args, f"http://127.0.0.1:{port}/api/v1", web.pid)
    finally:
        web.terminate()
        web.wait(30)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
                [connection.settings_dict["NAME"]],
            )
        connection.close()
        teardown_databases(old_config, verbosity=0)


if __name__ == "__main__":
    main()
