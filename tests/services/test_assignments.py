from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from annotations.models import Assignment, Membership, Role
from annotations.services.assignments import MAX_ITEMS, assignments_add, assignments_remove
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


def assigned(claim):  # type: ignore[no-untyped-def]
    return set(Assignment.objects.filter(claim=claim).values_list("reviewer__username", flat=True))


def test_each_mode_gives_every_claim_to_every_chosen_reviewer(desk):  # type: ignore[no-untyped-def]
    project, editor, ana, ben, _, claims = desk
    assignments_add(project=project, user=editor, reviewer_ids=[ana.pk, ben.pk], claim_ids=[claims[0].pk])
    assert assigned(claims[0]) == {"ana", "ben"}


def test_round_robin_deals_claims_in_turn_over_the_projects_reviewers(desk):  # type: ignore[no-untyped-def]
    project, editor, _, _, _, claims = desk
    assignments_add(project=project, user=editor, claim_ids=[c.pk for c in claims], mode="round_robin")
    assert [assigned(c) for c in claims] == [{"ana"}, {"ben"}, {"ana"}, {"ben"}]


def test_round_robin_starts_with_the_least_loaded_reviewer(desk):  # type: ignore[no-untyped-def]
    project, editor, ana, _, _, claims = desk
    assignments_add(project=project, user=editor, reviewer_ids=[ana.pk], claim_ids=[claims[0].pk])
    assignments_add(project=project, user=editor, claim_ids=[claims[1].pk], mode="round_robin")
    assert assigned(claims[1]) == {"ben"}


def test_round_robin_twice_assigns_nothing_more(desk):  # type: ignore[no-untyped-def]
    project, editor, _, _, _, claims = desk
    ids = [c.pk for c in claims]
    assignments_add(project=project, user=editor, claim_ids=ids, mode="round_robin")
    assignments_add(project=project, user=editor, claim_ids=ids, mode="round_robin")
    assert Assignment.objects.count() == 4


def test_round_robin_with_two_per_claim_gives_each_claim_two_reviewers(desk):  # type: ignore[no-untyped-def]
    project, editor, _, _, _, claims = desk
    assignments_add(project=project, user=editor, claim_ids=[claims[0].pk], mode="round_robin", per_item=2)
    assert assigned(claims[0]) == {"ana", "ben"}


def test_assigning_twice_keeps_one_assignment(desk):  # type: ignore[no-untyped-def]
    project, editor, ana, _, _, claims = desk
    for _ in range(2):
        result = assignments_add(
            project=project, user=editor, reviewer_ids=[ana.pk], claim_ids=[claims[0].pk]
        )
    assert (Assignment.objects.count(), result[0].detail) == (1, "Already assigned to ana.")


def test_assignment_history_records_who_assigned(desk):  # type: ignore[no-untyped-def]
    project, editor, ana, _, _, claims = desk
    assignments_add(project=project, user=editor, reviewer_ids=[ana.pk], claim_ids=[claims[0].pk])
    assert list(Assignment.history.values_list("history_user", "history_type")) == [(editor.pk, "+")]


def test_another_projects_claim_is_refused_per_item(desk):  # type: ignore[no-untyped-def]
    project, editor, ana, _, _, claims = desk
    foreign = ClaimFactory()
    result = assignments_add(
        project=project, user=editor, reviewer_ids=[ana.pk], claim_ids=[foreign.pk, claims[0].pk]
    )
    assert [(r.id, r.ok) for r in result] == [(foreign.pk, False), (claims[0].pk, True)]


def test_another_projects_claim_is_never_assigned(desk):  # type: ignore[no-untyped-def]
    project, editor, ana, _, _, _ = desk
    foreign = ClaimFactory()
    assignments_add(project=project, user=editor, reviewer_ids=[ana.pk], claim_ids=[foreign.pk])
    assert not Assignment.objects.exists()


def test_a_non_member_cannot_be_assigned(desk):  # type: ignore[no-untyped-def]
    project, editor, _, _, _, claims = desk
    outsider = UserFactory()
    with pytest.raises(ValidationError, match="Only members"):
        assignments_add(project=project, user=editor, reviewer_ids=[outsider.pk], claim_ids=[claims[0].pk])


def test_a_viewer_cannot_be_assigned(desk):  # type: ignore[no-untyped-def]
    project, editor, _, _, _, claims = desk
    viewer = MembershipFactory(project=project, role=Role.VIEWER).user
    with pytest.raises(ValidationError, match="Viewers"):
        assignments_add(project=project, user=editor, reviewer_ids=[viewer.pk], claim_ids=[claims[0].pk])


