"""The Celery app and its queues.

Two queues, so an import is never stuck behind reports:
  - the split queue, CELERY_TASK_DEFAULT_QUEUE ("claimdesk"): article splits and the sweepers;
  - the export queue, "<split queue>-exports": export jobs (a 100k-claim PDF takes minutes).
A worker started without -Q consumes both; `make run` starts one worker per queue:
    celery -A factcheck worker -Q claimdesk            # splits (as many as you like)
    celery -A factcheck worker -Q claimdesk-exports    # exports
"""

from __future__ import annotations

import logging
import os
import time
from typing import Any

from celery import Celery, signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")

logger = logging.getLogger(__name__)

app = Celery("factcheck")
# All CELERY_* settings live in the one settings module (namespace strips the prefix).
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

EXPORT_TASKS = frozenset({"annotations.tasks.run_export_job"})


def export_queue(split_queue: str) -> str:
    """The export queue that goes with a split queue."""
    return f"{split_queue}-exports"


def route_task(
    name: str, args: Any, kwargs: Any, options: Any, task: Any = None, **kw: Any
) -> dict[str, str] | None:
    """Celery router (settings.CELERY_TASK_ROUTES): export jobs go to the export queue of the
    current default queue (read at send time, so tests that move the default queue move both)."""
    if name in EXPORT_TASKS:
        return {"queue": export_queue(app.conf.task_default_queue)}
    return None


@signals.task_prerun.connect
@signals.task_postrun.connect
def close_old_connections(task: Any = None, **kwargs: Any) -> None:
    """Around each task, what Django does around each request: close the database
    connections that failed or outlived CONN_MAX_AGE, keep the rest (settings:
    CELERY_DB_REUSE_MAX stops Celery's fix-up from closing every connection after every
    task). Not for a task run eagerly inside the caller's transaction."""
    if task is not None and getattr(task.request, "is_eager", False):
        return
    from django.db import close_old_connections as close

    close()


@signals.worker_process_init.connect
def preload_engine(**kwargs: Any) -> None:
    """A pool process of a worker that consumes the split queue loads the engine (spaCy)
    as it starts, so the first split does not wait for it; an export-only worker does not."""
    consumed = {queue.name for queue in app.amqp.queues.consume_from.values()} if app.amqp.queues else set()
    if consumed and app.conf.task_default_queue not in consumed:
        return
    from annotations.services.splitting import engine

    started = time.perf_counter()
    engine()
    logger.info("claim engine loaded in %.1f s", time.perf_counter() - started)
