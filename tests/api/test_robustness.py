"""What a client generated from the schema, or a hostile one, sends: large and deep bodies,
odd methods and parameters. Every answer is a documented JSON one, never an HTML page or a 500."""

from __future__ import annotations

import json
import random
from typing import Any

import pytest
from django.conf import settings
from rest_framework.test import APIClient

from annotations.api.parsers import MAX_DEPTH
from annotations.models import Article, Claim, ExportFormat, ExportJob
from annotations.services.exports import export_job_create, export_job_run
from tests.api.conftest import Desk

pytestmark = pytest.mark.django_db

BULK = "/api/v1/projects/desk/articles/bulk/"
ARTICLES = "/api/v1/projects/desk/articles/"
ARABIC_WORDS = [
    "قال",
    "المتحدث",
    "باسم",
    "الحكومة",
    "إن",
    "الجسر",
    "أعيد",
    "فتحه",
    "يوم",
    "الثلاثاء",
    "بعد",
    "أسبوع",
    "من",
    "الإغلاق",
    "وأكد",
    "الوزير",
    "أن",
    "الأسعار",
    "ارتفعت",
    "بشكل",
    "حاد",
    "في",
    "الأسواق",
    "المحلية",
    "بينما",
    "نفت",
    "المعارضة",
    "هذه",
    "الأرقام",
]


def arabic_text(chars: int, seed: int) -> str:
    """Arabic prose of exactly `chars` characters (words, spaces, full stops)."""
    rng = random.Random(seed)
    parts: list[str] = []
    size = 0
    while size < chars:
        sentence = " ".join(rng.choice(ARABIC_WORDS) for _ in range(rng.randint(6, 14))) + ". "
        parts.append(sentence)
        size += len(sentence)
    return "".join(parts)[:chars]


def post_raw(client: APIClient, path: str, body: bytes | str, method: str = "post") -> Any:
    return getattr(client, method)(path, body, content_type="application/json")


# --- body size: what the docs promise is accepted, more is a JSON 413


def test_bulk_of_5000_articles_is_accepted_though_far_over_djangos_form_limit(desk: Desk):
    articles = [
        {
            "title": f"Wire story {i}",
            "body": f"Officials said shipment {i} arrived on time. " + "Critics disputed the figures. " * 30,
            "outlet": "Wire",
            "url": f"https://news.example/{i}",
        }
        for i in range(5000)
    ]
    body = json.dumps({"articles": articles})
    assert len(body) > 5_000_000 > settings.DATA_UPLOAD_MAX_MEMORY_SIZE  # refused with an HTML 400 before
    response = post_raw(desk.client("editor"), BULK, body)
    assert response.status_code == 202, response.content[:300]
    assert len(response.json()["created"]) == 5000
    assert Article.objects.filter(project=desk.project).count() == 5001


def test_a_624k_character_arabic_article_written_by_json_dumps_is_accepted(desk: Desk):
    text = arabic_text(624_000, seed=1)
    body = json.dumps({"title": "تقرير طويل", "body": text})  # ensure_ascii: \\uXXXX, 6 bytes a letter
    assert len(body) > 3_000_000
    response = post_raw(desk.client("owner"), ARTICLES, body)
    assert response.status_code == 201, response.content[:300]
    assert Article.objects.get(pk=response.json()["id"]).body == text


def test_the_longest_article_with_the_costliest_escapes_fits(desk: Desk):
    # Every field at its limit, every character outside the BMP: json.dumps writes each as a
    # 12-byte surrogate pair. This is the body size the limit is derived from.
    emoji = "\U0001f600"
    article = {
        "title": emoji * 500,
        "body": emoji * settings.CLAIMDESK_MAX_ARTICLE_CHARS,
        "url": "https://news.example/" + emoji * (2000 - len("https://news.example/")),
        "outlet": emoji * 200,
        "author": emoji * 300,
        "language": emoji * 16,
        "published_at": "2026-11-24T07:45:00.123456+00:00",
    }
    body = json.dumps(article, indent=2)
    assert len(body) > 12_000_000
    assert len(body) <= settings.CLAIMDESK_API_ARTICLE_MAX_JSON_BYTES <= settings.CLAIMDESK_API_MAX_BODY_BYTES
    response = post_raw(desk.client("owner"), ARTICLES, body)
    assert response.status_code == 201, response.content[:300]
    assert len(Article.objects.get(pk=response.json()["id"]).body) == settings.CLAIMDESK_MAX_ARTICLE_CHARS


