"""Export pages: start an export of a project's claims, watch it, download the file.

Thin like views.py: membership is checked first (a project the user is not in is a 404,
and so is its jobs list and every file), the form is validated, the service queues the
job and the worker builds the file (annotations.services.exports).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_GET, require_http_methods

from annotations import selectors
from annotations.exports.files import download_response
from annotations.exports.filters import filters_to_json
from annotations.forms import QueueForm
from annotations.models import ClaimStatus, ExportFormat, ExportJob, JobStatus, Project
from annotations.permissions import Action, can, role_of
from annotations.services.exports import (
    export_job_create,
    export_job_for_download,
    export_jobs_for,
)


class ExportForm(QueueForm):
    """The format, then the review queue's own filters (one vocabulary, one builder:
    ``QueueForm.filters``), so an export holds what the queue shows; the status starts at
    "verified"."""

    format = forms.ChoiceField(choices=ExportFormat.choices, initial=ExportFormat.CSV)
    field_order = ["format"]

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        sources = list(project.sources.order_by("name").values_list("id", "name")[:500])
        super().__init__(*args, project=project, sources=sources, **kwargs)
        self.fields["status"].initial = ClaimStatus.VERIFIED
        self.fields["status"].label = "Status"
        self.fields["verdict"].label = "Verdict"
        self.fields["source"].label = "Source"
        self.fields["outlet"].label = "Outlet"
        del self.fields["sort"]


def _project(request: HttpRequest, slug: str) -> tuple[Project, str]:
    """The project and the user's role, or 404 for non-members (never reveal it exists)."""
    try:
        project = selectors.project_for_user(user=request.user, slug=slug)
    except Project.DoesNotExist:
        raise Http404("No such project") from None
    role = role_of(user=request.user, project=project)
    if not can(role=role, action=Action.VIEW):
        raise Http404("No such project")
    assert role is not None
    return project, role


def _jobs_context(request: HttpRequest, project: Project) -> dict[str, Any]:
    jobs = list(export_jobs_for(project=project, user=request.user))
    labels = dict(ExportFormat.choices)
    return {
        "project": project,
        "jobs": [
            {
                "job": job,
                "format_label": labels.get(job.format, job.format),
                "filters": "; ".join(f"{k} {v}" if v != "" else f"any {k}" for k, v in job.filters.items()),
                "pct": 100 * job.rows_done // job.rows_total if job.rows_total else None,
            }
            for job in jobs
        ],
        # Poll only while something is still being built.
        "polling": any(job.status in (JobStatus.QUEUED, JobStatus.RUNNING) for job in jobs),
    }


@login_required
@require_http_methods(["GET", "POST"])
def project_exports(request: HttpRequest, slug: str) -> HttpResponse:
    project, role = _project(request, slug)
    form = ExportForm(request.POST or None, project=project)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                job = export_job_create(
                    project=project,
                    user=request.user,
                    format=form.cleaned_data["format"],
                    filters=filters_to_json(form.filters(user_id=int(request.user.pk or 0))),
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, f"Export #{job.pk} queued; it appears below when ready.")
                return redirect("annotations:project-exports", slug=slug)
        status = 422
    return render(
        request,
        "annotations/exports/exports.html",
        {
            "role": role,
            "perms": {action.value: can(role=role, action=action) for action in Action},
            "form": form,
            **_jobs_context(request, project),
        },
        status=status,
    )


@login_required
@require_GET
def export_jobs(request: HttpRequest, slug: str) -> HttpResponse:
    """The jobs list alone, polled by htmx while a job is queued or running."""
    project, _ = _project(request, slug)
    return render(request, "annotations/exports/_export_jobs.html", _jobs_context(request, project))


# The file is user data: if a browser renders it anyway (an HTML report), nothing in it runs.
_DOWNLOAD_CSP: dict[str, Any] = {
    "default-src": ["'none'"],
    "style-src": ["'unsafe-inline'"],
    "img-src": ["data:"],
    "sandbox": True,
}


@csp_override(_DOWNLOAD_CSP)
@login_required
@require_GET
def export_download(request: HttpRequest, slug: str, job_id: int) -> FileResponse:
    try:
        job = export_job_for_download(user=request.user, slug=slug, job_id=job_id)
    except ExportJob.DoesNotExist:
        raise Http404("No such export") from None
    try:
        return download_response(job)
    except FileNotFoundError:
        raise Http404("The export file is gone; start the export again") from None
