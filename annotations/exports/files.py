"""Export files: one place for each format's file extension, media type and download name,
used by the export service (which stores the file), the page download and the API download."""

from __future__ import annotations

import re

from django.http import FileResponse

from annotations.models import ExportFormat, ExportJob

EXTENSIONS: dict[str, str] = {
    ExportFormat.CSV: "csv",
    ExportFormat.JSON: "json",
    ExportFormat.JSONL: "jsonl",
    ExportFormat.CLAIMREVIEW: "jsonld",
    ExportFormat.HTML: "html",
    ExportFormat.PDF: "pdf",
}
# Bare media types (the OpenAPI schema lists these); text types are served with their charset.
MEDIA_TYPES: dict[str, str] = {
    ExportFormat.CSV: "text/csv",
    ExportFormat.JSON: "application/json",
    # JSON Lines has no registered type; NDJSON's is the one tools recognise.
    ExportFormat.JSONL: "application/x-ndjson",
    ExportFormat.CLAIMREVIEW: "application/ld+json",
    ExportFormat.HTML: "text/html",
    ExportFormat.PDF: "application/pdf",
}
OCTET_STREAM = "application/octet-stream"


def content_type(fmt: str) -> str:
    """The Content-Type header for a format's file (UTF-8 stated for text types)."""
    media_type = MEDIA_TYPES.get(fmt, OCTET_STREAM)
    return f"{media_type}; charset=utf-8" if media_type.startswith("text/") else media_type


def file_name(job: ExportJob) -> str:
    """`claims-<project slug>-<job id>.<ext>`: the stored file's name and the download's."""
    slug = re.sub(r"[^A-Za-z0-9_-]+", "-", job.project.slug).strip("-") or "project"
    return f"claims-{slug}-{job.pk}.{EXTENSIONS.get(job.format, 'bin')}"


def download_response(job: ExportJob, *, octet_stream: bool = False) -> FileResponse:
    """The finished job's file as an attachment, never cached. Raises FileNotFoundError
    when the stored file is gone (each door answers that in its own way)."""
    handle = job.file.open("rb")
    response = FileResponse(handle, as_attachment=True, filename=file_name(job))
    response["Content-Type"] = OCTET_STREAM if octet_stream else content_type(job.format)
    response["Cache-Control"] = "private, no-store"
    return response
