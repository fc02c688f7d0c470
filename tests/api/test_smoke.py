from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.django_db


def test_schema_is_openapi_3_with_the_bearer_scheme(client):
    schema = client.get("/api/v1/schema/?format=json").json()
    assert schema["openapi"].startswith("3.")
    assert schema["components"]["securitySchemes"]["tokenAuth"] == {
        "type": "http",
        "scheme": "bearer",
        "description": "A personal API token (cd_...).",
    }
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            assert "401" in operation["responses"], f"{method} {path}"
            if "{" in path:
                assert "404" in operation["responses"], f"{method} {path}"


def test_docs_page_needs_no_inline_script_or_style(client):
    page = client.get("/api/v1/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "<style" not in html
    assert " style=" not in html
    assert all(re.search(r'src="[^"]+"', tag) for tag in re.findall(r"<script[^>]*>", html))
    script = client.get("/api/v1/docs/?script=")
    assert script["Content-Type"] == "application/javascript"
    assert b"/api/v1/schema/" in script.content


def test_unknown_api_paths_answer_json_404(client):
    response = client.post("/api/v1/articles/not-a-number/claims/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_missing_slash_redirects_reads_only(client):
    response = client.get("/api/v1/docs?x=1")
    assert response.status_code == 301
    assert response["Location"] == "/api/v1/docs/?x=1"
    assert client.get("/api/v1/nothing-here").status_code == 404
    assert client.post("/api/v1/projects").status_code == 404
