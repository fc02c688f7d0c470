from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from annotations.models import Claim, ClaimOrigin, ClaimStatus, Role, Sentence
from annotations.services.claims import (
    claim_add,
    claim_approve,
    claim_delete,
    claim_edit_text,
    claim_merge,
    claim_split,
    derive_claim_status,
)
from tests.factories import AnnotationFactory, ArticleFactory, ClaimFactory, MembershipFactory

pytestmark = pytest.mark.django_db

BODY = "Rebels said Assad fled and Damascus fell. State media denied it."


@pytest.fixture
def desk():
    article = ArticleFactory(body=BODY, outlet="Wire")
    Sentence.objects.create(article=article, index=0, start=0, end=41)
    Sentence.objects.create(article=article, index=1, start=42, end=len(BODY))
    reviewer = MembershipFactory(project=article.project, role=Role.REVIEWER).user
    return article, reviewer


def test_edit_marks_the_claim_edited_and_keeps_history(desk):
    article, reviewer = desk
    claim = ClaimFactory(article=article, start=12, end=22)
    claim_edit_text(claim=claim, text="  Bashar al-Assad   fled Syria ", user=reviewer)
    claim.refresh_from_db()
    assert claim.text == "Bashar al-Assad fled Syria"
    assert claim.origin == ClaimOrigin.EDITED
    assert (claim.start, claim.end) == (12, 22)  # the grounding does not move
    last = claim.history.latest("history_date")
    assert last.history_user == reviewer
    assert last.history_change_reason == "edited text"
    with pytest.raises(ValidationError):
        claim_edit_text(claim=claim, text="   ", user=reviewer)


def test_add_trims_the_selection_and_links_sentence_and_outlet(desk):
    article, reviewer = desk
    claim = claim_add(article=article, start=41, end=58, user=reviewer)
    assert BODY[claim.start : claim.end] == "State media deni"
    assert claim.origin == ClaimOrigin.MANUAL
    assert claim.sentence.index == 1
    assert claim.source is not None
    assert claim.source.name == "Wire"
    with pytest.raises(ValidationError, match="outside the article"):
        claim_add(article=article, start=10, end=len(BODY) + 5, user=reviewer)
    with pytest.raises(ValidationError, match="whitespace"):
        claim_add(article=article, start=41, end=42, user=reviewer)


def test_split_and_merge_keep_offsets_in_the_body(desk):
    article, reviewer = desk
    claim = ClaimFactory(
        article=article, start=12, end=40, speaker_start=0, speaker_end=6, speaker_text="Rebels"
    )
    first, second = claim_split(claim=claim, at=22, user=reviewer)
    assert BODY[first.start : first.end] == "Assad fled" == first.text
    assert BODY[second.start : second.end] == "and Damascus fell" == second.text
    assert second.speaker_text == "Rebels"
    assert first.pk == claim.pk
    merged = claim_merge(claims=[second, first], user=reviewer)
    assert merged.pk == claim.pk
    assert (merged.start, merged.end) == (12, 40)
    assert not Claim.objects.filter(pk=second.pk).exists()
    with pytest.raises(ValidationError, match="inside the claim"):
        claim_split(claim=merged, at=5, user=reviewer)


def test_reviewed_claims_are_not_split_or_merged_away(desk):
    article, reviewer = desk
    a = ClaimFactory(article=article, start=12, end=22)
    b = ClaimFactory(article=article, start=23, end=40)
    AnnotationFactory(claim=b, verdict="true")
    with pytest.raises(ValidationError, match="already has reviews"):
        claim_merge(claims=[a, b], user=reviewer)
    with pytest.raises(ValidationError, match="already has reviews"):
        claim_split(claim=b, at=30, user=reviewer)


def test_claims_of_different_articles_do_not_merge(desk):
    article, reviewer = desk
    a = ClaimFactory(article=article, start=0, end=5)
    other = ClaimFactory(article=ArticleFactory(project=article.project), start=0, end=5)
    with pytest.raises(ValidationError, match="same article"):
        claim_merge(claims=[a, other], user=reviewer)


def test_viewers_and_outsiders_cannot_fix_the_extraction(desk):
    article, _ = desk
    viewer = MembershipFactory(project=article.project, role=Role.VIEWER).user
    outsider = MembershipFactory().user
    claim = ClaimFactory(article=article, start=12, end=22)
    for user in (viewer, outsider):
        with pytest.raises(PermissionDenied):
            claim_edit_text(claim=claim, text="x", user=user)
        with pytest.raises(PermissionDenied):
            claim_delete(claim=claim, user=user)
    assert Claim.objects.filter(pk=claim.pk).exists()


def test_only_editors_approve_and_the_verdict_must_be_on_the_scale(desk):
    article, reviewer = desk
    editor = MembershipFactory(project=article.project, role=Role.EDITOR).user
    claim = ClaimFactory(article=article, start=12, end=22)
    second = MembershipFactory(project=article.project, role=Role.REVIEWER).user
    AnnotationFactory(claim=claim, reviewer=reviewer, verdict="false")
    AnnotationFactory(claim=claim, reviewer=second, verdict="false")
    with pytest.raises(PermissionDenied):
        claim_approve(claim=claim, editor=reviewer, verdict="true")
    with pytest.raises(ValidationError):
        claim_approve(claim=claim, editor=editor, verdict="pants_on_fire")
    claim = claim_approve(
        claim=claim, editor=editor, verdict="false", note="Flight records show no departure."
    )
    assert claim.status == ClaimStatus.VERIFIED
    assert claim.verified_by == editor
    assert claim.final_verdict == "false"


@pytest.mark.parametrize(
    ("verdicts", "reviews", "required", "approval", "approved", "expected"),
    [
        ([], 0, 2, False, False, "unreviewed"),
        ([], 1, 2, False, False, "in_review"),
        (["true"], 1, 2, False, False, "in_review"),
        (["true", "true"], 2, 2, False, False, "verified"),
        (["true", "false"], 2, 2, False, False, "disputed"),
        (["true", "true"], 2, 2, True, False, "in_review"),
        (["true", "false"], 2, 2, True, True, "verified"),
        (["true"], 1, 1, False, False, "verified"),
    ],
)
def test_status_rule(verdicts, reviews, required, approval, approved, expected):
    assert (
        derive_claim_status(
            verdicts=verdicts,
            reviews=reviews,
            required_agreeing=required,
            requires_approval=approval,
            approved=approved,
        )
        == expected
    )


def test_a_project_keeps_its_last_owner():
    from annotations.models import Membership
    from annotations.services.projects import membership_set

    owner = MembershipFactory(role=Role.OWNER)
    with pytest.raises(ValidationError, match="last owner"):
        membership_set(project=owner.project, user=owner.user, role=Role.VIEWER, by=None)
    second = MembershipFactory(project=owner.project, role=Role.REVIEWER)
    membership_set(project=owner.project, user=second.user, role=Role.OWNER, by=None)
    membership_set(project=owner.project, user=owner.user, role=Role.VIEWER, by=None)
    assert Membership.objects.get(pk=owner.pk).role == Role.VIEWER
