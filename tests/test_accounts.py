"""Password reset from the sign-in page: a one-time, expiring link sent by email that never
reveals whether an address has an account."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a fresh and long passphrase 81"


def _link(message: mail.EmailMessage) -> str:
    found = re.search(r"https?://[^/\s]+(/accounts/password-reset/[^\s]+/)", message.body)
    assert found, message.body
    return found.group(1)


def test_the_sign_in_page_links_to_password_reset(client):
    page = client.get("/accounts/login/").content.decode()
    assert 'href="/accounts/password-reset/"' in page


def test_a_known_address_gets_one_link_by_email(client):
    UserFactory(username="rana", email="rana@desk.example")
    client.post("/accounts/password-reset/", {"email": "rana@desk.example"})
    assert [m.to for m in mail.outbox] == [["rana@desk.example"]]


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client):
    UserFactory(username="rana", email="rana@desk.example")
    known = client.post("/accounts/password-reset/", {"email": "rana@desk.example"}, follow=True)
    mail.outbox.clear()
    unknown = client.post("/accounts/password-reset/", {"email": "nobody@desk.example"}, follow=True)
    assert mail.outbox == []
    assert unknown.content == known.content


def test_the_link_sets_a_password_that_signs_in(client):
    UserFactory(username="rana", email="rana@desk.example")
    client.post("/accounts/password-reset/", {"email": "rana@desk.example"})
    form_url = client.get(_link(mail.outbox[0]), follow=True).redirect_chain[-1][0]
    client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    user = get_user_model().objects.get(username="rana")
    assert user.check_password(NEW_PASSWORD)


def test_the_link_works_only_once(client):
    UserFactory(username="rana", email="rana@desk.example")
    client.post("/accounts/password-reset/", {"email": "rana@desk.example"})
    link = _link(mail.outbox[0])
    form_url = client.get(link, follow=True).redirect_chain[-1][0]
    client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    again = client.get(link, follow=True).content.decode()
    assert "This link no longer works" in again


def test_a_weak_password_is_refused_with_the_reason(client):
    UserFactory(username="rana", email="rana@desk.example")
    client.post("/accounts/password-reset/", {"email": "rana@desk.example"})
    form_url = client.get(_link(mail.outbox[0]), follow=True).redirect_chain[-1][0]
    page = client.post(form_url, {"new_password1": "12345678", "new_password2": "12345678"}).content.decode()
    assert "too common" in page
