"""Export jobs in-process: permissions, validation, the run, re-runs and failures."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from annotations.models import ExportJob, JobStatus
from annotations.services.exports import export_job_create, export_job_run, export_jobs_sweep_stuck

pytestmark = pytest.mark.django_db


def test_a_viewer_may_export(desk, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        job = export_job_create(
            project=desk.project, user=desk.users["viewer"], format="csv", filters={"verdict": "false"}
        )
    assert job.status == JobStatus.QUEUED
    assert job.requested_by == desk.users["viewer"]
    assert job.filters == {"status": "verified", "verdict": "false"}
    # The task is queued once, after the job row is committed.
    assert len(callbacks) == 1


def test_an_outsider_may_not_export_and_no_job_is_made(desk):
    with pytest.raises(PermissionDenied):
        export_job_create(project=desk.project, user=desk.users["outsider"], format="csv")
    assert not ExportJob.objects.exists()


@pytest.mark.parametrize(
    ("fmt", "filters", "field"),
    [
        ("xlsx", {}, "format"),
        ("csv", {"status": "nonsense"}, "filters"),
        ("csv", {"source": "1; DROP TABLE"}, "filters"),
        ("csv", {"published_from": "yesterday"}, "filters"),
        ("csv", {"article__project__slug": "other-desk"}, "filters"),
    ],
)
def test_bad_format_or_filters_are_refused(desk, fmt, filters, field):
    with pytest.raises(ValidationError) as excinfo:
        export_job_create(project=desk.project, user=desk.users["viewer"], format=fmt, filters=filters)
    assert field in excinfo.value.message_dict
    assert not ExportJob.objects.exists()


def test_a_job_runs_once_and_records_progress(desk, media_root):
    job = export_job_create(
        project=desk.project, user=desk.users["viewer"], format="csv", filters={"status": ""}
    )
    assert export_job_run(job_id=job.pk) == JobStatus.DONE
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert job.error == ""
    assert (job.rows_done, job.rows_total) == (5, 5)
    assert job.started_at <= job.finished_at
    assert job.file.name.startswith("exports/")
    assert job.file.name.endswith(f"claims-syria-desk-{job.pk}.csv")
    assert (media_root / job.file.name).is_file()
    with job.file.open("rb") as fh:
        rows = list(csv.DictReader(io.StringIO(fh.read().decode("utf-8-sig"))))
    assert len(rows) == 5

    # A redelivered task: nothing is redone, the file stays.
    finished = job.finished_at
    assert export_job_run(job_id=job.pk) == JobStatus.DONE
    job.refresh_from_db()
    assert job.finished_at == finished
    assert len(list((media_root / "exports").rglob("*.csv"))) == 1
    assert export_job_run(job_id=999_999) == "missing"


def test_a_job_left_running_by_a_lost_worker_is_run_again(desk, media_root):
    job = export_job_create(project=desk.project, user=desk.users["viewer"], format="jsonl")
    ExportJob.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, rows_done=2)
    assert export_job_run(job_id=job.pk) == JobStatus.DONE
    job.refresh_from_db()
    assert (job.status, job.rows_done) == (JobStatus.DONE, 3)


def test_a_failed_job_says_why_and_is_not_retried(desk, media_root):
    desk.project.publisher_url = ""
    desk.project.save()
    job = export_job_create(project=desk.project, user=desk.users["viewer"], format="claimreview")
    assert export_job_run(job_id=job.pk) == JobStatus.FAILED
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert not job.file
    assert "publisher URL" in job.error
    assert "Traceback" not in job.error
    assert job.finished_at is not None
    # Fixing the project does not resurrect the failed job: the user starts a new one.
    desk.project.publisher_url = "https://checks.example/"
    desk.project.save()
    assert export_job_run(job_id=job.pk) == JobStatus.FAILED


def test_an_unexpected_error_fails_the_job_with_its_type(desk, media_root, monkeypatch):
    def boom(**kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("annotations.services.exports.claims_export", boom)
    job = export_job_create(project=desk.project, user=desk.users["viewer"], format="csv")
    assert export_job_run(job_id=job.pk) == JobStatus.FAILED
    job.refresh_from_db()
    assert job.error == "RuntimeError: disk on fire"


def test_the_sweeper_requeues_lost_jobs_and_gives_up_after_max_attempts(
    desk, media_root, settings, django_capture_on_commit_callbacks
):
    old = timezone.now() - settings.CLAIMDESK_EXPORT_STUCK_AFTER - timedelta(minutes=1)
    lost = export_job_create(project=desk.project, user=desk.users["viewer"], format="csv")
    crashed = export_job_create(project=desk.project, user=desk.users["viewer"], format="json")
    hopeless = export_job_create(project=desk.project, user=desk.users["viewer"], format="jsonl")
    fresh = export_job_create(project=desk.project, user=desk.users["viewer"], format="csv")
    done = export_job_create(project=desk.project, user=desk.users["viewer"], format="html")
    ExportJob.objects.filter(pk__in=[lost.pk, crashed.pk, hopeless.pk, done.pk]).update(created_at=old)
    ExportJob.objects.filter(pk=crashed.pk).update(status=JobStatus.RUNNING, started_at=old)
    ExportJob.objects.filter(pk=hopeless.pk).update(sweeps=settings.CLAIMDESK_MAX_EXPORT_ATTEMPTS)
    ExportJob.objects.filter(pk=done.pk).update(status=JobStatus.DONE)

    with django_capture_on_commit_callbacks() as callbacks:
        requeued = export_jobs_sweep_stuck()
    assert sorted(requeued) == sorted([lost.pk, crashed.pk])
    assert len(callbacks) == 2
    hopeless.refresh_from_db()
    assert hopeless.status == JobStatus.FAILED
    assert "Gave up after" in hopeless.error
    # Swept jobs are not swept again until they are stuck again.
    assert export_jobs_sweep_stuck() == []
    # The re-enqueued job runs to the end.
    assert export_job_run(job_id=lost.pk) == JobStatus.DONE
    later = timezone.now() + settings.CLAIMDESK_EXPORT_STUCK_AFTER + timedelta(minutes=1)
    # Still not finished after another wait: swept again (and the young job by now, too).
    assert fresh.pk not in requeued
    assert sorted(export_jobs_sweep_stuck(now=later)) == sorted([crashed.pk, fresh.pk])
