from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from annotations.models import (
    Annotation,
    Article,
    Claim,
    ClaimOrigin,
    ClaimStatus,
    Membership,
    Role,
    Sentence,
)
from tests.factories import ArticleFactory, ClaimFactory, MembershipFactory, SourceFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def member_client(client):
    membership = MembershipFactory(role=Role.REVIEWER)
    client.force_login(membership.user)
    client.membership = membership
    return client


def as_role(client, project, role):  # type: ignore[no-untyped-def]
    user = MembershipFactory(project=project, role=role).user
    client.force_login(user)
    return user


def test_pages_need_a_login(client):
    response = client.get(reverse("annotations:project-list"))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_member_sees_project_article_and_claims(member_client):
    project = member_client.membership.project
    article = ArticleFactory(
        project=project, title="Damascus falls", body="Rebels said Damascus fell. It is calm."
    )
    sentence = Sentence.objects.create(article=article, index=0, start=0, end=26)
    Claim.objects.create(
        article=article,
        sentence=sentence,
        start=12,
        end=25,
        text="Damascus fell",
        speaker_start=0,
        speaker_end=6,
        speaker_text="Rebels",
        cue_start=7,
        cue_end=11,
        cue_text="said",
    )
    assert project.name in member_client.get(reverse("annotations:project-list")).content.decode()
    page = member_client.get(reverse("annotations:project-detail", args=[project.slug])).content.decode()
    assert "Damascus falls" in page
    page = member_client.get(reverse("annotations:article-detail", args=[article.pk])).content.decode()
    # Highlights in place: the body is reassembled exactly from the segments.
    assert '<span data-s="12" class="hl-claim" data-claims=' in page
    assert '<span data-s="0" class="hl-speaker">Rebels</span>' in page
    assert '<span data-s="7" class="hl-cue">said</span>' in page


def test_outsiders_get_404_not_the_object(member_client):
    other = ArticleFactory(title="Secret desk story")
    claim = ClaimFactory(article=other)
    assert (
        member_client.get(reverse("annotations:project-detail", args=[other.project.slug])).status_code == 404
    )
    response = member_client.get(reverse("annotations:article-detail", args=[other.pk]))
    assert response.status_code == 404
    assert b"Secret desk story" not in response.content
    assert member_client.get(reverse("annotations:claim-panel", args=[claim.pk])).status_code == 404
    assert (
        member_client.post(
            reverse("annotations:claim-annotate", args=[claim.pk]), {"a-verdict": "true"}
        ).status_code
        == 404
    )
    assert member_client.post(reverse("annotations:claim-delete", args=[claim.pk])).status_code == 404
    assert Claim.objects.filter(pk=claim.pk).exists()


def test_article_text_is_escaped(member_client):
    payload = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    article = ArticleFactory(
        project=member_client.membership.project, title=payload, body=f"He said {payload}."
    )
    ClaimFactory(article=article, start=8, end=20, text=payload)
    html = member_client.get(reverse("annotations:article-detail", args=[article.pk])).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;" in html
    assert "<img src=x" not in html


def test_pages_send_a_content_security_policy(member_client):
    response = member_client.get(reverse("annotations:project-list"))
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp


def test_healthz_checks_the_database(client):
    assert client.get(reverse("annotations:healthz")).json() == {"status": "ok"}


def test_login_page_signs_in(client):
    UserFactory(username="ana")
    response = client.post(reverse("login"), {"username": "ana", "password": "correct horse battery staple"})
    assert response.status_code == 302
    assert client.get(reverse("annotations:project-list")).status_code == 200


