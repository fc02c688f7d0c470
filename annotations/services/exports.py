"""Exports of chosen claims: a one-off stream (the command) or a job a worker runs.

Flow: ``export_job_create`` checks the user may view the project, validates the format
and filters, stores an ExportJob (queued) and enqueues ``run_export_job`` after commit.
The worker calls ``export_job_run``, which claims the job (running), counts the rows,
streams ``claims_export`` into a temporary file while updating ``rows_done`` after each
chunk, then saves the file to storage and marks the job done. A done or failed job is
left alone, so a redelivered task does nothing; a job left running by a killed worker is
run again from the start by the redelivery. A failure stores a readable error.
``export_jobs_sweep_stuck`` (beat, with the article sweeper) re-enqueues jobs whose message
was lost (Redis restarted without persistence) and gives up on a job after
CLAIMDESK_MAX_EXPORT_ATTEMPTS sweeps, so no job waits for ever.
"""

from __future__ import annotations

import io
import logging
import tempfile
from collections.abc import Callable, Iterator, Mapping
from datetime import datetime
from functools import partial
from typing import IO, Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import InterfaceError, OperationalError, transaction
from django.db.models import F, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from annotations import selectors
from annotations.exports.claimreview import ClaimReviewError, write_claimreview
from annotations.exports.files import file_name
from annotations.exports.filters import FilterError, filters_from_json, filters_to_json
from annotations.exports.jsonfmt import write_json, write_jsonl
from annotations.exports.records import DEFAULT_CHUNK_SIZE, Record, iter_records, iter_rows
from annotations.exports.report import PDF_MAX_CLAIMS, ReportTooLargeError, write_html, write_pdf
from annotations.exports.tabular import write_csv
from annotations.models import Claim, ClaimStatus, ExportFormat, ExportJob, JobStatus, Project
from annotations.permissions import Action, require
from annotations.selectors import ClaimFilters, Reader
from annotations.tasks import run_export_job

logger = logging.getLogger(__name__)

_MAX_ERROR_CHARS = 2000

# Errors that are the user's to fix (too many claims for a PDF, no publisher URL for
# ClaimReview, a filter that cannot be read): stored on the job as they are.
USER_ERRORS = (ClaimReviewError, ReportTooLargeError, FilterError)


def _filters(filters: ClaimFilters | Mapping[str, Any] | None) -> ClaimFilters:
    return filters if isinstance(filters, ClaimFilters) else filters_from_json(dict(filters or {}))


def export_claims_queryset(
    *, project: Project, format: str, filters: ClaimFilters, reader: Reader | None = None
) -> QuerySet[Claim]:
    """The claims an export holds: the review queue's filters as ``reader`` may apply them
    (ClaimReview: verified only)."""
    claims = selectors.claims_queue(project=project, filters=filters, reader=reader)
    if format == ExportFormat.CLAIMREVIEW:
        claims = claims.filter(status=ClaimStatus.VERIFIED).exclude(final_verdict="")
    return claims


def describe_filters(filters: ClaimFilters) -> str:
    """The filters in words, for the report's header and the jobs list."""
    data = filters_to_json(filters)
    status = data.pop("status")
    words = [f"status {status}" if status else "any status"]
    words += [f"{key.replace('_', ' ')} {value}" for key, value in data.items()]
    return "; ".join(words)


