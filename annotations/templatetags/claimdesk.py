"""Template filters for the desk's pages."""

from __future__ import annotations

from typing import Any

from django import template

from annotations.models import Project
from annotations.services.accounts import display_name as _display_name

register = template.Library()


@register.filter
def display_name(user: Any) -> str:
    """``{{ annotation.reviewer|display_name }}``: the person's display name, else username."""
    return _display_name(user)


@register.filter
def verdict_label(value: object, project: Project) -> str:
    """The project's label for a verdict key: ``{{ claim.final_verdict|verdict_label:project }}``
    shows "Mostly true" (or whatever the project's rating scale calls it), never "mostly_true".
    A key the scale no longer has shows as itself; an empty verdict as ""."""
    return project.scale.label(str(value)) if value else ""
