"""Evidence in a real browser (Debian's Chromium via Playwright) against the live server,
with a real Celery worker capturing the cited page from a local web server: one reviewer
adds evidence with the keyboard, the worker captures it and the panel shows it without a
reload; a second reviewer does not see it until they have saved their own review, then
sees it after a reload. No CSP violation."""

from __future__ import annotations

import os

import pytest

from annotations.models import CaptureStatus, Claim, Evidence, Role
from tests.browser import CSP_RECORDER, csp_violations, shot, sign_in
from tests.factories import ArticleFactory, MembershipFactory, ProjectFactory, UserFactory

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.worker, pytest.mark.browser]

BODY = "Officials said the port of Latakia stayed closed on Tuesday. Traders disagreed."


def test_a_reviewer_adds_evidence_the_worker_captures_it_and_a_second_reviewer_sees_it_after_reviewing(  # type: ignore[no-untyped-def]
    page, browser, live_server, celery_worker, evidence_site
):
    project = ProjectFactory(name="Port desk", slug="port")
    MembershipFactory(
        project=project, user=UserFactory(username="ana", first_name="Ana Lyst"), role=Role.REVIEWER
    )
    MembershipFactory(project=project, user=UserFactory(username="ben"), role=Role.REVIEWER)
    article = ArticleFactory(project=project, title="Port news", body=BODY, split_status="split")
    claim = Claim.objects.create(
        article=article, start=15, end=59, text="The port of Latakia stayed closed on Tuesday"
    )
    url = f"{evidence_site}/report"

    sign_in(page, "ana")
    page.goto(f"/articles/{article.pk}/?claim={claim.pk}")
    page.get_by_role("heading", name="Evidence").wait_for()
    page.locator("body").click(position={"x": 5, "y": 5})
    page.keyboard.press("u")  # jumps to the evidence link field
    page.keyboard.type(url)
    page.keyboard.press("Tab")
    page.keyboard.type("Port authority report")
    form = page.get_by_role("form", name="Add evidence")
    form.get_by_label("Stance").select_option("refutes")
    form.get_by_label("Note").fill("The authority says it reopened.")
    form.get_by_label("Link").press("Enter")  # Enter in the link field adds it
    evidence = page.locator("#evidence-list .evidence-item")
    evidence.get_by_role("link", name="Port authority report").wait_for()
    # The worker captures the page; the panel follows without a reload.
    evidence.locator(".capture-captured").wait_for(timeout=60_000)
    stored = Evidence.objects.select_related("document").get(claim=claim)
    assert (stored.url, stored.stance, stored.added_by.username) == (url, "refutes", "ana")
    assert stored.document.capture_status == CaptureStatus.CAPTURED
    assert evidence.get_by_text(url, exact=True).is_visible()  # the URL itself, not only its title
    shot(page, "evidence")
    # Ana saves her own review (verdict False).
    page.locator("body").click(position={"x": 5, "y": 5})
    for key in ["v", "5", "s"]:
        page.keyboard.press(key)
    page.locator("#save-status").get_by_text("Saved.").wait_for()
    evidence.get_by_role("link", name="captured text").click()
    page.get_by_text("reopened on Tuesday morning").wait_for()
    assert csp_violations(page) == []

    context = browser.new_context(base_url=live_server.url, viewport={"width": 1500, "height": 950})
    context.add_init_script(script=CSP_RECORDER)
    second = context.new_page()
    try:
        sign_in(second, "ben")
        second.goto(f"/articles/{article.pk}/?claim={claim.pk}")
        second.get_by_text("Other reviewers' evidence appears once you have saved your review.").wait_for()
        assert second.get_by_text("Port authority report").count() == 0
        second.locator("body").click(position={"x": 5, "y": 5})
        for key in ["v", "1", "s"]:
            second.keyboard.press(key)
        second.locator("#save-status").get_by_text("Saved.").wait_for()
        second.reload()
        item = second.locator("#evidence-list .evidence-item")
        item.get_by_role("link", name="Port authority report").wait_for()
        assert item.get_by_text("Added by Ana Lyst").is_visible()
        assert item.locator(".stance").text_content() == "Refutes"
        assert item.locator(".capture-captured").is_visible()
        # Ben may read it but not remove it (only Ana, an editor or an owner may).
        assert item.get_by_role("button", name="Remove evidence Port authority report").count() == 0
        assert csp_violations(second) == []
    finally:
        context.close()
