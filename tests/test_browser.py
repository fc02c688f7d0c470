"""The analyst's desk in a real browser (Debian's Chromium driven by Playwright) against
the live server, with a real Celery worker splitting what is imported."""

from __future__ import annotations

import os

import pytest

from annotations.models import Annotation, Article, Claim, Role, SplitStatus, body_hash
from tests.conftest import SEED, wait_for
from tests.factories import MembershipFactory, ProjectFactory, UserFactory

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
# around it are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.worker, pytest.mark.browser]

from tests.browser import (  # noqa: E402,F401 - helpers other browser test modules import from here too
    CSP_RECORDER,
    PASSWORD,
    SHOTS,
    chromium_path,
    csp_violations,
    shot,
    sign_in,
)


def test_import_the_sample_and_annotate_a_claim_with_the_keyboard_only(page, celery_worker):  # type: ignore[no-untyped-def]
    reviewer = UserFactory(username="rana")
    project = ProjectFactory(name="Syria desk", slug="syria")
    MembershipFactory(project=project, user=reviewer, role=Role.REVIEWER)
    sign_in(page, "rana")
    page.get_by_role("link", name="Syria desk").click()
    page.get_by_role("link", name="Import", exact=True).click()
    paste = page.get_by_role("form", name="Paste an article")
    # No error before anything was sent; a blank paste is refused with a clear one.
    assert page.locator(".errorlist").count() == 0
    assert page.get_by_role("alert").count() == 0
    paste.get_by_label("Article text").fill("   ")
    paste.get_by_role("button", name="Import text").click()
    page.get_by_role("alert").get_by_text("Paste the article's text").wait_for()
    assert not Article.objects.filter(project=project).exists()
    assert [e for e in page.errors if "422" not in e] == []  # the refusal's status, 422
    page.errors.clear()
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


# --- the keyboard loop: panel, highlight, list, URL and the saved claim stay one claim ----------


def desk_article(project, n: int = 12) -> tuple[Article, list[Claim]]:  # type: ignore[no-untyped-def]
    """An article of n sentences "Officials said bridge i had reopened.", one claim each."""
    sentences = [f"Officials said bridge {i} had reopened." for i in range(1, n + 1)]
    body = " ".join(sentences)
    article = Article.objects.create(
        project=project,
        title="Bridges",
        body=body,
        content_hash=body_hash(body),
        split_status=SplitStatus.SPLIT,
    )
    claims = []
    at = 0
    for sentence in sentences:
        start = body.index(sentence, at)
        at = start + len(sentence)
        claim_start = start + len("Officials said ")
        claims.append(
            Claim.objects.create(
                article=article,
                start=claim_start,
                end=at - 1,
                text=body[claim_start : at - 1],
                speaker_start=start,
                speaker_end=start + len("Officials"),
                speaker_text="Officials",
                cue_start=start + len("Officials "),
                cue_end=start + len("Officials said"),
                cue_text="said",
            )
        )
    return article, claims


def open_desk(page, username: str, n: int = 12) -> tuple[object, Article, list[Claim]]:  # type: ignore[no-untyped-def]
    """A reviewer signed in on a fresh article of n claims, its first claim open."""
    user = UserFactory(username=username)
    project = ProjectFactory(slug=f"{username}-desk")
    MembershipFactory(project=project, user=user, role=Role.REVIEWER)
    article, claims = desk_article(project, n=n)
    sign_in(page, username)
    page.goto(f"/articles/{article.pk}/")
    wait_until_open(page, claims[0])
    return user, article, claims


DESK_STATE = """() => {
  const panel = document.querySelector("#panel");
  const form = document.querySelector("#annotation-form");
  const selected = Array.from(document.querySelectorAll("#claim-list .claim-item.selected"));
  const current = Array.from(document.querySelectorAll("#article-body .current"));
  const common = current.length ? current.map((s) => s.dataset.claims.split(" "))
    .reduce((a, b) => a.filter((id) => b.includes(id))) : [];
  return {
    panel: panel && panel.dataset.claimId,
    selected: selected.map((li) => li.dataset.claimId).join(","),
    highlighted: current.length ? common.join(",") : "",
    url: new URLSearchParams(location.search).get("claim"),
    form: form ? (form.getAttribute("hx-post").match(/claims\\/(\\d+)\\//) || [])[1] : null,
  };
}"""


def desk_state(page) -> dict[str, str | None]:  # type: ignore[no-untyped-def]
    return dict(page.evaluate(DESK_STATE))


def wait_until_open(page, claim: Claim) -> None:  # type: ignore[no-untyped-def]
    """The panel, the form it posts, the list selection, the highlight in the text and the
    URL all name this claim."""
    want = str(claim.pk)
    expected = {"panel": want, "selected": want, "highlighted": want, "url": want, "form": want}
    try:
        wait_for(lambda: desk_state(page) == expected, timeout=10, what=f"claim {want} to be open")
    except BaseException:
        print("desk state:", desk_state(page))
        raise


