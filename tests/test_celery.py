"""The Celery app (factcheck/celery.py): a split worker's pool processes load the engine as
they start; an export-only worker's do not."""

from __future__ import annotations

import time
import uuid

import pytest

from factcheck.celery import export_queue
from tests.conftest import start_celery_worker, stop_celery_worker, wait_for

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
