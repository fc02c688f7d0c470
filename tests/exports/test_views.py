"""The exports page, the polled jobs list and the download: members only."""

from __future__ import annotations

import pytest
from django.urls import reverse

from annotations.models import ExportJob, JobStatus
from annotations.services.exports import export_job_create, export_job_run

pytestmark = pytest.mark.django_db


def page(slug):
    return reverse("annotations:project-exports", args=[slug])


def test_a_viewer_starts_an_export_and_downloads_it(client, desk, media_root):
    client.force_login(desk.users["viewer"])
    response = client.get(page(desk.project.slug))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<label for="id_format">Format</label>' in html
    assert '<option value="verified" selected>' in html  # the default: verified claims
    assert "No exports yet." in html

    response = client.post(page(desk.project.slug), {"format": "csv", "status": "", "verdict": "false"})
    assert response.status_code == 302
    job = ExportJob.objects.get()
    assert (job.format, job.filters) == ("csv", {"status": "", "verdict": "false"})

    # Queued: the list polls itself.
    jobs_url = reverse("annotations:export-jobs", args=[desk.project.slug])
    partial = client.get(jobs_url).content.decode()
    assert f'hx-get="{jobs_url}"' in partial
    assert 'hx-trigger="every 1s"' in partial
    assert "Queued" in partial

    export_job_run(job_id=job.pk)
    partial = client.get(jobs_url).content.decode()
    assert "hx-trigger" not in partial  # done: polling stops
    download = reverse("annotations:export-download", args=[desk.project.slug, job.pk])
    assert f'href="{download}"' in partial

    response = client.get(download)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="claims-syria-desk-{job.pk}.csv"'
    assert "sandbox" in response["Content-Security-Policy"]
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    # Verdict "false" as in the queue: the final verdict or any reviewer's (the disputed claim).
    assert body.count("\r\n") == 3
    assert "Assad remained in Damascus" in body
    assert "the dam burst" in body


def test_an_outsider_gets_404_and_no_counts(client, desk, media_root):
    job = export_job_create(project=desk.project, user=desk.users["viewer"], format="csv")
    export_job_run(job_id=job.pk)
    client.force_login(desk.users["outsider"])
    urls = [
        page(desk.project.slug),
        reverse("annotations:export-jobs", args=[desk.project.slug]),
        reverse("annotations:export-download", args=[desk.project.slug, job.pk]),
        # The job's id under the outsider's own project: still not theirs.
        reverse("annotations:export-download", args=[desk.other.slug, job.pk]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 404, url
        text = response.content.decode()
        assert "Syria desk" not in text
        assert "claims" not in text.lower()
    response = client.post(page(desk.project.slug), {"format": "csv"})
    assert response.status_code == 404
    assert ExportJob.objects.count() == 1


def test_a_member_cannot_download_an_unfinished_or_missing_file(client, desk, media_root):
    job = export_job_create(project=desk.project, user=desk.users["viewer"], format="csv")
    client.force_login(desk.users["viewer"])
    download = reverse("annotations:export-download", args=[desk.project.slug, job.pk])
    assert client.get(download).status_code == 404  # still queued
    export_job_run(job_id=job.pk)
    job.refresh_from_db()
    job.file.storage.delete(job.file.name)
    assert client.get(download).status_code == 404


def test_the_jobs_list_shows_a_failure_and_progress(client, desk):
    viewer = desk.users["viewer"]
    ExportJob.objects.create(
        project=desk.project,
        requested_by=viewer,
        format="pdf",
        status=JobStatus.FAILED,
        error="<b>too many</b>",
    )
    ExportJob.objects.create(
        project=desk.project,
        requested_by=viewer,
        format="csv",
        status=JobStatus.RUNNING,
        rows_done=40,
        rows_total=160,
    )
    # Someone else's job is not in my list.
    ExportJob.objects.create(project=desk.project, requested_by=desk.users["editor"], format="json")
    client.force_login(viewer)
    html = client.get(page(desk.project.slug)).content.decode()
    assert "&lt;b&gt;too many&lt;/b&gt;" in html
    assert '<progress max="100" value="25"' in html
    assert "40 / 160" in html
    assert html.count('<tr id="export-') == 2
    assert "JSON<br>" not in html


def test_a_bad_form_is_shown_again_with_the_error(client, desk):
    client.force_login(desk.users["viewer"])
    response = client.post(page(desk.project.slug), {"format": "xlsx"})
    assert response.status_code == 422
    assert not ExportJob.objects.exists()


def test_pages_need_a_login(client, desk):
    response = client.get(page(desk.project.slug))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_export_form_offers_the_queues_own_filters(client, desk, media_root):
    client.force_login(desk.users["viewer"])
    client.post(
        page(desk.project.slug), {"format": "csv", "status": "", "dismissed": "only", "assigned": "none"}
    )
    job = ExportJob.objects.get()
    assert job.filters == {"status": "", "dismissed": "only", "unassigned": True}


def test_the_export_page_shows_the_assignment_and_check_worthiness_filters(client, desk, media_root):
    client.force_login(desk.users["viewer"])
    html = client.get(page(desk.project.slug)).content.decode()
    assert 'name="dismissed"' in html
    assert 'name="assigned"' in html
