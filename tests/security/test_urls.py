"""Article, publisher and evidence URLs are refused at the door unless they are http(s)
URLs with a valid host: `"><script>` (escaped on pages, but never stored), other schemes,
bad ports, malformed hosts. The same rule (annotations/weburl.py) on every door: the API,
the page forms, the file importers, the URL import."""

from __future__ import annotations

import pytest
from django.urls import reverse

from annotations.importers import parse_bytes
from annotations.models import Article, Project, Role
from annotations.weburl import InvalidURLError, check_web_url
from tests.api import conftest as api_fixtures
from tests.api.conftest import Desk
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db
desk = api_fixtures.desk  # the API tests' project with one member per role

HOSTILE = [
    '"><script>alert(1)</script>',
    'https://news.example/"><script>alert(1)</script>',
    'https://"><script>alert(1)</script>',
    "https://news.example/a b",
    "https://news.example/<img>",
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "https://news.example:99999/",
    "https://news.example:0/",
    "https://a..b/",
    "https://exa_mple..com/",
    "https://user:pw@news.example/",
    "https://news/",
    "https://2130706433/",
    "https://news.example/\u202ecod.exe",
]
GOOD = [
    "https://news.example/2026/11/24/story?id=7#p2",
    "http://news.example:8080/a%20b",
    "https://\u0645\u062b\u0627\u0644.\u0625\u062e\u062a\u0628\u0627\u0631/\u0645\u0642\u0627\u0644",
    "https://93.184.216.34/x",
    "https://[2001:db8::1]/x",
]


@pytest.mark.parametrize("url", HOSTILE)
def test_the_rule_refuses(url):
    with pytest.raises(InvalidURLError):
        check_web_url(url)


@pytest.mark.parametrize("url", GOOD)
def test_the_rule_accepts(url):
    assert check_web_url(url) == url


@pytest.mark.parametrize("url", HOSTILE)
def test_api_refuses_hostile_article_and_publisher_urls(desk: Desk, url):
    api = desk.client("owner")
    one = api.post("/api/v1/projects/desk/articles/", {"body": "Police said so.", "url": url}, format="json")
    assert one.status_code == 400, one.content
    assert "url" in one.json(), one.content
    bulk = api.post(
        "/api/v1/projects/desk/articles/bulk/",
        {"articles": [{"body": "Fine."}, {"body": "Police said so.", "url": url}]},
        format="json",
    )
    assert bulk.status_code == 400
    assert "url" in bulk.json()["articles"]["1"]
    policy = api.patch("/api/v1/projects/desk/", {"publisher_url": url}, format="json")
    assert policy.status_code == 400
    assert "publisher_url" in policy.json()
    evidence = api.put(
        f"/api/v1/claims/{desk.claim.pk}/annotation/", {"evidence": [{"url": url}]}, format="json"
    )
    assert evidence.status_code == 400
    assert Article.objects.filter(project=desk.project).count() == 1
    assert Project.objects.get(pk=desk.project.pk).publisher_url == ""


def test_api_error_says_what_is_wrong(desk: Desk):
    response = desk.client("owner").post(
        "/api/v1/projects/desk/articles/",
        {"body": "Police said so.", "url": "https://news.example:99999/"},
        format="json",
    )
    assert response.json()["url"] == [
        "Enter an http(s) URL with a valid host: the port '99999' is not a number from 1 to 65535."
    ]


@pytest.mark.parametrize("url", GOOD)
def test_api_accepts_good_urls(desk: Desk, url):
    response = desk.client("owner").post(
        "/api/v1/projects/desk/articles/", {"body": f"Police said {url}.", "url": url}, format="json"
    )
    assert response.status_code == 201, response.content


@pytest.fixture
def owner_client(client):  # type: ignore[no-untyped-def]
    membership = MembershipFactory(role=Role.OWNER)
    client.force_login(membership.user)
    client.project = membership.project
    return client


@pytest.mark.parametrize(
    "url",
    [
        'https://news.example/"><script>alert(1)</script>',
        "https://news.example:99999/",
        "https://a..b/",
        '"><script>',
    ],
)
def test_page_forms_refuse_hostile_urls(owner_client, url):
    project = owner_client.project
    imported = owner_client.post(
        reverse("annotations:project-import", args=[project.slug]),
        {"mode": "paste", "paste-text": "Police said the road was closed.", "paste-url": url},
    )
    assert imported.status_code == 422
    assert not Article.objects.filter(project=project).exists()
    settings_page = owner_client.post(
        reverse("annotations:project-settings", args=[project.slug]),
        {"required_agreeing_reviews": 2, "publisher_name": "Desk", "publisher_url": url},
    )
    assert settings_page.status_code == 200  # the form again, with the error
    assert Project.objects.get(pk=project.pk).publisher_url == ""


@pytest.mark.parametrize(
    "url", ["http://example.com:99999/", "http://[::1/", "http://" + "a" * 64 + ".example/", "http://a..b/"]
)
def test_url_import_of_a_malformed_url_is_a_form_error_not_a_500(owner_client, url):
    owner_client.raise_request_exception = False
    response = owner_client.post(
        reverse("annotations:project-import", args=[owner_client.project.slug]),
        {"mode": "url", "url-url": url},
    )
    assert response.status_code == 422, response.content[:300]
    assert b"valid" in response.content


@pytest.mark.parametrize(
    "name, content",
    [
        ("a.csv", b'title,text,url\nT,Police said so.,"https://news.example/""><script>"\n'),
        ("a.jsonl", b'{"text": "Police said so.", "url": "https://news.example:99999/"}\n'),
        ("a.jsonl", b'{"text": "Police said so.", "url": "\\"><script>alert(1)</script>"}\n'),
    ],
)
def test_file_importers_refuse_hostile_urls(name, content):
    parsed = parse_bytes(content, name=name)
    assert parsed.records == []
    assert "invalid URL" in parsed.errors[0].message


def test_an_html_pages_own_bad_canonical_url_is_dropped_not_stored():
    page = (
        b'<html><head><title>Port</title><link rel="canonical" href="https://x.example/&quot;&gt;&lt;script&gt;">'
        b'<meta property="og:url" content="https://x.example/&quot;&gt;&lt;script&gt;"></head>'
        b"<body><article><p>Officials said the port reopened on Monday after a week of repairs.</p>"
        b"<p>Residents welcomed the news.</p></article></body></html>"
    )
    parsed = parse_bytes(page, name="page.html")
    assert parsed.errors == []
    assert parsed.records[0].url == ""
