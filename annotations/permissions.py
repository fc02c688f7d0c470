"""Who may do what in a project. The one place roles turn into permissions; views, the
API and services all ask here."""

from __future__ import annotations

from enum import StrEnum

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied

from annotations.models import Membership, Project, Role


class Action(StrEnum):
    VIEW = "view"  # read articles, claims, annotations; export
    IMPORT = "import"  # add articles
    ANNOTATE = "annotate"  # annotate claims, fix the extraction
    APPROVE = "approve"  # approve or resolve verdicts
    MANAGE = "manage"  # members, project settings


ALLOWED: dict[Action, frozenset[str]] = {
    Action.VIEW: frozenset(Role.values),
    Action.IMPORT: frozenset({Role.OWNER, Role.EDITOR, Role.REVIEWER}),
    Action.ANNOTATE: frozenset({Role.OWNER, Role.EDITOR, Role.REVIEWER}),
    Action.APPROVE: frozenset({Role.OWNER, Role.EDITOR}),
    Action.MANAGE: frozenset({Role.OWNER}),
}


def role_of(*, user: User | AnonymousUser, project: Project | int) -> str | None:
    if not user.is_authenticated:
        return None
    project_id = project if isinstance(project, int) else project.pk
    return (
        Membership.objects.filter(project_id=project_id, user_id=user.pk)
        .values_list("role", flat=True)
        .first()
    )


def can(*, role: str | None, action: Action) -> bool:
    return role is not None and role in ALLOWED[action]


def require(*, user: User | AnonymousUser, project: Project | int, action: Action) -> str:
    """The user's role, or PermissionDenied."""
    role = role_of(user=user, project=project)
    if not can(role=role, action=action):
        raise PermissionDenied(f"your role may not {action.value} in this project")
    assert role is not None
    return role