def test_a_reviewer_may_not_assign(desk):  # type: ignore[no-untyped-def]
    project, _, ana, ben, _, claims = desk
    with pytest.raises(PermissionDenied):
        assignments_add(project=project, user=ana, reviewer_ids=[ben.pk], claim_ids=[claims[0].pk])


def test_more_than_the_cap_is_refused(desk):  # type: ignore[no-untyped-def]
    project, editor, ana, _, _, _ = desk
    with pytest.raises(ValidationError, match=f"At most {MAX_ITEMS}"):
        assignments_add(
            project=project, user=editor, reviewer_ids=[ana.pk], claim_ids=list(range(1, MAX_ITEMS + 2))
        )


def test_malformed_ids_are_refused(desk):  # type: ignore[no-untyped-def]
    project, editor, ana, _, _, _ = desk
    with pytest.raises(ValidationError, match="whole numbers"):
        assignments_add(project=project, user=editor, reviewer_ids=[ana.pk], claim_ids=["1; drop"])  # type: ignore[list-item]


def test_unassign_takes_the_claim_off_that_reviewer_only(desk):  # type: ignore[no-untyped-def]
    project, editor, ana, ben, _, claims = desk
    assignments_add(project=project, user=editor, reviewer_ids=[ana.pk, ben.pk], claim_ids=[claims[0].pk])
    assignments_remove(project=project, user=editor, reviewer_ids=[ana.pk], claim_ids=[claims[0].pk])
    assert assigned(claims[0]) == {"ben"}


def test_unassign_is_in_the_history_with_who(desk):  # type: ignore[no-untyped-def]
    project, editor, ana, _, _, claims = desk
    assignments_add(project=project, user=editor, reviewer_ids=[ana.pk], claim_ids=[claims[0].pk])
    assignments_remove(project=project, user=editor, claim_ids=[claims[0].pk])
    assert (
        Assignment.history.filter(history_type="-").values_list("history_user", flat=True).get() == editor.pk
    )


def test_an_article_assignment_is_one_row_for_the_article(desk):  # type: ignore[no-untyped-def]
    project, editor, ana, _, article, _ = desk
    assignments_add(project=project, user=editor, reviewer_ids=[ana.pk], article_ids=[article.pk])
    assert list(Assignment.objects.values_list("article_id", "claim_id")) == [(article.pk, None)]


# --- the database's own constraints -----------------------------------------------


def test_database_refuses_an_assignee_who_is_not_a_member(desk):  # type: ignore[no-untyped-def]
    project, editor, _, _, _, claims = desk
    outsider = UserFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Assignment.objects.create(project=project, claim=claims[0], reviewer=outsider)


def test_database_refuses_a_claim_of_another_project(desk):  # type: ignore[no-untyped-def]
    project, _, ana, _, _, _ = desk
    with pytest.raises(IntegrityError), transaction.atomic():
        Assignment.objects.create(project=project, claim=ClaimFactory(), reviewer=ana)


def test_database_refuses_both_a_claim_and_an_article(desk):  # type: ignore[no-untyped-def]
    project, _, ana, _, article, claims = desk
    with pytest.raises(IntegrityError), transaction.atomic():
        Assignment.objects.create(project=project, claim=claims[0], article=article, reviewer=ana)


def test_removing_a_member_ends_their_assignments(desk):  # type: ignore[no-untyped-def]
    project, editor, ana, _, _, claims = desk
    assignments_add(project=project, user=editor, reviewer_ids=[ana.pk], claim_ids=[claims[0].pk])
    Membership.objects.filter(project=project, user=ana).delete()
    assert not Assignment.objects.exists()


def test_both_halves_of_a_split_claim_stay_assigned(desk):  # type: ignore[no-untyped-def]
    from annotations.services.claims import claim_split

    project, editor, ana, _, article, _ = desk
    claim = ClaimFactory(article=article, start=0, end=40)
    assignments_add(project=project, user=editor, reviewer_ids=[ana.pk], claim_ids=[claim.pk])
    _, second = claim_split(claim=claim, at=15, user=ana)
    assert assigned(second) == {"ana"}


def test_a_merged_claim_keeps_the_assignees_of_the_claims_merged_into_it(desk):  # type: ignore[no-untyped-def]
    from annotations.services.claims import claim_merge

    project, editor, ana, ben, _, claims = desk
    assignments_add(project=project, user=editor, reviewer_ids=[ana.pk], claim_ids=[claims[0].pk])
    assignments_add(project=project, user=editor, reviewer_ids=[ben.pk], claim_ids=[claims[1].pk])
    kept = claim_merge(claims=[claims[0], claims[1]], user=editor)
    assert assigned(kept) == {"ana", "ben"}
