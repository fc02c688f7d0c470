"""Personal API tokens: create (once, secret shown), list, revoke."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, status
from rest_framework.authentication import SessionAuthentication
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import SimpleRateThrottle

from annotations import selectors
from annotations.api.authentication import BearerTokenAuthentication, PasswordAuthentication
from annotations.api.pagination import Cursor
from annotations.api.schema import errors, responses
from annotations.api.serializers import TokenCreatedSerializer, TokenCreateInput, TokenSerializer
from annotations.models import ApiToken
from annotations.services.tokens import api_token_create, api_token_revoke

TAGS = ["tokens"]


class PasswordThrottle(SimpleRateThrottle):
    """Token creation per client address, counted *before* the password is checked: DRF
    authenticates before it throttles, so a scope throttle would never see failed guesses."""

    scope = "auth"

    def get_cache_key(self, request: Request, view: object) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


@extend_schema_view(
    get=extend_schema(
        tags=TAGS,
        summary="List your API tokens",
        description="With a token or a browser session (a password is accepted for creating a token only).",
        auth=[{"tokenAuth": []}, {"cookieAuth": []}],  # type: ignore[list-item]  # the stubs say str
        responses=responses({200: TokenSerializer(many=True)}, 400, 404),
    ),
)
class TokenListCreate(generics.ListAPIView):
    # Basic (username + password) is accepted here only, so a script can get its first token
    # without a browser session; the endpoint is throttled per address against password
    # guessing, and django-axes locks an account out per address as on the sign-in form.
    authentication_classes = [BearerTokenAuthentication, SessionAuthentication, PasswordAuthentication]
    serializer_class = TokenSerializer
    pagination_class = Cursor
    throttle_classes: list[type[SimpleRateThrottle]] = []  # see initial()

    def get_queryset(self) -> QuerySet[ApiToken]:
        return selectors.tokens_of(user=self.request.user)

    def initialize_request(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Request:
        drf_request = super().initialize_request(request, *args, **kwargs)
        if request.method != "POST":
            # The password is accepted for creating a token only: listing (or any other
            # method) with Basic would be an unthrottled password oracle. Without a token or
            # a session, the request is anonymous and answers 401.
            drf_request.authenticators = tuple(
                a for a in drf_request.authenticators or () if not isinstance(a, PasswordAuthentication)
            )
        return drf_request

    def initial(self, request: Request, *args: object, **kwargs: object) -> None:
        if request.method == "POST":
            # Counted per address before authentication, i.e. before any password is checked.
            throttle = PasswordThrottle()
            if not throttle.allow_request(request, self):
                self.throttled(request, throttle.wait() or 60.0)
        super().initial(request, *args, **kwargs)

    @extend_schema(
        tags=TAGS,
        summary="Create an API token",
        description="Authenticate with your password (HTTP Basic) or a browser session; a token "
        "cannot mint another token. The secret is in the response once and never again.",
        request=TokenCreateInput,
        responses=responses({201: TokenCreatedSerializer}, 400, 403, 429),
    )
    def post(self, request: Request) -> Response:
        if isinstance(request.successful_authenticator, BearerTokenAuthentication):
            # A leaked token must not be able to outlive its revocation by minting others.
            raise PermissionDenied("Create tokens with your password or a browser session, not a token.")
        data = TokenCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        token, secret = api_token_create(user=request.user, name=data.validated_data["name"])  # type: ignore[arg-type]
        token.secret = secret  # type: ignore[attr-defined]
        return Response(TokenCreatedSerializer(token).data, status=status.HTTP_201_CREATED)


class TokenRevoke(generics.GenericAPIView):
    authentication_classes = [BearerTokenAuthentication, SessionAuthentication]
    serializer_class = TokenSerializer

    @extend_schema(
        tags=TAGS,
        summary="Revoke an API token",
        description="The token stops working at once. Revoking twice is harmless.",
        request=None,
        responses={204: None, **errors(403, 404)},
    )
    def delete(self, request: Request, token_id: int) -> Response:
        token = selectors.token_of(user=request.user, token_id=token_id)
        api_token_revoke(token=token, user=request.user)  # type: ignore[arg-type]
        return Response(status=status.HTTP_204_NO_CONTENT)
