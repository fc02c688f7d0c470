"""The Celery app with protections turned off, so each fault test can show that its
check detects the loss it guards against. Test-only; production never loads it.

    celery -A tests.faults.unprotected worker ...

CLAIMDESK_FAULTS_OFF (comma-separated) picks what to turn off:
- acks_early: acknowledge split tasks on receipt, and do not requeue a task whose
  worker process died (task_acks_late / task_reject_on_worker_lost off);
- no_retry: a database error fails the split task instead of retrying it;
- no_isolation: a data error while storing one article escapes the task instead of
  failing that article alone (the behaviour before commit 125ffb8).
"""

from __future__ import annotations

import os
from typing import Any

import django

from factcheck.celery import app

django.setup()

from annotations import tasks  # noqa: E402 - needs the apps loaded

_off = {name.strip() for name in os.environ.get("CLAIMDESK_FAULTS_OFF", "").split(",") if name.strip()}
_unknown = _off - {"acks_early", "no_retry", "no_isolation"}
if _unknown:
    raise SystemExit(f"CLAIMDESK_FAULTS_OFF: unknown {sorted(_unknown)}")

# The task object the worker runs (the module attribute is a proxy to it).
_split = app.tasks[tasks.split_articles.name]
if "acks_early" in _off:
    app.conf.task_acks_late = False
    app.conf.task_reject_on_worker_lost = False
    # The task's own options win over the app's, so turn them off on the task too.
    _split.acks_late = False
    _split.reject_on_worker_lost = False
if "no_retry" in _off:
    # Celery wraps run() for autoretry_for and keeps the original as _orig_run.
    _split.run = _split._orig_run  # type: ignore[attr-defined, method-assign]
    _split.autoretry_for = ()  # type: ignore[attr-defined]
if "no_isolation" in _off:
    from django.db import DatabaseError

    from annotations.services import splitting

    _store_split = splitting._store_split

    def _store_split_unisolated(**kwargs: Any) -> str:
        try:
            return _store_split(**kwargs)
        except DatabaseError as exc:
            # Not a DatabaseError any more, so articles_split does not catch it.
            raise RuntimeError(f"storing article {kwargs['job'].article_id} failed: {exc}") from exc

    splitting._store_split = _store_split_unisolated
print(f"[unprotected] split_articles with protections off: {sorted(_off)}", flush=True)
