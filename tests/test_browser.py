"""The analyst's desk in a real browser (Debian's Chromium driven by Playwright) against
the live server, with a real Celery worker splitting what is imported."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from annotations.models import Annotation, Article, Claim, Role, SplitStatus
from tests.conftest import SEED, wait_for
from tests.factories import MembershipFactory, ProjectFactory, UserFactory

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
# around it are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.worker, pytest.mark.browser]

PASSWORD = "correct horse battery staple"
SHOTS = os.environ.get("CLAIMDESK_SCREENSHOTS", "")


def chromium_path() -> str:
    path = (
        os.environ.get("CLAIMDESK_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    )
    if not path:
        pytest.fail(
            "Chromium not found: `make test` installs Debian's chromium (apt-get install chromium)",
            pytrace=False,
        )
    return path


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=chromium_path(),
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-quic",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):  # type: ignore[no-untyped-def]
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1500, "height": 950})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.errors = errors
    yield page
    context.close()


def sign_in(page, username: str) -> None:  # type: ignore[no-untyped-def]
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/$"))


def shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        # caret="initial": hiding the caret injects a style our CSP (rightly) blocks.
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=False, caret="initial")


def test_import_the_sample_and_annotate_a_claim_with_the_keyboard_only(page, celery_worker):  # type: ignore[no-untyped-def]
    reviewer = UserFactory(username="rana")
    project = ProjectFactory(name="Syria desk", slug="syria")
    MembershipFactory(project=project, user=reviewer, role=Role.REVIEWER)
    sign_in(page, "rana")
    page.get_by_role("link", name="Syria desk").click()
    page.get_by_role("link", name="Import", exact=True).click()
    paste = page.get_by_role("form", name="Paste an article")
    paste.get_by_label("Title").fill("Syrian rebels take Damascus")
    paste.get_by_label("Outlet").fill("Sample wire")
    paste.get_by_label("Article text").fill(SEED.read_text(encoding="utf-8"))
    paste.get_by_role("button", name="Import text").click()
    # Live progress, no reload: queued/splitting, then done with a claim count.
    progress = page.locator("#import-status")
    progress.get_by_text("All done.").wait_for(timeout=120_000)
    shot(page, "import")
    page.get_by_role("link", name="Syrian rebels take Damascus").click()
    page.locator("#claim-list .claim-item").first.wait_for()
    assert page.locator("#article-body .hl-claim").count() > 10
    assert page.locator("#article-body .hl-speaker").count() > 3
    article = Article.objects.get(project=project)
    assert article.split_status == SplitStatus.SPLIT
    first_id = int(page.locator("#claim-list .claim-item.selected").get_attribute("data-claim-id"))
    shot(page, "article")

    # Source is pre-filled from the engine's attribution; then six keys: reliability B,
    # credibility 2, confidence moderate, verdict 1 (True) via "v 1", Enter = save and next.
    page.locator("body").click(position={"x": 5, "y": 5})
    keys = ["b", "2", "m", "v", "1", "Enter"]
    for key in keys:
        page.keyboard.press(key)
    assert len(keys) <= 10
    page.locator("#save-status").get_by_text("Saved.").wait_for()
    wait_for(
        lambda: (
            page.locator("#claim-list .claim-item.selected").get_attribute("data-claim-id") != str(first_id)
        ),
        timeout=10,
        what="the next claim to be selected",
    )
    annotation = Annotation.objects.get(claim_id=first_id, reviewer=reviewer)
    assert (
        annotation.source_reliability,
        annotation.information_credibility,
        annotation.confidence,
        annotation.verdict,
    ) == (
        "B",
        2,
        "moderate",
        "true",
    )
    assert annotation.source is not None
    assert Claim.objects.get(pk=first_id).status == "in_review"

    page.goto(f"/articles/{article.pk}/?claim={first_id}")
    form = page.get_by_role("form", name="Your annotation")
    assert form.get_by_label("B", exact=True).is_checked()
    assert form.get_by_label("2", exact=True).is_checked()
    assert form.get_by_label("Moderate").is_checked()
    assert form.get_by_label("True", exact=True).is_checked()
    page.keyboard.press("?")
    assert page.get_by_role("dialog", name="Keyboard shortcuts").is_visible()
    shot(page, "shortcuts")
    page.keyboard.press("Escape")
    page.goto(f"/p/{project.slug}/")
    shot(page, "overview")
    page.goto(f"/p/{project.slug}/queue/?q=Assad")
    assert page.locator("tbody tr").count() >= 3
    shot(page, "queue")
    assert page.errors == [], page.errors


def test_a_viewer_cannot_annotate(page, client, celery_worker):  # type: ignore[no-untyped-def]
    viewer = UserFactory(username="vera")
    project = ProjectFactory(slug="view-desk")
    MembershipFactory(project=project, user=viewer, role=Role.VIEWER)
    article = Article.objects.create(
        project=project, title="Port reopened", body="Officials said the port reopened.", content_hash="h"
    )
    claim = Claim.objects.create(article=article, start=14, end=32, text="the port reopened")
    sign_in(page, "vera")
    page.goto(f"/articles/{article.pk}/")
    assert page.get_by_text("the port reopened").first.is_visible()
    assert page.get_by_role("form", name="Your annotation").count() == 0
    assert page.get_by_role("link", name="Import", exact=True).count() == 0
    assert page.get_by_role("button", name="Add claim from selected text").count() == 0
    page.keyboard.press("b")
    page.keyboard.press("Enter")
    # The server refuses too, whatever the page shows.
    client.force_login(viewer)
    response = client.post(f"/claims/{claim.pk}/annotate/", {"a-verdict": "true"})
    assert response.status_code == 403
    assert not Annotation.objects.exists()


def test_html_in_an_imported_article_renders_as_text(page, celery_worker):  # type: ignore[no-untyped-def]
    user = UserFactory(username="xena")
    project = ProjectFactory(slug="xss-desk")
    MembershipFactory(project=project, user=user, role=Role.EDITOR)
    payload = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>'
    sign_in(page, "xena")
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(f"/p/{project.slug}/import/")
    paste = page.get_by_role("form", name="Paste an article")
    paste.get_by_label("Title").fill(f"Title {payload}")
    paste.get_by_label("Article text").fill(
        f"Officials said {payload} the bridge reopened. Residents disagreed."
    )
    paste.get_by_role("button", name="Import text").click()
    page.locator("#import-status").get_by_text("All done.").wait_for(timeout=120_000)
    article = Article.objects.get(project=project)
    page.goto(f"/articles/{article.pk}/")
    page.locator("#claim-list .claim-item").first.wait_for()
    assert page.evaluate("window.__pwned") is None
    assert payload in page.locator("#article-body").inner_text()
    assert page.locator("#article-body img, #article-body script").count() == 0
    assert dialogs == []
