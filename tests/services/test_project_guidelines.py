"""Project guidelines: owners and editors write them (services.projects.project_update_guidelines)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from annotations.markdown import MAX_MARKDOWN_CHARS
from annotations.models import Project, Role
from annotations.selectors import guidelines_of
from annotations.services.projects import project_update_guidelines
from tests.factories import MembershipFactory, ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def project() -> Project:
    return ProjectFactory()


def member(project: Project, role: str):  # type: ignore[no-untyped-def]
    return MembershipFactory(project=project, role=role).user


@pytest.mark.parametrize("role", [Role.OWNER, Role.EDITOR])
def test_owners_and_editors_write_the_guidelines(project, role):
    project_update_guidelines(
        project=project, user=member(project, role), guidelines="# Rules\r\n\r\nCite two sources."
    )
    project.refresh_from_db()
    assert project.guidelines == "# Rules\n\nCite two sources."


def test_who_saved_them_and_when_is_kept(project):
    editor = UserFactory(username="ed", first_name="Edith")
    MembershipFactory(project=project, user=editor, role=Role.EDITOR)
    project_update_guidelines(project=project, user=editor, guidelines="Rules")
    assert guidelines_of(project=Project.objects.get(pk=project.pk)).updated_by == "Edith"


@pytest.mark.parametrize("role", [Role.REVIEWER, Role.VIEWER])
def test_reviewers_and_viewers_may_not_write_them(project, role):
    with pytest.raises(PermissionDenied):
        project_update_guidelines(project=project, user=member(project, role), guidelines="Mine now")


def test_an_owner_of_another_project_may_not_write_them(project):
    with pytest.raises(PermissionDenied):
        project_update_guidelines(project=project, user=member(ProjectFactory(), Role.OWNER), guidelines="x")


def test_the_same_text_again_changes_nothing(project):
    owner = member(project, Role.OWNER)
    project_update_guidelines(project=project, user=owner, guidelines="Rules")
    first = Project.objects.get(pk=project.pk).guidelines_updated_at
    project_update_guidelines(project=project, user=owner, guidelines="Rules\n")
    assert Project.objects.get(pk=project.pk).guidelines_updated_at == first


def test_huge_guidelines_are_refused_with_the_limit(project):
    with pytest.raises(ValidationError, match="at most 50,000 characters"):
        project_update_guidelines(
            project=project, user=member(project, Role.OWNER), guidelines="x" * (MAX_MARKDOWN_CHARS + 1)
        )


def test_binary_guidelines_are_refused(project):
    with pytest.raises(ValidationError, match="binary"):
        project_update_guidelines(
            project=project, user=member(project, Role.OWNER), guidelines="PK\x03\x04\x00\x00"
        )


def test_the_selector_renders_them_sanitised(project):
    project_update_guidelines(
        project=project, user=member(project, Role.OWNER), guidelines="**Bold** <script>alert(1)</script>"
    )
    assert guidelines_of(project=Project.objects.get(pk=project.pk)).html == "<p><strong>Bold</strong> </p>\n"
