"""Split throughput of the whole pipeline beside the engine alone, in one run.

    .venv/bin/python scripts/devstack.py env        # where PostgreSQL / Redis are
    DATABASE_URL=... CELERY_BROKER_URL=... .venv/bin/python bench/split.py \
        [--articles 10000] [--workers 2] [--engine-sample 600] [--pin] [--scale-out] [--curve 1000,10000] [--keep]

What it does, against a throwaway database (created, migrated and dropped by this script):

1. Engine alone: this process loads the engine and runs `analyse_many` (the call the workers
   make) over the first --engine-sample articles of the corpus, in the workers' batch size;
   chars/s of CPU time. The limit for the pipeline is that figure times --workers (one
   engine per worker process; this machine has that many cores). It is measured again after
   the pipeline and the ratio to the mean of the two is printed too: where the two readings
   differ, the machine's speed drifted during the run and the ratio is that uncertain. Then
   --workers engines run at once with nothing else (informative: how the engine scales on
   this machine's cores, caches and memory).
2. Pipeline: imports --articles articles of the Reuters corpus
   (/work/shared/corpus/news_10k.jsonl, read only) with `articles_import` (the service every
   import door calls) while no worker runs, then starts one real `celery worker`
   (--concurrency --workers, on a queue of its own) and times until every article is split
   and stored. Prints chars/s, the ratio to the limit, and the split rate per tenth of the
   run (from each article's split_finished_at), so a cost that grows with the table shows.
   With --pin: --workers workers of one process each, worker i pinned to core i (taskset), as
   separate machines would run them. With --scale-out: one pinned worker on the first half of
   --articles, then two pinned workers on the second half; prints the throughput ratio (a second
   worker machine should double it).
3. Where the CPU went (Linux /proc), from the first article taken to the last stored: CPU
   seconds of the worker's processes and of the whole machine. The ratio in 2. is wall
   clock against the engine's CPU time, so other work on the same cores lowers it; chars
   per worker CPU-second shows the pipeline's own overhead whatever else runs. The CPU of the
   PostgreSQL backends serving the workers is read apart (their connections live all run).

With --curve 1000,10000,...: the pipeline on each size in turn, in the same database (the
tables keep the earlier runs' rows), and a table of the cost per article (wall clock, worker
CPU, PostgreSQL CPU) for each size. Sizes past the corpus repeat it, each repeat's texts
numbered so a project keeps them all.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import secrets
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
CORPUS = Path(os.environ.get("CLAIMDESK_BENCH_CORPUS", "/work/shared/corpus/news_10k.jsonl"))

os.environ["DJANGO_DEBUG"] = "0"
os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))
os.environ["DJANGO_SECURE_SSL_REDIRECT"] = "0"
os.environ["CELERY_TASK_DEFAULT_QUEUE"] = f"claimdesk-bench-{uuid.uuid4().hex[:8]}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
os.environ.setdefault("DJANGO_LOG_LEVEL", "ERROR")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count, Max, Min, Sum  # noqa: E402
from django.db.models.functions import Length  # noqa: E402
from django.test.utils import setup_databases, setup_test_environment, teardown_databases  # noqa: E402

from annotations.importers import ArticleRecord  # noqa: E402
from annotations.models import Article, Claim, SplitStatus  # noqa: E402
from annotations.services.articles import articles_import  # noqa: E402
from annotations.services.projects import project_create  # noqa: E402
from annotations.services.splitting import engine  # noqa: E402


def corpus(n: int) -> list[ArticleRecord]:
    records: list[ArticleRecord] = []
    with CORPUS.open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            text = (row.get("text") or "").strip()
            if not text:
                continue
            records.append(ArticleRecord(title=(row.get("title") or text[:80])[:300], text=text))
            if len(records) == n:
                break
    return records


def cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def engine_alone(records: list[ArticleRecord]) -> float:
    """chars/s of CPU time of the engine on these texts, in the workers' batch size."""
    list(engine().analyse_many(["Officials said the bridge reopened."]))  # load the model first
    return engine_alone_texts([r.text for r in records])


def _engine_child(texts: list[str], out: Any) -> None:
    out.put(engine_alone_texts(texts))


def engine_alone_texts(texts: list[str]) -> float:
    eng = engine()
    size = settings.CLAIMDESK_SPLIT_BATCH_SIZE
    start = cpu()
    for i in range(0, len(texts), size):
        list(eng.analyse_many(texts[i : i + size]))
    return sum(map(len, texts)) / (cpu() - start)


