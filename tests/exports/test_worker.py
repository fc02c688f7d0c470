"""An export job end to end through a real Celery worker process."""

from __future__ import annotations

import csv
import io

import pytest
from django.conf import settings
from django.core.files.storage import default_storage

from annotations.models import ExportJob, JobStatus
from annotations.services.exports import export_job_create
from tests.conftest import wait_for
from tests.exports.conftest import build_desk

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.worker]


def test_an_export_job_is_built_by_the_worker_and_downloadable(celery_worker, client):
    # The worker writes to the configured MEDIA_ROOT; so must we read from it.
    assert default_storage.location == str(settings.MEDIA_ROOT)
    desk = build_desk()
    job = export_job_create(
        project=desk.project, user=desk.users["viewer"], format="csv", filters={"status": ""}
    )

    def finished():
        job.refresh_from_db()
        return job.status in (JobStatus.DONE, JobStatus.FAILED)

    wait_for(finished, timeout=60, what=f"the worker to build export {job.pk}")
    try:
        assert job.status == JobStatus.DONE, job.error or celery_worker.output()[-3000:]
        assert (job.rows_done, job.rows_total) == (5, 5)
        with job.file.open("rb") as fh:
            rows = list(csv.DictReader(io.StringIO(fh.read().decode("utf-8-sig"))))
        assert {int(r["claim_id"]) for r in rows} == {
            c.pk for c in [*desk.verified, desk.disputed, desk.unreviewed]
        }
        # A second delivery of the same job does nothing.
        from annotations.tasks import run_export_job

        assert run_export_job(job.pk) == JobStatus.DONE
        assert ExportJob.objects.get(pk=job.pk).finished_at == job.finished_at
    finally:
        if job.file:
            job.file.delete(save=False)


def test_an_export_job_is_claimed_while_its_project_row_is_locked():
    """Claiming a job locks the job row only: a lock on the project (another export being
    claimed, an edit of the project) must not leave the job queued until the sweeper."""
    import psycopg
    from django.db import connection

    from annotations.services.exports import export_job_run

    desk = build_desk()
    job = ExportJob.objects.create(
        project=desk.project, requested_by=desk.users["viewer"], format="csv", filters={}
    )
    params = connection.get_connection_params()
    with psycopg.connect(**params, autocommit=False) as other:
        other.execute("SELECT id FROM annotations_project WHERE id = %s FOR UPDATE", [desk.project.pk])
        outcome = export_job_run(job_id=job.pk)
        other.rollback()
    job.refresh_from_db()
    try:
        assert outcome == JobStatus.DONE
        assert job.status == JobStatus.DONE
    finally:
        if job.file:
            job.file.delete(save=False)


def test_queued_exports_never_hold_up_a_split(tmp_path):
    """Exports go to their own queue: a worker that serves splits (as `make run` starts one)
    splits a new article at once although a member has queued many exports before it."""
    import uuid

    from annotations.models import Article, SplitStatus
    from annotations.services.articles import article_create
    from factcheck.celery import app, export_queue
    from tests.conftest import start_celery_worker, stop_celery_worker

    desk = build_desk()
    queue = f"claimdesk-test-split-{uuid.uuid4().hex[:8]}"
    previous = app.conf.task_default_queue
    app.conf.task_default_queue = queue
    worker = None
    try:
        jobs = [
            export_job_create(project=desk.project, user=desk.users["viewer"], format="csv", filters={})
            for _ in range(24)
        ]
        worker = start_celery_worker(queues=[queue], default_queue=queue, log=tmp_path / "split-worker.log")
        article = article_create(
            created_by=desk.users["owner"],
            project=desk.project,
            title="One sentence",
            body="Officials said the bridge had reopened on Friday.",
        )

        def split() -> bool:
            return Article.objects.get(pk=article.pk).split_status == SplitStatus.SPLIT

        wait_for(split, timeout=60, what="the split worker to split the new article")
        statuses = set(ExportJob.objects.filter(pk__in=[j.pk for j in jobs]).values_list("status", flat=True))
        # The split worker never took an export: they wait for the export worker.
        assert statuses == {JobStatus.QUEUED}
    finally:
        if worker is not None:
            stop_celery_worker(worker)
        app.conf.task_default_queue = previous
        with app.connection_for_write() as conn:
            for name in (queue, export_queue(queue)):
                conn.default_channel.queue_delete(name)