def test_a_body_over_the_limit_is_a_json_413(desk: Desk):
    limit = settings.CLAIMDESK_API_MAX_BODY_BYTES
    prefix, suffix = b'{"articles": [{"body": "', b'"}]}'
    body = prefix + b"a" * (limit + 1 - len(prefix) - len(suffix)) + suffix
    response = post_raw(desk.client("owner"), BULK, body)
    assert response.status_code == 413
    assert response["Content-Type"] == "application/json"
    assert f"{limit:,}" in response.json()["detail"]
    # One byte less is read and parsed (and refused for what it says, not for its size).
    fits = prefix + b"a" * (limit - len(prefix) - len(suffix)) + suffix
    assert post_raw(desk.client("owner"), BULK, fits).status_code == 400


def test_a_body_without_content_length_is_cut_at_the_limit(settings):
    import io

    from annotations.api.exceptions import PayloadTooLarge
    from annotations.api.parsers import LimitedJSONParser

    settings.CLAIMDESK_API_MAX_BODY_BYTES = 1000

    class Chunked:  # what a WSGI server hands over for a chunked upload: no CONTENT_LENGTH
        META: dict[str, str] = {}

    parser = LimitedJSONParser()
    with pytest.raises(PayloadTooLarge):
        parser.parse(io.BytesIO(b'["' + b"x" * 2000 + b'"]'), parser_context={"request": Chunked()})
    assert parser.parse(io.BytesIO(b'["x"]'), parser_context={"request": Chunked()}) == ["x"]


# --- nesting


@pytest.mark.parametrize("depth", [100_000, MAX_DEPTH + 1])
@pytest.mark.parametrize("target", ["article", "merge", "annotation"])
def test_deeply_nested_json_is_a_clear_400(desk: Desk, depth, target):
    paths = {
        "article": ("post", ARTICLES),
        "merge": ("post", "/api/v1/claims/merge/"),
        "annotation": ("put", f"/api/v1/claims/{desk.claim.pk}/annotation/"),
    }
    method, path = paths[target]
    client = desk.client("owner")
    client.raise_request_exception = False
    response = post_raw(client, path, "[" * depth + "]" * depth, method=method)
    assert response.status_code == 400, response.content[:200]
    assert response.json() == {"detail": f"JSON parse error - nested more than {MAX_DEPTH} levels deep."}
    # Nested inside a real body too.
    nested = '{"claims": ' + '{"a": ' * depth + "1" + "}" * depth + "}"
    response = post_raw(client, path, nested, method=method)
    assert response.status_code == 400
    assert "nested" in response.json()["detail"]


def test_ordinary_nesting_still_works(desk: Desk):
    response = desk.client("owner").put(
        f"/api/v1/claims/{desk.claim.pk}/annotation/",
        {"verdict": "true", "evidence": [{"url": "https://news.example/a", "title": "A"}]},
        format="json",
    )
    assert response.status_code == 200, response.content


# --- methods and path parameters that used to 500


