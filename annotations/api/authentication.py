"""`Authorization: Bearer cd_...` authentication with personal API tokens."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from drf_spectacular.authentication import BasicScheme
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, BasicAuthentication, get_authorization_header
from rest_framework.request import Request

from annotations.services.tokens import api_token_authenticate


class BearerTokenAuthentication(BaseAuthentication):
    keyword = b"bearer"

    def authenticate(self, request: Request) -> tuple[User, None] | None:
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword:
            # Not ours (no header, or Basic): let the next authentication class try.
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed("Use 'Authorization: Bearer <token>'.")
        try:
            secret = parts[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed("Invalid token.") from None
        user = api_token_authenticate(secret)
        if user is None:
            # One message for unknown, revoked and inactive-user tokens: nothing to probe.
            raise exceptions.AuthenticationFailed("Invalid or revoked token.")
        return user, None

    def authenticate_header(self, request: Request) -> str:
        # Being first in DEFAULT_AUTHENTICATION_CLASSES, this makes DRF answer 401 (not 403)
        # to unauthenticated requests.
        return 'Bearer realm="api"'


class PasswordAuthentication(BasicAuthentication):
    """HTTP Basic, counted by django-axes like the sign-in form (its backend sees the
    request). Once axes has locked the account out for this address every password is
    refused; answering that with 401 "Invalid username/password" would send a script's
    owner looking for a typo, so it is a 429 with the cool-off in Retry-After."""

    def authenticate_credentials(
        self, userid: str, password: str, request: Request | None = None
    ) -> tuple[User, None]:
        try:
            user, _ = super().authenticate_credentials(userid, password, request)
        except exceptions.AuthenticationFailed:
            if request is not None and getattr(request, "axes_locked_out", False):
                raise exceptions.Throttled(
                    wait=settings.AXES_COOLOFF_TIME.total_seconds(),
                    detail="Too many failed sign-ins for this account from your address; try again later.",
                ) from None
            raise
        return user, None


class BearerTokenScheme(OpenApiAuthenticationExtension):
    """Declares the bearer scheme in the OpenAPI schema (defined here so it is registered
    whenever the authentication class is imported)."""

    target_class = BearerTokenAuthentication
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {"type": "http", "scheme": "bearer", "description": "A personal API token (cd_...)."}


class PasswordScheme(BasicScheme):
    """drf-spectacular's own Basic scheme, which matches BasicAuthentication itself only."""

    target_class = "annotations.api.authentication.PasswordAuthentication"
