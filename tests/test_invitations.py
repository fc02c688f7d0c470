"""Joining a project by email: an owner invites an address; an address without an account gets
a one-time, expiring link to create one (username, display name, password) and lands in the
project with the invited role; an address with an account is asked to sign in and accept.
No open sign-up: without a link, nobody makes an account. Removing a member."""

from __future__ import annotations

import re
import time

import pytest
from django.contrib.auth import get_user_model
from django.core import mail, signing
from django.test import Client
from django.urls import reverse

from annotations.models import Annotation, Invitation, Membership, Role
from annotations.services.accounts import invitation_link_token
from tests.factories import AnnotationFactory, ClaimFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a fresh and long passphrase 81"


@pytest.fixture
def owner_client(db):  # type: ignore[no-untyped-def]
    client = Client()  # another browser than the `client` fixture's
    membership = MembershipFactory(role=Role.OWNER, user=UserFactory(username="boss", first_name="Bea Oss"))
    client.force_login(membership.user)
    client.project = membership.project
    return client


def invite(client, who: str, role: str = "reviewer"):  # type: ignore[no-untyped-def]
    url = reverse("annotations:project-members", args=[client.project.slug])
    return client.post(url, {"who": who, "role": role}, follow=True)


def link_in(message: mail.EmailMessage) -> str:
    found = re.search(r"https?://[^/\s]+(/join/[^\s]+/)", message.body)
    assert found, message.body
    return found.group(1)


def join(client, link: str, username: str = "newcomer", password: str = PASSWORD, name: str = "Nour Comer"):  # type: ignore[no-untyped-def]
    return client.post(
        link,
        {"username": username, "display_name": name, "password1": password, "password2": password},
        follow=True,
    )


# --- the mail


def test_an_address_without_an_account_is_mailed_a_link(owner_client):
    invite(owner_client, "new@desk.example")
    assert [m.to for m in mail.outbox] == [["new@desk.example"]]


def test_the_mail_names_the_project_and_the_links_lifetime(owner_client):
    invite(owner_client, "new@desk.example")
    body = mail.outbox[0].body
    assert owner_client.project.name in body
    assert "expires after 72 hours" in body


def test_an_address_with_an_account_is_asked_to_sign_in_and_accept(owner_client):
    UserFactory(username="mira", email="mira@desk.example")
    invite(owner_client, "MIRA@desk.example")
    body = mail.outbox[0].body
    assert mail.outbox[0].to == ["mira@desk.example"]
    assert "/join/" not in body
    assert 'Sign in as "mira"' in body


def test_a_username_with_an_account_gets_the_sign_in_mail_at_its_address(owner_client):
    UserFactory(username="mira", email="mira@desk.example")
    invite(owner_client, "mira")
    assert [m.to for m in mail.outbox] == [["mira@desk.example"]]


def test_an_unknown_username_mails_nobody(owner_client):
    invite(owner_client, "ghost")
    assert mail.outbox == []


def test_the_owner_is_told_the_same_with_or_without_an_account(owner_client):
    UserFactory(username="mira", email="mira@desk.example")
    known = invite(owner_client, "mira@desk.example").content.decode()
    unknown = invite(owner_client, "nour@desk.example").content.decode()
    known = known.replace("mira@desk.example", "WHO")
    unknown = unknown.replace("nour@desk.example", "WHO")
    # (the pending list holds both addresses; compare what the answer says)
    answer = re.compile(r'<ul class="messages" role="status">.*?</ul>', re.S)
    assert answer.search(known).group(0) == answer.search(unknown).group(0)  # type: ignore[union-attr]


# --- the link


def test_the_link_opens_a_page_to_join_the_project(owner_client, client):
    invite(owner_client, "new@desk.example", role="editor")
    owner_client.logout()
    page = client.get(link_in(mail.outbox[0])).content.decode()
    assert f"Join {owner_client.project.name}" in page
    assert "editor" in page