def _real_paths(desk: Desk) -> list[str]:
    from django.urls import reverse

    claim, article = desk.claim.pk, desk.article.pk
    source = desk.project.sources.first().pk  # type: ignore[union-attr]
    job = export_job_create(project=desk.project, user=desk.users["owner"], format="csv", filters={})  # type: ignore[arg-type]
    names = {
        "tokens": {},
        "projects": {},
        "project": {"slug": "desk"},
        "project-split-status": {"slug": "desk"},
        "members": {"slug": "desk"},
        "member": {"slug": "desk", "username": "viewer"},
        "articles": {"slug": "desk"},
        "articles-bulk": {"slug": "desk"},
        "claims": {"slug": "desk"},
        "sources": {"slug": "desk"},
        "exports": {"slug": "desk"},
        "export": {"slug": "desk", "job_id": job.pk},
        "export-download": {"slug": "desk", "job_id": job.pk},
        "article": {"article_id": article},
        "article-status": {"article_id": article},
        "article-resplit": {"article_id": article},
        "article-claims": {"article_id": article},
        "claims-merge": {},
        "claim": {"claim_id": claim},
        "claim-split": {"claim_id": claim},
        "claim-approve": {"claim_id": claim},
        "claim-annotations": {"claim_id": claim},
        "my-annotation": {"claim_id": claim},
        "source": {"source_id": source},
    }
    return [reverse(f"api:{name}", kwargs=kwargs) for name, kwargs in names.items()]


def test_options_answers_every_endpoint_without_a_500(desk: Desk):
    client = desk.client("owner")
    client.raise_request_exception = False
    for path in _real_paths(desk):
        response = client.options(path)
        assert response.status_code == 200, (path, response.status_code, response.content[:200])
        assert response.json()["renders"] == ["application/json"]
        assert "Allow" in response
    assert APIClient().options(f"/api/v1/claims/{desk.claim.pk}/annotation/").status_code == 401


@pytest.mark.parametrize("username", ["a\x00b", "\x00", "a/b", "x" * 151, "a b", "%00"])
def test_a_username_no_account_can_have_is_404(desk: Desk, username):
    from urllib.parse import quote

    client = desk.client("owner")
    client.raise_request_exception = False
    path = f"/api/v1/projects/desk/members/{quote(username, safe='')}/"
    assert client.get(path).status_code == 404
    assert client.patch(path, {"role": "viewer"}, format="json").status_code == 404


# --- parameters and partial updates


def test_patch_claim_with_nothing_changes_nothing(desk: Desk):
    before = Claim.objects.get(pk=desk.claim.pk)
    api = desk.client("reviewer")
    response = api.patch(f"/api/v1/claims/{desk.claim.pk}/", {}, format="json")
    assert response.status_code == 200, response.content
    after = Claim.objects.get(pk=desk.claim.pk)
    assert response.json()["text"] == after.text == before.text
    assert after.origin == before.origin
    assert api.patch(f"/api/v1/claims/{desk.claim.pk}/", {"text": ""}, format="json").status_code == 400
    edited = api.patch(f"/api/v1/claims/{desk.claim.pk}/", {"text": "The bridge reopened."}, format="json")
    assert edited.status_code == 200
    assert edited.json()["text"] == "The bridge reopened."
    # The viewer still may not, even with nothing to change.
    assert (
        desk.client("viewer").patch(f"/api/v1/claims/{desk.claim.pk}/", {}, format="json").status_code == 403
    )


@pytest.mark.parametrize("payload", [{"articles": []}, [], {"articles": [{"body": "x"}] * 5001}])
def test_bulk_refuses_an_empty_or_oversized_list_clearly(desk: Desk, payload):
    response = desk.client("owner").post(BULK, payload, format="json")
    assert response.status_code == 400
    text = json.dumps(response.json())
    if isinstance(payload, dict):
        assert "Send between 1 and 5,000 articles in one call." in text
    assert Article.objects.filter(project=desk.project).count() == 1


@pytest.mark.parametrize("value", ["null", "abc", "0", "-5", "2.5", "", "1e3", "\u0661"])
def test_a_bad_page_size_is_a_400_naming_it(desk: Desk, value):
    for path in ["/api/v1/projects/desk/claims/", "/api/v1/projects/desk/articles/", "/api/v1/tokens/"]:
        response = desk.client("viewer").get(path, {"page_size": value})
        assert response.status_code == 400, (path, value, response.content)
        assert "page_size" in response.json()
        assert "whole number" in response.json()["page_size"][0]


