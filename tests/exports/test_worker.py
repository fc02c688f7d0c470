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
