"""The queue's assignment and check-worthiness filters, and the overview's progress."""

from __future__ import annotations

from datetime import timedelta

import pytest

from annotations.models import Annotation, Claim, ClaimStatus, Role
from annotations.selectors import ClaimFilters, claims_queue, project_overview, project_progress
from annotations.services.assignments import assignments_add
from annotations.services.triage import claims_dismiss
from tests.factories import ArticleFactory, ClaimFactory, MembershipFactory, ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk():  # type: ignore[no-untyped-def]
    project = ProjectFactory()
    editor = MembershipFactory(project=project, role=Role.EDITOR).user
    ana = MembershipFactory(project=project, role=Role.REVIEWER, user=UserFactory(username="ana")).user
    ben = MembershipFactory(project=project, role=Role.REVIEWER, user=UserFactory(username="ben")).user
    article = ArticleFactory(project=project)
    claims = [ClaimFactory(article=article, start=i, end=i + 5) for i in range(4)]
    return project, editor, ana, ben, article, claims


def queue(project, **filters):  # type: ignore[no-untyped-def]
    return set(claims_queue(project=project, filters=ClaimFilters(**filters), reader=None))


def test_assigned_to_me_lists_only_my_claims(desk):  # type: ignore[no-untyped-def]
    project, editor, ana, _, _, claims = desk
    assignments_add(project=project, user=editor, claim_ids=[c.pk for c in claims], mode="round_robin")
    assert queue(project, assigned_to=ana.pk) == {claims[0], claims[2]}


def test_an_articles_assignment_covers_claims_added_later(desk):  # type: ignore[no-untyped-def]
    project, editor, ana, _, article, claims = desk
    assignments_add(project=project, user=editor, reviewer_ids=[ana.pk], article_ids=[article.pk])
    later = ClaimFactory(article=article, start=20, end=30)
    assert queue(project, assigned_to=ana.pk) == {*claims, later}


def test_unassigned_lists_claims_nobody_has(desk):  # type: ignore[no-untyped-def]
    project, editor, ana, _, _, claims = desk
    assignments_add(project=project, user=editor, reviewer_ids=[ana.pk], claim_ids=[claims[0].pk])
    assert queue(project, unassigned=True) == set(claims[1:])


def test_dismissed_claims_leave_the_default_queue(desk):  # type: ignore[no-untyped-def]
    project, editor, _, _, _, claims = desk
    claims_dismiss(project=project, user=editor, claim_ids=[claims[0].pk], reason="opinion")
    assert queue(project) == set(claims[1:])


def test_dismissed_claims_are_under_their_filter(desk):  # type: ignore[no-untyped-def]
    project, editor, _, _, _, claims = desk
    claims_dismiss(project=project, user=editor, claim_ids=[claims[0].pk], reason="opinion")
    assert queue(project, dismissed="only") == {claims[0]}


def test_dismissed_claims_do_not_count_in_the_overview(desk):  # type: ignore[no-untyped-def]
    project, editor, _, _, _, claims = desk
    claims_dismiss(project=project, user=editor, claim_ids=[claims[0].pk], reason="opinion")
    assert project_overview(project=project).claim_total == 3


def _verify(claim: Claim, after: timedelta) -> None:
    Claim.objects.filter(pk=claim.pk).update(
        status=ClaimStatus.VERIFIED, final_verdict="true", verified_at=claim.article.created_at + after
    )


def test_progress_counts_assigned_annotated_and_verified_per_reviewer(desk):  # type: ignore[no-untyped-def]
    project, editor, ana, _, _, claims = desk
    assignments_add(project=project, user=editor, reviewer_ids=[ana.pk], claim_ids=[c.pk for c in claims])
    Annotation.objects.create(claim=claims[0], reviewer=ana, verdict="true")
    _verify(claims[1], timedelta(hours=1))
    row = next(r for r in project_progress(project=project).reviewers if r.name == "ana")
    assert (row.assigned, row.annotated, row.verified) == (4, 1, 1)


def test_progress_times_are_median_and_90th_percentile_from_import(desk):  # type: ignore[no-untyped-def]
    project, editor, ana, _, _, claims = desk
    assignments_add(project=project, user=editor, reviewer_ids=[ana.pk], claim_ids=[c.pk for c in claims])
    for claim, hours in zip(claims, [1, 2, 3, 11], strict=True):
        _verify(claim, timedelta(hours=hours))
    row = next(r for r in project_progress(project=project).reviewers if r.name == "ana")
    # percentile_cont interpolates: median of 1,2,3,11 h is 2.5 h; the 90th is 3 + 0.7 * 8 = 8.6 h.
    assert (row.median_seconds, round(row.p90_seconds or 0)) == (2.5 * 3600, round(8.6 * 3600))


def test_progress_overall_times_cover_unassigned_claims_too(desk):  # type: ignore[no-untyped-def]
    project, _, _, _, _, claims = desk
    _verify(claims[0], timedelta(hours=4))
    progress = project_progress(project=project)
    assert (progress.verified, progress.median_seconds) == (1, 4 * 3600)


def test_progress_leaves_dismissed_claims_out(desk):  # type: ignore[no-untyped-def]
    project, editor, ana, _, _, claims = desk
    assignments_add(project=project, user=editor, reviewer_ids=[ana.pk], claim_ids=[c.pk for c in claims])
    claims_dismiss(project=project, user=editor, claim_ids=[claims[0].pk], reason="opinion")
    row = next(r for r in project_progress(project=project).reviewers if r.name == "ana")
    assert row.assigned == 3


def test_progress_lists_reviewers_with_nothing_assigned(desk):  # type: ignore[no-untyped-def]
    project, _, _, _, _, _ = desk
    assert [(r.name, r.assigned) for r in project_progress(project=project).reviewers] == [
        ("ana", 0),
        ("ben", 0),
    ]


def test_progress_is_the_projects_own(desk):  # type: ignore[no-untyped-def]
    project, _, _, _, _, _ = desk
    other = ClaimFactory(article=ArticleFactory())
    _verify(other, timedelta(hours=1))
    assert project_progress(project=project).verified == 0
