"""Adding a member must not tell the owner which usernames or email addresses have accounts.
Any account holder can create a project and so be an owner; "No such user." for unknown
names let them enumerate the accounts. Now every invitation gets the same answer and the
same visible outcome (a pending invitation listed as typed, no new member), whether the
name is unknown, an existing account's username or email, or an inactive account's; only
the matching account sees the invitation and joins by accepting it."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from annotations.models import Invitation, Membership, Role
from tests.api import conftest as api_fixtures
from tests.api.conftest import Desk, token_client
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db
desk = api_fixtures.desk

CASES = ["ghost", "nobody@nowhere.example", "mira", "MIRA@desk.example", "sleeper", "sleeper@desk.example"]


@pytest.fixture
def accounts(db):  # type: ignore[no-untyped-def]
    mira = UserFactory(username="mira", email="mira@desk.example")
    UserFactory(username="sleeper", email="sleeper@desk.example", is_active=False)
    return mira


def _neutral(text: str, who: str) -> str:
    return text.replace(who, "WHO")


def test_api_answers_every_invitation_alike(desk: Desk, accounts):
    owner = desk.client("owner")
    answers, rows = set(), []
    for who in CASES:
        response = owner.post("/api/v1/projects/desk/members/", {"who": who, "role": "viewer"}, format="json")
        assert response.status_code == 202, (who, response.content)
        assert set(response.json()) == {"detail"}
        answers.add(_neutral(response.json()["detail"], who))
    assert len(answers) == 1, answers
    listed = owner.get("/api/v1/projects/desk/invitations/").json()["results"]
    for row in listed:
        rows.append(tuple(sorted(row)))
        assert row["role"] == "viewer"
        assert row["invited_by"] == "owner"
    assert sorted(row["who"] for row in listed) == sorted(CASES)
    assert len(set(rows)) == 1
    # Nobody became a member; nothing else the owner can read changed.
    members = owner.get("/api/v1/projects/desk/members/").json()["results"]
    assert {m["username"] for m in members} == {"owner", "editor", "reviewer", "viewer"}
    # Only the matching active account sees its invitations (by username and by email).
    mine = token_client(accounts).get("/api/v1/invitations/").json()["results"]
    assert len(mine) == 2
    assert {i["project"]["slug"] for i in mine} == {"desk"}
    assert Invitation.objects.filter(invitee__isnull=False).count() == 2


def test_the_old_username_field_gets_the_same_answer(desk: Desk, accounts):
    owner = desk.client("owner")
    old = owner.post("/api/v1/projects/desk/members/", {"username": "ghost", "role": "viewer"}, format="json")
    new = owner.post("/api/v1/projects/desk/members/", {"who": "mira", "role": "viewer"}, format="json")
    assert old.status_code == new.status_code == 202
    assert _neutral(old.json()["detail"], "ghost") == _neutral(new.json()["detail"], "mira")


def test_members_page_answers_every_invitation_alike(client, accounts):
    project = MembershipFactory(role=Role.OWNER, user=UserFactory(username="boss")).project
    client.force_login(project.memberships.get().user)
    url = reverse("annotations:project-members", args=[project.slug])
    pages = set()
    for who in CASES:
        response = client.post(url, {"who": who, "role": "reviewer"}, follow=True)
        assert response.status_code == 200
        assert response.redirect_chain == [(url, 302)]
        page = response.content.decode()
        assert "No account" not in page
        assert "No such" not in page
        message = re.search(r'<ul class="messages" role="status"><li class="[^"]*">(.*?)</li>', page, re.S)
        assert message is not None
        pages.add(_neutral(message.group(1), who))
    assert len(pages) == 1, pages
    listing = client.get(url).content.decode()
    assert all(who in listing for who in CASES)
    assert list(Membership.objects.filter(project=project).values_list("user__username", flat=True)) == [
        "boss"
    ]


def test_accept_decline_and_withdraw(desk: Desk, accounts):
    owner = desk.client("owner")
    mira = token_client(accounts)
    owner.post("/api/v1/projects/desk/members/", {"who": "mira", "role": "editor"}, format="json")
    invitation = Invitation.objects.get(who="mira")
    # Nobody else can accept or decline it, nor see it: the same 404 as an unknown id.
    for other in ("viewer", "outsider"):
        assert desk.client(other).post(f"/api/v1/invitations/{invitation.pk}/accept/").status_code == 404
        assert desk.client(other).post(f"/api/v1/invitations/{invitation.pk}/decline/").status_code == 404
    assert mira.post("/api/v1/invitations/999999/accept/").status_code == 404
    # Only owners list and withdraw.
    assert desk.client("editor").get("/api/v1/projects/desk/invitations/").status_code == 403
    assert (
        desk.client("editor").delete(f"/api/v1/projects/desk/invitations/{invitation.pk}/").status_code == 403
    )
    assert mira.post(f"/api/v1/invitations/{invitation.pk}/decline/").status_code == 204
    assert not Invitation.objects.exists()
    assert not Membership.objects.filter(user=accounts).exists()
    owner.post("/api/v1/projects/desk/members/", {"who": "mira", "role": "editor"}, format="json")
    again = Invitation.objects.get(who="mira")
    assert owner.delete(f"/api/v1/projects/desk/invitations/{again.pk}/").status_code == 204
    assert mira.get("/api/v1/invitations/").json()["results"] == []
    owner.post(
        "/api/v1/projects/desk/members/", {"who": "mira@desk.example", "role": "editor"}, format="json"
    )
    third = Invitation.objects.get()
    assert mira.post(f"/api/v1/invitations/{third.pk}/accept/").json()["role"] == "editor"
    assert Membership.objects.get(project=desk.project, user=accounts).role == Role.EDITOR


def test_an_owner_cannot_invite_themselves_out_of_the_last_ownership(desk: Desk):
    response = desk.client("owner").post(
        "/api/v1/projects/desk/members/", {"who": "owner", "role": "viewer"}, format="json"
    )
    assert response.status_code == 400
    assert Membership.objects.get(project=desk.project, user__username="owner").role == Role.OWNER


def test_only_owners_invite(desk: Desk):
    for who in ("editor", "reviewer", "viewer"):
        response = desk.client(who).post(
            "/api/v1/projects/desk/members/", {"who": "ghost", "role": "viewer"}, format="json"
        )
        assert response.status_code == 403
    assert (
        desk.client("outsider")
        .post("/api/v1/projects/desk/members/", {"who": "ghost", "role": "viewer"}, format="json")
        .status_code
        == 404
    )
    assert not Invitation.objects.exists()
