"""Hostile uploads to the import page: refused with a clear reason, nothing half-written."""

from __future__ import annotations

import gzip
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from annotations.models import Article, Role
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def upload(client):
    membership = MembershipFactory(role=Role.REVIEWER)
    client.force_login(membership.user)
    url = reverse("annotations:project-import", args=[membership.project.slug])

    def send(*files: SimpleUploadedFile):  # type: ignore[no-untyped-def]
        response = client.post(url, {"mode": "upload", "upload-documents": list(files)})
        return response, Article.objects.filter(project=membership.project)

    return send


def zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("a.txt", b"0" * 50_000_000)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("bomb.zip", zip_bomb(), "unsupported file type"),
        ("bomb.txt", gzip.compress(b"0" * 10_000_000), "UTF-8"),
        ("latin1.txt", "Le président a démissionné.".encode("latin-1"), "UTF-8"),
        ("binary.csv", bytes(range(256)) * 10, "UTF-8"),
        ("empty.txt", b"", "empty"),
        ("../../../../etc/cron.d/evil.txt", b"\x00\x00", "UTF-8"),
        ("no_text.jsonl", b'{"title": "x"}\n{"text": ' + b'"' + b"a" * 10 + b"\n", "line"),
    ],
)
def test_hostile_files_are_refused_with_a_reason(upload, name, data, reason):
    response, articles = upload(SimpleUploadedFile(name, data))
    assert response.status_code == 422
    assert reason.lower() in response.content.decode().lower()
    assert not articles.exists()


def test_an_oversized_upload_is_refused_without_being_parsed(upload):
    big = SimpleUploadedFile("huge.txt", b"word " * (21 * 1024 * 1024 // 5 + 1))
    response, articles = upload(big)
    assert response.status_code == 422
    assert b"larger than 20 MB" in response.content
    assert not articles.exists()


def test_good_files_import_beside_bad_ones(upload):
    response, articles = upload(
        SimpleUploadedFile("ok.md", b"# Ceasefire holds\n\nBoth sides said the ceasefire held overnight.\n"),
        SimpleUploadedFile("bad.txt", b"\xff\xfe\x00bad"),
    )
    assert response.status_code == 200
    assert list(articles.values_list("title", flat=True)) == ["Ceasefire holds"]
    assert "bad.txt" in response.content.decode()
