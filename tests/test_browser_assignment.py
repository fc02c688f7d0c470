"""Assignment in a real browser (Debian's Chromium via Playwright) against the live server:
an editor selects claims in the queue with the keyboard and deals them round-robin to two
reviewers; a reviewer opens "my queue", sees only theirs and annotates one with the keys,
Enter going on to the next claim of their queue; the editor's overview shows the progress
after a reload; the editor dismisses two claims as not check-worthy, and after a reload
they are gone from the default queue and listed under the dismissed filter."""

from __future__ import annotations

import os
import re

import pytest

from annotations.models import Annotation, Article, Assignment, Claim, Role, Sentence
from tests.browser import CSP_RECORDER, csp_violations, shot, sign_in
from tests.conftest import wait_for
from tests.factories import MembershipFactory, ProjectFactory, UserFactory

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

SENTENCES = [
    "Officials said the bridge had reopened on Tuesday.",
    "The mayor said the port was closed.",
    "Police said the road was flooded.",
    "Residents said the market burned down.",
]


def _desk() -> tuple[Article, list[Claim]]:
    project = ProjectFactory(name="Bridge desk", slug="bridge")
    MembershipFactory(project=project, role=Role.EDITOR, user=UserFactory(username="eddie"))
    MembershipFactory(project=project, role=Role.REVIEWER, user=UserFactory(username="ana", first_name="Ana"))
    MembershipFactory(project=project, role=Role.REVIEWER, user=UserFactory(username="ben", first_name="Ben"))
    body = " ".join(SENTENCES)
    article = Article.objects.create(
        project=project, title="Storm news", body=body, content_hash="storm", split_status="split"
    )
    claims = []
    for index, sentence in enumerate(SENTENCES):
        start = body.index(sentence)
        Sentence.objects.create(article=article, index=index, start=start, end=start + len(sentence))
        words = sentence.split(" said ")
        claim_start = start + len(words[0]) + len(" said ")
        claims.append(
            Claim.objects.create(
                article=article,
                start=claim_start,
                end=start + len(sentence) - 1,
                text=words[1].rstrip("."),
                speaker_text=words[0],
                speaker_start=start,
                speaker_end=start + len(words[0]),
            )
        )
    return article, claims


def _rows(page) -> list[str]:  # type: ignore[no-untyped-def]
    return [text.strip() for text in page.locator("#queue-table .queue-claim").all_inner_texts()]


def test_assign_round_robin_my_queue_progress_and_bulk_dismiss(page, browser, live_server):  # type: ignore[no-untyped-def]
    _, claims = _desk()

    # The editor selects all four claims with the keyboard and deals them round-robin.
    sign_in(page, "eddie")
    page.goto("/p/bridge/queue/")
    page.locator("body").click(position={"x": 5, "y": 5})
    page.keyboard.press("j")
    page.keyboard.press("x")
    for _ in range(3):
        page.keyboard.press("j")
    page.keyboard.press("Shift+X")  # the range from the first
    assert page.locator('#queue-table input[name="claims"]:checked').count() == 4
    bulk = page.get_by_role("form", name="Selected claims")
    bulk.get_by_label("Assign", exact=True).check()
    bulk.get_by_label("Round-robin").check()
    bulk.scroll_into_view_if_needed()
    shot(page, "assign")
    bulk.get_by_role("button", name="Apply to selected").click()
    page.get_by_text("4 of 4 claims assigned.").wait_for()
    theirs = {c.pk: Assignment.objects.get(claim=c).reviewer.username for c in claims}
    assert sorted(theirs.values()) == ["ana", "ana", "ben", "ben"]
    mine = [c for c in claims if theirs[c.pk] == "ana"]
    assert csp_violations(page) == []

    # Reviewer A: "My queue" holds only their claims; they annotate the first with the keys.
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1500, "height": 950})
    context.add_init_script(script=CSP_RECORDER)
    ana = context.new_page()
    ana_errors: list[str] = []
    ana.on("pageerror", lambda exc: ana_errors.append(str(exc)))
    try:
        sign_in(ana, "ana")
        ana.goto("/p/bridge/queue/")
        ana.get_by_role("link", name="My queue").click()
        ana.wait_for_url(re.compile(r"assigned=me"))
        assert _rows(ana) == [c.text for c in mine]
        ana.get_by_role("link", name=mine[0].text).click()
        ana.get_by_role("navigation", name="Review queue").wait_for()
        ana.locator("body").click(position={"x": 5, "y": 5})
        for key in ["b", "2", "m", "v", "1", "Enter"]:
            ana.keyboard.press(key)
        # Save and next: on to the next claim of *their* queue.
        ana.wait_for_url(re.compile(rf"claim={mine[1].pk}&"))
        saved = Annotation.objects.get(claim=mine[0], reviewer__username="ana")
        assert (saved.source_reliability, saved.information_credibility, saved.verdict) == ("B", 2, "true")
        assert csp_violations(ana) == []
        assert ana_errors == []
    finally:
        context.close()

    # The editor's overview shows Ana's progress after a reload.
    page.goto("/p/bridge/")
    row = page.locator("#progress tbody tr", has_text="Ana")
    assert row.locator("td").all_inner_texts()[:3] == ["2", "1", "0"]
    page.locator("#progress").scroll_into_view_if_needed()
    shot(page, "progress")

    # Bulk dismiss with a reason: gone from the default queue, listed under the filter.
    page.goto("/p/bridge/queue/")
    page.get_by_role("checkbox", name=f"Select “{claims[0].text}”").check()
    page.get_by_role("checkbox", name=f"Select “{claims[1].text}”").check()
    bulk = page.get_by_role("form", name="Selected claims")
    bulk.get_by_label("Mark not check-worthy").check()
    bulk.get_by_label("Reason (not check-worthy)").fill("Opinion, not a checkable fact")
    bulk.get_by_role("button", name="Apply to selected").click()
    page.get_by_text("2 of 2 claims marked not check-worthy.").wait_for()
    page.reload()
    assert _rows(page) == [claims[2].text, claims[3].text]
    page.get_by_role("link", name="Not check-worthy", exact=True).click()
    wait_for(lambda: "dismissed=only" in page.url, timeout=10, what="the dismissed filter")
    assert _rows(page) == [claims[0].text, claims[1].text]
    assert page.get_by_text("Not check-worthy: Opinion, not a checkable fact").count() == 2
    assert csp_violations(page) == []
    assert page.errors == [], page.errors
