"""Scenario 1: kill -9 a Celery worker's pool child mid-split, and (separately) the
worker's main process. Every article must end split exactly once.

Protections: acks_late + reject_on_worker_lost (a task whose pool child dies is
requeued at once), the sweeper (re-enqueues articles left `splitting` when the whole
worker died and its unacknowledged message sits in Redis until the visibility timeout),
and the idempotent per-article store (a re-run replaces, never duplicates).
"""

from __future__ import annotations

import os
import re
import signal
import time
from pathlib import Path

from tests.faults.corpus import write_jsonl
from tests.faults.harness import Proc, Stack, problems, wait_until

_re_swept = re.compile(r"sweeper: re-enqueued (\d+) articles")
ARTICLES = 160  # ten tasks of 16: a stream of work with a task always in flight
# Paragraphs added to each article: a task of 16 short articles takes the engine and the
# store about 0.1 s, so a kill aimed at a running task often landed after its commit (the
# "loses the batch" checks then found nothing lost); at about 5 kB an article, a task runs
# for about a second.
UPDATES = 20


def _import(stack: Stack, tmp_path: Path, project: str) -> list[str]:
    path = tmp_path / f"{project}.jsonl"
    titles = write_jsonl(path, 0, ARTICLES, updates=UPDATES)
    result = stack.import_articles(path, project)
    assert result.returncode == 0, result.stderr
    return titles


def _wait_mid_split(stack: Stack, project: str) -> None:
    """Until a task is in the engine or storing: some article is `splitting`, some are
    already split (the fault lands mid-stream, not before the first task)."""

    def mid() -> bool:
        counts = stack.status_counts(project)
        return counts.get("splitting", 0) > 0 and counts.get("split", 0) >= 16

    wait_until(mid, timeout=90, what="a split in progress", interval=0.02)


def _pool_child(worker: Proc) -> int:
    children = worker.children()
    assert len(children) == 1, f"expected one pool child, got {children}"
    return children[0].pid


def _wait_quiet(stack: Stack, project: str, *, quiet: float = 8, timeout: float = 90) -> None:
    """Until nothing changes for `quiet` seconds: the unprotected runs never settle."""
    last, since = None, time.monotonic()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        counts = stack.status_counts(project)
        if counts != last:
            last, since = counts, time.monotonic()
        elif time.monotonic() - since > quiet:
            return
        time.sleep(0.5)


def _kill_pool_child(
    stack: Stack, tmp_path: Path, project: str, **worker_args: str
) -> tuple[Proc, float, list[str]]:
    worker = stack.worker("worker", concurrency=1, **worker_args)  # type: ignore[arg-type]
    titles = _import(stack, tmp_path, project)
    _wait_mid_split(stack, project)
    child = _pool_child(worker)
    os.kill(child, signal.SIGKILL)
    killed_at = time.monotonic()
    # The fault must have hit a running task, or this test proves nothing.
    wait_until(
        lambda: "WorkerLostError" in worker.output(), timeout=20, what="the worker to report the lost task"
    )
    return worker, killed_at, titles


def test_pool_child_killed_mid_split_task_is_redelivered(stack: Stack, tmp_path: Path, record) -> None:
    # No beat: the redelivery alone (acks_late + reject_on_worker_lost) must recover.
    worker, killed_at, titles = _kill_pool_child(stack, tmp_path, "kill-child")
    stack.wait_settled("kill-child", ARTICLES, timeout=120)
    recovered = time.monotonic() - killed_at
    found = problems(stack, "kill-child", expected_titles=titles)
    assert not found, found
    record(killed="pool child (SIGKILL)", articles=ARTICLES, seconds_to_all_split=round(recovered, 1))
    assert worker.alive(), "the worker's main process should survive and replace its pool child"


def test_pool_child_killed_without_acks_late_loses_the_batch(stack: Stack, tmp_path: Path, record) -> None:
    _kill_pool_child(
        stack, tmp_path, "kill-child-off", app="tests.faults.unprotected", CLAIMDESK_FAULTS_OFF="acks_early"
    )
    _wait_quiet(stack, "kill-child-off")
    found = problems(stack, "kill-child-off")
    # The check sees the loss: the killed task's articles stay `splitting` for ever.
    assert found.get("not_split"), f"expected lost articles, the check found {found}"
    assert {row[1] for row in found["not_split"]} == {"splitting"}
    record(protection_off="acks_late/reject_on_worker_lost", articles_lost=len(found["not_split"]))


def _kill_main(stack: Stack, tmp_path: Path, project: str) -> tuple[float, list[int], list[str]]:
    """kill -9 the worker's main process mid-split, then start a fresh worker."""
    first = stack.worker("doomed", concurrency=1)
    titles = _import(stack, tmp_path, project)
    _wait_mid_split(stack, project)
    orphans = [p.pid for p in first.children()]
    os.kill(first.pid, signal.SIGKILL)
    killed_at = time.monotonic()
    first.popen.wait(10)
    stack.worker("fresh", concurrency=1)
    return killed_at, orphans, titles


def test_worker_main_process_killed_mid_split_sweeper_finishes(stack: Stack, tmp_path: Path, record) -> None:
    stack.beat()
    killed_at, orphans, titles = _kill_main(stack, tmp_path, "kill-main")
    stack.wait_settled("kill-main", ARTICLES, timeout=120)
    recovered = time.monotonic() - killed_at
    found = problems(stack, "kill-main", expected_titles=titles)
    assert not found, found
    swept = sum(int(n) for proc in stack.procs for n in _re_swept.findall(proc.output()))
    record(
        killed="worker main process (SIGKILL)",
        articles=ARTICLES,
        seconds_to_all_split=round(recovered, 1),
        re_enqueued_by_sweeper=swept,
        orphaned_pool_children=len(orphans),
    )


def test_worker_main_process_killed_without_sweeper_loses_the_batch(
    stack: Stack, tmp_path: Path, record
) -> None:
    # No beat: the killed worker's message stays unacknowledged in Redis until the
    # visibility timeout (an hour), and nothing else brings its articles back.
    _kill_main(stack, tmp_path, "kill-main-off")
    _wait_quiet(stack, "kill-main-off")
    found = problems(stack, "kill-main-off")
    assert found.get("not_split"), f"expected lost articles, the check found {found}"
    record(protection_off="sweeper", articles_lost=len(found["not_split"]))