def test_creating_a_project_makes_me_its_owner(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(reverse("annotations:project-list"), {"name": "Gaza desk", "slug": "gaza"})
    assert response.status_code == 302
    assert Membership.objects.get(project__slug="gaza", user=user).role == Role.OWNER
    again = client.post(reverse("annotations:project-list"), {"name": "Other", "slug": "gaza"})
    assert again.status_code == 200
    assert b"taken" in again.content


def test_only_owners_invite_members(client):
    project = MembershipFactory(role=Role.OWNER).project
    invitee = UserFactory(username="newbie", email="newbie@desk.example")
    as_role(client, project, Role.EDITOR)
    url = reverse("annotations:project-members", args=[project.slug])
    assert client.post(url, {"who": "newbie", "role": "reviewer"}).status_code == 403
    owner = project.memberships.get(role=Role.OWNER).user
    client.force_login(owner)
    response = client.post(url, {"who": "NEWBIE@desk.example", "role": "viewer"}, follow=True)
    assert response.status_code == 200
    assert b"NEWBIE@desk.example" in response.content
    assert not Membership.objects.filter(project=project, user=invitee).exists()  # until accepted
    client.force_login(invitee)
    listing = client.get(reverse("annotations:project-list")).content.decode()
    assert "Invitations for you" in listing
    assert project.name in listing
    invitation = invitee.invitations.get()
    accepted = client.post(reverse("annotations:invitation-answer", args=[invitation.pk, "accept"]))
    assert accepted.status_code == 302
    assert Membership.objects.get(project=project, user=invitee).role == Role.VIEWER


def test_paste_import_queues_and_shows_progress(member_client, django_capture_on_commit_callbacks):
    project = member_client.membership.project
    url = reverse("annotations:project-import", args=[project.slug])
    with django_capture_on_commit_callbacks() as callbacks:
        response = member_client.post(
            url,
            {
                "mode": "paste",
                "paste-title": "Port",
                "paste-text": "Officials said the port reopened.",
                "paste-outlet": "Wire",
            },
        )
    assert response.status_code == 200
    assert len(callbacks) == 1
    article = Article.objects.get(project=project)
    assert f"ids={article.pk}" in response.content.decode()
    status = member_client.get(
        reverse("annotations:import-status", args=[project.slug]), {"ids": str(article.pk)}
    )
    assert b"queued" in status.content
    assert b'hx-trigger="every 1s"' in status.content


def test_the_paste_form_is_sent_as_multipart(member_client):
    """Raw UTF-8 (at most 4 bytes a character), not URL-encoding (up to 12)."""
    project = member_client.membership.project
    page = member_client.get(reverse("annotations:project-import", args=[project.slug])).content.decode()
    paste_form = page[page.index('aria-labelledby="paste-h"') - 200 : page.index('name="mode" value="paste"')]
    assert 'enctype="multipart/form-data"' in paste_form


def test_a_paste_of_the_longest_accepted_article_imports_whole(member_client, settings):
    project = member_client.membership.project
    body = "\u6f22" * settings.CLAIMDESK_MAX_ARTICLE_CHARS  # 3 bytes a character in UTF-8
    member_client.post(
        reverse("annotations:project-import", args=[project.slug]),
        {"mode": "paste", "paste-title": "Long", "paste-text": body},
    )
    assert Article.objects.get(project=project).body == body


def test_bad_uploads_are_reported_and_good_files_still_import(member_client):
    project = member_client.membership.project
    files = [
        SimpleUploadedFile("good.txt", b"Rebels said they hold the airport.\n"),
        SimpleUploadedFile("bad.csv", b"title,body\nx,\n"),
        SimpleUploadedFile("../../etc/passwd.bin", b"\x00\x01binary"),
    ]
    response = member_client.post(
        reverse("annotations:project-import", args=[project.slug]),
        {"mode": "upload", "upload-documents": files},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert Article.objects.filter(project=project).count() == 1
    assert "bad.csv:2" in page
    assert "passwd" in page


def test_url_import_refuses_private_addresses(member_client):
    project = member_client.membership.project
    for target in [
        "http://127.0.0.1:8000/admin/",
        "http://169.254.169.254/latest/meta-data/",
        "file:///etc/passwd",
    ]:
        response = member_client.post(
            reverse("annotations:project-import", args=[project.slug]), {"mode": "url", "url-url": target}
        )
        assert response.status_code == 422, target
    assert not Article.objects.filter(project=project).exists()


def test_viewers_see_no_controls_and_are_refused_by_the_server(client):
    claim = ClaimFactory()
    project = claim.article.project
    as_role(client, project, Role.VIEWER)
    page = client.get(reverse("annotations:article-detail", args=[claim.article_id])).content.decode()
    assert 'id="annotation-form"' not in page
    assert "Fix the extraction" not in page
    assert "Add claim" not in page
    for name, data in [
        ("claim-annotate", {"a-verdict": "true"}),
        ("claim-edit", {"text": "x"}),
        ("claim-split", {"at": 3}),
        ("claim-merge-next", {}),
        ("claim-delete", {}),
    ]:
        assert client.post(reverse(f"annotations:{name}", args=[claim.pk]), data).status_code == 403, name
    assert (
        client.post(
            reverse("annotations:claim-create", args=[claim.article_id]), {"start": 0, "end": 5}
        ).status_code
        == 403
    )
    assert client.get(reverse("annotations:project-import", args=[project.slug])).status_code == 403
    assert Claim.objects.filter(pk=claim.pk, text=claim.text).exists()
    assert not Annotation.objects.exists()


def test_annotate_saves_and_a_bad_value_keeps_the_input(member_client):
    article = ArticleFactory(
        project=member_client.membership.project, body="Officials said the port reopened."
    )
    claim = ClaimFactory(article=article, start=15, end=32)
    url = reverse("annotations:claim-annotate", args=[claim.pk])
    bad = member_client.post(
        url, {"a-verdict": "pants", "a-rationale": "my careful notes"}, HTTP_HX_REQUEST="true"
    )
    assert bad.status_code == 422
    assert "my careful notes" in bad.content.decode()
    good = member_client.post(
        url,
        {
            "a-source_name": "Port authority",
            "a-source_reliability": "B",
            "a-information_credibility": "2",
            "a-confidence": "high",
            "a-verdict": "true",
            "a-rationale": "Seen on webcam.",
            "next": "1",
        },
        HTTP_HX_REQUEST="true",
    )
    assert good.status_code == 200
    annotation = Annotation.objects.get(claim=claim)
    assert annotation.source.name == "Port authority"
    assert annotation.verdict == "true"
    assert 'hx-swap-oob="true"' in good.content.decode()


def test_save_and_next_answers_with_the_next_claims_panel(member_client):
    body = "Officials said the port reopened. Rebels said the road closed."
    article = ArticleFactory(project=member_client.membership.project, body=body)
    first = ClaimFactory(article=article, start=body.index("the port"), end=body.index(". Rebels"))
    second = ClaimFactory(article=article, start=body.index("the road"), end=len(body) - 1)
    first_url = reverse("annotations:claim-annotate", args=[first.pk])
    second_url = reverse("annotations:claim-annotate", args=[second.pk])
    response = member_client.post(
        first_url, {"a-source_reliability": "B", "next": "1"}, HTTP_HX_REQUEST="true"
    )
    page = response.content.decode()
    assert response.status_code == 200
    # The panel that comes back is the next claim's, and so is the form in it (the page's
    # list, highlight and URL follow the panel); the saved claim's status is sent out of band.
    assert f'data-claim-id="{second.pk}"' in page
    assert "Claim 2 of 2" in page
    assert f'hx-post="{second_url}"' in page
    assert first_url not in page
    assert f'id="claim-status-{first.pk}" hx-swap-oob="true"' in page
    assert "Saved claim 1." in page
    assert Annotation.objects.get(claim=first).source_reliability == "B"
    assert not Annotation.objects.filter(claim=second).exists()
    # The last claim has no next: its own panel comes back.
    last = member_client.post(second_url, {"a-source_reliability": "C", "next": "1"}, HTTP_HX_REQUEST="true")
    assert f'data-claim-id="{second.pk}"' in last.content.decode()
    assert "Saved." in last.content.decode()
    assert Annotation.objects.get(claim=second).source_reliability == "C"
    # A plain form post (no JavaScript) lands on the article page, on the next claim.
    plain = member_client.post(first_url, {"a-source_reliability": "D", "next": "1"})
    assert plain.status_code == 302
    assert plain["Location"].endswith(f"/articles/{article.pk}/?claim={second.pk}")
    assert Annotation.objects.get(claim=first).source_reliability == "D"


def test_a_claims_status_shows_the_projects_label_for_its_verdict(member_client):
    project = member_client.membership.project
    project.rating_scale = [
        {**item, "label": "Largely accurate"} if item["value"] == "mostly_true" else item
        for item in project.rating_scale
    ]
    project.save()
    body = "Officials said the port reopened."
    article = ArticleFactory(project=project, body=body)
    claim = ClaimFactory(
        article=article, start=15, end=32, status=ClaimStatus.VERIFIED, final_verdict="mostly_true"
    )
    page = member_client.get(reverse("annotations:article-detail", args=[article.pk])).content.decode()
    assert "<dt>Status</dt><dd>Verified · Largely accurate</dd>" in page
    assert f'id="claim-status-{claim.pk}">Verified · Largely accurate</span>' in page
    panel = member_client.get(reverse("annotations:claim-panel", args=[claim.pk])).content.decode()
    assert "<dt>Status</dt><dd>Verified · Largely accurate</dd>" in panel
    assert "· mostly_true" not in page + panel


def test_the_source_chain_shows_in_the_list_and_fills_the_source_field(member_client):
    project = member_client.membership.project
    body = "Arabic media, citing rebel sources, said the airport closed."
    article = ArticleFactory(project=project, body=body)
    Claim.objects.create(
        article=article,
        start=body.index("the airport"),
        end=len(body) - 1,
        text="the airport closed",
        speaker_start=0,
        speaker_end=12,
        speaker_text="Arabic media",
        attribution_chain=[
            {"start": 0, "end": 12, "text": "Arabic media"},
            {"start": 21, "end": 34, "text": "rebel sources"},
        ],
        source=SourceFactory(project=project, name="Arabic media", default_reliability="C"),
    )
    page = member_client.get(reverse("annotations:article-detail", args=[article.pk])).content.decode()
    assert '<span class="attribution">Arabic media, citing rebel sources</span>' in page
    assert "<dt>Said by</dt><dd>Arabic media, citing rebel sources</dd>" in page
    # The source field starts with the whole chain; each name in it is offered too.
    assert 'id="id_a-source_name" value="Arabic media, citing rebel sources" list="source-options"' in page
    for name in ("Arabic media, citing rebel sources", "Arabic media", "rebel sources"):
        assert f'<option value="{name}"></option>' in page


def test_the_import_page_shows_errors_only_after_a_submit(member_client):
    url = reverse("annotations:project-import", args=[member_client.membership.project.slug])
    page = member_client.get(url).content.decode()
    assert "This field is required" not in page
    assert "errorlist" not in page
    assert "Not imported" not in page
    empty = {
        "paste": {"mode": "paste", "paste-title": "", "paste-text": ""},
        "blank paste": {"mode": "paste", "paste-title": "Port", "paste-text": "  \n\t "},
        "upload": {"mode": "upload", "upload-outlet": ""},
        "url": {"mode": "url", "url-url": ""},
    }
    expected = {
        "paste": "Paste the article&#x27;s text",
        "blank paste": "Paste the article&#x27;s text",
        "upload": "Choose one or more files",
        "url": "Enter the article&#x27;s address",
    }
    for name, data in empty.items():
        response = member_client.post(url, data)
        page = response.content.decode()
        assert response.status_code == 422, name
        assert "Not imported" in page, name
        assert expected[name] in page, name
        # Under the submitted form's field only; the other forms stay quiet.
        assert page.count('class="errorlist') == 1, name
        assert "This field is required" not in page, name
    assert not Article.objects.exists()


def test_fixing_the_extraction_through_the_page(member_client):
    body = "Rebels said Assad fled and Damascus fell."
    article = ArticleFactory(project=member_client.membership.project, body=body)
    claim = ClaimFactory(article=article, start=12, end=40)
    member_client.post(reverse("annotations:claim-split", args=[claim.pk]), {"at": 23})
    texts = sorted(Claim.objects.filter(article=article).values_list("text", flat=True))
    assert texts == ["Assad fled", "and Damascus fell"]
    member_client.post(reverse("annotations:claim-merge-next", args=[claim.pk]))
    assert list(Claim.objects.filter(article=article).values_list("text", flat=True)) == [
        "Assad fled and Damascus fell"
    ]
    member_client.post(reverse("annotations:claim-edit", args=[claim.pk]), {"text": "Assad fled Syria"})
    assert Claim.objects.get(pk=claim.pk).origin == ClaimOrigin.EDITED
    member_client.post(reverse("annotations:claim-create", args=[article.pk]), {"start": 0, "end": 6})
    assert Claim.objects.filter(article=article, origin=ClaimOrigin.MANUAL, text="Rebels").exists()
    member_client.post(reverse("annotations:claim-delete", args=[claim.pk]))
    assert not Claim.objects.filter(pk=claim.pk).exists()
    assert Claim.history.filter(id=claim.pk, history_type="-").exists()


def test_review_queue_filters_and_searches(member_client):
    project = member_client.membership.project
    me = member_client.membership.user
    a = ArticleFactory(
        project=project, outlet="Reuters", body="Assad fled to Moscow, rebels said. Prices rose."
    )
    b = ArticleFactory(project=project, outlet="AP", body="The airport in Damascus closed on Sunday.")
    fled = ClaimFactory(article=a, start=0, end=20, text="Assad fled to Moscow")
    ClaimFactory(article=a, start=35, end=46, text="Prices rose", status="disputed")
    airport = ClaimFactory(article=b, start=0, end=40, text="The airport in Damascus closed on Sunday")
    Annotation.objects.create(claim=airport, reviewer=me, verdict="true")
    url = reverse("annotations:review-queue", args=[project.slug])

    def texts(params: dict[str, str]) -> list[str]:
        response = member_client.get(url, params)
        return [c.text for c in response.context["claims"]]

    assert texts({"q": "moscow"}) == ["Assad fled to Moscow"]
    assert texts({"q": "airports closing"}) == ["The airport in Damascus closed on Sunday"]  # stemmed
    assert texts({"status": "disputed"}) == ["Prices rose"]
    assert texts({"outlet": "ap"}) == ["The airport in Damascus closed on Sunday"]
    assert sorted(texts({"mine": "on"})) == ["Assad fled to Moscow", "Prices rose"]
    assert texts({"verdict": "true"}) == ["The airport in Damascus closed on Sunday"]
    assert len(texts({"source": "999999", "junk": "x"})) == 3  # unknown values are ignored, not errors
    source = SourceFactory(project=project, name="Rebel command")
    Claim.objects.filter(pk=fled.pk).update(source=source)
    assert texts({"source": str(source.pk)}) == ["Assad fled to Moscow"]


@pytest.mark.parametrize("n", [5, 200])
def test_article_page_runs_a_constant_number_of_queries(member_client, n, django_assert_max_num_queries):
    body = " ".join(f"Officials said item {i} arrived." for i in range(n))
    article = ArticleFactory(project=member_client.membership.project, body=body, outlet="Wire")
    source = SourceFactory(project=article.project, name="Officials")
    claims, pos = [], 0
    for i in range(n):
        sentence = f"Officials said item {i} arrived."
        claims.append(
            Claim(
                article=article,
                start=pos + 15,
                end=pos + len(sentence) - 1,
                text=f"item {i} arrived",
                speaker_start=pos,
                speaker_end=pos + 9,
                speaker_text="Officials",
                cue_start=pos + 10,
                cue_end=pos + 14,
                cue_text="said",
                source=source,
            )
        )
        pos += len(sentence) + 1
    Claim.objects.bulk_create(claims)
    with CaptureQueriesContext(connection) as ctx:
        response = member_client.get(reverse("annotations:article-detail", args=[article.pk]))
    assert response.status_code == 200
    assert response.content.decode().count('class="claim-item') == n
    # Same number of queries whatever the number of claims.
    assert len(ctx.captured_queries) <= 14, [q["sql"][:120] for q in ctx.captured_queries]
    queue = reverse("annotations:review-queue", args=[article.project.slug])
    with django_assert_max_num_queries(12):
        member_client.get(queue)


def test_api_tokens_are_created_shown_once_listed_and_revoked(client):
    user = UserFactory()
    client.force_login(user)
    url = reverse("annotations:account-tokens")
    created = client.post(url, {"name": "CMS importer"}).content.decode()
    secret = created.split('id="new-token" type="text" readonly value="', 1)[1].split('"', 1)[0]
    assert len(secret) > 20
    listing = client.get(url).content.decode()
    assert "CMS importer" in listing
    assert secret not in listing
    api = client.__class__()
    assert api.get("/api/v1/projects/", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 200
    token = user.api_tokens.get()
    other = UserFactory()
    client.force_login(other)
    assert client.post(url, {"revoke": token.pk}).status_code == 404  # not yours
    client.force_login(user)
    client.post(url, {"revoke": token.pk})
    assert api.get("/api/v1/projects/", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 401


def test_the_review_queue_pages_through_every_claim_with_a_total_and_sorts(
    member_client, django_assert_max_num_queries
):
    """Issue 14: the queue stopped at 200 rows ("200+ claims") with no way to the rest."""
    import re
    from datetime import timedelta

    from django.utils import timezone

    project = member_client.membership.project
    article = ArticleFactory(project=project, body="x" * 400)
    statuses = ["unreviewed", "in_review", "disputed", "verified"]
    Claim.objects.bulk_create(
        [
            Claim(
                article=article,
                start=i,
                end=i + 1,
                text=f"claim {i}",
                status=statuses[i % 4],
                final_verdict="true" if statuses[i % 4] == "verified" else "",
            )
            for i in range(250)
        ]
    )
    url = reverse("annotations:review-queue", args=[project.slug])

    def link(html: str, rel: str) -> dict[str, str] | None:
        found = re.search(rf'href="\?([^"]*)" rel="{rel}"', html)
        if found is None:
            return None
        return dict(pair.split("=", 1) for pair in found.group(1).split("&amp;"))

    def walk(params: dict[str, str]) -> list[list[int]]:
        """Every page, following the Next link; each page's starts."""
        pages: list[list[int]] = []
        query: dict[str, str] | None = params
        while query is not None:
            with django_assert_max_num_queries(12):  # the same on every page
                response = member_client.get(url, query)
            html = response.content.decode()
            starts = [c.start for c in response.context["claims"]]
            first = sum(map(len, pages)) + 1
            assert f"Claims {first}–{first + len(starts) - 1} of 250" in html
            pages.append(starts)
            query = link(html, "next")
            assert len(pages) <= 3
        return pages

    pages = walk({})
    assert [len(p) for p in pages] == [100, 100, 50]
    assert [s for p in pages for s in p] == list(range(250))  # reading order, each once

    by_status = [s for p in walk({"sort": "status"}) for s in p]
    order = ["disputed", "in_review", "unreviewed", "verified"]
    assert [statuses[s % 4] for s in by_status] == sorted(
        (statuses[s % 4] for s in by_status), key=order.index
    )
    assert sorted(by_status) == list(range(250))

    now = timezone.now()
    for i in range(250):
        Claim.objects.filter(article=article, start=i).update(updated_at=now - timedelta(minutes=i))
    assert [s for p in walk({"sort": "updated"}) for s in p] == list(range(250))  # most recent first

    # Back a page, filters and sort kept; a cursor that cannot be read starts over.
    second = member_client.get(
        url, link(member_client.get(url, {"sort": "updated"}).content.decode(), "next")
    )
    previous = member_client.get(url, link(second.content.decode(), "prev"))
    assert [c.start for c in previous.context["claims"]] == list(range(100))
    assert 'rel="prev"' not in previous.content.decode()
    filtered = member_client.get(url, {"status": "unreviewed"}).content.decode()
    assert "Claims 1–63 of 63" in filtered
    assert 'rel="next"' not in filtered
    assert [c.start for c in member_client.get(url, {"after": "bm90LWEtY3Vyc29y"}).context["claims"]] == list(
        range(100)
    )


def test_split_again_asks_first_when_analysts_changed_the_claims(member_client):
    """Issue 14: "Split again" ran at once even after analysts had changed the claims."""
    from annotations.models import SplitStatus

    project = member_client.membership.project
    article = ArticleFactory(project=project, split_status=SplitStatus.SPLIT)
    claim = ClaimFactory(article=article, start=0, end=9)
    url = reverse("annotations:article-resplit", args=[article.pk])
    # Untouched engine claims: nothing to lose, no question.
    assert member_client.post(url).status_code == 302
    Article.objects.filter(pk=article.pk).update(split_status=SplitStatus.SPLIT)
    member_client.post(reverse("annotations:claim-edit", args=[claim.pk]), {"text": "An analyst's wording"})
    ClaimFactory(article=article, start=10, end=20)
    member_client.post(
        reverse("annotations:claim-delete", args=[ClaimFactory(article=article, start=30, end=40).pk])
    )

    page = member_client.post(url)
    html = page.content.decode()
    assert page.status_code == 200
    assert "Split “" in html
    assert "<strong>1</strong> claim analysts edited, added or reviewed is kept" in html
    assert "<strong>1</strong> claim analysts deleted, split or merged stays removed" in html
    assert "<strong>1</strong> claim nobody touched is replaced" in html
    assert 'name="confirm" value="yes"' in html
    assert "<script>" not in html  # a plain form
    assert Article.objects.get(pk=article.pk).split_status == SplitStatus.SPLIT  # nothing queued yet
    assert member_client.post(url, {"confirm": "yes"}).status_code == 302
    assert Article.objects.get(pk=article.pk).split_status == SplitStatus.PENDING


# --- the speaker, cue and stance form of the panel (issue 15)


def test_the_attribution_form_stores_the_speaker_and_returns_to_the_claim(client):
    claim = ClaimFactory(
        article=ArticleFactory(body="Officials said the port reopened on Monday."), start=15, end=32
    )
    as_role(client, claim.article.project, Role.REVIEWER)
    response = client.post(
        reverse("annotations:claim-attribution", args=[claim.pk]),
        {"speaker": "officials", "cue": "said", "stance": "denied"},
    )
    claim.refresh_from_db()
    assert (response["Location"].endswith(f"?claim={claim.pk}"), claim.speaker_text, claim.speaker_start) == (
        True,
        "Officials",
        0,
    )


def test_the_attribution_form_says_why_html_is_refused(client):
    claim = ClaimFactory()
    as_role(client, claim.article.project, Role.REVIEWER)
    response = client.post(
        reverse("annotations:claim-attribution", args=[claim.pk]),
        {"speaker": "<b>x</b>", "cue": "", "stance": "asserted"},
        follow=True,
    )
    assert "no HTML" in response.content.decode()


def test_the_claims_admin_history_names_the_attribution_edit_and_who_made_it(client):
    from annotations.services.claims import claim_edit_attribution

    claim = ClaimFactory()
    analyst = MembershipFactory(
        project=claim.article.project, role=Role.REVIEWER, user=UserFactory(username="hana")
    )
    claim_edit_attribution(claim=claim, user=analyst.user, stance="denied")
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    page = client.get(reverse("admin:annotations_claim_history", args=[claim.pk])).content.decode()
    assert "edited stance" in page
    assert "hana" in page