def engine_alone_parallel(records: list[ArticleRecord], n: int) -> list[float]:
    """chars/s of CPU time of each of n engines running at once (forked from this process,
    the model already loaded): what n workers' engines get from the machine's cores, caches
    and memory when nothing else runs."""
    import multiprocessing

    list(engine().analyse_many(["Officials said the bridge reopened."]))
    ctx = multiprocessing.get_context("fork")
    out = ctx.Queue()
    texts = [r.text for r in records]
    children = [ctx.Process(target=_engine_child, args=(texts, out)) for _ in range(n)]
    for child in children:
        child.start()
    rates = [out.get() for _ in children]
    for child in children:
        child.join()
    return rates


def process_cpu(names: tuple[str, ...] = (), root: int | None = None) -> dict[int, float]:
    """{pid: CPU seconds so far} of the live processes named in `names`, or descending from
    `root` (utime + stime from /proc)."""
    tick = os.sysconf("SC_CLK_TCK")
    stats = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            raw = stat.read_text()
        except OSError:
            continue
        fields = raw[raw.rindex(")") + 2 :].split()
        name = raw[raw.index("(") + 1 : raw.rindex(")")]
        stats[int(stat.parent.name)] = (name, int(fields[1]), (int(fields[11]) + int(fields[12])) / tick)
    out = {}
    for pid, (name, _, used) in stats.items():
        ancestor = pid
        while root is not None and ancestor not in (root, 0, 1) and ancestor in stats:
            ancestor = stats[ancestor][1]
        if (root is None and name in names) or (root is not None and ancestor == root):
            out[pid] = used
    return out


def machine_busy() -> float:
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
    return (sum(values) - values[3] - values[4]) / os.sysconf("SC_CLK_TCK")


def start_workers(n: int, *, pin: bool) -> list[tuple[subprocess.Popen[bytes], Path]]:
    """One `celery worker` with --concurrency n; or, with `pin`, n workers of one process each,
    worker i pinned to core i (taskset), as n machines would run them."""
    env = dict(os.environ)
    env["DATABASE_NAME"] = connection.settings_dict["NAME"]
    # One PostgreSQL backend per worker process for the whole run, so its CPU can be read
    # (database_cpu); a deployment's 60 s costs one reconnection a minute.
    env["DATABASE_CONN_MAX_AGE"] = "3600"
    queue = os.environ["CELERY_TASK_DEFAULT_QUEUE"]
    specs = [(i, 1) for i in range(n)] if pin else [(None, n)]
    started = []
    for core, concurrency in specs:
        log = Path(f"/tmp/claimdesk-bench-split-{os.getpid()}-{core or 0}.log")
        command = [sys.executable, "-m", "celery", "-A", "factcheck", "worker", "-l", "warning", "-Q", queue]
        command += ["--concurrency", str(concurrency), "--without-gossip", "--without-mingle"]
        command += ["-n", f"bench{core or 0}-{uuid.uuid4().hex[:4]}@%h"]
        if core is not None:
            command = ["taskset", "-c", str(core % (os.cpu_count() or 1)), *command]
        with log.open("wb") as out:
            started.append(
                (subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT), log)
            )
    return started


