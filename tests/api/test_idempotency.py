"""Idempotency records: replayed while a client may retry, purged by their own beat task."""

from __future__ import annotations

import ast
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

import annotations.tasks
from annotations.api.idempotency import IDEMPOTENCY_TTL, idempotency_records_purge
from annotations.models import IdempotencyRecord
from annotations.services.splitting import articles_sweep_stuck
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _record(key: str, age: timedelta) -> IdempotencyRecord:
    record = IdempotencyRecord.objects.create(
        user=UserFactory(), key=key, request_hash="h", response_status=202, response_body={}
    )
    IdempotencyRecord.objects.filter(pk=record.pk).update(created_at=timezone.now() - age)
    return record


def test_the_purge_deletes_records_past_their_ttl():
    _record("old", IDEMPOTENCY_TTL + timedelta(minutes=1))
    idempotency_records_purge()
    assert not IdempotencyRecord.objects.filter(key="old").exists()


def test_the_purge_keeps_records_a_client_may_still_replay():
    _record("young", IDEMPOTENCY_TTL - timedelta(minutes=1))
    idempotency_records_purge()
    assert IdempotencyRecord.objects.filter(key="young").exists()


def test_the_article_sweeper_leaves_idempotency_records_alone():
    _record("old", IDEMPOTENCY_TTL + timedelta(minutes=1))
    articles_sweep_stuck()
    assert IdempotencyRecord.objects.filter(key="old").exists()


def test_the_purge_runs_on_its_own_beat_schedule():
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "annotations.tasks.purge_idempotency_records" in tasks


def test_the_tasks_module_imports_no_service_at_module_level():
    """Services enqueue tasks; a task imports its service only when it runs (no import cycle)."""
    tree = ast.parse(Path(annotations.tasks.__file__).read_text())
    top = [node.module for node in tree.body if isinstance(node, ast.ImportFrom)]
    assert not [module for module in top if module and module.startswith("annotations.services")]
