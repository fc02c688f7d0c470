from __future__ import annotations

import pytest
from django.urls import reverse

from annotations.models import Claim, Sentence
from tests.factories import ArticleFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def member_client(client):
    membership = MembershipFactory()
    client.force_login(membership.user)
    client.membership = membership
    return client


def test_pages_need_a_login(client):
    response = client.get(reverse("annotations:project-list"))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


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
    assert "Damascus fell" in page and "Rebels" in page and "said" in page


def test_outsiders_get_404_not_the_object(member_client):
    other = ArticleFactory(title="Secret desk story")
    assert (
        member_client.get(reverse("annotations:project-detail", args=[other.project.slug])).status_code == 404
    )
    response = member_client.get(reverse("annotations:article-detail", args=[other.pk]))
    assert response.status_code == 404 and b"Secret desk story" not in response.content


def test_article_text_is_escaped(member_client):
    payload = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    article = ArticleFactory(
        project=member_client.membership.project, title=payload, body=f"He said {payload}."
    )
    Sentence.objects.create(article=article, index=0, start=0, end=len(article.body))
    html = member_client.get(reverse("annotations:article-detail", args=[article.pk])).content.decode()
    assert "<script>alert" not in html and "&lt;script&gt;" in html and "<img src=x" not in html


def test_pages_send_a_content_security_policy(member_client):
    response = member_client.get(reverse("annotations:project-list"))
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp


def test_healthz_checks_the_database(client):
    assert client.get(reverse("annotations:healthz")).json() == {"status": "ok"}


def test_login_page_signs_in(client):
    UserFactory(username="ana")
    response = client.post(reverse("login"), {"username": "ana", "password": "correct horse battery staple"})
    assert response.status_code == 302
    assert client.get(reverse("annotations:project-list")).status_code == 200
