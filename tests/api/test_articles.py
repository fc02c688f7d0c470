from __future__ import annotations

import json
import time
import uuid

import pytest

from annotations.models import Article, IdempotencyRecord, SplitStatus
from tests.api.conftest import Desk, make_article

pytestmark = pytest.mark.django_db

ARTICLES = "/api/v1/projects/desk/articles/"
BULK = "/api/v1/projects/desk/articles/bulk/"


def test_create_one_article_then_read_it_and_its_status(desk: Desk):
    api = desk.client("reviewer")
    response = api.post(
        ARTICLES,
        {
            "title": "Bridge",
            "body": "  Officials said the bridge reopened.\n",
            "url": "https://news.example/b",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["split_status"] == "pending"
    article = Article.objects.get(pk=created["id"])
    assert article.body == "  Officials said the bridge reopened.\n"  # verbatim
    assert article.created_by == desk.users["reviewer"]
    status = api.get(f"/api/v1/articles/{article.pk}/status/").json()
    assert status["split_status"] == "pending"
    assert status["claim_count"] == 0
    detail = api.get(f"/api/v1/articles/{article.pk}/").json()
    assert detail["body"] == article.body
    assert detail["sentences"] == []
    assert detail["claims"] == []


def test_same_text_twice_is_refused(desk: Desk):
    api = desk.client("owner")
    body = {"body": "Officials said the bridge reopened."}
    assert api.post(ARTICLES, body, format="json").status_code == 201
    again = api.post(ARTICLES, {"body": "Officials  said the bridge\nreopened."}, format="json")
    assert again.status_code == 400
    assert "same text" in again.json()["detail"]


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({}, "body"),
        ({"body": ""}, "body"),
        ({"body": "   \n "}, "body"),
        ({"body": "nul \x00 byte"}, "body"),
        ({"body": "ok", "url": "javascript:alert(1)"}, "url"),
        ({"body": "ok", "url": "ftp://files.example/x"}, "url"),
        ({"body": "ok", "title": "t" * 501}, "title"),
        ({"body": "ok", "published_at": "yesterday"}, "published_at"),
        ({"body": 12}, "body"),
        ({"body": ["a"]}, "body"),
    ],
)
def test_invalid_article_is_a_field_error(desk: Desk, payload, field):
    response = desk.client("owner").post(ARTICLES, payload, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()
    assert Article.objects.filter(project=desk.project).count() == 1


@pytest.mark.parametrize("where", ["body", "title", "outlet"])
def test_a_lone_surrogate_is_refused_with_its_code_point(desk: Desk, where):
    payload = {"body": "Officials said the bridge reopened.", where: "broken \ud800 text"}
    response = desk.client("owner").post(
        ARTICLES, json.dumps(payload, ensure_ascii=True), content_type="application/json"
    )
    assert response.json()[where] == ["Surrogate characters are not allowed: U+D800."]


def test_huge_article_is_refused(desk: Desk, settings):
    settings.CLAIMDESK_MAX_ARTICLE_CHARS = 1000
    response = desk.client("owner").post(ARTICLES, {"body": "word " * 300}, format="json")
    assert response.status_code == 400
    assert "limit" in response.json()["body"][0]


def test_oversized_request_body_is_413(desk: Desk, settings):
    settings.CLAIMDESK_API_MAX_BODY_BYTES = 1000
    response = desk.client("owner").post(ARTICLES, {"body": "word " * 300}, format="json")
    assert response.status_code == 413
    assert set(response.json()) == {"detail"}


@pytest.mark.parametrize(
    ("data", "content_type", "status"),
    [
        (b"", "application/json", 400),  # no body at all: the required field is missing
        (b"\x89PNG\r\n\x1a\n\x00\x00binary", "application/json", 400),
        (b'{"body": "unterminated', "application/json", 400),
        (b'["a list"]', "application/json", 400),
        (b"body=hello", "application/x-www-form-urlencoded", 415),
        (b"\x00\x01\x02", "application/octet-stream", 415),
    ],
)
def test_malformed_requests(desk: Desk, data, content_type, status):
    response = desk.client("owner").generic("POST", ARTICLES, data, content_type=content_type)
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    assert isinstance(response.json(), dict)


def test_hostile_html_is_stored_verbatim_and_returned_as_json_string(desk: Desk):
    hostile = '<script>alert("x")</script><img src=x onerror=alert(1)> said the "minister".'
    api = desk.client("owner")
    created = api.post(ARTICLES, {"title": "<b>bold</b>", "body": hostile}, format="json").json()
    response = api.get(f"/api/v1/articles/{created['id']}/")
    assert response["Content-Type"] == "application/json"
    assert response.json()["body"] == hostile
    assert response.json()["title"] == "<b>bold</b>"
    assert b"<script>" in response.content  # JSON, not HTML: nothing to escape, nothing rendered


def test_bulk_create_1000_articles_in_one_call(desk: Desk, django_assert_max_num_queries):
    articles = [
        {
            "title": f"Story {i}",
            "body": f"Officials said figure {i} was accurate. Critics disagreed.",
            "outlet": "Wire",
        }
        for i in range(1000)
    ]
    api = desk.client("editor")
    started = time.perf_counter()
    with django_assert_max_num_queries(30):  # not one query (or more) per article
        response = api.post(BULK, {"articles": articles}, format="json")
    elapsed = time.perf_counter() - started
    assert response.status_code == 202, response.content[:500]
    body = response.json()
    assert len(body["created"]) == 1000
    assert body["duplicates"] == []
    assert body["errors"] == []
    assert [c["index"] for c in body["created"]] == list(range(1000))
    titles = dict(
        Article.objects.filter(pk__in=[c["id"] for c in body["created"]]).values_list("id", "title")
    )
    assert all(titles[c["id"]] == f"Story {c['index']}" for c in body["created"])
    assert Article.objects.filter(project=desk.project, split_status=SplitStatus.PENDING).count() == 1000
    assert elapsed < 15, f"bulk create took {elapsed:.1f}s"


def test_bulk_reports_duplicates_by_position(desk: Desk):
    payload = {
        "articles": [
            {"body": "A new story about the port."},
            {"body": desk.article.body},  # already in the project
            {"body": "A new story about the port."},  # twice in this call
        ]
    }
    body = desk.client("owner").post(BULK, payload, format="json").json()
    assert [c["index"] for c in body["created"]] == [0]
    assert sorted(d["index"] for d in body["duplicates"]) == [1, 2]


def test_bulk_with_one_invalid_article_imports_nothing(desk: Desk):
    payload = {"articles": [{"body": "Fine story."}, {"body": "Bad url.", "url": "file:///etc/passwd"}]}
    response = desk.client("owner").post(BULK, payload, format="json")
    assert response.status_code == 400, response.content
    # Errors by position, only for the articles that have some.
    assert list(response.json()["articles"]) == ["1"]
    assert "url" in response.json()["articles"]["1"]
    assert Article.objects.filter(project=desk.project).count() == 1


@pytest.mark.parametrize("payload", [{}, {"articles": []}, {"articles": "x"}, {"articles": [{}] * 5001}])
def test_bulk_shape_errors(desk: Desk, payload):
    response = desk.client("owner").post(BULK, payload, format="json")
    assert response.status_code == 400
    assert "articles" in response.json()


def test_idempotency_key_replays_instead_of_importing_twice(desk: Desk):
    api = desk.client("owner")
    key = str(uuid.uuid4())
    payload = {"title": "Once", "body": "Only imported once, however often it is retried."}
    first = api.post(ARTICLES, payload, format="json", HTTP_IDEMPOTENCY_KEY=key)
    second = api.post(ARTICLES, payload, format="json", HTTP_IDEMPOTENCY_KEY=key)
    assert first.status_code == second.status_code == 201
    assert first.json() == second.json()
    assert second["Idempotent-Replayed"] == "true"
    assert Article.objects.filter(project=desk.project, title="Once").count() == 1
    # Without the key the retry is a (refused) duplicate.
    assert api.post(ARTICLES, payload, format="json").status_code == 400


def test_idempotency_key_with_a_different_body_is_422(desk: Desk):
    api = desk.client("owner")
    key = "import-2026-11-24-1"
    assert (
        api.post(ARTICLES, {"body": "First text."}, format="json", HTTP_IDEMPOTENCY_KEY=key).status_code
        == 201
    )
    response = api.post(ARTICLES, {"body": "Other text."}, format="json", HTTP_IDEMPOTENCY_KEY=key)
    assert response.status_code == 422
    assert set(response.json()) == {"detail"}
    assert not Article.objects.filter(body="Other text.").exists()


def test_idempotency_keys_are_per_user(desk: Desk):
    payload = {"body": "Shared key text."}
    assert (
        desk.client("owner").post(ARTICLES, payload, format="json", HTTP_IDEMPOTENCY_KEY="k").status_code
        == 201
    )
    # Another user with the same key is not replayed someone else's response.
    second = desk.client("editor").post(ARTICLES, payload, format="json", HTTP_IDEMPOTENCY_KEY="k")
    assert second.status_code == 400
    assert "Idempotent-Replayed" not in second


def test_failed_request_is_not_stored_so_a_fixed_retry_works(desk: Desk):
    api = desk.client("owner")
    assert api.post(ARTICLES, {"body": ""}, format="json", HTTP_IDEMPOTENCY_KEY="fix-me").status_code == 400
    assert not IdempotencyRecord.objects.exists()
    fixed = api.post(ARTICLES, {"body": "Now with text."}, format="json", HTTP_IDEMPOTENCY_KEY="fix-me")
    assert fixed.status_code == 201


def test_bulk_is_idempotent_too(desk: Desk):
    api = desk.client("owner")
    payload = {"articles": [{"body": f"Bulk story {i}."} for i in range(5)]}
    first = api.post(BULK, payload, format="json", HTTP_IDEMPOTENCY_KEY="bulk-1")
    second = api.post(BULK, payload, format="json", HTTP_IDEMPOTENCY_KEY="bulk-1")
    assert first.json() == second.json()
    assert len(first.json()["created"]) == 5
    assert Article.objects.filter(project=desk.project).count() == 6


@pytest.mark.parametrize("key", ["", "x" * 201, "tab\there"])
def test_bad_idempotency_key_is_400(desk: Desk, key):
    response = desk.client("owner").post(ARTICLES, {"body": "Text."}, format="json", HTTP_IDEMPOTENCY_KEY=key)
    assert response.status_code == 400
    assert set(response.json()) == {"detail"}


def test_article_list_pages_with_a_cursor(desk: Desk):
    for i in range(6):
        make_article(desk.project, body=f"Story number {i} said something.")
    api = desk.client("viewer")
    seen: list[int] = []
    url = ARTICLES + "?page_size=3"
    pages = 0
    while url:
        page = api.get(url).json()
        seen += [a["id"] for a in page["results"]]
        url = page["next"]
        pages += 1
    assert pages == 3
    assert len(seen) == len(set(seen)) == 7
    assert seen == sorted(seen, reverse=True)  # newest first
    assert "body" not in api.get(ARTICLES).json()["results"][0]


def test_bad_cursor_is_404_and_oversized_page_is_capped(desk: Desk):
    api = desk.client("viewer")
    assert api.get(ARTICLES + "?cursor=garbage").status_code == 404
    assert api.get(ARTICLES + "?page_size=100000").status_code == 200


@pytest.mark.parametrize("raw", [b"p=abc", b"p=", b"p=1\x00", b"o=-5&p=1", b"r=1&p=x"])
@pytest.mark.parametrize("path", ["articles", "claims", "sources", "members"])
def test_forged_cursors_are_404(desk: Desk, raw, path):
    import base64

    cursor = base64.b64encode(raw).decode()
    response = desk.client("viewer").get(f"/api/v1/projects/desk/{path}/", {"cursor": cursor})
    assert response.status_code == 404
    assert response.json() == {"detail": "Invalid cursor"}


def test_article_filters_are_an_allow_list(desk: Desk):
    Article.objects.filter(pk=make_article(desk.project, body="A pending one.").pk).update(
        split_status="pending"
    )
    api = desk.client("viewer")
    pending = api.get(ARTICLES + "?split_status=pending").json()["results"]
    assert [a["split_status"] for a in pending] == ["pending"]
    # Unknown parameters (including ORM-looking ones) are ignored, not applied.
    everything = api.get(ARTICLES + "?project__slug=elsewhere&body__contains=Secret&title__regex=.*").json()
    assert len(everything["results"]) == 2
    assert api.get(ARTICLES + "?split_status=bogus").status_code == 400
    assert api.get(ARTICLES + "?created_after=not-a-date").status_code == 400


def test_article_list_has_no_n_plus_one(desk: Desk, django_assert_max_num_queries):
    for i in range(30):
        make_article(desk.project, body=f"Story {i} said a thing.")
    api = desk.client("viewer")
    api.get(ARTICLES)  # warm the token's last_used_at write
    with django_assert_max_num_queries(4):
        assert len(api.get(ARTICLES).json()["results"]) == 31


def test_article_detail_has_no_n_plus_one(desk: Desk, django_assert_max_num_queries):
    from tests.api.conftest import make_claim

    for start in range(0, 40, 2):
        make_claim(desk.article, start=start, end=start + 5)
    api = desk.client("viewer")
    api.get(f"/api/v1/articles/{desk.article.pk}/")
    with django_assert_max_num_queries(5):
        body = api.get(f"/api/v1/articles/{desk.article.pk}/").json()
    assert len(body["claims"]) == 21
    assert body["sentences"][0]["text"] == desk.article.body[0:53]


def test_resplit_puts_the_article_back_to_pending(desk: Desk):
    response = desk.client("reviewer").post(f"/api/v1/articles/{desk.article.pk}/resplit/")
    assert response.status_code == 202
    assert response.json()["split_status"] == "pending"


def test_import_is_throttled(desk: Desk, monkeypatch):
    from rest_framework.throttling import ScopedRateThrottle

    monkeypatch.setitem(ScopedRateThrottle.THROTTLE_RATES, "import", "2/minute")
    api = desk.client("owner")
    codes = [api.post(ARTICLES, {"body": f"Story {i}."}, format="json").status_code for i in range(3)]
    assert codes == [201, 201, 429]
    assert api.get(ARTICLES).status_code == 200  # reads are not throttled


@pytest.mark.django_db(transaction=True)
def test_concurrent_retries_with_one_key_import_once():
    """Two requests with the same Idempotency-Key at the same moment: the advisory lock
    makes the second wait for the first and replay it."""
    import threading

    from django.db import connection

    from tests.api.conftest import token_client
    from tests.factories import MembershipFactory

    membership = MembershipFactory(role="owner")
    path = f"/api/v1/projects/{membership.project.slug}/articles/bulk/"
    payload = {"articles": [{"body": f"Concurrent story {i}."} for i in range(200)]}
    clients = [token_client(membership.user) for _ in range(4)]
    barrier = threading.Barrier(len(clients))
    results: list[tuple[int, dict]] = []

    def post(client) -> None:  # type: ignore[no-untyped-def]
        barrier.wait()
        try:
            response = client.post(path, payload, format="json", HTTP_IDEMPOTENCY_KEY="same-key")
            results.append((response.status_code, response.json()))
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(c,)) for c in clients]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [status for status, _ in results] == [202] * 4
    assert all(body == results[0][1] for _, body in results)
    assert len(results[0][1]["created"]) == 200
    assert Article.objects.filter(project=membership.project).count() == 200
    assert IdempotencyRecord.objects.count() == 1
