"""Schemathesis over the whole OpenAPI schema, with a token, in-process (WSGI) against the
test database: no 5xx, and every response matches what the schema declares (status code,
content type, headers, body).

Schemathesis' own pytest plugin does not run under pytest 9 (it sets Function._nodeid), so
this test drives its Python API directly: one Hypothesis run per operation, positive and
negative data, with random ids and with ids of real objects in the caller's project.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from annotations.services.tokens import api_token_create
from factcheck.wsgi import application
from tests.api.conftest import Desk

pytestmark = pytest.mark.django_db

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
EXAMPLES_PER_RUN = 12  # x 2 modes x 2 kinds of ids x ~32 operations: about 1,500 requests


@pytest.fixture
def wsgi_requests_keep_the_test_transaction() -> Iterator[None]:
    # Each WSGI request would close the test's connection (and its transaction) on the way
    # out; Django's own test client disconnects these the same way.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_api_conforms_to_its_schema(desk: Desk, settings: Any, wsgi_requests_keep_the_test_transaction: None):
    settings.ALLOWED_HOSTS = ["localhost"]  # schemathesis' WSGI client's host
    _, secret = api_token_create(user=desk.users["owner"], name="schemathesis")  # type: ignore[arg-type]
    headers = {"Authorization": f"Bearer {secret}"}
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", application)
    real_ids = {
        "slug": desk.project.slug,
        "article_id": desk.article.pk,
        "claim_id": desk.claim.pk,
        "source_id": desk.project.sources.first().pk,  # type: ignore[union-attr]
        "username": "viewer",
    }
    failures: list[str] = []
    operations = 0
    succeeded: set[str] = set()

    def record(ctx: Any, response: Any, case: Any) -> bool:
        if response.status_code < 300:
            succeeded.add(case.operation.label)
        return True

    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        names = set(re.findall(r"{(\w+)}", operation.path))
        variants: list[dict[str, Any] | None] = [None]
        if names and names <= set(real_ids):
            variants.append({name: real_ids[name] for name in names})
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            for path_parameters in variants:
                strategy = operation.as_strategy(generation_mode=mode, path_parameters=path_parameters)

                @given(case=strategy)
                @hypothesis_settings(
                    max_examples=EXAMPLES_PER_RUN,
                    deadline=None,
                    derandomize=True,
                    database=None,
                    phases=[Phase.explicit, Phase.generate],
                    suppress_health_check=list(HealthCheck),
                )
                def run(case: Any) -> None:
                    case.call_and_validate(headers=headers, checks=[*CHECKS, record])

                try:
                    run()
                except Exception as exc:  # noqa: BLE001 - collect every operation's failure, then report
                    failures.append(
                        f"{operation.label} ({mode.value}, ids={'real' if path_parameters else 'random'}):\n{exc}"
                    )
    assert operations >= 30, f"only {operations} operations in the schema"
    assert not failures, "\n\n".join(failures)
    # Not just 401s and 404s: most operations were exercised through to a success.
    assert len(succeeded) >= operations // 2, sorted(succeeded)  # 22 of 32 when written