def test_joining_makes_the_account_with_the_invited_address_and_password(owner_client):
    invite(owner_client, "new@desk.example")
    owner_client.logout()
    join(owner_client, link_in(mail.outbox[0]))
    user = get_user_model().objects.get(username="newcomer")
    assert (user.email, user.check_password(PASSWORD), user.first_name) == (
        "new@desk.example",
        True,
        "Nour Comer",
    )


def test_joining_lands_in_the_project_with_the_invited_role(owner_client):
    project = owner_client.project
    invite(owner_client, "new@desk.example", role="editor")
    owner_client.logout()
    response = join(owner_client, link_in(mail.outbox[0]))
    assert response.redirect_chain[-1][0] == reverse("annotations:project-detail", args=[project.slug])
    assert Membership.objects.get(project=project, user__username="newcomer").role == Role.EDITOR


def test_joining_signs_the_new_member_in(owner_client):
    invite(owner_client, "new@desk.example")
    owner_client.logout()
    response = join(owner_client, link_in(mail.outbox[0]))
    assert response.context["user"].get_username() == "newcomer"


def test_joining_answers_the_invitation(owner_client):
    invite(owner_client, "new@desk.example")
    owner_client.logout()
    join(owner_client, link_in(mail.outbox[0]))
    assert not Invitation.objects.exists()


def test_the_link_works_once(owner_client, client):
    invite(owner_client, "new@desk.example")
    link = link_in(mail.outbox[0])
    join(client, link)
    client.logout()
    again = client.get(link)
    assert again.status_code == 410
    assert "This invitation link has been used" in again.content.decode()


def test_a_second_account_cannot_be_made_with_a_used_link(owner_client, client):
    invite(owner_client, "new@desk.example")
    link = link_in(mail.outbox[0])
    join(client, link)
    client.logout()
    join(client, link, username="second")
    assert not get_user_model().objects.filter(username="second").exists()


def expired_link(owner_client, monkeypatch, settings) -> str:  # type: ignore[no-untyped-def]
    """A link to a pending invitation, signed just over CLAIMDESK_LINK_HOURS ago."""
    invite(owner_client, "new@desk.example")
    now = time.time()
    monkeypatch.setattr(signing.time, "time", lambda: now - settings.PASSWORD_RESET_TIMEOUT - 5)
    old = invitation_link_token(invitation=Invitation.objects.get())
    monkeypatch.undo()
    return reverse("annotations:invitation-join", args=[old])


def test_an_expired_link_says_so(owner_client, client, monkeypatch, settings):
    response = client.get(expired_link(owner_client, monkeypatch, settings))
    assert response.status_code == 410
    assert "This invitation link has expired" in response.content.decode()


def test_an_expired_link_makes_no_account(owner_client, client, monkeypatch, settings):
    join(client, expired_link(owner_client, monkeypatch, settings))
    assert not get_user_model().objects.filter(username="newcomer").exists()


def test_a_withdrawn_invitations_link_no_longer_works(owner_client, client):
    invite(owner_client, "new@desk.example")
    link = link_in(mail.outbox[0])
    url = reverse("annotations:project-members", args=[owner_client.project.slug])
    owner_client.post(url, {"action": "withdraw", "invitation": Invitation.objects.get().pk})
    assert client.get(link).status_code == 410


def test_an_altered_link_is_not_valid(owner_client, client):
    invite(owner_client, "new@desk.example")
    link = link_in(mail.outbox[0])
    other = Invitation.objects.get().pk + 1
    forged = re.sub(r"/join/\d+:", f"/join/{other}:", link)
    response = client.get(forged)
    assert response.status_code == 404
    assert "not a valid invitation link" in response.content.decode()


def test_a_taken_username_is_refused_and_the_link_still_works(owner_client, client):
    UserFactory(username="taken")
    invite(owner_client, "new@desk.example")
    link = link_in(mail.outbox[0])
    page = join(client, link, username="TAKEN").content.decode()
    assert "That username is taken" in page
    assert client.get(link).status_code == 200


