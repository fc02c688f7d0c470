"""The claim panel's evidence: add, remove and re-capture with htmx; others' evidence waits
for the reviewer's own review; the captured text on its own page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from annotations.models import CaptureStatus, Claim, Evidence, EvidenceDocument, Role
from annotations.services.annotations import annotation_save
from annotations.services.evidence import evidence_add
from tests.factories import ClaimFactory, MembershipFactory

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def claim() -> Claim:
    return ClaimFactory()


def member(claim: Claim, role: str = Role.REVIEWER):  # type: ignore[no-untyped-def]
    return MembershipFactory(project=claim.article.project, role=role).user


def panel(client, claim: Claim) -> str:  # type: ignore[no-untyped-def]
    return client.get(reverse("annotations:claim-panel", args=[claim.pk])).content.decode()


def test_evidence_added_from_the_panel_is_stored_and_shown_with_its_link(client, claim):
    client.force_login(member(claim))
    response = client.post(
        reverse("annotations:evidence-add", args=[claim.pk]),
        {
            "url": "https://ports.example/report",
            "title": "Port report",
            "stance": "refutes",
            "note": "Closed.",
        },
        **HTMX,
    )
    assert response.status_code == 200
    stored = Evidence.objects.get(claim=claim)
    assert (stored.url, stored.title, stored.stance, stored.note) == (
        "https://ports.example/report",
        "Port report",
        "refutes",
        "Closed.",
    )
    html = panel(client, claim)
    assert '<a href="https://ports.example/report"' in html
    assert "Capturing the page" in html


def test_the_form_offers_the_evidence_stances(client, claim):
    client.force_login(member(claim))
    form = panel(client, claim).split('id="evidence-form"', 1)[1].split("</form>", 1)[0]
    assert '<option value="supports">' in form
    assert '<option value="refutes">' in form


def test_a_bad_link_keeps_what_was_typed_and_says_why(client, claim):
    client.force_login(member(claim))
    response = client.post(
        reverse("annotations:evidence-add", args=[claim.pk]),
        {"url": "javascript:alert(1)", "title": "Mine", "stance": "supports"},
        **HTMX,
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "must start with http:// or https://" in html
    assert 'value="Mine"' in html
    assert not Evidence.objects.exists()


def test_another_reviewers_evidence_appears_once_you_have_saved_your_review(client, claim):
    evidence_add(claim=claim, user=member(claim), url="https://ports.example/report", title="Port report")
    second = member(claim)
    client.force_login(second)
    assert "Port report" not in panel(client, claim)
    annotation_save(claim=claim, reviewer=second, verdict="true")
    assert "Port report" in panel(client, claim)


def test_whoever_added_it_removes_it(client, claim):
    reviewer = member(claim)
    evidence = evidence_add(claim=claim, user=reviewer, url="https://ports.example/report")
    client.force_login(reviewer)
    response = client.post(reverse("annotations:evidence-remove", args=[evidence.pk]), **HTMX)
    assert response.status_code == 200
    assert "No evidence yet" in response.content.decode()
    assert not Evidence.objects.filter(pk=evidence.pk).exists()


def test_hidden_evidence_cannot_be_removed_or_read(client, claim):
    evidence = evidence_add(claim=claim, user=member(claim), url="https://ports.example/report")
    client.force_login(member(claim))
    assert client.post(reverse("annotations:evidence-remove", args=[evidence.pk])).status_code == 404
    assert client.get(reverse("annotations:evidence-capture", args=[evidence.pk])).status_code == 404
    assert Evidence.objects.filter(pk=evidence.pk).exists()


def test_a_failed_capture_is_shown_with_its_reason_and_can_be_asked_again(client, claim):
    reviewer = member(claim)
    evidence = evidence_add(claim=claim, user=reviewer, url="https://ports.example/report")
    EvidenceDocument.objects.update(
        capture_status=CaptureStatus.FAILED, capture_error="the server answered HTTP 404"
    )
    client.force_login(reviewer)
    assert "Capture failed: the server answered HTTP 404" in panel(client, claim)
    client.post(reverse("annotations:evidence-recapture", args=[evidence.pk]), **HTMX)
    assert EvidenceDocument.objects.get().capture_status == CaptureStatus.PENDING


def test_the_captured_text_page_shows_the_text_its_hash_and_time(client, claim):
    reviewer = member(claim)
    evidence = evidence_add(claim=claim, user=reviewer, url="https://ports.example/report")
    EvidenceDocument.objects.update(
        capture_status=CaptureStatus.CAPTURED,
        captured_text="The port reopened <b>on Tuesday</b>.",
        content_hash="a" * 64,
        fetched_at="2026-12-01T10:00:00Z",
    )
    client.force_login(reviewer)
    html = client.get(reverse("annotations:evidence-capture", args=[evidence.pk])).content.decode()
    assert "The port reopened &lt;b&gt;on Tuesday&lt;/b&gt;." in html
    assert "a" * 64 in html
    assert "2026-12-01" in html


def test_a_viewer_sees_evidence_but_no_form(client, claim):
    evidence_add(claim=claim, user=member(claim), url="https://ports.example/report", title="Port report")
    client.force_login(member(claim, Role.VIEWER))
    html = panel(client, claim)
    assert "Port report" in html
    assert 'id="evidence-form"' not in html
