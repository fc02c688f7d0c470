from __future__ import annotations

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.text import slugify

from annotations.models import Membership, Project, Role


@transaction.atomic
def project_create(*, name: str, owner: User, slug: str = "", description: str = "") -> Project:
    project = Project.objects.create(name=name, slug=slug or slugify(name)[:100], description=description)
    Membership.objects.create(project=project, user=owner, role=Role.OWNER)
    return project


@transaction.atomic
def project_get_or_create(*, slug: str, owner: User | None = None, name: str = "") -> tuple[Project, bool]:
    project, created = Project.objects.get_or_create(
        slug=slug, defaults={"name": name or slug.replace("-", " ").title()}
    )
    if owner is not None and created:
        Membership.objects.get_or_create(project=project, user=owner, defaults={"role": Role.OWNER})
    return project, created


def membership_set(*, project: Project, user: User, role: Role | str) -> Membership:
    membership, _ = Membership.objects.update_or_create(
        project=project, user=user, defaults={"role": Role(role)}
    )
    return membership
