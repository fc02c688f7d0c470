"""Evidence belongs to the claim, one document per cited page, captured by the worker."""

from __future__ import annotations

import hashlib
import ipaddress
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from annotations.models import CaptureStatus, Evidence, EvidenceDocument, Role
from annotations.selectors import evidence_for_claim
from annotations.services.annotations import annotation_save
from annotations.services.evidence import (
    evidence_add,
    evidence_document_capture,
    evidence_document_recapture,
    evidence_documents_sweep_pending,
    evidence_remove,
)
from tests.conftest import wait_for
from tests.factories import ArticleFactory, ClaimFactory, MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def claim():
    return ClaimFactory()


def member(claim, role=Role.REVIEWER):  # type: ignore[no-untyped-def]
    return MembershipFactory(project=claim.article.project, role=role).user


def test_evidence_is_stored_on_the_claim_with_who_added_it(claim):
    reviewer = member(claim)
    evidence_add(
        claim=claim,
        user=reviewer,
        url="https://ports.example/report",
        title="  Port   report ",
        stance="refutes",
        note="The port was closed that day.",
    )
    stored = Evidence.objects.get(claim=claim)
    assert (stored.url, stored.title, stored.stance, stored.note, stored.added_by) == (
        "https://ports.example/report",
        "Port report",
        "refutes",
        "The port was closed that day.",
        reviewer,
    )


def test_a_new_page_waits_for_its_capture(claim):
    evidence = evidence_add(claim=claim, user=member(claim), url="https://ports.example/report")
    document = EvidenceDocument.objects.get(pk=evidence.document_id)
    assert (document.capture_status, document.captured_text) == (CaptureStatus.PENDING, "")


def test_one_page_cited_on_two_claims_is_one_document(claim):
    other_claim = ClaimFactory(article=ArticleFactory(project=claim.article.project))
    reviewer = member(claim)
    evidence_add(claim=claim, user=reviewer, url="https://Ports.Example:443/report#top")
    evidence_add(claim=other_claim, user=reviewer, url="https://ports.example/report")
    assert EvidenceDocument.objects.filter(project=claim.article.project).count() == 1


def test_citing_a_page_again_updates_the_citation(claim):
    reviewer = member(claim)
    evidence_add(claim=claim, user=reviewer, url="https://ports.example/report", stance="context")
    evidence_add(claim=claim, user=reviewer, url="https://ports.example/report", stance="supports")
    assert list(Evidence.objects.filter(claim=claim).values_list("stance", flat=True)) == ["supports"]


def test_two_reviewers_citing_one_page_each_keep_their_own(claim):
    evidence_add(claim=claim, user=member(claim), url="https://ports.example/report", stance="supports")
    evidence_add(claim=claim, user=member(claim), url="https://ports.example/report", stance="refutes")
    assert sorted(Evidence.objects.filter(claim=claim).values_list("stance", flat=True)) == [
        "refutes",
        "supports",
    ]


def test_the_same_page_in_another_project_is_another_document(claim):
    other = ClaimFactory()
    evidence_add(claim=claim, user=member(claim), url="https://ports.example/report")
    evidence_add(claim=other, user=member(other), url="https://ports.example/report")
    assert EvidenceDocument.objects.count() == 2


@pytest.mark.parametrize(
    ("fields", "key"),
    [
        ({"url": "javascript:alert(1)"}, "url"),
        ({"url": 'https://x.example/"><script>'}, "url"),
        ({"url": ""}, "url"),
        ({"url": "https://ok.example/", "stance": "maybe"}, "stance"),
        ({"url": "https://ok.example/", "note": "x" * 20001}, "note"),
    ],
)
def test_bad_input_is_refused_with_a_reason_and_nothing_is_stored(claim, fields, key):
    with pytest.raises(ValidationError) as exc:
        evidence_add(claim=claim, user=member(claim), **fields)
    assert key in exc.value.message_dict
    assert not Evidence.objects.exists()
    assert not EvidenceDocument.objects.exists()


@pytest.mark.parametrize("role", [Role.VIEWER, None])
def test_viewers_and_outsiders_cannot_add_evidence(claim, role):
    user = member(claim, role) if role else MembershipFactory().user
    with pytest.raises(PermissionDenied):
        evidence_add(claim=claim, user=user, url="https://ports.example/report")
    assert not Evidence.objects.exists()


