"""Error bodies and status codes for the OpenAPI schema: every code a view can answer is
declared, so schemathesis (tests/api/test_schemathesis.py) can hold us to it."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import serializers


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()


class ValidationErrorSerializer(serializers.Serializer):
    """`{"detail": "..."}` for a request-wide problem, or `{"<field>": ["..."], ...}`
    (nested for lists, by position: `{"articles": {"3": {"url": ["..."]}}}`)."""

    detail = serializers.CharField(required=False)
    non_field_errors = serializers.ListField(child=serializers.CharField(), required=False)


_DESCRIPTIONS = {
    400: 'Invalid input: `{"detail": ...}` or field errors `{"field": [...]}`.',
    401: "No credentials, or an invalid or revoked token.",
    403: "Your role in the project does not allow this (or the CSRF check failed for a session).",
    404: "No such object in your projects (ids from other projects answer 404 too).",
    409: "A concurrent request changed the same data; retry.",
    413: "The request body is too large.",
    422: "The Idempotency-Key was already used with a different request.",
    429: "Too many requests; retry after the Retry-After header's seconds.",
}


def errors(*codes: int) -> dict[int, OpenApiResponse]:
    """Error responses for extend_schema; 401 is always possible (IsAuthenticated)."""
    out: dict[int, OpenApiResponse] = {}
    for code in sorted({401, *codes}):
        serializer: Any = ValidationErrorSerializer if code == 400 else ErrorSerializer
        out[code] = OpenApiResponse(serializer, description=_DESCRIPTIONS[code])
    return out


def responses(ok: dict[int, Any], *codes: int) -> dict[int, Any]:
    return {**ok, **errors(*codes)}


IDEMPOTENCY_KEY = OpenApiParameter(
    name="Idempotency-Key",
    type=str,
    location=OpenApiParameter.HEADER,
    required=False,
    description=(
        "Any unique string (at most 200 characters, e.g. a UUID). A retry with the same key and body "
        "replays the first response instead of importing again; the same key with a different body "
        "answers 422."
    ),
)


def add_protocol_errors(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    """drf-spectacular postprocessing hook: declare the errors any operation can answer
    for protocol reasons (406 for an Accept we cannot serve; 415 for a body that is not
    JSON; 503 while the database is unreachable, see annotations/middleware.py), so they
    need not be repeated on every view."""
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for methods in result.get("paths", {}).values():
        for operation in methods.values():
            responses = operation.setdefault("responses", {})
            responses.setdefault("406", {"description": "Only application/json is served.", "content": error})
            responses.setdefault(
                "503",
                {
                    "description": "The database is unavailable for a moment; retry (Retry-After).",
                    "content": error,
                },
            )
            if "requestBody" in operation:
                responses.setdefault(
                    "415", {"description": "The body must be application/json.", "content": error}
                )
    return result
