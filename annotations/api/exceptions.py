"""One error shape for the whole API: `{"detail": "..."}` or field errors `{"field": [...]}`.

Services raise Django's ValidationError / PermissionDenied and selectors raise
DoesNotExist; they are turned into 400 / 403 / 404 here so views stay thin.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from rest_framework import exceptions, status
from rest_framework.response import Response


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The request body is too large."
    default_code = "payload_too_large"


class IdempotencyKeyReused(exceptions.APIException):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_detail = "This Idempotency-Key was already used with a different request."
    default_code = "idempotency_key_reused"


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "The request conflicts with a concurrent change; retry it."
    default_code = "conflict"


def _from_django_validation_error(exc: DjangoValidationError) -> dict[str, Any]:
    if hasattr(exc, "error_dict"):
        fields: dict[str, Any] = {}
        for name, messages in exc.message_dict.items():
            if name == "__all__":  # a model-wide error (e.g. a unique constraint)
                fields["detail"] = " ".join(messages)
            else:
                fields[name] = messages
        return fields
    return {"detail": " ".join(exc.messages)}


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DjangoValidationError):
        return Response(_from_django_validation_error(exc), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, RequestDataTooBig):
        # Something read request.body under Django's form limit: still the API's JSON 413.
        exc = PayloadTooLarge()
    elif isinstance(exc, ObjectDoesNotExist):
        # A selector found nothing the caller may see: same answer as a missing id.
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    elif isinstance(exc, IntegrityError):
        # Validation ran first, so this is a race with a concurrent request (e.g. the same slug).
        exc = Conflict()
    # Imported here: rest_framework.views reads the API settings, which import this package.
    from rest_framework.views import exception_handler as drf_exception_handler

    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(response.data, list):
        # DRF renders a bare ValidationError("...") as a list; keep one shape.
        response.data = {"detail": " ".join(str(item) for item in response.data)}
    return response
