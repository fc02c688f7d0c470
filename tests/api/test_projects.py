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
    assert response.json()["slug"] == "election-desk-2027"
    assert response.json()["role"] == "owner"
    duplicate = api.post("/api/v1/projects/", {"name": "Other", "slug": "election-desk-2027"}, format="json")
    assert duplicate.status_code == 400
    assert "slug" in duplicate.json()
    assert api.post("/api/v1/projects/", {"name": "!!!"}, format="json").status_code == 400
    assert (
        api.post("/api/v1/projects/", {"name": "x", "slug": "not a slug"}, format="json").status_code == 400
    )


def test_owner_invites_and_the_invitee_accepts(desk: Desk):
    owner = desk.client("owner")
    invited = owner.post(
        "/api/v1/projects/desk/members/", {"who": "outsider", "role": "viewer"}, format="json"
    )
    assert invited.status_code == 202
    assert "outsider" in invited.json()["detail"]
    # Not a member until the invitee accepts.
    assert desk.client("outsider").get("/api/v1/projects/desk/").status_code == 404
    mine = desk.client("outsider").get("/api/v1/invitations/").json()["results"]
    assert [(i["project"]["slug"], i["role"], i["invited_by"]) for i in mine] == [("desk", "viewer", "owner")]
    accepted = desk.client("outsider").post(f"/api/v1/invitations/{mine[0]['id']}/accept/")
    assert accepted.status_code == 200
    assert accepted.json()["role"] == "viewer"
    assert desk.client("outsider").get("/api/v1/projects/desk/").json()["role"] == "viewer"
    assert desk.client("outsider").get("/api/v1/invitations/").json()["results"] == []
    changed = owner.patch("/api/v1/projects/desk/members/outsider/", {"role": "editor"}, format="json")
    assert changed.json()["role"] == "editor"
    # Inviting a current member changes the role at once (the owner sees members anyway).
    again = owner.post(
        "/api/v1/projects/desk/members/", {"username": "outsider", "role": "reviewer"}, format="json"
    )
    assert again.status_code == 202
    assert Membership.objects.get(project=desk.project, user__username="outsider").role == Role.REVIEWER
    bad_role = owner.patch("/api/v1/projects/desk/members/outsider/", {"role": "admin"}, format="json")
    assert bad_role.status_code == 400
    assert "role" in bad_role.json()
    assert owner.post("/api/v1/projects/desk/members/", {"role": "viewer"}, format="json").status_code == 400
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


def test_owner_changes_the_policy_and_reviewed_claims_follow(desk: Desk):
    desk.client("reviewer").put(
        f"/api/v1/claims/{desk.claim.pk}/annotation/", {"verdict": "true"}, format="json"
    )
    assert desk.client("viewer").get(f"/api/v1/claims/{desk.claim.pk}/").json()["status"] == "in_review"
    response = desk.client("owner").patch(
        "/api/v1/projects/desk/",
        {"required_agreeing_reviews": 1, "publisher_url": "https://desk.example"},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["required_agreeing_reviews"] == 1
    assert response.json()["requires_editor_approval"] is False
    assert desk.client("viewer").get(f"/api/v1/claims/{desk.claim.pk}/").json()["status"] == "verified"
    bad = desk.client("owner").patch(
        "/api/v1/projects/desk/", {"required_agreeing_reviews": 0}, format="json"
    )
    assert bad.status_code == 400
    assert "required_agreeing_reviews" in bad.json()
    assert (
        desk.client("owner")
        .patch("/api/v1/projects/desk/", {"publisher_url": "javascript:x"}, format="json")
        .status_code
        == 400
    )


# --- guidelines (issue 17)

GUIDELINES = "/api/v1/projects/desk/guidelines/"


def test_an_editor_puts_guidelines_and_every_member_reads_them_sanitised(desk: Desk):
    desk.client("editor").put(
        GUIDELINES,
        {"markdown": "# Rules\n\n[x](javascript:alert(1)) <b style='color:red'>bold</b>"},
        format="json",
    )
    body = desk.client("viewer").get(GUIDELINES).json()
    assert (body["markdown"].startswith("# Rules"), body["html"], body["updated_by"]) == (
        True,
        "<h1>Rules</h1>\n<p>[x](javascript:alert(1)) <b>bold</b></p>\n",
        "editor",
    )


def test_put_guidelines_stores_them(desk: Desk):
    desk.client("owner").put(GUIDELINES, {"markdown": "Cite two sources."}, format="json")
    desk.project.refresh_from_db()
    assert desk.project.guidelines == "Cite two sources."


def test_a_reviewer_may_not_put_guidelines(desk: Desk):
    response = desk.client("reviewer").put(GUIDELINES, {"markdown": "Mine"}, format="json")
    desk.project.refresh_from_db()
    assert (response.status_code, desk.project.guidelines) == (403, "")


@pytest.mark.parametrize(
    ("markdown", "detail"),
    [
        ("x" * 50_001, "at most 50,000 characters"),
        (12, "Not a valid string"),
        ("a\u0000b", "Null characters"),
    ],
)
def test_bad_guidelines_are_a_400_with_the_reason(desk: Desk, markdown, detail):  # type: ignore[no-untyped-def]
    response = desk.client("owner").put(GUIDELINES, {"markdown": markdown}, format="json")
    assert response.status_code == 400
    assert detail in str(response.json())


def test_guidelines_of_another_project_are_404(desk: Desk):
    assert desk.client("owner").get("/api/v1/projects/elsewhere/guidelines/").status_code == 404