def test_a_weak_password_is_refused_with_the_reason(owner_client, client):
    invite(owner_client, "new@desk.example")
    page = join(client, link_in(mail.outbox[0]), password="12345678").content.decode()
    assert "too common" in page
    assert not get_user_model().objects.filter(username="newcomer").exists()


def test_differing_passwords_are_refused(owner_client, client):
    invite(owner_client, "new@desk.example")
    response = client.post(
        link_in(mail.outbox[0]),
        {"username": "newcomer", "password1": PASSWORD, "password2": PASSWORD + "x"},
    )
    assert "The two passwords differ." in response.content.decode()


def test_there_is_no_sign_up_without_a_link(client):
    response = client.get("/join/")
    assert response.status_code == 404


# --- removing a member


def _remove(client, user_id: int):  # type: ignore[no-untyped-def]
    url = reverse("annotations:project-members", args=[client.project.slug])
    return client.post(url, {"action": "remove", "user": user_id}, follow=True)


def test_a_removed_member_loses_access_at_once(owner_client, client):
    member = MembershipFactory(project=owner_client.project, role=Role.REVIEWER).user
    client.force_login(member)
    assert (
        client.get(reverse("annotations:project-detail", args=[owner_client.project.slug])).status_code == 200
    )
    _remove(owner_client, member.pk)
    assert (
        client.get(reverse("annotations:project-detail", args=[owner_client.project.slug])).status_code == 404
    )


def test_a_removed_members_annotations_stay(owner_client):
    member = MembershipFactory(project=owner_client.project, role=Role.REVIEWER).user
    claim = ClaimFactory(article__project=owner_client.project)
    AnnotationFactory(claim=claim, reviewer=member, verdict="true")
    _remove(owner_client, member.pk)
    assert Annotation.objects.filter(claim=claim, reviewer=member).count() == 1


def test_the_members_page_lists_the_removal(owner_client):
    member = MembershipFactory(project=owner_client.project, role=Role.REVIEWER, user__username="gone").user
    page = _remove(owner_client, member.pk).content.decode()
    assert "Member removed." in page
    assert ">gone<" not in page


def test_the_last_owner_cannot_be_removed(owner_client):
    owner = owner_client.project.memberships.get().user
    page = _remove(owner_client, owner.pk).content.decode()
    assert "last owner" in page
    assert Membership.objects.get(project=owner_client.project, user=owner).role == Role.OWNER


def test_an_owner_may_remove_another_owner(owner_client):
    other = MembershipFactory(project=owner_client.project, role=Role.OWNER).user
    _remove(owner_client, other.pk)
    assert not Membership.objects.filter(project=owner_client.project, user=other).exists()


def test_only_owners_remove(owner_client, client):
    editor = MembershipFactory(project=owner_client.project, role=Role.EDITOR).user
    victim = MembershipFactory(project=owner_client.project, role=Role.REVIEWER).user
    client.force_login(editor)
    url = reverse("annotations:project-members", args=[owner_client.project.slug])
    response = client.post(url, {"action": "remove", "user": victim.pk})
    assert response.status_code == 403
    assert Membership.objects.filter(project=owner_client.project, user=victim).exists()


def test_removing_someone_who_is_not_a_member_changes_nothing(owner_client):
    outsider = MembershipFactory(role=Role.REVIEWER).user
    page = _remove(owner_client, outsider.pk).content.decode()
    assert "not a member" in page
    assert Membership.objects.filter(user=outsider).count() == 1


def test_an_owner_who_leaves_is_taken_to_the_project_list(owner_client):
    MembershipFactory(project=owner_client.project, role=Role.OWNER)
    me = owner_client.project.memberships.get(user__username="boss").user
    response = _remove(owner_client, me.pk)
    assert response.redirect_chain[-1][0] == reverse("annotations:project-list")
    assert not Membership.objects.filter(project=owner_client.project, user=me).exists()
