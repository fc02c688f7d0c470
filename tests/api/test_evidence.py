"""The claim's evidence through the API: add, list under the no-anchoring rule, remove,
re-capture, and the captured text."""

from __future__ import annotations

import ipaddress

import pytest

from annotations.models import CaptureStatus, Evidence, EvidenceDocument
from annotations.services.evidence import evidence_document_capture
from tests.api.conftest import Desk
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def add(desk: Desk, who: str, **body):  # type: ignore[no-untyped-def]
    payload = {"url": "https://ports.example/report", "title": "Port report", "stance": "refutes", **body}
    return desk.client(who).post(f"/api/v1/claims/{desk.claim.pk}/evidence/", payload, format="json")


def test_a_reviewer_adds_evidence_and_it_waits_for_its_capture(desk: Desk):
    response = add(desk, "reviewer", note="Closed that day.")
    assert response.status_code == 201
    body = response.json()
    assert (body["url"], body["stance"], body["note"], body["added_by"], body["capture_status"]) == (
        "https://ports.example/report",
        "refutes",
        "Closed that day.",
        "reviewer",
        "pending",
    )
    assert Evidence.objects.get(pk=body["id"]).claim == desk.claim


def test_a_bad_link_is_a_400_that_names_the_field(desk: Desk):
    response = add(desk, "reviewer", url="javascript:alert(1)")
    assert response.status_code == 400
    assert "url" in response.json()
    assert not Evidence.objects.exists()


def test_a_viewer_may_not_add_evidence(desk: Desk):
    assert add(desk, "viewer").status_code == 403


def test_another_reviewer_reads_it_once_they_have_saved_their_review(desk: Desk):
    add(desk, "reviewer")
    second = MembershipFactory(project=desk.project, role="reviewer").user
    from tests.api.conftest import token_client

    api = token_client(second)
    listing = f"/api/v1/claims/{desk.claim.pk}/evidence/"
    assert api.get(listing).json()["results"] == []
    api.put(f"/api/v1/claims/{desk.claim.pk}/annotation/", {"verdict": "true"}, format="json")
    assert [e["url"] for e in api.get(listing).json()["results"]] == ["https://ports.example/report"]


def test_hidden_evidence_is_a_404_like_another_projects(desk: Desk):
    evidence_id = add(desk, "reviewer").json()["id"]
    second = MembershipFactory(project=desk.project, role="reviewer").user
    from tests.api.conftest import token_client

    assert token_client(second).get(f"/api/v1/evidence/{evidence_id}/").status_code == 404
    assert desk.client("outsider").get(f"/api/v1/evidence/{evidence_id}/capture/").status_code == 404


def test_only_whoever_added_it_or_an_editor_removes_it(desk: Desk):
    evidence_id = add(desk, "reviewer").json()["id"]
    assert desk.client("viewer").delete(f"/api/v1/evidence/{evidence_id}/").status_code == 403
    assert desk.client("reviewer").delete(f"/api/v1/evidence/{evidence_id}/").status_code == 204
    assert not Evidence.objects.filter(pk=evidence_id).exists()


def test_the_captured_text_with_its_hash_and_time(desk: Desk, evidence_site, settings):
    settings.CLAIMDESK_FETCH_ALLOW_NETWORKS = (ipaddress.ip_network("127.0.0.1/32"),)
    evidence_id = add(desk, "reviewer", url=f"{evidence_site}/report").json()["id"]
    evidence_document_capture(document_id=Evidence.objects.get(pk=evidence_id).document_id)
    capture = desk.client("reviewer").get(f"/api/v1/evidence/{evidence_id}/capture/").json()
    assert capture["capture_status"] == "captured"
    assert "reopened on Tuesday morning" in capture["captured_text"]
    assert len(capture["content_hash"]) == 64
    assert capture["fetched_at"]


def test_recapture_sets_the_capture_pending_again(desk: Desk):
    evidence_id = add(desk, "reviewer").json()["id"]
    EvidenceDocument.objects.update(capture_status=CaptureStatus.FAILED, capture_error="timed out")
    response = desk.client("reviewer").post(f"/api/v1/evidence/{evidence_id}/recapture/")
    assert (response.status_code, response.json()["capture_status"]) == (202, "pending")