def grades(claim: Claim, user) -> tuple[object, ...] | None:  # type: ignore[no-untyped-def]
    annotation = Annotation.objects.filter(claim=claim, reviewer=user).first()
    if annotation is None:
        return None
    return (
        annotation.source_reliability,
        annotation.information_credibility,
        annotation.confidence,
        annotation.verdict,
    )


def test_enter_saves_each_claim_in_turn_and_a_reload_shows_each_its_own_values(page, celery_worker):  # type: ignore[no-untyped-def]
    user, article, claims = open_desk(page, "omar")
    page.locator("body").click(position={"x": 5, "y": 5})

    # Three claims in a row, typed without waiting for the saves, on a slow line (each request
    # sent 0.4 s late): whatever is typed while a save is under way applies to the claim the
    # panel shows next, never to the saved one.
    page.evaluate(
        """() => {
          const send = XMLHttpRequest.prototype.send;
          XMLHttpRequest.prototype.send = function (body) { setTimeout(() => send.call(this, body), 400); };
        }"""
    )
    typed = {
        claims[0].pk: (["b", "2", "m", "v", "1"], ("B", 2, "moderate", "true")),
        claims[1].pk: (["c", "3", "h", "v", "2"], ("C", 3, "high", "mostly_true")),
        claims[2].pk: (["a", "1", "l", "v", "5"], ("A", 1, "low", "false")),
    }
    for keys, _ in typed.values():
        for key in [*keys, "Enter"]:
            page.keyboard.press(key)
    wait_until_open(page, claims[3])
    wait_for(lambda: Annotation.objects.filter(reviewer=user).count() == 3, timeout=10, what="three saves")

    # "Save and next" with the mouse does the same.
    form = page.get_by_role("form", name="Your annotation")
    form.get_by_label("D", exact=True).check()
    form.get_by_label("4", exact=True).check()
    form.get_by_role("button", name="Save and next").click()
    wait_until_open(page, claims[4])
    typed[claims[3].pk] = ([], ("D", 4, "", ""))

    for claim in claims:
        expected = typed.get(claim.pk, (None, None))[1]
        assert grades(claim, user) == expected, (claim.pk, grades(claim, user))
    # And after a reload each claim shows its own values; the others stay empty.
    labels = {"moderate": "Moderate", "high": "High", "low": "Low"}
    verdicts = {"true": "True", "mostly_true": "Mostly true", "false": "False"}
    for claim in claims[:6]:
        page.goto(f"/articles/{article.pk}/?claim={claim.pk}")
        wait_until_open(page, claim)
        form = page.get_by_role("form", name="Your annotation")
        checked = form.locator("input[type=radio]:checked")
        values = sorted(checked.evaluate_all("(els) => els.map((e) => e.value)"))
        if claim.pk in typed:
            reliability, credibility, confidence, verdict = typed[claim.pk][1]
            assert form.get_by_label(reliability, exact=True).is_checked()
            assert form.get_by_label(str(credibility), exact=True).is_checked()
            if confidence:
                assert form.get_by_label(labels[confidence], exact=True).is_checked()
            if verdict:
                assert form.get_by_label(verdicts[verdict], exact=True).is_checked()
            assert len(values) == sum(1 for v in (confidence, verdict) if v) + 2, values
        else:
            assert values == [], (claim.pk, values)
    assert csp_violations(page) == []
    assert page.errors == [], page.errors


def test_clicking_a_claim_moves_the_highlight_and_j_goes_on_from_there(page, celery_worker):  # type: ignore[no-untyped-def]
    user, _, claims = open_desk(page, "lina")
    page.locator("#claim-list .claim-item").nth(4).get_by_role("link").click()
    wait_until_open(page, claims[4])
    page.locator("body").click(position={"x": 5, "y": 5})
    page.keyboard.press("j")
    wait_until_open(page, claims[5])
    page.keyboard.press("k")
    page.keyboard.press("k")
    wait_until_open(page, claims[3])
    # A save goes to the claim on screen.
    page.keyboard.press("e")
    page.keyboard.press("s")
    page.locator("#panel .saved").wait_for()
    wait_until_open(page, claims[3])
    assert grades(claims[3], user) == ("E", None, "", "")
    assert Annotation.objects.filter(reviewer=user).count() == 1
    assert csp_violations(page) == []
    assert page.errors == [], page.errors


def style_every_field(page) -> None:  # type: ignore[no-untyped-def]
    """What browser extensions and test tools do (Playwright's screenshots hide the caret this
    way): write a field's style through the CSSOM, which the CSP allows. It leaves a style
    attribute behind, which htmx's settle step copied to the new panel with setAttribute: an
    inline style the CSP refuses, one console error per field on every save."""
    page.evaluate(
        """() => document.querySelectorAll("#panel input, #panel textarea").forEach((el) => {
          el.style.caretColor = "transparent";
          el.style.removeProperty("caret-color");
        })"""
    )
    assert page.locator("#panel [style]").count() > 20