def claims_export(
    *,
    project: Project,
    format: str,
    filters: ClaimFilters | Mapping[str, Any] | None,
    stream: IO[bytes],
    progress: Callable[[int], None] | None = None,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    reader: Reader | None = None,
) -> int:
    """Write the chosen claims of ``project`` to the binary ``stream`` in ``format``;
    returns how many records were written. No permission check: callers have done it
    (the job checked at creation; the command is run by an administrator). ``reader`` is
    who the export is for: the no-anchoring rule applies to them (a job passes its
    requester; None, for an administrator's command, exports every review)."""
    if format not in ExportFormat.values:
        raise ValueError(f"unknown export format {format!r}; use one of {', '.join(ExportFormat.values)}")
    chosen = _filters(filters)
    claims = export_claims_queryset(project=project, format=format, filters=chosen, reader=reader)
    now = timezone.now()

    def records(*, with_progress: bool = True, context: bool = False) -> Iterator[Record]:
        return iter_records(
            claims,
            project=project,
            reader=reader,
            context=context,
            chunk_size=chunk_size,
            progress=progress if with_progress else None,
        )

    if format == ExportFormat.PDF:
        total = claims.count()
        if total > PDF_MAX_CLAIMS:
            raise ReportTooLargeError(
                f"{total} claims chosen; a PDF report holds at most {PDF_MAX_CLAIMS}. Narrow the "
                "filters, or export the HTML report or CSV, which have no limit."
            )
        return write_pdf(
            records(context=True), stream, project=project, generated_at=now, filters=describe_filters(chosen)
        )

    # Text formats go through a UTF-8 wrapper that is detached afterwards, so the caller's
    # stream (a file, stdout) stays open.
    text = io.TextIOWrapper(stream, encoding="utf-8", newline="", write_through=False)
    try:
        if format == ExportFormat.CSV:
            rows = iter_rows(claims, reader=reader, chunk_size=chunk_size, progress=progress)
            n = write_csv(rows, text, scale=project.scale)
        elif format == ExportFormat.JSONL:
            n = write_jsonl(records(context=True), text)
        elif format == ExportFormat.JSON:
            header = {
                "project": {"slug": project.slug, "name": project.name},
                "exported_at": now.isoformat(),
                "filters": filters_to_json(chosen),
                "rating_scale": project.rating_scale,
            }
            n = write_json(records(context=True), text, header=header)
        elif format == ExportFormat.CLAIMREVIEW:
            n = write_claimreview(records(), text, project=project)
        else:  # HTML: a counting pass for the summary, then the rendering pass (both lazy).
            n = write_html(
                records(with_progress=False),
                records(context=True),
                text,
                project=project,
                generated_at=now,
                filters=describe_filters(chosen),
            )
    finally:
        text.flush()
        text.detach()
    return n


def export_job_create(
    *, project: Project, user: User | AnonymousUser, format: str, filters: Mapping[str, Any] | None = None
) -> ExportJob:
    """Queue an export of the project's claims for ``user`` (any member may export)."""
    require(user=user, project=project, action=Action.VIEW)
    if format not in ExportFormat.values:
        raise ValidationError({"format": f"Choose one of {', '.join(ExportFormat.values)}."})
    try:
        chosen = filters_from_json(dict(filters or {}))
    except FilterError as exc:
        raise ValidationError({"filters": str(exc)}) from None

    with transaction.atomic():
        job = ExportJob.objects.create(
            project=project,
            requested_by=user if user.is_authenticated else None,
            format=format,
            filters=filters_to_json(chosen),
        )
        # delay_on_commit comes from Celery's DjangoTask; celery-types does not know it yet.
        run_export_job.delay_on_commit(job.pk)  # type: ignore[attr-defined]
    return job


def _claim_job(job_id: int) -> ExportJob | None:
    """Mark the job running and return it, or None when there is nothing to do."""
    with transaction.atomic():
        # of=("self",): lock only the job row. Locking the joined project row too made a job
        # skip itself whenever anything else held that project (another export being claimed,
        # an edit of the project), leaving it queued until the sweeper.
        job = (
            ExportJob.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("project")
            .filter(pk=job_id, status__in=[JobStatus.QUEUED, JobStatus.RUNNING])
            .first()
        )
        if job is None:
            return None  # done, failed, deleted, or being claimed by another worker right now
        job.status = JobStatus.RUNNING
        job.started_at = timezone.now()
        job.finished_at = None
        job.rows_done = 0
        job.error = ""
        job.save(update_fields=["status", "started_at", "finished_at", "rows_done", "error"])
    return job