def database_cpu() -> float:
    """CPU seconds so far of the PostgreSQL backends connected to the benchmark database
    (the workers' connections; not other databases' on the same server)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        pids = {row[0] for row in cursor.fetchall()}
    return sum(used for pid, used in process_cpu(names=("postgres",)).items() if pid in pids)


def workers_cpu(workers: list[tuple[subprocess.Popen[bytes], Path]]) -> float:
    return sum(sum(process_cpu(root=w.pid).values()) for w, _ in workers)


def scale_out(args: argparse.Namespace) -> None:
    """One pinned worker, then two (as on two machines), each on its own half of the corpus."""
    records = corpus(args.articles)
    half = len(records) // 2
    rates = []
    for n, part in ((1, records[:half]), (2, records[half:])):
        print(f"\n== {n} worker process(es), each pinned to its own core ==", flush=True)
        run(argparse.Namespace(**{**vars(args), "workers": n, "pin": True}), part)
        rates.append(args_result.pop())
    one, two = rates
    print(
        f"\nscale-out: 1 worker {one['chars_per_s']:,.0f} chars/s, 2 workers {two['chars_per_s']:,.0f} chars/s "
        f"= {two['chars_per_s'] / one['chars_per_s']:.2f}x (2.00x: a second machine doubles the throughput)"
    )


def curve(args: argparse.Namespace) -> None:
    """The pipeline on growing corpora, one after the other in the same database (each in a
    project of its own, so the tables hold the earlier runs' rows too): cost per article."""
    sizes = [int(n) for n in args.curve.split(",")]
    for n in sizes:
        print(f"\n== {n} articles ==", flush=True)
        run(argparse.Namespace(**{**vars(args), "articles": n}), corpus_repeated(n))
    print("\ncost per article as the corpus grows (claims table growing across the runs):")
    print(
        "articles | wall ms/article | worker CPU ms/article | PostgreSQL CPU ms/article | ratio (wall) | per worker CPU-s"
    )
    for row in args_result:
        print(
            f"{row['articles']:>8,.0f} | {row['ms_per_article']:15.2f} | {row['worker_ms_per_article']:21.2f} | "
            f"{row['postgres_ms_per_article']:25.2f} | {row['ratio']:12.1%} | {row['worker_ratio']:.1%}"
        )


def corpus_repeated(n: int) -> list[ArticleRecord]:
    """n articles: the corpus, then the corpus again with each repeat numbered (a project
    keeps one article per text, so a repeat needs a text of its own)."""
    base = corpus(n)
    records = list(base)
    round_ = 1
    while len(records) < n:
        for r in base:
            if len(records) == n:
                break
            records.append(ArticleRecord(title=r.title, text=f"{r.text}\n\n(Repeat {round_}.)"))
        round_ += 1
    return records


args_result: list[dict[str, float]] = []


def run(args: argparse.Namespace, records: list[ArticleRecord] | None = None) -> None:
    records = records if records is not None else corpus(args.articles)
    chars = sum(len(r.text) for r in records)
    print(f"corpus: {len(records)} articles, {chars:,} chars", flush=True)

    engine_cps = engine_alone(records[: args.engine_sample])
    limit = engine_cps * args.workers
    print(
        f"engine alone ({args.engine_sample} articles, batch {settings.CLAIMDESK_SPLIT_BATCH_SIZE}): "
        f"{engine_cps:,.0f} chars/s per process; limit for {args.workers} workers {limit:,.0f} chars/s",
        flush=True,
    )

    from django.contrib.auth import get_user_model

    owner = get_user_model().objects.create_user(username=f"bench-{uuid.uuid4().hex[:6]}")
    project = project_create(owner=owner, name="Split bench", slug=f"split-{uuid.uuid4().hex[:6]}")
    t0 = time.perf_counter()
    outcome = articles_import(project=project, records=records, created_by=owner)
    print(
        f"imported {len(outcome.created)} articles in {time.perf_counter() - t0:.1f} s (no worker yet)",
        flush=True,
    )

    workers = start_workers(args.workers, pin=args.pin)
    worker0: float | None = None
    postgres0: float | None = None
    busy0 = 0.0
    try:
        articles = Article.objects.filter(project=project)
        started = time.perf_counter()
        last_print = started
        while True:
            left = articles.exclude(split_status__in=[SplitStatus.SPLIT, SplitStatus.FAILED]).count()
            now = time.perf_counter()
            if not left:
                break
            if worker0 is None and articles.filter(split_status=SplitStatus.PENDING).count() < len(
                outcome.created
            ):
                # The worker is up (its start-up imports are not the pipeline's cost).
                worker0, busy0, started = workers_cpu(workers), machine_busy(), now
                postgres0 = database_cpu()
            if any(w.poll() is not None for w, _ in workers):
                raise SystemExit(f"a worker exited; see {[str(log) for _, log in workers]}")
            if now - last_print > 15:
                print(
                    f"  {len(outcome.created) - left}/{len(outcome.created)} split after {now - started:.0f} s",
                    flush=True,
                )
                last_print = now
            time.sleep(0.5)
        worker_cpu = workers_cpu(workers) - (worker0 or 0.0)
        busy = machine_busy() - busy0
        postgres_cpu = database_cpu() - (postgres0 or 0.0)
        run_wall = time.perf_counter() - started
    finally:
        for worker, _ in workers:
            worker.terminate()
        for worker, _ in workers:
            worker.wait(60)

    # What was imported (the corpus repeats a few texts; a project keeps one of each).
    stored = articles.aggregate(n=Count("id"), chars=Sum(Length("body")))
    chars = stored["chars"]
    failed = articles.filter(split_status=SplitStatus.FAILED).count()
    span = articles.aggregate(first=Min("split_started_at"), last=Max("split_finished_at"))
    elapsed = (span["last"] - span["first"]).total_seconds()
    claims = Claim.objects.filter(article__project=project).count()
    pipeline = chars / elapsed
    print(
        f"pipeline: {stored['n']} articles ({failed} failed), {claims:,} claims stored in {elapsed:.1f} s "
        f"(first split started → last stored) = {pipeline:,.0f} chars/s, {stored['n'] / elapsed:.1f} articles/s"
    )
    print(f"ratio to the engine-alone limit ({args.workers} × {engine_cps:,.0f}): {pipeline / limit:.1%}")
    # The engine alone once more, now the workers are gone: on a machine whose speed drifts
    # (a shared host), the ratio is only as good as the two readings agree.
    engine_after = engine_alone(records[: args.engine_sample])
    print(
        f"engine alone again after the run: {engine_after:,.0f} chars/s per process "
        f"({engine_after / engine_cps - 1:+.1%} against before); ratio to the mean of the two: "
        f"{pipeline / (args.workers * (engine_cps + engine_after) / 2):.1%}"
    )
    if args.workers > 1:
        # Informative, not the target's limit: how the engine scales on this machine alone.
        rates = engine_alone_parallel(records[: args.engine_sample], args.workers)
        print(
            f"engine alone, {args.workers} processes at once: "
            + ", ".join(f"{r:,.0f}" for r in rates)
            + f" chars/s each ({sum(rates) / len(rates) / engine_cps - 1:+.1%} against one alone); "
            f"the pipeline is {pipeline / sum(rates):.1%} of their sum"
        )
    args_result.append(
        {
            "chars_per_s": pipeline,
            "articles_per_s": stored["n"] / elapsed,
            "articles": stored["n"],
            "ratio": pipeline / limit,
            "ms_per_article": elapsed / stored["n"] * 1000,
            "worker_ms_per_article": worker_cpu / stored["n"] * 1000,
            "postgres_ms_per_article": postgres_cpu / stored["n"] * 1000,
            "worker_ratio": chars / worker_cpu / engine_cps,
        }
    )

    # Split rate per tenth of the run: flat means the cost per article does not grow with the table.
    finished = sorted(articles.values_list("split_finished_at", flat=True))
    tenth = max(1, len(finished) // 10)
    rates = []
    for i in range(0, len(finished) - tenth + 1, tenth):
        window = (finished[i + tenth - 1] - finished[i]).total_seconds()
        if window > 0:  # a tenth stored in one batch has no duration of its own
            rates.append(tenth / window)
    print("articles/s per tenth of the run: " + ", ".join(f"{r:.0f}" for r in rates))
    print(
        f"CPU during the run ({run_wall:.1f} s wall, {os.cpu_count()} cores): worker processes {worker_cpu:.1f} s "
        f"(= {chars / worker_cpu:,.0f} chars per worker CPU-second, {chars / worker_cpu / engine_cps:.1%} of the "
        f"engine alone), whole machine busy {busy:.1f} s (PostgreSQL, Redis, this script and anything "
        f"else running: {max(0.0, busy - worker_cpu):.1f} s), of which the PostgreSQL backends serving "
        f"this database {postgres_cpu:.1f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=10000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--engine-sample", type=int, default=600)
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database")
    parser.add_argument(
        "--pin", action="store_true", help="--workers workers of one process, each on its own core"
    )
    parser.add_argument(
        "--scale-out",
        action="store_true",
        help="one pinned worker, then two, on the two halves of --articles",
    )
    parser.add_argument(
        "--curve",
        metavar="N,N,...",
        help="run the pipeline on each corpus size in turn (e.g. 1000,10000) and print the cost per article",
    )
    args = parser.parse_args()

    connection.settings_dict["TEST"]["NAME"] = f"claimdesk_bench_split_{os.getpid()}"
    setup_test_environment(debug=False)
    print(
        f"creating and migrating the benchmark database {connection.settings_dict['TEST']['NAME']} ...",
        flush=True,
    )
    old_config = setup_databases(verbosity=0, interactive=False)
    try:
        if args.scale_out:
            scale_out(args)
        elif args.curve:
            curve(args)
        else:
            run(args)
    finally:
        from factcheck.celery import app

        try:
            with app.connection_for_write() as conn:
                conn.default_channel.queue_delete(os.environ["CELERY_TASK_DEFAULT_QUEUE"])  # type: ignore[attr-defined]
        except Exception as exc:  # noqa: BLE001 - report, do not hide the figures
            print(f"(could not delete the bench queue: {exc})")
        if not args.keep:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
                    [connection.settings_dict["NAME"]],
                )
            teardown_databases(old_config, verbosity=0)


if __name__ == "__main__":
    main()
