"""Publishing in a real browser (Debian's Chromium via Playwright) against the live server:
an editor publishes a verified claim from the claim panel; a fresh, signed-out browser opens
the public page and finds the claim, the verdict and the ClaimReview JSON-LD (with the page's
own address); the editor unpublishes and the page is gone. No CSP violation on either side."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime

import pytest
from django.contrib.auth.models import User

from annotations.models import Article, Claim, ClaimStatus, EvidenceDocument, Project, Publication, Role
from tests.browser import CSP_RECORDER, csp_violations, shot, sign_in
from tests.factories import ArticleFactory, EvidenceFactory, MembershipFactory, ProjectFactory, UserFactory

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

BODY = "Officials said the bridge had reopened on Tuesday. Residents disagreed."


def bridge_desk() -> tuple[Project, User, Article]:
    """A project with a publisher URL, its editor (shown as "Edna Tor") and an article."""
    project = ProjectFactory(
        name="Bridge desk",
        slug="bridge",
        publisher_name="Bridge Checks",
        publisher_url="https://checks.example/",
    )
    editor = UserFactory(username="ed", first_name="Edna Tor")
    MembershipFactory(project=project, user=editor, role=Role.EDITOR)
    article = ArticleFactory(
        project=project,
        title="Bridge news",
        body=BODY,
        url="https://news.example/bridge",
        published_at=datetime(2026, 11, 30, tzinfo=UTC),
        split_status="split",
    )
    return project, editor, article


def assert_withdrawn(reader, url: str) -> None:  # type: ignore[no-untyped-def]
    """The public address answers 410 with the withdrawn page."""
    gone = reader.goto(url)
    assert gone is not None
    assert gone.status == 410
    assert reader.get_by_role("heading", name="This fact check has been withdrawn").is_visible()


def test_an_editor_publishes_and_anyone_reads_the_page(page, browser, live_server):  # type: ignore[no-untyped-def]
    project, editor, article = bridge_desk()
    claim = Claim.objects.create(
        article=article,
        start=15,
        end=49,
        text="The bridge had reopened on Tuesday",
        speaker_text="Officials",
        speaker_start=0,
        speaker_end=9,
        status=ClaimStatus.VERIFIED,
        final_verdict="false",
        final_note="The bridge is still closed.",
        verified_by=editor,
        verified_at=datetime(2026, 12, 1, tzinfo=UTC),
    )

    sign_in(page, "ed")
    page.goto(f"/articles/{article.pk}/?claim={claim.pk}")
    page.get_by_role("heading", name="Public fact check").wait_for()
    page.get_by_role("button", name="Publish", exact=True).click()
    page.get_by_text("Published at").wait_for()
    publication = Publication.objects.get(claim=claim)
    assert publication.live
    link = page.get_by_role("link", name="the public page")
    page.get_by_role("heading", name="Public fact check").scroll_into_view_if_needed()
    shot(page, "publish")
    public_url = live_server.url + str(link.get_attribute("href"))
    assert csp_violations(page) == []

    # A fresh browser: nobody signed in.
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1100, "height": 700})
    context.add_init_script(script=CSP_RECORDER)
    reader = context.new_page()
    try:
        response = reader.goto(public_url)
        assert response is not None
        assert response.status == 200
        assert reader.get_by_role("heading", name="The bridge had reopened on Tuesday").is_visible()
        assert reader.locator(".verdict").inner_text() == "False"
        assert reader.get_by_text("Officials", exact=True).is_visible()  # who made the claim
        review = json.loads(str(reader.locator('script[type="application/ld+json"]').text_content()))
        assert (review["@type"], review["url"], review["claimReviewed"]) == (
            "ClaimReview",
            public_url,
            "The bridge had reopened on Tuesday",
        )
        assert "Edna Tor" not in reader.content()  # who verified and published it stays in the desk
        assert reader.get_by_text(
            "Bridge news · Example Wire · 2026-11-30"
        ).is_visible()  # where and when it appeared
        assert csp_violations(reader) == []
        shot(reader, "fact-check")

        page.get_by_role("button", name="Unpublish").click()
        page.get_by_text("Unpublished: the public page").wait_for()
        assert_withdrawn(reader, public_url)
    finally:
        context.close()


def test_an_editor_publishes_a_report_and_anyone_reads_it(page, browser, live_server):  # type: ignore[no-untyped-def]
    """From the project's Published page: choose verified claims, title and summary, publish;
    a signed-out browser reads the report (each claim, its verdict, one ClaimReview per
    claim, nothing else); the editor unpublishes and the page answers 410."""
    project, editor, article = bridge_desk()
    verified = {"start": 15, "end": 49, "status": ClaimStatus.VERIFIED, "verified_by": editor}
    reopened = Claim.objects.create(
        article=article,
        text="The bridge had reopened on Tuesday",
        speaker_text="Officials",
        attribution_chain=[{"text": "Officials"}, {"text": "a ministry engineer"}],
        final_verdict="false",
        final_note="The bridge is still closed.",
        verified_at=datetime(2026, 12, 1, tzinfo=UTC),
        **verified,
    )
    EvidenceFactory(
        claim=reopened,
        added_by=editor,
        url="https://roads.example/bridge-closure",
        title="Roads agency notice",
        stance="refutes",
    )
    EvidenceDocument.objects.filter(url="https://roads.example/bridge-closure").update(
        capture_status="captured",
        captured_text="The bridge stays closed until January.",
        content_hash="3f9a" * 16,
        fetched_at=datetime(2026, 12, 1, 8, 30, tzinfo=UTC),
    )
    Claim.objects.create(
        article=article,
        text="Residents disagreed with the officials",
        final_verdict="true",
        verified_at=datetime(2026, 12, 2, tzinfo=UTC),
        **verified,
    )
    Claim.objects.create(
        article=article, start=50, end=70, text="Residents disagreed", status=ClaimStatus.DISPUTED
    )
    left_out = Claim.objects.create(
        article=article,
        text="Nobody crossed the bridge",
        final_verdict="unverifiable",
        verified_at=datetime(2026, 12, 3, tzinfo=UTC),
        **verified,
    )

    sign_in(page, "ed")
    page.goto(f"/p/{project.slug}/")
    page.get_by_role("link", name="Published").click()
    page.get_by_role("link", name="Publish a new report").click()
    page.get_by_label("Title").fill("Bridge week")
    page.get_by_label("Summary").fill("What officials and residents said about the **bridge**.")
    page.get_by_label("The bridge had reopened on Tuesday").check()
    page.get_by_label("Residents disagreed with the officials").check()
    assert page.get_by_label("Residents disagreed", exact=True).count() == 0  # disputed: not offered
    page.get_by_role("heading", name="The new report").scroll_into_view_if_needed()
    shot(page, "publish-report")
    page.get_by_role("button", name="Publish", exact=True).press("Enter")  # keyboard reachable
    page.get_by_text("Published “Bridge week” at").wait_for()
    link = page.locator(".published-reports a[href*='/fact-checks/reports/bridge-week-']")
    public_url = str(link.get_attribute("href"))
    assert public_url.startswith(live_server.url)
    assert csp_violations(page) == []

    context = browser.new_context(base_url=live_server.url, viewport={"width": 1100, "height": 900})
    context.add_init_script(script=CSP_RECORDER)
    reader = context.new_page()
    try:
        response = reader.goto(public_url)
        assert response is not None
        assert response.status == 200
        assert reader.get_by_role("heading", name="Bridge week", level=1).is_visible()
        assert reader.locator(".report-summary strong").inner_text() == "bridge"
        assert reader.get_by_role("heading", name="The bridge had reopened on Tuesday", level=2).is_visible()
        assert reader.get_by_role(
            "heading", name="Residents disagreed with the officials", level=2
        ).is_visible()
        assert reader.get_by_text("Officials, citing a ministry engineer").is_visible()  # the source chain
        assert reader.get_by_role("link", name="https://roads.example/bridge-closure").is_visible()
        assert left_out.text not in reader.content()
        assert "Edna Tor" not in reader.content()
        reviews = [
            json.loads(str(s))
            for s in reader.locator('script[type="application/ld+json"]').all_text_contents()
        ]
        assert sorted((r["claimReviewed"], r["url"]) for r in reviews)[1] == (
            "The bridge had reopened on Tuesday",
            f"{public_url}#claim-{reopened.pk}",
        )
        assert len(reviews) == 2
        reader.get_by_role("link", name="The bridge had reopened on Tuesday").click()  # the contents
        assert reader.url.endswith(f"#claim-{reopened.pk}")
        assert csp_violations(reader) == []
        reader.goto(public_url)
        shot(reader, "published-report")

        page.get_by_role("button", name="Unpublish Bridge week").click()
        page.get_by_text("Unpublished “Bridge week”").wait_for()
        assert_withdrawn(reader, public_url)
    finally:
        context.close()
