"""Celery tasks: thin ways in that take ids and call a service."""

from __future__ import annotations

from celery import shared_task
from django.db import DatabaseError, InterfaceError, OperationalError

from annotations.services.splitting import articles_split, articles_sweep_stuck


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    # The database went away: try again with backoff; the split is safe to repeat.
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=2,
    retry_backoff_max=300,
    retry_jitter=True,
    max_retries=10,
)
def split_articles(article_ids: list[int], force: bool = False) -> dict[int, str]:
    return articles_split(article_ids=article_ids, force=force)


@shared_task(acks_late=True, autoretry_for=(DatabaseError,), max_retries=3, retry_backoff=5)
def sweep_stuck_articles() -> list[int]:
    return articles_sweep_stuck()


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
    # Imported here: the exports service imports this module to enqueue.
    from annotations.services.exports import export_job_run

    return export_job_run(job_id=job_id)
