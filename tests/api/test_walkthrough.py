"""docs/api.md's curl walk-through, through a real Celery worker: create a token with a
password, post the sample article, poll until split, list its claims, annotate one."""

from __future__ import annotations

import base64

import pytest
from rest_framework.test import APIClient

from tests.conftest import wait_for
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.worker]


def test_walkthrough(celery_worker, seed_text, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    UserFactory(username="ana")
    api = APIClient()
    password = base64.b64encode(b"ana:correct horse battery staple").decode()
    token = api.post(
        "/api/v1/tokens/", {"name": "walk"}, format="json", HTTP_AUTHORIZATION=f"Basic {password}"
    )
    assert token.status_code == 201
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token.json()['secret']}")
    assert (
        api.post("/api/v1/projects/", {"name": "Syria desk", "slug": "syria"}, format="json").status_code
        == 201
    )

    article = {"title": "Syrian rebels say Assad has fled", "body": seed_text, "outlet": "Sample wire"}
    created = api.post(
        "/api/v1/projects/syria/articles/", article, format="json", HTTP_IDEMPOTENCY_KEY="assad-1"
    )
    assert created.status_code == 201
    assert created.json()["split_status"] == "pending"
    article_id = created.json()["id"]

    def split() -> dict | None:
        status = api.get(f"/api/v1/articles/{article_id}/status/").json()
        assert status["split_status"] != "failed", status["split_error"]
        return status if status["split_status"] == "split" else None

    status = wait_for(split, what="the worker to split the article posted through the API")
    assert status["claim_count"] > 10

    claims = api.get("/api/v1/projects/syria/claims/", {"article": article_id, "page_size": 500}).json()[
        "results"
    ]
    assert len(claims) == status["claim_count"]
    quoted = api.get("/api/v1/projects/syria/claims/", {"q": "prisoners liberated"}).json()["results"]
    assert [c["text"] for c in quoted] == ["We have liberated our prisoners"]
    assert quoted[0]["is_direct_quote"]
    assert quoted[0]["speaker_text"] == "The insurgents"

    claim = next(c for c in claims if c["speaker_text"] == "Syrian rebels")
    annotation = api.put(
        f"/api/v1/claims/{claim['id']}/annotation/",
        {
            "verdict": "true",
            "source": claim["source"]["id"],
            # .invalid never resolves: the worker's capture fails at once, with no network use.
            "evidence": [{"url": "https://wire.invalid/world/middle-east/", "stance": "supports"}],
        },
        format="json",
    )
    assert annotation.status_code == 200
    assert api.get(f"/api/v1/claims/{claim['id']}/").json()["status"] == "in_review"
    # The worker captures the cited page after the save; the walk waits for it to settle (a
    # failure, recorded with its reason), so no capture is still writing when the test ends.
    from annotations.models import CaptureStatus, EvidenceDocument

    wait_for(
        lambda: not EvidenceDocument.objects.filter(capture_status=CaptureStatus.PENDING).exists(),
        what="the worker to capture (and fail to reach) the cited page",
    )
    assert EvidenceDocument.objects.get().capture_error
