from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command

from annotations.models import Article, Project
from tests.conftest import SEED

pytestmark = pytest.mark.django_db(transaction=True)


def run(tmp_path: Path) -> str:
    out = io.StringIO()
    call_command("load_demo", "--credentials-file", str(tmp_path / "login.txt"), stdout=out)
    return out.getvalue()


def test_the_demo_project_gets_the_sample_article_read_from_the_shared_folder(tmp_path, settings):
    settings.SEED_ARTICLE = SEED
    run(tmp_path)
    assert Article.objects.get(project__slug="demo").body == SEED.read_text(encoding="utf-8")


def test_without_the_shared_folder_the_demo_project_is_made_empty(tmp_path, settings):
    settings.SEED_ARTICLE = tmp_path / "missing.txt"
    out = run(tmp_path)
    assert Project.objects.filter(slug="demo", articles__isnull=True).exists()
    assert "no sample article at" in out
