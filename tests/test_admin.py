"""The Django admin adds and re-splits articles through the same services as every other door."""

from __future__ import annotations

import pytest
from django.urls import reverse

from annotations.models import Article, SplitStatus
from tests.factories import ArticleFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def _add(admin_client, project, body: str):
    return admin_client.post(
        reverse("admin:annotations_article_add"),
        {
            "project": project.pk,
            "title": "T",
            "body": body,
            "url": "",
            "outlet": "",
            "author": "",
            "language": "",
        },
    )


def test_an_article_added_in_the_admin_is_stored_pending_and_credited(admin_client, admin_user):
    project = ProjectFactory()
    response = _add(admin_client, project, "Police said the road was closed.")
    assert response.status_code == 302, response.content[:500]
    assert Article.objects.get(project=project).created_by == admin_user


def test_an_article_added_in_the_admin_gets_its_content_hash(admin_client):
    project = ProjectFactory()
    _add(admin_client, project, "Police said the road was closed.")
    assert Article.objects.get(project=project).content_hash


def test_text_the_project_has_is_a_form_error_in_the_admin(admin_client):
    project = ProjectFactory()
    _add(admin_client, project, "Police said the road was closed.")
    response = _add(admin_client, project, "Police said the road was closed.")
    assert (response.status_code, Article.objects.filter(project=project).count()) == (200, 1)


def test_the_duplicate_error_names_the_reason(admin_client):
    project = ProjectFactory()
    _add(admin_client, project, "Police said the road was closed.")
    response = _add(admin_client, project, "Police said the road was closed.")
    assert "already has an article with the same text" in response.content.decode()


def test_the_admin_resplit_marks_articles_pending_again(admin_client):
    article = ArticleFactory(split_status=SplitStatus.FAILED, split_error="boom", split_attempts=5)
    admin_client.post(
        reverse("admin:annotations_article_changelist"),
        {"action": "resplit", "_selected_action": [article.pk]},
    )
    article.refresh_from_db()
    assert (article.split_status, article.split_error, article.split_attempts) == (SplitStatus.PENDING, "", 0)
