"""One file per export job, the same from every door: the page download and the API download
name it and type it alike (annotations/exports/files.py)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from annotations.models import ExportFormat, ExportJob
from annotations.services.exports import export_job_create, export_job_run

pytestmark = pytest.mark.django_db


def _done_job(desk, fmt: str) -> ExportJob:
    desk.project.publisher_name, desk.project.publisher_url = "Desk", "https://desk.example/checks"
    desk.project.save()
    job = export_job_create(
        project=desk.project, user=desk.users["viewer"], format=fmt, filters={"status": ""}
    )
    export_job_run(job_id=job.pk)
    return ExportJob.objects.get(pk=job.pk)


def _downloads(client, desk, job):
    client.force_login(desk.users["viewer"])
    page = client.get(reverse("annotations:export-download", args=[desk.project.slug, job.pk]))
    api = APIClient()
    api.force_authenticate(desk.users["viewer"])
    served = api.get(f"/api/v1/projects/{desk.project.slug}/exports/{job.pk}/download/")
    return page, served


@pytest.mark.parametrize("fmt", [f.value for f in ExportFormat])
def test_page_and_api_serve_the_same_content_type(client, desk, media_root, fmt):
    page, api = _downloads(client, desk, _done_job(desk, fmt))
    assert page["Content-Type"] == api["Content-Type"]


@pytest.mark.parametrize("fmt", [f.value for f in ExportFormat])
def test_page_and_api_serve_the_same_file_name(client, desk, media_root, fmt):
    page, api = _downloads(client, desk, _done_job(desk, fmt))
    assert page["Content-Disposition"] == api["Content-Disposition"]


def test_json_lines_is_served_as_ndjson(client, desk, media_root):
    page, _ = _downloads(client, desk, _done_job(desk, "jsonl"))
    assert page["Content-Type"] == "application/x-ndjson"


def test_a_vanished_file_is_a_json_404_in_the_api(client, desk, media_root):
    job = _done_job(desk, "csv")
    job.file.storage.delete(job.file.name)
    _, api = _downloads(client, desk, job)
    assert (api.status_code, api.json()) == (
        404,
        {"detail": "The export file is gone; start the export again."},
    )
