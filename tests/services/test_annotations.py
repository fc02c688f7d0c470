from __future__ import annotations

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from annotations.models import Annotation, ClaimStatus, Role
from annotations.services.annotations import EvidenceInput, annotation_save
from tests.factories import ClaimFactory, MembershipFactory, SourceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def claim():
    return ClaimFactory()


def reviewer_of(claim, role=Role.REVIEWER):  # type: ignore[no-untyped-def]
    return MembershipFactory(project=claim.article.project, role=role).user


def test_full_annotation_is_saved_with_evidence_and_history(claim):
    reviewer = reviewer_of(claim)
    source = SourceFactory(project=claim.article.project, name="Arabic media")
    annotation = annotation_save(
        claim=claim,
        reviewer=reviewer,
        source_id=source.pk,
        source_reliability="C",
        information_credibility=3,
        confidence="moderate",
        verdict="unverifiable",
        rationale="Single anonymous rebel source.",
        evidence=[EvidenceInput(url="https://example.org/flight", title="Flight tracker", stance="context")],
    )
    assert (annotation.source, annotation.source_reliability, annotation.information_credibility) == (
        source,
        "C",
        3,
    )
    assert [(e.url, e.stance) for e in claim.evidence.filter(added_by=reviewer)] == [
        ("https://example.org/flight", "context")
    ]
    assert annotation.history.latest("history_date").history_user == reviewer
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.IN_REVIEW  # one review of the two the policy wants


def test_saving_again_updates_the_one_annotation(claim):
    reviewer = reviewer_of(claim)
    annotation_save(claim=claim, reviewer=reviewer, verdict="true")
    annotation_save(claim=claim, reviewer=reviewer, verdict="false")
    assert Annotation.objects.filter(claim=claim).count() == 1
    assert Annotation.objects.get(claim=claim).verdict == "false"


def test_two_agreeing_reviews_verify_and_disagreement_disputes(claim):
    a, b, c = reviewer_of(claim), reviewer_of(claim), reviewer_of(claim, Role.EDITOR)
    annotation_save(claim=claim, reviewer=a, verdict="mostly_true")
    annotation_save(claim=claim, reviewer=b, verdict="mostly_true")
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.VERIFIED
    assert claim.final_verdict == "mostly_true"
    annotation_save(claim=claim, reviewer=c, verdict="false")
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.DISPUTED
    assert claim.final_verdict == ""


def test_bad_values_are_refused_field_by_field(claim):
    reviewer = reviewer_of(claim)
    foreign = SourceFactory()  # another project's source
    with pytest.raises(ValidationError) as exc:
        annotation_save(
            claim=claim,
            reviewer=reviewer,
            source_id=foreign.pk,
            source_reliability="Z",
            information_credibility=9,
            confidence="certain",
            verdict="pants_on_fire",
        )
    assert set(exc.value.message_dict) == {
        "source",
        "source_reliability",
        "information_credibility",
        "confidence",
        "verdict",
    }
    with pytest.raises(ValidationError, match="http"):
        annotation_save(claim=claim, reviewer=reviewer, evidence=[EvidenceInput(url="javascript:alert(1)")])
    assert not Annotation.objects.filter(claim=claim).exists()


def test_an_evidence_link_that_breaks_out_of_an_attribute_is_refused(claim):
    reviewer = reviewer_of(claim, Role.REVIEWER)
    with pytest.raises(ValidationError, match="Link 1"):
        annotation_save(
            claim=claim,
            reviewer=reviewer,
            evidence=[EvidenceInput(url='https://x.example/"><script>alert(1)</script>')],
        )
    assert not Annotation.objects.filter(claim=claim).exists()


def test_viewers_and_outsiders_cannot_annotate(claim):
    for user in (reviewer_of(claim, Role.VIEWER), MembershipFactory().user):
        with pytest.raises(PermissionDenied):
            annotation_save(claim=claim, reviewer=user, verdict="true")


def test_a_save_costs_the_same_queries_however_many_reviews_came_before(claim):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    reviewers = [reviewer_of(claim) for _ in range(6)]
    for reviewer in reviewers[:2]:  # two agreeing reviews verify the claim
        annotation_save(claim=claim, reviewer=reviewer, verdict="true")

    def queries_of_a_save(reviewer) -> int:  # type: ignore[no-untyped-def]
        with CaptureQueriesContext(connection) as queries:
            annotation_save(claim=claim, reviewer=reviewer, source_reliability="B", verdict="true")
        return len(queries)

    counts = [queries_of_a_save(reviewer) for reviewer in reviewers[2:]] + [queries_of_a_save(reviewers[0])]
    assert len(set(counts)) == 1, counts


def test_a_save_never_reads_the_article_body(claim):
    """The body can be a million characters: locking the claim must not fetch it."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    reviewer = reviewer_of(claim)
    with CaptureQueriesContext(connection) as queries:
        annotation_save(claim=claim, reviewer=reviewer, verdict="true")
    assert not [q["sql"] for q in queries if re.search(r'(^|[\s,.(])"?body"?([\s,)]|$)', q["sql"])]


def test_a_source_typed_by_name_is_linked_and_created_once(claim):
    from annotations.models import Source

    first = annotation_save(claim=claim, reviewer=reviewer_of(claim), source_name="Syrian  state media")
    second = annotation_save(claim=claim, reviewer=reviewer_of(claim), source_name="syrian state media")
    assert first.source_id == second.source_id
    assert Source.objects.filter(project=claim.article.project, pk=first.source_id).exists()
