"""REST API throughput and latency, beside the same work done without the API, in one run.

    .venv/bin/python scripts/devstack.py env        # where PostgreSQL / Redis are
    DATABASE_URL=... CELERY_BROKER_URL=... .venv/bin/python bench/api.py [--articles 10000]
        [--batch 1000] [--single 200] [--claims 100000] [--reads 200]

What it does, against a throwaway database (created, migrated and dropped by this script)
and a real HTTP server in this process (Django's threaded live server with TCP_NODELAY, DEBUG off):

1. Import: POST the Reuters-21578 articles (/work/shared/corpus/news_10k.jsonl, read only)
   to /projects/{slug}/articles/bulk/ in batches of --batch, with a token, and report
   articles/s; also --single articles one per POST. Beside it: articles_import() called
   directly (the service the API calls) on the same articles into another project.
   The split tasks go to a throwaway Celery queue that is deleted at the end; no worker runs.
2. Reads: bulk-insert synthetic claims until the project has --claims of them (ORM
   bulk_create, ~10 per article, some with sources and statuses), ANALYZE, then time
   --reads requests of each claim-list query through the API and the same query as raw
   SQL (psycopg, no Django ORM), and print p50/p95 in milliseconds.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import secrets
import socket
import statistics
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
CORPUS = Path("/work/shared/corpus/news_10k.jsonl")

# Production-like settings (DEBUG off: no query log), a queue of our own so no running
# worker picks up the benchmark's split tasks, and no import throttle in the way.
os.environ["DJANGO_DEBUG"] = "0"
os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))
os.environ["DJANGO_SECURE_SSL_REDIRECT"] = "0"
os.environ["DJANGO_ALLOWED_HOSTS"] = "127.0.0.1,localhost"
os.environ["CELERY_TASK_DEFAULT_QUEUE"] = f"claimdesk-bench-{uuid.uuid4().hex[:8]}"
os.environ["CLAIMDESK_API_IMPORT_RATE"] = "1000000/minute"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
os.environ.setdefault("DJANGO_LOG_LEVEL", "ERROR")

import django  # noqa: E402

django.setup()

import requests  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.servers.basehttp import ThreadedWSGIServer  # noqa: E402
from django.db import connection, connections  # noqa: E402
from django.test.testcases import LiveServerThread, _StaticFilesHandler  # noqa: E402
from django.test.utils import setup_databases, setup_test_environment, teardown_databases  # noqa: E402

from annotations.importers import ArticleRecord  # noqa: E402
from annotations.models import Article, Claim, ClaimStatus, Source, normalize_source_name  # noqa: E402
from annotations.services.articles import articles_import  # noqa: E402
from annotations.services.projects import project_create  # noqa: E402
from annotations.services.tokens import api_token_create  # noqa: E402


class NoDelayServer(ThreadedWSGIServer):
    """Django's live server with TCP_NODELAY, as production servers (gunicorn) set it: without
    it, Nagle's algorithm and delayed ACKs add ~40 ms to every small response."""

    def get_request(self) -> tuple[socket.socket, Any]:
        sock, address = super().get_request()
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return sock, address


class Server(LiveServerThread):
    server_class = NoDelayServer


def read_corpus(n: int) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    with CORPUS.open(encoding="utf-8") as f:
        for line in f:
            if len(out) >= n:
                break
            row = json.loads(line)
            out.append({"title": row["title"], "body": row["text"], "outlet": row.get("source", "")})
    return out


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def timed(fn: Callable[[], object], n: int) -> list[float]:
    fn()  # warm-up
    out = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1000)
    return out


