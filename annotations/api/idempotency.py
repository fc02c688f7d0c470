"""`Idempotency-Key` for article creation: a retried POST replays the first response
instead of importing again.

The first request and the stored record commit together, under a transaction-level
advisory lock on (user, key): a concurrent retry waits for the first to finish and then
replays it. Only successful responses are stored, so a request refused with a 4xx can be
corrected and sent again with the same key.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from datetime import datetime, timedelta

from django.db import connection, transaction
from django.utils import timezone
from rest_framework import exceptions
from rest_framework.request import Request
from rest_framework.response import Response

from annotations.api.exceptions import IdempotencyKeyReused
from annotations.models import IdempotencyRecord

HEADER = "Idempotency-Key"
MAX_KEY_CHARS = 200


def _request_hash(request: Request) -> str:
    payload = json.dumps(
        {"method": request.method, "path": request.path, "data": request.data},
        sort_keys=True,
        separators=(",", ":"),
        default=str,
    )
    return hashlib.sha256(payload.encode("utf-8", "surrogatepass")).hexdigest()


def idempotent(request: Request, handle: Callable[[], Response]) -> Response:
    """Run `handle` once per (user, Idempotency-Key); without the header, just run it."""
    key = request.headers.get(HEADER)
    if key is None:
        return handle()
    if not key or len(key) > MAX_KEY_CHARS or not key.isprintable():
        raise exceptions.ValidationError(
            {"detail": f"{HEADER} must be 1–{MAX_KEY_CHARS} printable characters."}
        )
    request_hash = _request_hash(request)
    user_id = request.user.pk
    assert user_id is not None  # IsAuthenticated ran first
    with transaction.atomic():
        with connection.cursor() as cursor:
            lock = hashlib.sha256(f"idempotency:{user_id}:{key}".encode()).digest()
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [int.from_bytes(lock[:8], "big", signed=True)])
        record = IdempotencyRecord.objects.filter(user_id=user_id, key=key).first()
        if record is not None:
            if record.request_hash != request_hash:
                raise IdempotencyKeyReused()
            replay = Response(record.response_body, status=record.response_status)
            replay["Idempotent-Replayed"] = "true"
            return replay
        response = handle()
        if 200 <= response.status_code < 300:
            IdempotencyRecord.objects.create(
                user_id=user_id,
                key=key,
                request_hash=request_hash,
                response_status=response.status_code,
                response_body=response.data,
            )
        return response


# How long an Idempotency-Key's first response is replayed: a client retries within minutes,
# so a day is generous; older records are purged by a beat task (purge_idempotency_records).
IDEMPOTENCY_TTL = timedelta(days=1)


def idempotency_records_purge(*, now: datetime | None = None) -> int:
    """Delete the records past IDEMPOTENCY_TTL; returns how many went. Safe to run twice."""
    cutoff = (now or timezone.now()) - IDEMPOTENCY_TTL
    deleted, _ = IdempotencyRecord.objects.filter(created_at__lt=cutoff).delete()
    return deleted
