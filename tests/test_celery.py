"""The Celery app (factcheck/celery.py): a split worker's pool processes load the engine as
they start; an export-only worker's do not; a worker keeps its database connection from task
to task for CONN_MAX_AGE."""

from __future__ import annotations

import time
import uuid

import pytest
from django.db import connection

from annotations.models import Article, SplitStatus
from annotations.tasks import split_articles
from factcheck.celery import export_queue
from tests.conftest import start_celery_worker, stop_celery_worker, wait_for
from tests.factories import ArticleFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.worker]


def test_a_split_worker_loads_the_engine_before_its_first_task(broker_available, tmp_path):
    queue = f"claimdesk-preload-{uuid.uuid4().hex[:8]}"
    worker = start_celery_worker(
        queues=[queue], default_queue=queue, log=tmp_path / "split.log", concurrency=1
    )
    try:
        wait_for(lambda: "claim engine loaded" in worker.output(), timeout=90, what="the engine to load")
    finally:
        stop_celery_worker(worker)


def test_an_export_worker_does_not_load_the_engine(broker_available, tmp_path):
    queue = f"claimdesk-preload-{uuid.uuid4().hex[:8]}"
    worker = start_celery_worker(
        queues=[export_queue(queue)], default_queue=queue, log=tmp_path / "exports.log", concurrency=1
    )
    try:
        # Long enough for a pool process to have loaded the engine (about 2 s here) if it would.
        time.sleep(10)
        output = worker.output()
    finally:
        stop_celery_worker(worker)
    assert "claim engine loaded" not in output


def test_a_worker_keeps_its_database_connection_from_task_to_task(broker_available, tmp_path, settings):
    """Celery's Django fix-up would close it after every task: a new PostgreSQL backend for
    every split batch."""
    queue = f"claimdesk-conn-{uuid.uuid4().hex[:8]}"
    settings.CELERY_TASK_DEFAULT_QUEUE = queue
    worker = start_celery_worker(
        queues=[queue], default_queue=queue, log=tmp_path / "split.log", concurrency=1, conn_max_age=60
    )

    def split(body: str) -> set[int]:
        article = ArticleFactory(body=body)
        split_articles.apply_async(args=[[article.pk]], queue=queue)
        wait_for(
            lambda: Article.objects.get(pk=article.pk).split_status == SplitStatus.SPLIT,
            timeout=90,
            what="the split",
        )
        time.sleep(1)  # the task's own clean-up runs after the article is stored
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            return {row[0] for row in cursor.fetchall()}

    try:
        first = split("Officials said the port reopened on Monday.")
        second = split("Officials said the bridge reopened on Tuesday.")
    finally:
        stop_celery_worker(worker)
    assert first
    assert second == first
