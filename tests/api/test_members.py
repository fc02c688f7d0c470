"""Removing a member through the API: owners only, never the last owner; the removed member
loses access at once and their annotations stay. Members carry their display name."""

from __future__ import annotations

import pytest

from annotations.models import Annotation, Membership, Role
from tests.api import conftest as api_fixtures
from tests.api.conftest import Desk
from tests.factories import AnnotationFactory

pytestmark = pytest.mark.django_db
desk = api_fixtures.desk


def test_an_owner_removes_a_member(desk: Desk):
    response = desk.client("owner").delete("/api/v1/projects/desk/members/reviewer/")
    assert response.status_code == 204
    assert not Membership.objects.filter(project=desk.project, user__username="reviewer").exists()


def test_the_removed_member_is_refused_at_once(desk: Desk):
    reviewer = desk.client("reviewer")
    assert reviewer.get("/api/v1/projects/desk/").status_code == 200
    desk.client("owner").delete("/api/v1/projects/desk/members/reviewer/")
    assert reviewer.get("/api/v1/projects/desk/").status_code == 404


def test_the_removed_members_annotations_stay(desk: Desk):
    AnnotationFactory(claim=desk.claim, reviewer=desk.users["reviewer"], verdict="true")
    desk.client("owner").delete("/api/v1/projects/desk/members/reviewer/")
    assert Annotation.objects.filter(claim=desk.claim, reviewer=desk.users["reviewer"]).count() == 1


def test_the_last_owner_cannot_be_removed(desk: Desk):
    response = desk.client("owner").delete("/api/v1/projects/desk/members/owner/")
    assert response.status_code == 400
    assert Membership.objects.get(project=desk.project, user__username="owner").role == Role.OWNER


@pytest.mark.parametrize("who", ["editor", "reviewer", "viewer"])
def test_only_owners_remove(desk: Desk, who: str):
    response = desk.client(who).delete("/api/v1/projects/desk/members/viewer/")
    assert response.status_code == 403
    assert Membership.objects.filter(project=desk.project, user__username="viewer").exists()


def test_outsiders_are_not_told_the_project_exists(desk: Desk):
    assert desk.client("outsider").delete("/api/v1/projects/desk/members/viewer/").status_code == 404


def test_removing_a_non_member_is_not_found(desk: Desk):
    assert desk.client("owner").delete("/api/v1/projects/desk/members/outsider/").status_code == 404


def test_members_carry_their_display_name(desk: Desk):
    reviewer = desk.users["reviewer"]
    reviewer.first_name = "Rania Haddad"  # type: ignore[attr-defined]
    reviewer.save()  # type: ignore[attr-defined]
    members = desk.client("viewer").get("/api/v1/projects/desk/members/").json()["results"]
    assert {m["username"]: m["display_name"] for m in members}["reviewer"] == "Rania Haddad"


def test_a_member_without_a_display_name_is_shown_by_username(desk: Desk):
    members = desk.client("viewer").get("/api/v1/projects/desk/members/").json()["results"]
    assert {m["username"]: m["display_name"] for m in members}["editor"] == "editor"
