"""Shared pieces of the API views: the caller's role in a project, and the per-view
querysets that keep schema generation away from the database."""

from __future__ import annotations

from functools import cached_property

from rest_framework import generics
from rest_framework.exceptions import PermissionDenied

from annotations import selectors
from annotations.models import Membership
from annotations.permissions import Action, can


def require_role(role: str | None, action: Action) -> None:
    """403 unless the role allows the action (the caller is already known to be a member,
    so this never reveals whether an object exists)."""
    if not can(role=role, action=action):
        raise PermissionDenied(f"Your role ({role}) may not {action.value} in this project.")


class ProjectScopedView(generics.GenericAPIView):
    """Views under /projects/{slug}/: the caller's membership, or 404 for outsiders."""

    @cached_property
    def membership(self) -> Membership:
        return selectors.membership_for_user(user=self.request.user, slug=self.kwargs["slug"])

    def require(self, action: Action) -> None:
        require_role(self.membership.role, action)

    @property
    def is_schema(self) -> bool:
        # drf-spectacular calls get_queryset() with a fake view while building the schema.
        return bool(getattr(self, "swagger_fake_view", False))
