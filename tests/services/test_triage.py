from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from annotations.models import Annotation, Claim, ClaimStatus, Role
from annotations.services.triage import claims_approve, claims_dismiss, claims_restore
from tests.factories import ArticleFactory, ClaimFactory, MembershipFactory, ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk():  # type: ignore[no-untyped-def]
    project = ProjectFactory(required_agreeing_reviews=1, requires_editor_approval=True)
    editor = MembershipFactory(project=project, role=Role.EDITOR).user
    article = ArticleFactory(project=project)
    claims = [ClaimFactory(article=article, start=i, end=i + 5) for i in range(3)]
    return project, editor, claims


def review(claim, verdict, role=Role.REVIEWER):  # type: ignore[no-untyped-def]
    reviewer = MembershipFactory(project=claim.article.project, role=role).user
    Annotation.objects.create(claim=claim, reviewer=reviewer, verdict=verdict)
    return reviewer


def test_dismissed_claim_keeps_reason_who_and_when(desk):  # type: ignore[no-untyped-def]
    project, editor, claims = desk
    claims_dismiss(project=project, user=editor, claim_ids=[claims[0].pk], reason="  opinion,  not fact ")
    claim = Claim.objects.get(pk=claims[0].pk)
    assert (claim.dismissed_reason, claim.dismissed_by, claim.dismissed_at is not None) == (
        "opinion, not fact",
        editor,
        True,
    )


def test_dismissing_twice_keeps_the_first_reason(desk):  # type: ignore[no-untyped-def]
    project, editor, claims = desk
    claims_dismiss(project=project, user=editor, claim_ids=[claims[0].pk], reason="opinion")
    claims_dismiss(project=project, user=editor, claim_ids=[claims[0].pk], reason="satire")
    assert Claim.objects.get(pk=claims[0].pk).dismissed_reason == "opinion"


def test_dismissing_without_a_reason_is_refused(desk):  # type: ignore[no-untyped-def]
    project, editor, claims = desk
    with pytest.raises(ValidationError, match="not check-worthy"):
        claims_dismiss(project=project, user=editor, claim_ids=[claims[0].pk], reason="   ")


def test_a_reviewer_may_not_dismiss(desk):  # type: ignore[no-untyped-def]
    project, _, claims = desk
    reviewer = MembershipFactory(project=project, role=Role.REVIEWER).user
    with pytest.raises(PermissionDenied):
        claims_dismiss(project=project, user=reviewer, claim_ids=[claims[0].pk], reason="opinion")


def test_restore_brings_the_claim_back_and_history_keeps_both(desk):  # type: ignore[no-untyped-def]
    project, editor, claims = desk
    claims_dismiss(project=project, user=editor, claim_ids=[claims[0].pk], reason="opinion")
    claims_restore(project=project, user=editor, claim_ids=[claims[0].pk])
    claim = Claim.objects.get(pk=claims[0].pk)
    reasons = list(claim.history.order_by("history_id").values_list("history_change_reason", flat=True))
    assert (claim.dismissed_at, reasons[-2:]) == (None, ["dismissed: opinion", "restored"])


def test_another_projects_claim_is_not_dismissed(desk):  # type: ignore[no-untyped-def]
    project, editor, _ = desk
    foreign = ClaimFactory()
    result = claims_dismiss(project=project, user=editor, claim_ids=[foreign.pk], reason="opinion")
    assert (result[0].ok, Claim.objects.get(pk=foreign.pk).dismissed_at) == (False, None)


def test_database_refuses_a_dismissal_without_a_reason(desk):  # type: ignore[no-untyped-def]
    _, _, claims = desk
    with pytest.raises(IntegrityError), transaction.atomic():
        Claim.objects.filter(pk=claims[0].pk).update(dismissed_at="2026-01-01T00:00:00Z")


def test_bulk_approve_approves_what_the_reviewers_agree_on(desk):  # type: ignore[no-untyped-def]
    project, editor, claims = desk
    review(claims[0], "false")
    claims_approve(project=project, user=editor, claim_ids=[claims[0].pk])
    claim = Claim.objects.get(pk=claims[0].pk)
    assert (claim.status, claim.final_verdict, claim.verified_by) == (ClaimStatus.VERIFIED, "false", editor)


def test_bulk_approve_reports_each_refusal_and_goes_on(desk):  # type: ignore[no-untyped-def]
    project, editor, claims = desk
    review(claims[0], "true")
    review(claims[0], "false")  # a dispute
    review(claims[2], "true")
    results = claims_approve(project=project, user=editor, claim_ids=[c.pk for c in claims])
    assert [(r.id, r.ok) for r in results] == [
        (claims[0].pk, False),
        (claims[1].pk, False),
        (claims[2].pk, True),
    ]


def test_bulk_approve_refuses_the_editors_own_lone_review(desk):  # type: ignore[no-untyped-def]
    project, editor, claims = desk
    Annotation.objects.create(claim=claims[0], reviewer=editor, verdict="true")
    result = claims_approve(project=project, user=editor, claim_ids=[claims[0].pk])
    assert (result[0].ok, "second pair of eyes" in result[0].detail) == (False, True)


def test_bulk_approve_leaves_a_refused_claim_unchanged(desk):  # type: ignore[no-untyped-def]
    project, editor, claims = desk
    Annotation.objects.create(claim=claims[0], reviewer=editor, verdict="true")
    claims_approve(project=project, user=editor, claim_ids=[claims[0].pk])
    assert Claim.objects.get(pk=claims[0].pk).verified_by is None


def test_bulk_approve_twice_keeps_the_first_approval_time(desk):  # type: ignore[no-untyped-def]
    project, editor, claims = desk
    review(claims[0], "false")
    claims_approve(project=project, user=editor, claim_ids=[claims[0].pk])
    first = Claim.objects.get(pk=claims[0].pk).verified_at
    claims_approve(project=project, user=editor, claim_ids=[claims[0].pk])
    assert Claim.objects.get(pk=claims[0].pk).verified_at == first


def test_a_reviewer_may_not_bulk_approve(desk):  # type: ignore[no-untyped-def]
    project, _, claims = desk
    reviewer = review(claims[0], "true")
    with pytest.raises(PermissionDenied):
        claims_approve(project=project, user=reviewer, claim_ids=[claims[0].pk])