def test_page_size_within_and_above_the_cap(desk: Desk):
    api = desk.client("viewer")
    assert len(api.get("/api/v1/projects/desk/claims/", {"page_size": "1"}).json()["results"]) == 1
    assert api.get("/api/v1/projects/desk/claims/", {"page_size": "007"}).status_code == 200
    assert api.get("/api/v1/projects/desk/claims/", {"page_size": "9" * 5000}).status_code == 200


@pytest.mark.parametrize("value", ["1.5", "1e0", "abc", "0", str(2**63)])
def test_id_filters_take_whole_numbers_only(desk: Desk, value):
    for name in ("article", "source"):
        response = desk.client("viewer").get("/api/v1/projects/desk/claims/", {name: value})
        assert response.status_code == 400, (name, value)
    found = desk.client("viewer").get("/api/v1/projects/desk/claims/", {"article": str(desk.article.pk)})
    assert [c["id"] for c in found.json()["results"]] == [desk.claim.pk]


# --- the schema says what is served


def _schema(client: APIClient) -> dict[str, Any]:
    response = client.get("/api/v1/schema/", {"format": "json"})
    return json.loads(response.content)


def test_schema_types_ids_lists_and_auth_as_served(desk: Desk):
    schema = _schema(desk.client("viewer"))
    params = {
        p["name"]: p["schema"]
        for p in schema["paths"]["/api/v1/projects/{slug}/claims/"]["get"]["parameters"]
    }
    assert params["article"]["type"] == params["source"]["type"] == "integer"
    assert params["page_size"] == {"type": "integer", "minimum": 1}
    bulk = schema["components"]["schemas"]["ArticleBulkInputRequest"]["properties"]["articles"]
    assert (bulk["minItems"], bulk["maxItems"]) == (1, 5000)
    patch = schema["paths"]["/api/v1/claims/{claim_id}/"]["patch"]["requestBody"]["content"][
        "application/json"
    ]
    assert patch["schema"]["$ref"].endswith("/PatchedClaimEditInputRequest")
    assert "required" not in schema["components"]["schemas"]["PatchedClaimEditInputRequest"]
    tokens = schema["paths"]["/api/v1/tokens/"]
    assert {"basicAuth": []} not in tokens["get"]["security"]
    assert {"basicAuth": []} in tokens["post"]["security"]


@pytest.mark.parametrize("fmt", [f.value for f in ExportFormat])
def test_download_is_served_as_the_schema_declares(desk: Desk, fmt):
    download = _schema(desk.client("viewer"))["paths"]["/api/v1/projects/{slug}/exports/{job_id}/download/"]
    declared = download["get"]["responses"]["200"]["content"]
    assert all(media["schema"] == {"type": "string", "format": "binary"} for media in declared.values())
    assert next(iter(declared)) == "application/octet-stream"  # generated clients read it as bytes
    desk.project.publisher_name, desk.project.publisher_url = "Desk", "https://desk.example/checks"
    desk.project.save()
    job = export_job_create(
        project=desk.project, user=desk.users["viewer"], format=fmt, filters={"status": ""}
    )  # type: ignore[arg-type]
    export_job_run(job_id=job.pk)
    done = ExportJob.objects.get(pk=job.pk)
    assert done.status == "done", done.error
    url = f"/api/v1/projects/desk/exports/{job.pk}/download/"
    api = desk.client("viewer")
    for accept, expected in [
        (None, None),
        ("*/*", None),
        ("application/json", None),
        ("text/csv", None),
        ("application/octet-stream", "application/octet-stream"),
    ]:
        headers = {"HTTP_ACCEPT": accept} if accept else {}
        response = api.get(url, **headers)
        assert response.status_code == 200, (accept, response.content[:200])
        content_type = response["Content-Type"].split(";")[0]
        assert content_type in declared
        if expected:
            assert content_type == expected
        else:
            assert content_type not in ("application/octet-stream",)
        assert b"".join(response.streaming_content)
        assert "attachment" in response["Content-Disposition"]
