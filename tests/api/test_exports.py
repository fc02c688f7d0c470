"""Exports through the API: start a job, poll it until a real worker has built it, download."""

from __future__ import annotations

import csv
import io

import pytest

from annotations.models import Role
from annotations.services.annotations import annotation_save
from tests.api.conftest import token_client
from tests.conftest import wait_for
from tests.factories import ArticleFactory, ClaimFactory, MembershipFactory


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_viewer_exports_verified_claims_as_csv_through_the_worker(celery_worker):
    article = ArticleFactory(body="Officials said the port reopened on Monday.", title="Port")
    verified = ClaimFactory(article=article, start=15, end=32, text='=HYPERLINK("x") the port reopened')
    ClaimFactory(article=article, start=0, end=9, text="Officials")  # unreviewed: not exported by default
    project = article.project
    a, b = (MembershipFactory(project=project, role=Role.REVIEWER).user for _ in range(2))
    annotation_save(claim=verified, reviewer=a, verdict="true", source_reliability="B")
    annotation_save(claim=verified, reviewer=b, verdict="true", source_reliability="B")
    viewer = token_client(MembershipFactory(project=project, role=Role.VIEWER).user)

    started = viewer.post(f"/api/v1/projects/{project.slug}/exports/", {"format": "csv"}, format="json")
    assert started.status_code == 202, started.content
    job_url = f"/api/v1/projects/{project.slug}/exports/{started.json()['id']}/"
    done = wait_for(
        lambda: (r := viewer.get(job_url).json())["status"] == "done" and r, what="the export job"
    )
    assert done["rows_total"] == 1
    download = viewer.get(done["download_url"])
    assert download.status_code == 200
    assert download["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(download.streaming_content).decode("utf-8-sig"))))
    assert len(rows) == 1
    claim_cell = next(v for v in rows[0].values() if "HYPERLINK" in (v or ""))
    assert claim_cell.startswith("'=")  # neutralised for spreadsheets


@pytest.mark.django_db
def test_export_jobs_are_scoped_and_validated():
    article = ArticleFactory()
    project = article.project
    owner = token_client(MembershipFactory(project=project, role=Role.OWNER).user)
    outsider = token_client(MembershipFactory(role=Role.OWNER).user)
    assert (
        owner.post(f"/api/v1/projects/{project.slug}/exports/", {"format": "xlsx"}, format="json").status_code
        == 400
    )
    bad = owner.post(
        f"/api/v1/projects/{project.slug}/exports/",
        {"format": "csv", "filters": {"status": "nope"}},
        format="json",
    )
    assert bad.status_code == 400
    assert "filters" in bad.json()
    started = owner.post(f"/api/v1/projects/{project.slug}/exports/", {"format": "json"}, format="json")
    job_id = started.json()["id"]
    assert outsider.get(f"/api/v1/projects/{project.slug}/exports/{job_id}/").status_code == 404
    assert (
        outsider.post(
            f"/api/v1/projects/{project.slug}/exports/", {"format": "csv"}, format="json"
        ).status_code
        == 404
    )
    not_ready = owner.get(f"/api/v1/projects/{project.slug}/exports/{job_id}/download/")
    assert not_ready.status_code == 409
    assert "queued" in not_ready.json()["detail"]
