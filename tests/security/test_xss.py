"""Stored XSS: user-written text in every field renders as text on every page."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from annotations.models import Annotation, EvidenceDocument, Role
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    EvidenceFactory,
    MembershipFactory,
    ProjectFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db

PAYLOAD = '"><script>alert(1)</script><img src=x onerror=alert(2)><svg onload=alert(3)>'
RAW_MARKERS = ["<script>alert(1)", "<img src=x", "<svg onload"]


def test_payload_in_every_user_written_field_is_escaped_everywhere(client):
    owner = MembershipFactory(role=Role.OWNER)
    project = owner.project
    project.name = f"Desk {PAYLOAD}"
    project.description = PAYLOAD
    project.save()
    owner.user.username = f"u{PAYLOAD}"[:150]
    owner.user.save()
    source = SourceFactory(project=project, name=f"Source {PAYLOAD}")
    article = ArticleFactory(
        project=project,
        title=f"Title {PAYLOAD}",
        outlet=f"Outlet {PAYLOAD}",
        body=f"Officials said {PAYLOAD} today.",
    )
    claim = ClaimFactory(
        article=article,
        start=15,
        end=15 + len(PAYLOAD),
        text=f"Claim {PAYLOAD}",
        speaker_start=0,
        speaker_end=9,
        speaker_text=f"Officials {PAYLOAD}",
        cue_start=10,
        cue_end=14,
        cue_text="said",
        source=source,
        final_note=f"Note {PAYLOAD}",
    )
    reviewer = MembershipFactory(project=project, role=Role.REVIEWER).user
    Annotation.objects.create(
        claim=claim, reviewer=reviewer, verdict="true", rationale=f"Why {PAYLOAD}", source=source
    )
    EvidenceFactory(
        claim=claim,
        added_by=reviewer,
        url="https://example.org/?q=%22%3E%3Cscript%3E",
        title=f"Evidence {PAYLOAD}",
    )
    Annotation.objects.create(claim=claim, reviewer=owner.user, verdict="false", rationale=f"Mine {PAYLOAD}")
    EvidenceFactory(
        claim=claim, added_by=owner.user, url="https://example.org/e", title=f"My evidence {PAYLOAD}"
    )
    client.force_login(owner.user)
    pages = [
        reverse("annotations:project-list"),
        reverse("annotations:project-detail", args=[project.slug]),
        reverse("annotations:review-queue", args=[project.slug]) + "?q=officials",
        reverse("annotations:project-members", args=[project.slug]),
        reverse("annotations:article-detail", args=[article.pk]) + f"?claim={claim.pk}",
        reverse("annotations:claim-panel", args=[claim.pk]),
        reverse("annotations:source-options", args=[project.slug]) + "?q=Source",
    ]
    for url in pages:
        html = client.get(url).content.decode()
        for marker in RAW_MARKERS:
            assert marker not in html, f"{marker!r} unescaped on {url}"
    panel = client.get(reverse("annotations:claim-panel", args=[claim.pk])).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in panel  # shown, as text


def test_javascript_urls_cannot_be_stored_as_evidence():
    project = ProjectFactory()
    for url in [
        "javascript:alert(1)",
        "JAVASCRIPT:alert(1)",
        "data:text/html,<script>",
        "vbscript:x",
        " javascript:x",
    ]:
        with pytest.raises(IntegrityError), transaction.atomic():
            EvidenceDocument.objects.create(project=project, url=url, normalized_url=url)
