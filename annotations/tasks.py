"""Celery tasks: thin ways in that take ids and call a service.

Services enqueue these tasks, so this module imports no service at module level: each task
imports its service when it runs. That is the one rule that keeps services -> tasks ->
services from being an import cycle."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    # The database went away: try again with backoff; the split is safe to repeat.
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=2,
    retry_backoff_max=300,
    retry_jitter=True,
    max_retries=10,
    # A pathological text must not hold a worker for ever: past the soft limit the engine
    # call raises inside the task and that article is failed with the reason.
    soft_time_limit=settings.CLAIMDESK_SPLIT_SOFT_TIME_LIMIT,
    time_limit=settings.CLAIMDESK_SPLIT_SOFT_TIME_LIMIT + 60,
)
def split_articles(article_ids: list[int], force: bool = False) -> dict[int, str]:
    from annotations.services.splitting import articles_split

    return articles_split(article_ids=article_ids, force=force)


@shared_task(acks_late=True)
def enqueue_split_batches(article_ids: list[int], force: bool = False) -> int:
    """A big import's one message: queue its split batches (from a worker, not the request)."""
    from annotations.services.splitting import articles_enqueue_split

    articles_enqueue_split(article_ids=article_ids, force=force, fan_out=False)
    return len(article_ids)


@shared_task(acks_late=True, autoretry_for=(DatabaseError,), max_retries=3, retry_backoff=5)
def sweep_stuck_articles() -> list[int]:
    from annotations.services.splitting import articles_sweep_stuck

    return articles_sweep_stuck()


@shared_task(acks_late=True, autoretry_for=(DatabaseError,), max_retries=3, retry_backoff=5)
def sweep_stuck_exports() -> list[int]:
    from annotations.services.exports import export_jobs_sweep_stuck

    return export_jobs_sweep_stuck()


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    # The database went away mid-export: run it again from the start (the job is rerun-safe).
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=2,
    retry_backoff_max=120,
    max_retries=5,
)
def run_export_job(job_id: int) -> str:
    from annotations.services.exports import export_job_run

    return export_job_run(job_id=job_id)


@shared_task(acks_late=True, autoretry_for=(DatabaseError,), max_retries=3, retry_backoff=5)
def purge_idempotency_records() -> int:
    from annotations.api.idempotency import idempotency_records_purge

    return idempotency_records_purge()


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    # The database went away: try again; a capture is safe to repeat.
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=2,
    retry_backoff_max=120,
    max_retries=5,
    # The fetch has its own timeout; this bounds trafilatura on a pathological page.
    soft_time_limit=int(settings.CLAIMDESK_CAPTURE_TIMEOUT_SECONDS) + 120,
    time_limit=int(settings.CLAIMDESK_CAPTURE_TIMEOUT_SECONDS) + 180,
)
def capture_evidence_document(document_id: int) -> str:
    from annotations.services.evidence import evidence_document_capture

    return evidence_document_capture(document_id=document_id)


@shared_task(acks_late=True, autoretry_for=(DatabaseError,), max_retries=3, retry_backoff=5)
def sweep_pending_captures() -> list[int]:
    from annotations.services.evidence import evidence_documents_sweep_pending

    return evidence_documents_sweep_pending()
