"""The project policy service: reviewed claims follow a new rule at once, in a few queries each."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from annotations.models import Claim, ClaimStatus, Role
from annotations.services.annotations import annotation_save
from annotations.services.projects import project_update_policy
from tests.factories import ClaimFactory, MembershipFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def _desk(claims: int):  # type: ignore[no-untyped-def]
    project = ProjectFactory(required_agreeing_reviews=2)
    owner = MembershipFactory(project=project, role=Role.OWNER).user
    reviewer = MembershipFactory(project=project, role=Role.REVIEWER).user
    made = [
        ClaimFactory(article__project=project, article__body=f"Claim {i} was said.") for i in range(claims)
    ]
    for claim in made:
        annotation_save(claim=claim, reviewer=reviewer, verdict="true")
    return project, owner, made


def test_a_looser_policy_verifies_reviewed_claims_at_once():
    project, owner, made = _desk(3)
    assert {Claim.objects.get(pk=c.pk).status for c in made} == {ClaimStatus.IN_REVIEW}
    project_update_policy(
        project=project, user=owner, required_agreeing_reviews=1, requires_editor_approval=False
    )
    after = [Claim.objects.get(pk=c.pk) for c in made]
    assert {(c.status, c.final_verdict) for c in after} == {(ClaimStatus.VERIFIED, "true")}


def test_re_evaluating_costs_a_few_queries_per_claim_not_a_lookup_of_its_project():
    def queries(claims: int) -> int:
        project, owner, _ = _desk(claims)
        with CaptureQueriesContext(connection) as captured:
            project_update_policy(
                project=project, user=owner, required_agreeing_reviews=1, requires_editor_approval=False
            )
        return len(captured)

    # Per claim: its verdicts, its update and its history row.
    assert queries(4) - queries(1) <= 3 * 3


def test_a_role_remembered_for_the_request_is_forgotten_when_the_membership_changes():
    from annotations.permissions import Action, PermissionDenied, require, role_known
    from annotations.services.projects import membership_set

    membership = MembershipFactory(role=Role.EDITOR)
    user, project = membership.user, membership.project
    role_known(user=user, project_id=project.pk, role=Role.EDITOR)
    membership_set(project=project, user=user, role=Role.VIEWER, by=None)
    with pytest.raises(PermissionDenied):
        require(user=user, project=project, action=Action.ANNOTATE)


def test_only_an_owner_changes_roles():
    from annotations.permissions import PermissionDenied
    from annotations.services.projects import membership_set

    editor = MembershipFactory(role=Role.EDITOR)
    reviewer = MembershipFactory(project=editor.project, role=Role.REVIEWER)
    with pytest.raises(PermissionDenied):
        membership_set(project=editor.project, user=reviewer.user, role=Role.OWNER, by=editor.user)


def test_the_api_refuses_to_demote_the_last_owner_with_the_services_reason():
    from rest_framework.test import APIClient

    owner = MembershipFactory(role=Role.OWNER)
    api = APIClient()
    api.force_authenticate(owner.user)
    response = api.patch(
        f"/api/v1/projects/{owner.project.slug}/members/{owner.user.username}/",
        {"role": "viewer"},
        format="json",
    )
    assert (response.status_code, response.json()) == (
        400,
        {"role": ["This is the project's last owner; make someone else owner first."]},
    )


def test_a_taken_slug_is_a_slug_error():
    from django.core.exceptions import ValidationError

    from annotations.services.projects import project_create
    from tests.factories import UserFactory

    project_create(name="Syria desk", owner=UserFactory())
    with pytest.raises(ValidationError) as refused:
        project_create(name="Syria Desk", owner=UserFactory())
    assert list(refused.value.message_dict) == ["slug"]


def test_a_name_without_letters_needs_a_slug():
    from django.core.exceptions import ValidationError

    from annotations.services.projects import project_create
    from tests.factories import UserFactory

    with pytest.raises(ValidationError, match="no letters or digits"):
        project_create(name="!!!", owner=UserFactory())
