from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.core.exceptions import ValidationError

from annotations.importers import ArticleRecord
from annotations.models import Article, SplitStatus
from annotations.services.articles import article_create, articles_import
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def record(text: str, **kw: object) -> ArticleRecord:
    return ArticleRecord(title=kw.pop("title", ""), text=text, location=kw.pop("location", "x"), **kw)  # type: ignore[arg-type]


def test_import_stores_the_body_verbatim_and_queues_it(django_capture_on_commit_callbacks):
    project = ProjectFactory()
    body = "  Rebels said Damascus fell.\r\n\r\nState media denied it.  \n"
    with django_capture_on_commit_callbacks() as callbacks:
        outcome = articles_import(
            project=project,
            records=[record(body, url="https://news.example/a", published=datetime(2024, 12, 8, tzinfo=UTC))],
        )
    article = Article.objects.get(pk=outcome.created[0])
    assert article.body == body
    assert article.title == "Rebels said Damascus fell."
    assert article.split_status == SplitStatus.PENDING
    assert len(callbacks) == 1  # one split task enqueued after commit


def test_import_reports_bad_records_and_keeps_the_good_ones():
    project = ProjectFactory()
    outcome = articles_import(
        project=project,
        records=[
            record("A good article.", location="f.csv:2"),
            record("   \n ", location="f.csv:3"),
            record("Another good one.", url="javascript:alert(1)", location="f.csv:4"),
            record("Has a\x00 NUL.", location="f.csv:5"),
            record("Third good one.", location="f.csv:6"),
        ],
    )
    assert len(outcome.created) == 2
    assert [loc for loc, _ in outcome.errors] == ["f.csv:3", "f.csv:4", "f.csv:5"]
    assert "empty" in outcome.errors[0][1]
    assert "http" in outcome.errors[1][1]
    assert Article.objects.filter(project=project).count() == 2


def test_import_twice_imports_nothing_the_second_time():
    project = ProjectFactory()
    records = [record("One story."), record("Two story."), record("One  story. ")]
    first = articles_import(project=project, records=records)
    second = articles_import(project=project, records=records)
    assert len(first.created) == 2
    assert len(first.duplicates) == 1
    assert second.created == []
    assert len(second.duplicates) == 3
    assert Article.objects.filter(project=project).count() == 2


def test_oversized_article_is_refused_with_its_size(settings):
    settings.CLAIMDESK_MAX_ARTICLE_CHARS = 1000
    outcome = articles_import(project=ProjectFactory(), records=[record("x" * 1001)])
    assert outcome.created == []
    assert "1,001" in outcome.errors[0][1]


def test_article_create_refuses_a_duplicate_with_a_clear_message():
    project = ProjectFactory()
    article_create(project=project, title="T", body="Assad fled, rebels said.")
    with pytest.raises(ValidationError, match="already has an article"):
        article_create(project=project, title="T2", body="Assad fled,  rebels said.")


def test_a_viewer_cannot_import():
    from django.core.exceptions import PermissionDenied

    from annotations.models import Role
    from tests.factories import MembershipFactory

    viewer = MembershipFactory(role=Role.VIEWER)
    with pytest.raises(PermissionDenied):
        articles_import(project=viewer.project, records=[record("Some text.")], created_by=viewer.user)
    assert not Article.objects.filter(project=viewer.project).exists()


# --- import_run: the one import use case behind every door ---------------------------------


def test_an_upload_over_the_configured_size_is_refused_by_name(settings):
    from annotations.services.articles import ImportRequest, UploadedFile, import_run

    settings.CLAIMDESK_MAX_UPLOAD_BYTES = 1024 * 1024
    data = b"Police said the road was closed. " * 40_000  # 1.3 MB
    outcome = import_run(
        project=ProjectFactory(),
        user=None,
        request=ImportRequest(files=[UploadedFile(name="big.txt", size=len(data), read=lambda: data)]),
    )
    assert outcome.errors == [("big.txt", "larger than 1 MB")]


def test_an_uploaded_article_over_the_article_cap_is_refused_while_parsing(settings):
    from annotations.services.articles import ImportRequest, UploadedFile, import_run

    settings.CLAIMDESK_MAX_ARTICLE_CHARS = 100
    data = ("Police said the road was closed. " * 5).encode()
    outcome = import_run(
        project=ProjectFactory(),
        user=None,
        request=ImportRequest(files=[UploadedFile(name="long.txt", size=len(data), read=lambda: data)]),
    )
    assert [location for location, _ in outcome.errors] == ["long.txt"]


def test_good_files_import_beside_a_bad_one():
    from annotations.services.articles import ImportRequest, UploadedFile, import_run

    good, bad = b"Police said the road was closed.", b"\x00\x01\x02"
    outcome = import_run(
        project=ProjectFactory(),
        user=None,
        request=ImportRequest(
            files=[
                UploadedFile(name="good.txt", size=len(good), read=lambda: good),
                UploadedFile(name="bad.txt", size=len(bad), read=lambda: bad),
            ],
            outlet_default="Wire",
        ),
    )
    assert Article.objects.get(pk=outcome.created[0]).outlet == "Wire"


def test_a_url_that_cannot_be_fetched_is_an_error_not_an_exception():
    from annotations.services.articles import ImportRequest, import_run

    outcome = import_run(
        project=ProjectFactory(), user=None, request=ImportRequest(url="http://127.0.0.1:9/admin/")
    )
    assert [location for location, _ in outcome.errors] == ["http://127.0.0.1:9/admin/"]


def test_a_member_who_may_not_import_is_refused():
    from annotations.permissions import PermissionDenied
    from annotations.services.articles import ImportRequest, import_run
    from tests.factories import MembershipFactory

    viewer = MembershipFactory(role="viewer")
    with pytest.raises(PermissionDenied):
        import_run(
            project=viewer.project, user=viewer.user, request=ImportRequest(records=[record("A said B.")])
        )