def test_whoever_added_it_removes_it_and_the_history_keeps_it(claim):
    reviewer = member(claim)
    evidence = evidence_add(claim=claim, user=reviewer, url="https://ports.example/report")
    evidence_remove(evidence=evidence, user=reviewer)
    evidence_remove(evidence=evidence, user=reviewer)  # twice: no error
    assert not Evidence.objects.filter(claim=claim).exists()
    assert Evidence.history.filter(id=evidence.pk, history_type="-").get().history_user == reviewer


def test_another_reviewer_cannot_remove_it(claim):
    evidence = evidence_add(claim=claim, user=member(claim), url="https://ports.example/report")
    with pytest.raises(PermissionDenied):
        evidence_remove(evidence=evidence, user=member(claim))
    assert Evidence.objects.filter(pk=evidence.pk).exists()


def test_an_editor_removes_anyones(claim):
    evidence = evidence_add(claim=claim, user=member(claim), url="https://ports.example/report")
    evidence_remove(evidence=evidence, user=member(claim, Role.EDITOR))
    assert not Evidence.objects.filter(pk=evidence.pk).exists()


def test_others_evidence_stays_hidden_until_the_reviewer_has_saved_a_review(claim):
    first, second = member(claim), member(claim)
    evidence_add(claim=claim, user=first, url="https://ports.example/report")
    assert evidence_for_claim(claim=claim, user=second) == []
    annotation_save(claim=claim, reviewer=second, verdict="true")
    assert [e.url for e in evidence_for_claim(claim=claim, user=second)] == ["https://ports.example/report"]


def test_annotation_evidence_replaces_only_the_reviewers_own(claim):
    from annotations.services.evidence import EvidenceInput

    first, second = member(claim), member(claim)
    evidence_add(claim=claim, user=first, url="https://ports.example/first")
    annotation_save(claim=claim, reviewer=second, evidence=[EvidenceInput(url="https://ports.example/a")])
    annotation_save(claim=claim, reviewer=second, evidence=[EvidenceInput(url="https://ports.example/b")])
    assert sorted(e.url for e in Evidence.objects.filter(claim=claim)) == [
        "https://ports.example/b",
        "https://ports.example/first",
    ]


# --- capture (the service the worker runs; end to end with a worker below)


@pytest.fixture
def loopback_allowed(settings):  # type: ignore[no-untyped-def]
    settings.CLAIMDESK_FETCH_ALLOW_NETWORKS = (ipaddress.ip_network("127.0.0.1/32"),)


def test_a_capture_keeps_the_main_text_its_hash_and_the_fetch_time(claim, evidence_site, loopback_allowed):
    evidence = evidence_add(claim=claim, user=member(claim), url=f"{evidence_site}/report")
    before = timezone.now()
    assert evidence_document_capture(document_id=evidence.document_id) == CaptureStatus.CAPTURED
    document = EvidenceDocument.objects.get(pk=evidence.document_id)
    assert "reopened on Tuesday morning" in document.captured_text
    assert "Contact" not in document.captured_text  # the page's furniture is not its text
    assert document.content_hash == hashlib.sha256(document.captured_text.encode()).hexdigest()
    assert document.fetched_at is not None
    assert document.fetched_at >= before


def test_a_plain_text_page_is_kept_as_it_is(claim, evidence_site, loopback_allowed):
    evidence = evidence_add(claim=claim, user=member(claim), url=f"{evidence_site}/notice.txt")
    evidence_document_capture(document_id=evidence.document_id)
    document = EvidenceDocument.objects.get(pk=evidence.document_id)
    assert document.captured_text == "Notice: the bridge stays closed until further notice."


@pytest.mark.parametrize(
    ("path", "reason"),
    [("/gone", "HTTP 404"), ("/image", "not a web page")],
)
def test_a_failed_capture_says_why(claim, evidence_site, loopback_allowed, path, reason):
    evidence = evidence_add(claim=claim, user=member(claim), url=f"{evidence_site}{path}")
    assert evidence_document_capture(document_id=evidence.document_id) == CaptureStatus.FAILED
    document = EvidenceDocument.objects.get(pk=evidence.document_id)
    assert reason in document.capture_error


def test_the_ssrf_guard_refuses_a_private_address(claim, evidence_site):
    evidence = evidence_add(claim=claim, user=member(claim), url=f"{evidence_site}/report")
    evidence_document_capture(document_id=evidence.document_id)
    document = EvidenceDocument.objects.get(pk=evidence.document_id)
    assert (document.capture_status, document.captured_text) == (CaptureStatus.FAILED, "")
    assert "private or reserved address" in document.capture_error


