from __future__ import annotations

import pytest

from annotations.models import Membership, Role
from tests.api.conftest import Desk, token_client
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_create_project_makes_you_owner():
    api = token_client(UserFactory())
    response = api.post("/api/v1/projects/", {"name": "Election Desk 2027"}, format="json")
    assert response.status_code == 201
    assert response.json()["slug"] == "election-desk-2027" and response.json()["role"] == "owner"
    duplicate = api.post("/api/v1/projects/", {"name": "Other", "slug": "election-desk-2027"}, format="json")
    assert duplicate.status_code == 400 and "slug" in duplicate.json()
    assert api.post("/api/v1/projects/", {"name": "!!!"}, format="json").status_code == 400
    assert (
        api.post("/api/v1/projects/", {"name": "x", "slug": "not a slug"}, format="json").status_code == 400
    )


def test_owner_manages_members(desk: Desk):
    owner = desk.client("owner")
    added = owner.post(
        "/api/v1/projects/desk/members/", {"username": "outsider", "role": "viewer"}, format="json"
    )
    assert added.status_code == 201 and added.json()["role"] == "viewer"
    assert desk.client("outsider").get("/api/v1/projects/desk/").json()["role"] == "viewer"
    changed = owner.patch("/api/v1/projects/desk/members/outsider/", {"role": "editor"}, format="json")
    assert changed.json()["role"] == "editor"
    assert (
        owner.post(
            "/api/v1/projects/desk/members/", {"username": "ghost", "role": "viewer"}, format="json"
        ).status_code
        == 400
    )
    bad_role = owner.patch("/api/v1/projects/desk/members/outsider/", {"role": "admin"}, format="json")
    assert bad_role.status_code == 400 and "role" in bad_role.json()
    members = owner.get("/api/v1/projects/desk/members/").json()["results"]
    assert {m["username"] for m in members} == {"owner", "editor", "reviewer", "viewer", "outsider"}


def test_last_owner_cannot_step_down(desk: Desk):
    owner = desk.client("owner")
    response = owner.patch("/api/v1/projects/desk/members/owner/", {"role": "viewer"}, format="json")
    assert response.status_code == 400
    assert Membership.objects.get(project=desk.project, user__username="owner").role == Role.OWNER
    owner.patch("/api/v1/projects/desk/members/editor/", {"role": "owner"}, format="json")
    assert (
        owner.patch("/api/v1/projects/desk/members/owner/", {"role": "viewer"}, format="json").status_code
        == 200
    )


def test_split_status_counts(desk: Desk):
    body = desk.client("viewer").get("/api/v1/projects/desk/split-status/").json()
    assert body == {"pending": 0, "splitting": 0, "split": 1, "failed": 0, "total": 1}
