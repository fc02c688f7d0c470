from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from annotations.models import Article, Membership, Project, Role
from tests.conftest import SEED
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_articles", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_imports_files_into_a_new_project_with_an_owner():
    owner = UserFactory(username="editor1")
    out, err = run(str(SEED), "--project", "syria", "--owner", "editor1")
    project = Project.objects.get(slug="syria")
    assert Membership.objects.get(project=project, user=owner).role == Role.OWNER
    article = Article.objects.get(project=project)
    assert article.body == SEED.read_text(encoding="utf-8")
    assert "imported 1 article" in out
    assert err == ""


def test_bad_rows_are_reported_with_line_numbers_and_good_rows_import(tmp_path):
    csv_path = tmp_path / "wire.csv"
    csv_path.write_text(
        "title,text,url\n"
        "Good one,Rebels said they took the city.,https://news.example/1\n"
        "No text,,https://news.example/2\n"
        "Bad url,Officials denied it.,javascript:alert(1)\n"
        "Good two,The ministry confirmed the figures.,\n",
        encoding="utf-8",
    )
    out, err = run(str(csv_path), "--project", "wire")
    assert sorted(Article.objects.filter(project__slug="wire").values_list("title", flat=True)) == [
        "Good one",
        "Good two",
    ]
    assert "wire.csv:3" in err
    assert "wire.csv:4" in err
    assert "imported 2 article" in out


def test_running_the_import_again_skips_what_is_there():
    run(str(SEED), "--project", "syria")
    out, _ = run(str(SEED), "--project", "syria")
    assert Article.objects.filter(project__slug="syria").count() == 1
    assert "already in the project" in out


def test_nothing_importable_is_an_error(tmp_path):
    junk = tmp_path / "junk.bin"
    junk.write_bytes(b"\x00\x01\x02")
    with pytest.raises(CommandError, match="nothing imported"):
        run(str(junk), "--project", "x")


def test_unknown_owner_is_refused():
    with pytest.raises(CommandError, match="no user named"):
        run(str(SEED), "--project", "x", "--owner", "nobody")