def test_a_page_larger_than_the_cap_is_refused(claim, evidence_site, loopback_allowed, settings):
    settings.CLAIMDESK_CAPTURE_MAX_BYTES = 100
    evidence = evidence_add(claim=claim, user=member(claim), url=f"{evidence_site}/report")
    evidence_document_capture(document_id=evidence.document_id)
    assert "larger than" in EvidenceDocument.objects.get(pk=evidence.document_id).capture_error


def test_a_second_delivery_changes_nothing(claim, evidence_site, loopback_allowed):
    evidence = evidence_add(claim=claim, user=member(claim), url=f"{evidence_site}/report")
    evidence_document_capture(document_id=evidence.document_id)
    fetched = EvidenceDocument.objects.get(pk=evidence.document_id).fetched_at
    evidence_document_capture(document_id=evidence.document_id)
    assert EvidenceDocument.objects.get(pk=evidence.document_id).fetched_at == fetched


def test_a_recapture_keeps_the_last_snapshot_until_the_new_one(claim, evidence_site, loopback_allowed):
    reviewer = member(claim)
    evidence = evidence_add(claim=claim, user=reviewer, url=f"{evidence_site}/report")
    evidence_document_capture(document_id=evidence.document_id)
    document = evidence_document_recapture(document=evidence.document, user=reviewer)
    assert document.capture_status == CaptureStatus.PENDING
    assert "reopened" in EvidenceDocument.objects.get(pk=document.pk).captured_text


def test_a_viewer_cannot_ask_for_a_recapture(claim):
    evidence = evidence_add(claim=claim, user=member(claim), url="https://ports.example/report")
    with pytest.raises(PermissionDenied):
        evidence_document_recapture(document=evidence.document, user=member(claim, Role.VIEWER))


def test_the_sweeper_requeues_a_lost_capture_and_gives_up_after_max_attempts(claim, settings):
    evidence = evidence_add(claim=claim, user=member(claim), url="https://ports.example/report")
    EvidenceDocument.objects.filter(pk=evidence.document_id).update(
        capture_requested_at=timezone.now() - timedelta(hours=1)
    )
    assert evidence_documents_sweep_pending() == [evidence.document_id]
    EvidenceDocument.objects.filter(pk=evidence.document_id).update(
        capture_requested_at=timezone.now() - timedelta(hours=1),
        capture_attempts=settings.CLAIMDESK_MAX_CAPTURE_ATTEMPTS,
    )
    assert evidence_documents_sweep_pending() == []
    document = EvidenceDocument.objects.get(pk=evidence.document_id)
    assert (document.capture_status, "attempts" in document.capture_error) == (CaptureStatus.FAILED, True)


@pytest.mark.django_db(transaction=True)
@pytest.mark.worker
def test_the_worker_captures_a_page_cited_as_evidence(celery_worker, evidence_site):
    claim = ClaimFactory()
    evidence = evidence_add(claim=claim, user=member(claim), url=f"{evidence_site}/report")

    def settled():
        document = EvidenceDocument.objects.get(pk=evidence.document_id)
        return document if document.capture_status != CaptureStatus.PENDING else None

    document = wait_for(settled, timeout=60, what="the worker to capture the page")
    assert document.capture_status == CaptureStatus.CAPTURED, (
        document.capture_error or celery_worker.output()[-3000:]
    )
    assert "reopened on Tuesday morning" in document.captured_text


@pytest.mark.django_db(transaction=True)
@pytest.mark.worker
def test_the_worker_records_a_failed_capture_and_recaptures_on_demand(celery_worker, evidence_site):
    claim = ClaimFactory()
    reviewer = member(claim)
    evidence = evidence_add(claim=claim, user=reviewer, url=f"{evidence_site}/gone")

    def status():
        return EvidenceDocument.objects.get(pk=evidence.document_id).capture_status

    wait_for(lambda: status() == CaptureStatus.FAILED, timeout=60, what="the capture to fail")
    assert "HTTP 404" in EvidenceDocument.objects.get(pk=evidence.document_id).capture_error
    evidence_document_recapture(document=evidence.document, user=reviewer)
    wait_for(lambda: status() == CaptureStatus.FAILED, timeout=60, what="the capture to fail again")
    assert EvidenceDocument.objects.get(pk=evidence.document_id).capture_attempts == 1
