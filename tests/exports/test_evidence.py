"""A claim's evidence in every export and report: its link visible as a URL, who added it,
what the page said when captured; only what the reader may see; on the public page only
once the claim is published."""

from __future__ import annotations

import io
import json

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from annotations.models import CaptureStatus, ClaimStatus, EvidenceDocument, Role
from annotations.selectors import Reader
from annotations.services.evidence import evidence_add
from annotations.services.publishing import claim_publish
from tests.exports.conftest import Desk, export_bytes
from tests.factories import ClaimFactory, MembershipFactory

pytestmark = pytest.mark.django_db

PAGE_TEXT = "The flight left Damascus at 02:00 local time, according to the tracker archive."


@pytest.fixture
def cited(desk: Desk) -> Desk:
    """An editor's evidence on the Damascus claim (no review of theirs), its page captured."""
    evidence = evidence_add(
        claim=desk.damascus,
        user=desk.users["editor"],  # type: ignore[arg-type]
        url="https://tracker.example/flights/ru-1",
        title="Flight tracker archive",
        stance="refutes",
        note="Departure logged before the claimed time.",
    )
    EvidenceDocument.objects.filter(pk=evidence.document_id).update(
        capture_status=CaptureStatus.CAPTURED,
        captured_text=PAGE_TEXT,
        content_hash="ab" * 32,
        fetched_at=timezone.now(),
    )
    return desk


def test_the_html_report_shows_each_link_as_its_url_with_its_stance_and_capture(cited):
    html = export_bytes(cited.project, "html").decode()
    assert '<a href="https://tracker.example/flights/ru-1">https://tracker.example/flights/ru-1</a>' in html
    assert "Flight tracker archive" in html
    assert "Departure logged before the claimed time." in html
    assert PAGE_TEXT in html
    assert "sha256 abababababab" in html


def test_the_pdf_shows_the_evidence_url_as_text(cited):
    reader = PdfReader(io.BytesIO(export_bytes(cited.project, "pdf")))
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
    assert "https://tracker.example/flights/ru-1" in text.replace(" ", "")  # a long URL may wrap


def test_json_carries_the_claims_evidence_with_who_and_the_capture(cited):
    records = {r["id"]: r for r in json.loads(export_bytes(cited.project, "json"))["claims"]}
    [editors] = [e for e in records[cited.damascus.pk]["evidence"] if e["url"].startswith("https://tracker")]
    assert (editors["stance"], editors["added_by"], editors["capture"]["status"]) == (
        "refutes",
        "editor1",
        "captured",
    )
    assert editors["capture"]["content_hash"] == "ab" * 32
    assert editors["capture"]["excerpt"] == PAGE_TEXT


def test_csv_lists_every_evidence_url_of_the_claim(cited):
    data = export_bytes(cited.project, "csv").decode("utf-8-sig")
    assert "https://tracker.example/flights/ru-1" in data


def test_a_reviewer_who_has_not_reviewed_gets_nobody_elses_evidence(desk: Desk):
    newcomer = MembershipFactory(project=desk.project, role=Role.REVIEWER).user
    claim = ClaimFactory(article=desk.damascus.article, start=0, end=5)
    evidence_add(claim=claim, user=desk.users["rev_a"], url="https://hidden.example/page")  # type: ignore[arg-type]
    reader = Reader(user_id=newcomer.pk, role=Role.REVIEWER)
    data = export_bytes(desk.project, "json", filters={"status": ""}, reader=reader).decode()
    assert "hidden.example" not in data
    assert "hidden.example" in export_bytes(desk.project, "json", filters={"status": ""}).decode()


def test_claimreview_cites_the_evidence_without_who_added_it(cited):
    graph = json.loads(export_bytes(cited.project, "claimreview"))["@graph"]
    [review] = [r for r in graph if r["claimReviewed"] == cited.damascus.text]
    assert {"@type": "CreativeWork", "url": "https://tracker.example/flights/ru-1", "name": "Flight tracker archive",
            "description": "Refutes the claim"} in review["citation"]  # fmt: skip
    assert "editor1" not in json.dumps(review)


def test_the_public_page_shows_the_published_claims_evidence(client, cited):
    publication = claim_publish(claim=cited.damascus, user=cited.users["editor"])  # type: ignore[arg-type]
    html = client.get(reverse("annotations:published-check", args=[publication.slug])).content.decode()
    assert '<a href="https://tracker.example/flights/ru-1" rel="noopener nofollow">' in html
    assert "Refutes the claim" in html
    assert "editor1" not in html


def test_no_public_page_shows_an_unpublished_claims_evidence(client, cited):
    other = cited.hostile
    type(other).objects.filter(pk=other.pk).update(status=ClaimStatus.VERIFIED)
    publication = claim_publish(claim=cited.damascus, user=cited.users["editor"])  # type: ignore[arg-type]
    evidence_add(claim=other, user=cited.users["rev_a"], url="https://unpublished.example/x")  # type: ignore[arg-type]
    index = client.get(reverse("annotations:published-index", args=[cited.project.slug])).content.decode()
    page = client.get(reverse("annotations:published-check", args=[publication.slug])).content.decode()
    assert "unpublished.example" not in index
    assert "unpublished.example" not in page