def test_a_save_logs_no_content_security_policy_violation(page, celery_worker):  # type: ignore[no-untyped-def]
    _, _, claims = open_desk(page, "sami", n=3)
    page.locator("body").click(position={"x": 5, "y": 5})
    style_every_field(page)
    for key in ["b", "2", "s"]:
        page.keyboard.press(key)
    page.locator("#panel .saved").wait_for()
    style_every_field(page)
    page.keyboard.press("j")
    wait_until_open(page, claims[1])
    page.wait_for_timeout(300)  # violations are reported asynchronously
    assert csp_violations(page) == []
    style_every_field(page)
    page.keyboard.press("Enter")
    wait_until_open(page, claims[2])
    page.wait_for_timeout(300)
    assert csp_violations(page) == []
    assert page.errors == [], page.errors


def test_claim_numbers_past_nine_show_in_full(page, celery_worker):  # type: ignore[no-untyped-def]
    open_desk(page, "nour", n=12)
    numbers = page.locator("#claim-list .claim-item .claim-no")
    assert numbers.all_inner_texts() == [f"{i}." for i in range(1, 13)]
    # Each number is drawn whole inside the list, not cut off at its left edge.
    for i in (0, 9, 11):
        assert page.evaluate(
            """([i]) => {
              const list = document.querySelector("#claim-list").getBoundingClientRect();
              const no = document.querySelectorAll("#claim-list .claim-no")[i];
              const box = no.getBoundingClientRect();
              return box.left >= list.left && box.right <= list.right && no.scrollWidth <= no.clientWidth;
            }""",
            [i],
        ), i


# --- fixing the attribution in the panel (issue 15) ------------------------------------------


def test_an_analyst_corrects_the_speaker_and_stance_in_the_panel(page):  # type: ignore[no-untyped-def]
    user, article, claims = open_desk(page, "samir", n=3)
    claim = claims[1]
    page.locator("#claim-list .claim-item").nth(1).locator("a").click()
    wait_until_open(page, claim)
    page.locator("#panel details.fix summary").click()
    who = page.get_by_role("form", name="Who said it")
    who.get_by_label("Speaker", exact=True).fill("Syrian state media")
    who.get_by_label("Stance of the speaker").select_option("denied")
    who.get_by_role("button", name="Save attribution").click()
    page.get_by_text("Attribution saved.").wait_for()
    page.reload()
    wait_until_open(page, claim)
    page.locator("#panel details.fix summary").click()
    assert (
        page.get_by_role("form", name="Who said it").get_by_label("Speaker", exact=True).input_value()
        == "Syrian state media"
    )
    assert page.locator("#panel .facts").get_by_text("Syrian state media").is_visible()
    stored = Claim.objects.get(pk=claim.pk)
    assert (stored.speaker_text, stored.speaker_start, stored.stance, stored.source.name) == (
        "Syrian state media",
        None,
        "denied",
        "Syrian state media",
    )
    assert csp_violations(page) == []
    assert page.errors == []


# --- guidelines in the desk (issue 17) -----------------------------------------------------------


def test_an_editor_writes_guidelines_and_the_desk_opens_them_with_g(page):  # type: ignore[no-untyped-def]
    editor = UserFactory(username="edna")
    project = ProjectFactory(name="Guided desk", slug="guided")
    MembershipFactory(project=project, user=editor, role=Role.EDITOR)
    article, claims = desk_article(project, n=2)
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    sign_in(page, "edna")
    page.goto(f"/p/{project.slug}/settings/")
    page.get_by_label("Guidelines (Markdown)").fill(
        "# House rules\n\nTwo independent sources before **True**.\n\n"
        '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">'
        '<p style="color:red" onclick="window.__pwned = 3">styled</p>\n\n[bad](javascript:window.__pwned=4)'
    )
    page.get_by_role("button", name="Save guidelines").click()
    page.get_by_text("Guidelines saved").wait_for()
    page.goto(f"/articles/{article.pk}/")
    wait_until_open(page, claims[0])
    page.keyboard.press("g")
    sheet = page.get_by_role("dialog", name="Guidelines")
    sheet.get_by_role("heading", name="House rules").wait_for()
    assert sheet.locator("strong").inner_text() == "True"
    assert sheet.locator("script, img, [style], [onclick]").count() == 0
    sheet.get_by_text("styled").click()
    shot(page, "guidelines")
    page.keyboard.press("j")  # desk keys wait while the sheet is open
    assert desk_state(page)["panel"] == str(claims[0].pk)
    page.keyboard.press("g")
    assert not sheet.is_visible()
    page.keyboard.press("?")
    assert (
        page.get_by_role("dialog", name="Keyboard shortcuts")
        .get_by_text("the project's guidelines")
        .is_visible()
    )
    assert page.evaluate("window.__pwned") is None
    assert dialogs == []
    assert csp_violations(page) == []
    assert page.errors == []
