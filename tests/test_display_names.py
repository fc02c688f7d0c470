"""People are shown by their display name (set on the account page; their username when they
set none) in the desk: the account menu, the claim panel, the overview, the members page."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from annotations.models import ClaimStatus, Role
from tests.factories import AnnotationFactory, ClaimFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def test_the_account_page_saves_the_display_name(client):
    user = UserFactory(username="rh")
    client.force_login(user)
    client.post(reverse("annotations:account"), {"display_name": "  Rania   Haddad "})
    user.refresh_from_db()
    assert user.get_full_name() == "Rania Haddad"


def test_the_account_page_shows_the_saved_name_after_a_reload(client):
    client.force_login(UserFactory(username="rh"))
    client.post(reverse("annotations:account"), {"display_name": "Rania Haddad"})
    page = client.get(reverse("annotations:account")).content.decode()
    assert 'value="Rania Haddad"' in page


def test_the_account_menu_shows_the_display_name(client):
    client.force_login(UserFactory(username="rh", first_name="Rania Haddad"))
    page = client.get(reverse("annotations:project-list")).content.decode()
    assert ">Rania Haddad</a>" in page


def test_a_blank_display_name_shows_the_username(client):
    client.force_login(UserFactory(username="rh", first_name="Rania Haddad"))
    client.post(reverse("annotations:account"), {"display_name": ""})
    page = client.get(reverse("annotations:project-list")).content.decode()
    assert ">rh</a>" in page


def test_a_too_long_display_name_is_refused_and_nothing_changes(client):
    user = UserFactory(username="rh", first_name="Rania Haddad")
    client.force_login(user)
    response = client.post(reverse("annotations:account"), {"display_name": "x" * 151})
    user.refresh_from_db()
    assert response.status_code == 400
    assert user.first_name == "Rania Haddad"


def test_the_claim_panel_names_other_reviewers_and_the_approver_by_display_name():
    me = MembershipFactory(role=Role.REVIEWER, user=UserFactory(username="me"))
    project = me.project
    omar = MembershipFactory(project=project, user=UserFactory(username="ob", first_name="Omar Badawi")).user
    editor = MembershipFactory(project=project, role=Role.EDITOR, user=UserFactory(username="ed")).user
    editor.first_name = "Edith Tor"
    editor.save()
    claim = ClaimFactory(article__project=project)
    AnnotationFactory(claim=claim, reviewer=me.user, verdict="true")
    AnnotationFactory(claim=claim, reviewer=omar, verdict="false")
    claim.verified_by, claim.verified_at, claim.status = editor, timezone.now(), ClaimStatus.VERIFIED
    claim.final_verdict = "true"
    claim.save()
    page = signed_in(me.user).get(reverse("annotations:claim-panel", args=[claim.pk])).content.decode()
    assert "<strong>Omar Badawi</strong>" in page
    assert "Edith Tor ·" in page
    assert ">ob<" not in page


def test_the_overview_counts_reviews_by_display_name():
    owner = MembershipFactory(role=Role.OWNER)
    omar = MembershipFactory(project=owner.project, user=UserFactory(username="ob", first_name="Omar Badawi"))
    AnnotationFactory(claim=ClaimFactory(article__project=owner.project), reviewer=omar.user, verdict="true")
    page = signed_in(owner.user).get(reverse("annotations:project-detail", args=[owner.project.slug]))
    assert "<tr><td>Omar Badawi</td><td>1</td></tr>" in page.content.decode()


def test_the_members_page_shows_display_names():
    owner = MembershipFactory(role=Role.OWNER)
    MembershipFactory(project=owner.project, user=UserFactory(username="ob", first_name="Omar Badawi"))
    page = signed_in(owner.user).get(reverse("annotations:project-members", args=[owner.project.slug]))
    assert "<td>Omar Badawi</td><td>ob</td>" in page.content.decode()


def test_the_account_page_needs_a_sign_in(client):
    assert client.get(reverse("annotations:account"))["Location"].startswith("/accounts/login/")
    assert get_user_model().objects.count() == 0


def test_the_overview_names_agreement_pairs_by_display_name():
    owner = MembershipFactory(role=Role.OWNER)
    omar = MembershipFactory(project=owner.project, user=UserFactory(username="ob", first_name="Omar Badawi"))
    rania = MembershipFactory(
        project=owner.project, user=UserFactory(username="rh", first_name="Rania Haddad")
    )
    for _ in range(2):
        claim = ClaimFactory(article__project=owner.project)
        AnnotationFactory(claim=claim, reviewer=omar.user, verdict="true")
        AnnotationFactory(claim=claim, reviewer=rania.user, verdict="false")
    page = signed_in(owner.user).get(reverse("annotations:project-detail", args=[owner.project.slug]))
    assert "Verdicts: Omar Badawi × Rania Haddad" in page.content.decode()
