"""Personal API tokens. Only the sha256 of a secret is stored; the secret itself is
returned once, at creation, and cannot be recovered afterwards."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.db.models import Q
from django.utils import timezone

from annotations import rows
from annotations.models import ApiToken

TOKEN_PREFIX = "cd_"  # noqa: S105 - a marker, not a secret
# Shown in lists to tell tokens apart: "cd_" and 7 random characters, far too few to guess the rest.
VISIBLE_CHARS = 10
# Writing last_used_at on every request would turn every API read into a write.
LAST_USED_RESOLUTION = timedelta(minutes=1)
MAX_ACTIVE_TOKENS = 50
MAX_SECRET_CHARS = 200


def hash_secret(secret: str) -> str:
    # The secret has 256 bits of entropy, so a plain (unsalted, fast) hash is enough:
    # nobody can brute-force it, and a unique index can find it in one lookup.
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """A new token for the user and its secret (shown once, never stored)."""
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": "Give the token a name, e.g. the script that will use it."})
    if len(name) > 100:
        raise ValidationError({"name": "At most 100 characters."})
    if ApiToken.objects.filter(user=user, revoked_at__isnull=True).count() >= MAX_ACTIVE_TOKENS:
        raise ValidationError(f"You already have {MAX_ACTIVE_TOKENS} active tokens; revoke one first.")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name, prefix=secret[:VISIBLE_CHARS], key_hash=hash_secret(secret)
    )
    return token, secret


def api_token_revoke(*, token: ApiToken, user: User) -> ApiToken:
    """Revoke one of the user's own tokens; revoking twice is harmless."""
    if token.user_id != user.pk:
        raise PermissionDenied("you may only revoke your own tokens")
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def api_token_authenticate(secret: str) -> User | None:
    """The active user owning this active token, or None."""
    if not secret.startswith(TOKEN_PREFIX) or len(secret) > MAX_SECRET_CHARS:
        return None
    # On every API request: one hand-written statement (annotations/rows.py), not an ORM query.
    users = rows.columns(User)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT t.id, t.last_used_at, {users.select('u')} FROM {ApiToken._meta.db_table} t"  # noqa: S608 - names from the models
            f" JOIN {User._meta.db_table} u ON u.id = t.user_id"
            " WHERE t.key_hash = %s AND t.revoked_at IS NULL",
            [hash_secret(secret)],
        )
        row = cursor.fetchone()
    if row is None:
        return None
    token_id, last_used_at, user = row[0], row[1], users.build(row[2:])
    if not user.is_active:
        return None
    now = timezone.now()
    if last_used_at is None or now - last_used_at >= LAST_USED_RESOLUTION:
        # Conditional update: concurrent requests write it at most once per minute.
        ApiToken.objects.filter(pk=token_id).filter(
            Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - LAST_USED_RESOLUTION)
        ).update(last_used_at=now)
    return user
