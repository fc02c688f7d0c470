"""The whole invitation in a real browser (Debian's Chromium via Playwright) against the live
server: an owner invites an email address from the members page; the link is read from the
mail Django sent (the live server runs in this process, so it goes to the locmem outbox); a
fresh browser opens it, chooses a username, display name and password, and lands in the
project with the invited role. Then the owner removes the member and their next page is a 404."""

from __future__ import annotations

import os
import re

import pytest
from django.core import mail

from annotations.models import Membership, Role
from tests.browser import CSP_RECORDER, csp_violations, sign_in
from tests.factories import MembershipFactory, ProjectFactory, UserFactory

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

NEW_PASSWORD = "a fresh and long passphrase 81"


def test_an_invited_address_joins_through_the_emailed_link(page, browser, live_server):  # type: ignore[no-untyped-def]
    project = ProjectFactory(name="Breaking desk", slug="breaking")
    MembershipFactory(
        project=project, user=UserFactory(username="boss", first_name="Bea Oss"), role=Role.OWNER
    )
    sign_in(page, "boss")
    page.goto("/p/breaking/members/")
    page.get_by_label("Username or email").fill("nour@desk.example")
    page.get_by_label("Role").select_option("editor")
    page.get_by_role("button", name="Invite").click()
    page.get_by_text("Invitation to “nour@desk.example” as editor recorded.").wait_for()
    assert [m.to for m in mail.outbox] == [["nour@desk.example"]]
    link = re.search(r"https?://\S+/join/\S+/", mail.outbox[0].body)
    assert link, mail.outbox[0].body

    # A fresh browser: nobody signed in, no cookies.
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1300, "height": 900})
    context.add_init_script(script=CSP_RECORDER)
    fresh = context.new_page()
    try:
        fresh.goto(link.group(0))
        assert fresh.get_by_role("heading", name="Join Breaking desk").is_visible()
        fresh.get_by_label("Username").fill("nour")
        fresh.get_by_label("Display name").fill("Nour Haddad")
        fresh.get_by_label("Password", exact=True).fill(NEW_PASSWORD)
        fresh.get_by_label("The same again").fill(NEW_PASSWORD)
        fresh.get_by_role("button", name="Create my account and join").click()
        fresh.wait_for_url(re.compile(r"/p/breaking/$"))
        assert fresh.get_by_role("heading", name="Breaking desk", exact=True).is_visible()
        assert fresh.get_by_role("link", name="Nour Haddad").is_visible()  # signed in, by display name
        assert csp_violations(fresh) == []
        membership = Membership.objects.get(project=project, user__username="nour")
        assert (membership.role, membership.user.email) == (Role.EDITOR, "nour@desk.example")

        # The link worked once.
        fresh.goto(link.group(0))
        assert fresh.get_by_role("heading", name="This invitation link has been used").is_visible()

        # The owner removes the new member; the member's next page is not found.
        page.goto("/p/breaking/members/")
        assert page.get_by_role("cell", name="Nour Haddad", exact=True).is_visible()
        page.get_by_role("button", name="Remove Nour Haddad").click()
        page.get_by_text("Member removed.").wait_for()
        response = fresh.goto("/p/breaking/")
        assert response is not None
        assert response.status == 404
    finally:
        context.close()