def synthesize_claims(project_id: int, wanted: int) -> int:
    """~wanted claims over the project's articles: equal slices of each body, a tenth of
    them in review or verified, most linked to one of 200 sources."""
    sources = Source.objects.bulk_create(
        [
            Source(
                project_id=project_id,
                name=f"Source {i}",
                normalized_name=normalize_source_name(f"Source {i}"),
            )
            for i in range(200)
        ]
    )
    articles = list(Article.objects.filter(project_id=project_id).values_list("id", "body"))
    per_article = max(1, -(-wanted // len(articles)))
    made = 0
    batch: list[Claim] = []
    for n, (article_id, body) in enumerate(articles):
        step = max(1, len(body) // per_article)
        for k in range(per_article):
            start, end = k * step, min(len(body), (k + 1) * step)
            text = body[start:end].strip()
            if end <= start or not text or made >= wanted:
                continue
            status = ClaimStatus.UNREVIEWED
            verdict = ""
            if made % 10 == 3:
                status = ClaimStatus.IN_REVIEW
            elif made % 20 == 7:
                status, verdict = ClaimStatus.VERIFIED, "true"
            batch.append(
                Claim(
                    article_id=article_id,
                    start=start,
                    end=end,
                    text=text,
                    status=status,
                    final_verdict=verdict,
                    source=sources[(n + k) % len(sources)] if k % 4 else None,
                )
            )
            made += 1
        if len(batch) >= 5000:
            Claim.objects.bulk_create(batch)
            batch = []
    Claim.objects.bulk_create(batch)
    return made


# The claim list as the API runs it (selectors.claims_for_project + filters + cursor),
# written by hand: the page of 50 (+1 to know there is a next page), sources joined.
RAW_BASE = """
SELECT c.id, c.article_id, c.sentence_id, c.start, c."end", c.text, c.origin, c.speaker_start,
       c.speaker_end, c.speaker_text, c.cue_start, c.cue_end, c.cue_text, c.attribution_chain,
       c.is_direct_quote, c.stance, c.engine_version, c.status, c.final_verdict, c.final_note,
       c.verified_by_id, c.verified_at, c.created_at, c.updated_at, s.id, s.name, s.kind
FROM annotations_claim c
JOIN annotations_article a ON a.id = c.article_id
LEFT JOIN annotations_source s ON s.id = c.source_id
WHERE a.project_id = %(project)s {extra}
ORDER BY c.id LIMIT 51
"""


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=10000)
    parser.add_argument("--batch", type=int, default=1000)
    parser.add_argument("--single", type=int, default=200)
    parser.add_argument("--claims", type=int, default=100000)
    parser.add_argument("--reads", type=int, default=200)
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database")
    args = parser.parse_args()

    connections["default"].settings_dict["TEST"]["NAME"] = "claimdesk_bench_api"
    setup_test_environment(debug=False)
    print("creating and migrating the benchmark database claimdesk_bench_api ...", flush=True)
    old_config = setup_databases(verbosity=0, interactive=False)
    server = Server("127.0.0.1", _StaticFilesHandler, port=0)
    server.daemon = True
    server.start()
    server.is_ready.wait()
    if server.error:
        raise server.error
    base = f"http://127.0.0.1:{server.port}/api/v1"
    try:
        run(args, base)
    finally:
        server.terminate()
        from factcheck.celery import app

        try:
            with app.connection_for_write() as conn:
                conn.default_channel.queue_delete(os.environ["CELERY_TASK_DEFAULT_QUEUE"])  # type: ignore[attr-defined]
        except Exception as exc:  # noqa: BLE001 - report, do not hide the figures
            print(f"(could not delete the bench queue: {exc})")
        if not args.keep:
            # The server's request threads keep persistent connections (CONN_MAX_AGE) open.
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
                    [connection.settings_dict["NAME"]],
                )
            connection.close()
            teardown_databases(old_config, verbosity=0)


def run(args: argparse.Namespace, base: str) -> None:
    user = get_user_model().objects.create_user("bench", password=secrets.token_urlsafe(16))
    project = project_create(name="Bench API", slug="bench-api", owner=user)
    direct_project = project_create(name="Bench direct", slug="bench-direct", owner=user)
    single_project = project_create(name="Bench single", slug="bench-single", owner=user)
    _, secret = api_token_create(user=user, name="bench")
    http = requests.Session()
    http.headers["Authorization"] = f"Bearer {secret}"
    articles = read_corpus(args.articles)
    print(
        f"{len(articles)} articles, {sum(len(a['body']) for a in articles):,} chars (Reuters-21578, Distribution 1.0)"
    )

    # 1. Import through the API, in batches.
    t0 = time.perf_counter()
    created = 0
    call_ms = []
    for i in range(0, len(articles), args.batch):
        c0 = time.perf_counter()
        response = http.post(
            f"{base}/projects/{project.slug}/articles/bulk/",
            json={"articles": articles[i : i + args.batch]},
            headers={"Idempotency-Key": f"bench-{i}"},
        )
        call_ms.append((time.perf_counter() - c0) * 1000)
        response.raise_for_status()
        created += len(response.json()["created"])
    api_s = time.perf_counter() - t0

    # ... one article per POST.
    t0 = time.perf_counter()
    singles = 0
    for article in articles[: args.single]:
        response = http.post(f"{base}/projects/{single_project.slug}/articles/", json=article)
        if response.status_code == 201:
            singles += 1
        elif "same text" not in response.text:  # the corpus repeats a few wire texts
            raise SystemExit(f"single POST failed: {response.status_code} {response.text[:500]}")
    single_s = time.perf_counter() - t0

    # ... and the service the API calls, directly, same batches.
    t0 = time.perf_counter()
    direct = 0
    for i in range(0, len(articles), args.batch):
        records = [
            ArticleRecord(title=a["title"], text=a["body"], outlet=a["outlet"], location=str(j))
            for j, a in enumerate(articles[i : i + args.batch])
        ]
        direct += len(articles_import(project=direct_project, records=records, created_by=user).created)
    direct_s = time.perf_counter() - t0

    print("\n== import ==")
    print(
        f"API bulk ({args.batch}/call):  {created} articles in {api_s:.2f} s = {created / api_s:,.0f} articles/s "
        f"(per call: mean {statistics.mean(call_ms):,.0f} ms, max {max(call_ms):,.0f} ms)"
    )
    print(
        f"API single (1/call):     {singles} articles in {single_s:.2f} s = {args.single / single_s:,.0f} POSTs/s"
    )
    print(
        f"articles_import() direct: {direct} articles in {direct_s:.2f} s = {direct / direct_s:,.0f} articles/s"
    )

    # 2. Reads with --claims claims in the project.
    t0 = time.perf_counter()
    made = synthesize_claims(project.pk, args.claims)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE annotations_claim; ANALYZE annotations_article; ANALYZE annotations_source")
    print(
        f"\n== claim list, {made:,} claims in the project (inserted in {time.perf_counter() - t0:.1f} s) =="
    )
    middle_id = (
        Claim.objects.filter(article__project=project).order_by("id").values_list("id", flat=True)[made // 2]
    )
    cursor_token = base64.b64encode(f"p={middle_id}".encode()).decode()
    some_article = (
        Article.objects.filter(project=project)
        .order_by("id")
        .values_list("id", flat=True)[len(articles) // 2]
    )
    cases: list[tuple[str, dict[str, str], str, dict[str, Any]]] = [
        ("first page", {}, "", {}),
        (
            "page at claim 50,000 (cursor)",
            {"cursor": cursor_token},
            "AND c.id > %(after)s",
            {"after": middle_id},
        ),
        ("status=in_review", {"status": "in_review"}, "AND c.status = 'in_review'", {}),
        (
            "article=<id>",
            {"article": str(some_article)},
            "AND c.article_id = %(article)s",
            {"article": some_article},
        ),
        (
            "q=oil (full-text, common)",
            {"q": "oil"},
            "AND c.search_vector @@ websearch_to_tsquery('english'::regconfig, %(q)s)",
            {"q": "oil"},
        ),
        (
            "q=said (full-text, very common)",
            {"q": "said"},
            "AND c.search_vector @@ websearch_to_tsquery('english'::regconfig, %(q)s)",
            {"q": "said"},
        ),
        (
            'q="coffee quota" (phrase, rare)',
            {"q": '"coffee quota"'},
            "AND c.search_vector @@ websearch_to_tsquery('english'::regconfig, %(q)s)",
            {"q": '"coffee quota"'},
        ),
    ]
    url = f"{base}/projects/{project.slug}/claims/"
    print(f"{'query':34} {'API p50':>9} {'API p95':>9} {'SQL p50':>9} {'SQL p95':>9}  rows")
    raw = connection.connection  # the psycopg connection, no ORM in the way
    for label, params, extra, sql_params in cases:

        def api_call(params: dict[str, str] = params) -> None:
            response = http.get(url, params=params)
            response.raise_for_status()

        sql = RAW_BASE.format(extra=extra)
        rows: list[Any] = []

        def sql_call(sql: str = sql, sql_params: dict[str, Any] = sql_params) -> None:
            nonlocal rows
            with raw.cursor() as cur:
                cur.execute(sql, {"project": project.pk, **sql_params})
                rows = cur.fetchall()

        api_ms = timed(api_call, args.reads)
        sql_ms = timed(sql_call, args.reads)
        print(
            f"{label:34} {pct(api_ms, 0.5):8.1f}  {pct(api_ms, 0.95):8.1f}  {pct(sql_ms, 0.5):8.1f}  {pct(sql_ms, 0.95):8.1f}  {len(rows)}"
        )
    print(
        "\nfull-text plans (PostgreSQL picks per term: the GIN index, or a pk scan reading the stored vector):"
    )
    for label, _, extra, sql_params in cases:
        if "search_vector" not in extra:
            continue
        with raw.cursor() as cur:
            cur.execute("EXPLAIN " + RAW_BASE.format(extra=extra), {"project": project.pk, **sql_params})
            plan = "\n".join(row[0] for row in cur.fetchall())
        path = (
            "GIN index claim_search_vector_gin" if "claim_search_vector_gin" in plan else "id order + filter"
        )
        print(f"  {label}: {path}")


if __name__ == "__main__":
    main()