def export_job_run(*, job_id: int) -> str:
    """Build the job's file. Safe to run twice: a done or failed job is not redone.
    Database outages propagate (the task retries); other errors fail the job readably."""
    job = _claim_job(job_id)
    if job is None:
        status = ExportJob.objects.filter(pk=job_id).values_list("status", flat=True).first()
        return str(status or "missing")
    running = ExportJob.objects.filter(pk=job.pk, status=JobStatus.RUNNING)

    def report_progress(done: int) -> None:
        running.update(rows_done=done)

    try:
        chosen = filters_from_json(job.filters)
        # The export is the requester's read: no one else's verdict they may not see yet.
        reader = selectors.reader_for(user_id=job.requested_by_id, project=job.project_id)
        total = export_claims_queryset(
            project=job.project, format=job.format, filters=chosen, reader=reader
        ).count()
        running.update(rows_total=total)
        with tempfile.TemporaryFile() as tmp:
            n = claims_export(
                project=job.project,
                format=job.format,
                filters=chosen,
                stream=tmp,
                progress=report_progress,
                reader=reader,
            )
            tmp.seek(0)
            job.file.save(file_name(job), File(tmp), save=False)
    except (OperationalError, InterfaceError):
        raise
    except Exception as exc:  # noqa: BLE001 - any failure of the export is reported on the job
        if isinstance(exc, USER_ERRORS):
            message = str(exc)
        else:
            logger.exception("export job %s failed", job.pk)
            message = f"{type(exc).__name__}: {exc}"
        running.update(status=JobStatus.FAILED, error=message[:_MAX_ERROR_CHARS], finished_at=timezone.now())
        return JobStatus.FAILED
    finished = running.update(
        status=JobStatus.DONE, file=job.file.name, rows_done=n, rows_total=n, finished_at=timezone.now()
    )
    if not finished:
        # Another run finished first (a duplicate delivery): keep its file, drop ours.
        job.file.delete(save=False)
    return JobStatus.DONE


def export_jobs_sweep_stuck(*, now: datetime | None = None) -> list[int]:
    """Re-enqueue export jobs queued or running for longer than CLAIMDESK_EXPORT_STUCK_AFTER
    since they were last (re-)enqueued; fail them readably after too many sweeps."""

    now = now or timezone.now()
    cutoff = now - settings.CLAIMDESK_EXPORT_STUCK_AFTER
    limit = settings.CLAIMDESK_MAX_EXPORT_ATTEMPTS
    with transaction.atomic():
        rows = list(
            ExportJob.objects.select_for_update(skip_locked=True, of=("self",))
            .alias(last=Coalesce("swept_at", "created_at"))
            .filter(Q(status__in=[JobStatus.QUEUED, JobStatus.RUNNING]), last__lt=cutoff)
            .values_list("id", "sweeps")
        )
        give_up = [pk for pk, sweeps in rows if sweeps >= limit]
        retry = [pk for pk, sweeps in rows if sweeps < limit]
        if give_up:
            ExportJob.objects.filter(pk__in=give_up).update(
                status=JobStatus.FAILED,
                error=f"Gave up after {limit} attempts: the export did not finish (see the worker log). "
                "Start it again.",
                finished_at=now,
            )
        if retry:
            ExportJob.objects.filter(pk__in=retry).update(sweeps=F("sweeps") + 1, swept_at=now)
        for pk in retry:
            # A duplicate of a job still running is harmless: the first to finish keeps its file.
            transaction.on_commit(partial(run_export_job.delay, pk), robust=True)
    if rows:
        logger.info("export sweeper: re-enqueued %d jobs, gave up on %d", len(retry), len(give_up))
    return retry


def export_jobs_for(*, project: Project, user: User | AnonymousUser, limit: int = 20) -> QuerySet[ExportJob]:
    """The user's own export jobs in the project, newest first."""
    if not user.is_authenticated:
        return ExportJob.objects.none()
    jobs = ExportJob.objects.filter(project=project, requested_by_id=user.pk)
    return jobs.order_by("-created_at", "-id")[:limit]


def export_job_for_download(*, user: User | AnonymousUser, slug: str, job_id: int) -> ExportJob:
    """A finished job the user started in a project they are a member of, or
    ExportJob.DoesNotExist. Only the requester's: an export holds the reviews its requester
    may see, which another member may not (no anchoring)."""
    if not user.is_authenticated:
        raise ExportJob.DoesNotExist
    return (
        ExportJob.objects.select_related("project")
        .filter(
            pk=job_id,
            project__slug=slug,
            project__memberships__user_id=user.pk,
            requested_by_id=user.pk,
            status=JobStatus.DONE,
        )
        .exclude(file="")
        .get()
    )
