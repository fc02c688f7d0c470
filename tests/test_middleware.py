"""A lost database connection answers 503 with a clear message (the fault tests restart a
real PostgreSQL; here a view raising the same error stands in for it)."""

from __future__ import annotations

import pytest
from django.db import OperationalError
from django.test import RequestFactory

from annotations.middleware import DatabaseUnavailableMiddleware


@pytest.mark.parametrize(
    ("path", "kind"),
    [("/api/v1/claims/1/annotation/", "application/json"), ("/claims/1/annotate/", "text/html")],
)
def test_database_errors_become_a_retryable_503(path, kind):
    middleware = DatabaseUnavailableMiddleware(lambda request: None)  # type: ignore[arg-type,return-value]
    request = RequestFactory().post(path)
    response = middleware.process_exception(request, OperationalError("connection refused"))
    assert response is not None
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response["Content-Type"].startswith(kind)
    assert b"nothing was saved" in response.content
    assert middleware.process_exception(request, ValueError("other")) is None
