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


@register.filter
def duration(seconds: float | None) -> str:
    """``{{ row.median_seconds|duration }}``: "45 min", "3 h 20 min", "2 d 4 h"; "—" for none."""
    if seconds is None:
        return "—"
    minutes = round(seconds / 60)
    if minutes < 60:
        return f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    if hours < 24:
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    days, hours = divmod(hours, 24)
    return f"{days} d {hours} h" if hours else f"{days} d"
